import crypto from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  OAuthMetadataSchema,
  OAuthProtectedResourceMetadataSchema,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import { callTool, MCP_PATH, startMcpPlayground, upcomingEvents, userIdOf } from '../support/mcp';
import {
  answerConsent,
  mcpTransport,
  MemoryOAuthProvider,
  REDIRECT_URI,
  signInWithOAuth,
} from '../support/mcp-oauth';
import { startHttpsDocuments } from '../support/https-documents';
import { registerMember } from '../support/members';
import type { Pipeline } from '../support/pipeline';
import { freePort, type Playground } from '../support/playground';

/**
 * Members sign their own assistant in the way MCP clients expect (authorization spec 2025-06-18):
 * the SDK's own OAuth client discovers the authorization server from the 401, registers itself,
 * sends the member to the consent page, exchanges the code with PKCE and refreshes — and every
 * grant is a users-permissions session the member sees and can end.
 */

const [ada, ben, chloe] = DEMO_USERS;
const OTHER_RESOURCE = 'https://other.example/api/whatsapp-agent/mcp';
let playground: Playground;
let baseUrl: string;
const request = () => playground.request();
const strapi = () => playground.strapi;
const clients: Client[] = [];
const grants = () => strapi().db.query('plugin::whatsapp-agent.oauth-grant');

const member = (user: { email: string }) => ({ identifier: user.email, password: DEMO_PASSWORD });

const signIn = async (
  who: { identifier: string; password: string },
  name?: string,
  authMethod?: ConstructorParameters<typeof MemoryOAuthProvider>[1]
) => {
  const provider = new MemoryOAuthProvider(name, authMethod);
  const { client, consent } = await signInWithOAuth(baseUrl, provider, who);
  clients.push(client);
  return { provider, client, consent };
};

/** A bare MCP request, to see the HTTP answer itself. */
const initialize = (accessToken?: string) =>
  request()
    .post(MCP_PATH)
    .set({
      Accept: 'application/json, text/event-stream',
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    })
    .send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    });

const tokenRequest = (params: Record<string, string>) =>
  request().post('/api/whatsapp-agent/oauth/token').type('form').send(params);

const register = (metadata: Record<string, unknown>) =>
  request().post('/api/whatsapp-agent/oauth/register').send(metadata);

/** PKCE as a client makes it (RFC 7636 S256). */
const pkce = () => {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
};

const authorizeUrl = (params: Record<string, string>) => {
  const url = new URL(`${baseUrl}/api/whatsapp-agent/oauth/authorize`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
};

/** The consent page (or its refusal, or a redirect) for a client's authorization request, as the member's browser opens it. */
const consentPageOf = async (clientId: string, extra: Record<string, string> = {}) => {
  const { challenge } = pkce();
  const page = await fetch(
    authorizeUrl({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }),
    { redirect: 'manual' }
  );
  return { status: page.status, html: await page.text(), location: page.headers.get('location') };
};

const loginJwt = async (email: string, password = DEMO_PASSWORD) => {
  const response = await request().post('/api/auth/local').send({ identifier: email, password });
  expect(response.status).toBe(200);
  return response.body.jwt as string;
};

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  playground = await startMcpPlayground({
    port,
    env: {
      // The URL clients reach: the protected resource and the issuer are derived from it.
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      // The clients' metadata documents are served from this machine in these tests.
      WHATSAPP_AGENT_MCP_METADATA_DOCUMENTS_FROM_LOOPBACK: 'on',
    },
  });
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await playground?.stop();
});

it('a 401 names the protected-resource metadata, which names this server as authorization server', async () => {
  const refused = await initialize();
  expect(refused.status).toBe(401);
  const madeUp = await initialize(`wamcpa_${'x'.repeat(43)}`);
  expect(madeUp.status).toBe(401);
  expect(madeUp.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(refused.headers['www-authenticate'])?.[1];
  expect(metadataUrl).toBe(`${baseUrl}/.well-known/oauth-protected-resource${MCP_PATH}`);

  const resource = await fetch(metadataUrl as string);
  expect(resource.status).toBe(200);
  expect(resource.headers.get('access-control-allow-origin')).toBe('*');
  const resourceMetadata = OAuthProtectedResourceMetadataSchema.parse(await resource.json());
  expect(resourceMetadata).toMatchObject({
    resource: `${baseUrl}${MCP_PATH}`,
    authorization_servers: [baseUrl],
    scopes_supported: ['mcp'],
  });

  const server = await fetch(`${baseUrl}/.well-known/oauth-authorization-server`);
  expect(server.status).toBe(200);
  expect(OAuthMetadataSchema.parse(await server.json())).toMatchObject({
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/api/whatsapp-agent/oauth/authorize`,
    token_endpoint: `${baseUrl}/api/whatsapp-agent/oauth/token`,
    registration_endpoint: `${baseUrl}/api/whatsapp-agent/oauth/register`,
    code_challenge_methods_supported: ['S256'],
    client_id_metadata_document_supported: true,
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
  });
});

describe("Ada's assistant, signed in with OAuth", () => {
  let provider: MemoryOAuthProvider;
  let client: Client;
  let adaId: number;

  beforeAll(async () => {
    ({ provider, client } = await signIn(member(ada)));
    adaId = await userIdOf(playground, ada.email);
  });

  it('registered itself, got a code through the consent page and tokens bound to this endpoint, kept only as hashes', async () => {
    expect(provider.client?.client_id).toMatch(/^wamcpc_/);
    expect(provider.saved).toMatchObject({
      access_token: expect.stringMatching(/^wamcpa_[A-Za-z0-9_-]{43}$/),
      refresh_token: expect.stringMatching(/^wamcpr_[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'mcp',
    });
    const [row] = await grants().findMany({ where: { user: { id: adaId } } });
    expect(row).toMatchObject({
      clientName: 'Claude (test)',
      resource: `${baseUrl}${MCP_PATH}`,
      codeHash: null,
    });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(provider.saved?.access_token);
    expect(stored).not.toContain(provider.saved?.refresh_token);
  });

  it('lists the tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['search_members', 'rsvp_event']));
  });

  it('a search returns only her communities, never herself, no private field', async () => {
    const result = await callTool(client, 'search_members', { query: 'climate', limit: 20 });
    expect(result.isError).toBe(false);
    const rows = result.members as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    const me = await strapi().plugin('whatsapp-agent').service('identity').asker(adaId);
    const scoped = await strapi()
      .db.query('api::member.member')
      .findMany({
        where: { documentId: { $in: rows.map((row) => row.documentId) } },
        populate: ['community'],
      });
    expect(scoped).toHaveLength(rows.length);
    for (const record of scoped)
      expect(me.communityKeys).toContain(record.community?.documentId ?? 'default');
    for (const row of rows) {
      expect(me.memberDocumentIds).not.toContain(row.documentId);
      expect(row).not.toHaveProperty('email');
      expect(row).not.toHaveProperty('phone');
    }
  });

  it('an action needs her confirmation and writes once, with her own rights', async () => {
    const [event] = await upcomingEvents(playground, ada.community);
    const attendances = () =>
      strapi()
        .db.query('api::attendance.attendance')
        .count({ where: { user: { id: adaId }, event: { documentId: event.documentId } } });
    const before = await attendances();
    const args = { documentId: event.documentId, status: 'going' };

    const proposed = await callTool(client, 'rsvp_event', args);
    expect(proposed).toMatchObject({
      status: 'waiting_for_confirmation',
      question: expect.stringContaining(event.title),
    });
    expect(await attendances()).toBe(before);
    const confirmationToken = String(proposed.confirmationToken);
    expect(await callTool(client, 'rsvp_event', { ...args, confirmationToken })).toMatchObject({
      status: 'done',
      isError: false,
    });
    expect(await attendances()).toBe(before + 1);
    expect(await callTool(client, 'rsvp_event', { ...args, confirmationToken })).toMatchObject({
      isError: true,
    });
    expect(await attendances()).toBe(before + 1);
  });

  it('refreshing rotates both tokens: the old access token is refused, the new one works', async () => {
    const old = provider.saved;
    expect(await auth(provider, { serverUrl: new URL(`${baseUrl}${MCP_PATH}`) })).toBe('AUTHORIZED');
    const rotated = provider.saved;
    expect(rotated?.refresh_token).toMatch(/^wamcpr_/);
    expect(rotated?.refresh_token).not.toBe(old?.refresh_token);
    expect(rotated?.access_token).not.toBe(old?.access_token);
    expect((await initialize(old?.access_token)).status).toBe(401);
    expect((await initialize(rotated?.access_token)).status).toBe(200);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  });

  it('an expired access token is refused; the client refreshes by itself and goes on', async () => {
    const expired = provider.saved?.access_token;
    const [row] = await grants().findMany({ where: { user: { id: adaId } } });
    await grants().update({ where: { id: row.id }, data: { accessExpiresAt: new Date(0) } });
    expect((await initialize(expired)).status).toBe(401);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(provider.saved?.access_token).toMatch(/^wamcpa_/);
    expect(provider.saved?.access_token).not.toBe(expired);
  });

  it('revoking its session from her session list ends access at once, refresh included', async () => {
    const jwt = await loginJwt(ada.email);
    const sessions = await request().get('/api/auth/sessions').set('Authorization', `Bearer ${jwt}`);
    const session = (sessions.body.data as Array<{ id: string; deviceName?: string }>).find(
      (candidate) => candidate.deviceName === 'AI assistant "Claude (test)"'
    );
    expect(session).toBeDefined();
    const revoke = await request()
      .delete(`/api/auth/sessions/${session?.id}`)
      .set('Authorization', `Bearer ${jwt}`);
    expect(revoke.status).toBeLessThan(300);

    const { access_token: accessToken, refresh_token: refreshToken } = provider.saved ?? {};
    const refused = await initialize(accessToken);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    const refresh = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(refreshToken),
      client_id: String(provider.client?.client_id),
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
    await expect(client.listTools()).rejects.toThrow();
    expect(await grants().count({ where: { user: { id: adaId } } })).toBe(0);
  });
});

it('a refresh token used twice (stolen and replayed) ends the grant', async () => {
  const { provider } = await signIn(member(chloe), 'Replayed');
  const first = provider.saved;
  expect(await auth(provider, { serverUrl: new URL(`${baseUrl}${MCP_PATH}`) })).toBe('AUTHORIZED');
  const current = provider.saved;
  expect((await initialize(current?.access_token)).status).toBe(200);

  const warn = jest.spyOn(strapi().log, 'warn').mockImplementation(() => strapi().log);
  let replay;
  try {
    replay = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: String(first?.refresh_token),
      client_id: String(provider.client?.client_id),
    });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/refresh token of "Replayed" was used twice/));
  } finally {
    warn.mockRestore();
  }
  expect(replay.status).toBe(400);
  expect(replay.body).toMatchObject({ error: 'invalid_grant' });
  expect((await initialize(current?.access_token)).status).toBe(401);
  const jwt = await loginJwt(chloe.email);
  const sessions = await request().get('/api/auth/sessions').set('Authorization', `Bearer ${jwt}`);
  expect(JSON.stringify(sessions.body.data)).not.toContain('AI assistant "Replayed"');
});

it('an action confirmed in the client (elicitation) after the access token was refreshed mid-session writes once', async () => {
  const { provider } = await signIn(member(ben), 'Elicitation after refresh');
  const asked: string[] = [];
  const client = new Client(
    { name: 'oauth-elicitation-tests', version: '1.0.0' },
    { capabilities: { elicitation: {} } }
  );
  client.setRequestHandler(ElicitRequestSchema, async (question) => {
    asked.push(question.params.message);
    return { action: 'accept', content: {} };
  });
  const transport = mcpTransport(baseUrl, provider);
  await client.connect(transport);
  clients.push(client);
  expect(transport.sessionId).toEqual(expect.any(String));

  const old = provider.saved?.access_token;
  expect(await auth(provider, { serverUrl: new URL(`${baseUrl}${MCP_PATH}`) })).toBe('AUTHORIZED');
  expect(provider.saved?.access_token).not.toBe(old);
  expect((await initialize(old)).status).toBe(401);

  const benId = await userIdOf(playground, ben.email);
  const event = (await upcomingEvents(playground, ben.community)).at(-1) as {
    documentId: string;
    title: string;
  };
  const attendances = () =>
    strapi()
      .db.query('api::attendance.attendance')
      .count({ where: { user: { id: benId }, event: { documentId: event.documentId } } });
  const before = await attendances();
  // The same session (its id), now carrying the refreshed token.
  const sessionId = transport.sessionId;
  const done = await callTool(client, 'rsvp_event', { documentId: event.documentId, status: 'going' });
  expect(transport.sessionId).toBe(sessionId);
  expect(asked).toEqual([expect.stringContaining(event.title)]);
  expect(done).toMatchObject({ status: 'done', isError: false });
  expect(await attendances()).toBe(before + 1);
});

describe('confidential clients: a secret, issued once, checked at the token endpoint (RFC 6749 §2.3)', () => {
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const refreshWith = (refreshToken: string, form: Record<string, string>, authorization?: string) => {
    const call = request().post('/api/whatsapp-agent/oauth/token').type('form');
    if (authorization) call.set('Authorization', authorization);
    return call.send({ grant_type: 'refresh_token', refresh_token: refreshToken, ...form });
  };
  const expectInvalidClient = (response: {
    status: number;
    body: unknown;
    headers: Record<string, string>;
  }) => {
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_client' });
    expect(response.headers['www-authenticate']).toMatch(/^Basic realm=/);
  };

  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    '%s: the SDK client signs in and refreshes with its secret; only a hash of it is stored',
    async (method) => {
      const { provider, client } = await signIn(member(ben), `Confidential ${method}`, method);
      const registered = provider.client as { client_id: string; client_secret?: string };
      expect(provider.client).toMatchObject({
        token_endpoint_auth_method: method,
        client_secret: expect.stringMatching(/^wamcps_[A-Za-z0-9_-]{43}$/),
        client_secret_expires_at: 0,
      });
      const row = await strapi()
        .db.query('plugin::whatsapp-agent.oauth-client')
        .findOne({ where: { clientId: registered.client_id } });
      expect(row.clientSecretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(String(registered.client_secret));
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);

      const before = provider.saved?.refresh_token;
      expect(await auth(provider, { serverUrl: new URL(`${baseUrl}${MCP_PATH}`) })).toBe('AUTHORIZED');
      expect(provider.saved?.refresh_token).not.toBe(before);
      expect((await initialize(provider.saved?.access_token)).status).toBe(200);
    }
  );

  it('no secret, a wrong one, or the secret sent another way than registered: 401 invalid_client, nothing issued', async () => {
    const { provider } = await signIn(member(ben), 'Confidential checks', 'client_secret_basic');
    const { client_id: id, client_secret: secret } = provider.client as {
      client_id: string;
      client_secret: string;
    };
    const refreshToken = String(provider.saved?.refresh_token);
    expectInvalidClient(await refreshWith(refreshToken, { client_id: id }));
    expectInvalidClient(await refreshWith(refreshToken, {}, basic(id, `${secret}x`)));
    expectInvalidClient(await refreshWith(refreshToken, { client_id: id, client_secret: secret }));
    const revoke = await request()
      .post('/api/whatsapp-agent/oauth/revoke')
      .type('form')
      .send({ token: refreshToken, client_id: id });
    expectInvalidClient(revoke);
    // None of these spent the refresh token: the right secret still refreshes.
    const refreshed = await refreshWith(refreshToken, {}, basic(id, secret));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toMatch(/^wamcpr_/);
  });

  it('a public client may not present a secret; an authentication method we do not offer is refused at registration', async () => {
    const { provider } = await signIn(member(ben), 'Public with a secret');
    const refused = await refreshWith(String(provider.saved?.refresh_token), {
      client_id: String(provider.client?.client_id),
      client_secret: 'wamcps_made-up',
    });
    expectInvalidClient(refused);
    const jwtClient = await register({
      client_name: 'JWT client',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'private_key_jwt',
    });
    expect(jwtClient.status).toBe(400);
    expect(jwtClient.body).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringMatching(
        /token_endpoint_auth_method must be one of none, client_secret_basic, client_secret_post/
      ),
    });
  });
});

describe('clients known by their metadata document (client_id is an HTTPS URL, MCP 2025-11-25)', () => {
  let documents: Awaited<ReturnType<typeof startHttpsDocuments>>;
  const clientRows = () => strapi().db.query('plugin::whatsapp-agent.oauth-client').count();
  const documentOf = (clientId: string, extra: Record<string, unknown> = {}) => ({
    client_id: clientId,
    client_name: 'Hosted Assistant',
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...extra,
  });

  beforeAll(async () => {
    documents = await startHttpsDocuments();
  });
  afterAll(async () => {
    await documents?.close();
  });

  it("the SDK client signs in with its document's URL instead of registering; the document is fetched once", async () => {
    const clientId = documents.url('/oauth/client.json');
    documents.serve('/oauth/client.json', {
      body: documentOf(clientId),
      headers: { 'Cache-Control': 'max-age=600' },
    });
    const registered = await clientRows();
    const provider = new MemoryOAuthProvider('Hosted Assistant');
    provider.clientMetadataUrl = clientId;
    const { client, consent } = await signInWithOAuth(baseUrl, provider, member(chloe));
    clients.push(client);
    expect(provider.client?.client_id).toBe(clientId);
    // The name is the document's own choice; the host of its URL is not: both wherever she reads it.
    const { host } = new URL(clientId);
    expect(consent.html).toContain(`Hosted Assistant (${host}) asks to use the community assistant as you`);
    const sessions = await request()
      .get('/api/auth/sessions')
      .set('Authorization', `Bearer ${await loginJwt(chloe.email)}`);
    expect(sessions.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ deviceName: `AI assistant "Hosted Assistant (${host})"` }),
      ])
    );
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(await clientRows()).toBe(registered);
    expect(await grants().count({ where: { clientId } })).toBe(1);
    // Consent page, its answer, the code exchange and now a refresh: one fetch, then the cache.
    expect(await auth(provider, { serverUrl: new URL(`${baseUrl}${MCP_PATH}`) })).toBe('AUTHORIZED');
    expect(documents.hits.filter((hit) => hit === '/oauth/client.json')).toHaveLength(1);
  });

  it('a document that does not name its own URL, lists other redirect URIs, holds a secret, redirects or is too large is refused on the page, never redirected to', async () => {
    const cases: Array<
      [
        string,
        (clientId: string) => { status?: number; headers?: Record<string, string>; body: unknown },
        RegExp,
      ]
    > = [
      [
        '/other-id.json',
        () => ({ body: documentOf('https://elsewhere.example/client.json') }),
        /client_id is https:\/\/elsewhere\.example/,
      ],
      [
        '/other-redirect.json',
        (id) => ({ body: documentOf(id, { redirect_uris: ['http://127.0.0.1:1/cb'] }) }),
        /did not register/,
      ],
      [
        '/with-secret.json',
        (id) => ({ body: documentOf(id, { token_endpoint_auth_method: 'client_secret_basic' }) }),
        /must be &quot;none&quot;/,
      ],
      [
        '/moved.json',
        () => ({ status: 302, headers: { Location: '/oauth/client.json' }, body: '' }),
        /HTTP 302 \(no redirects are followed\)/,
      ],
      [
        '/huge.json',
        (id) => ({
          body: documentOf(id, {
            client_name: 'x'.repeat(90),
            contacts: Array(400).fill('someone@example.org'),
          }),
        }),
        /larger than 5120 bytes/,
      ],
      ['/not-json.json', () => ({ body: '<html>' }), /not JSON/],
    ];
    for (const [pathname, route, reason] of cases) {
      const clientId = documents.url(pathname);
      documents.serve(pathname, route(clientId));
      const page = await consentPageOf(clientId);
      expect({ pathname, status: page.status, location: page.location }).toEqual({
        pathname,
        status: 400,
        location: null,
      });
      expect(page.html).toMatch(reason);
    }
  });

  it('a document URL on a private address is never fetched', async () => {
    for (const clientId of [
      'https://10.0.0.1/client.json',
      'https://169.254.169.254/latest/meta-data',
      'http://127.0.0.1/client.json',
    ]) {
      const page = await consentPageOf(clientId);
      expect(page.status).toBe(400);
      expect(page.html).toMatch(/not a public address|not registered here/);
    }
    const refused = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: `wamcpr_${'x'.repeat(43)}`,
      client_id: 'https://10.0.0.1/client.json',
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/not a public address \(private\)/),
    });
  });
});

it('a token for another resource is refused: at the authorization, the refresh and the endpoint', async () => {
  const { provider } = await signIn(member(ben), 'Audience');
  const clientId = String(provider.client?.client_id);
  const elsewhere = await consentPageOf(clientId, { resource: OTHER_RESOURCE, state: 's1' });
  const location = new URL(String(elsewhere.location));
  expect(location.searchParams.get('error')).toBe('invalid_target');
  expect(location.searchParams.get('state')).toBe('s1');

  const refresh = await tokenRequest({
    grant_type: 'refresh_token',
    refresh_token: String(provider.saved?.refresh_token),
    client_id: clientId,
    resource: OTHER_RESOURCE,
  });
  expect(refresh.status).toBe(400);
  expect(refresh.body.error).toBe('invalid_target');

  const accessToken = String(provider.saved?.access_token);
  expect((await initialize(accessToken)).status).toBe(200);
  // The same token, had it been issued for another server's endpoint (its audience), is not ours.
  const [row] = await grants().findMany({ where: { clientId } });
  await grants().update({ where: { id: row.id }, data: { resource: OTHER_RESOURCE } });
  const refused = await initialize(accessToken);
  expect(refused.status).toBe(401);
  expect(refused.headers['www-authenticate']).toMatch(/error="invalid_token"/);
});

describe('the authorization server refuses what OAuth 2.1 refuses', () => {
  let clientId: string;

  beforeAll(async () => {
    const registered = await register({ client_name: 'Checks', redirect_uris: [REDIRECT_URI] });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      token_endpoint_auth_method: 'none',
      redirect_uris: [REDIRECT_URI],
    });
    clientId = registered.body.client_id;
  });

  it('registration: redirect URIs must be https or loopback', async () => {
    for (const uri of [
      'http://evil.example/callback',
      'javascript:alert(1)',
      'https://app.example/cb#frag',
    ]) {
      const refused = await register({ client_name: 'Bad', redirect_uris: [uri] });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_redirect_uri');
    }
    expect((await register({ redirect_uris: ['https://app.example/cb'] })).status).toBe(201);
  });

  it('PKCE with S256 only; an unregistered redirect URI is never redirected to', async () => {
    const { challenge } = pkce();
    const base = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT_URI, state: 'x' };
    for (const method of ['plain', '']) {
      const plain = await fetch(
        authorizeUrl({ ...base, code_challenge: challenge, code_challenge_method: method }),
        { redirect: 'manual' }
      );
      expect(new URL(String(plain.headers.get('location'))).searchParams.get('error')).toBe(
        'invalid_request'
      );
    }
    const foreign = await fetch(
      authorizeUrl({
        ...base,
        redirect_uri: 'http://127.0.0.1:33418/elsewhere',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' }
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    expect(await foreign.text()).toMatch(/did not register/);
  });

  it('the consent page: escaped client name, strict CSP, wrong password, deny', async () => {
    const hostile = await register({
      client_name: '<img src=x onerror=alert(1)>',
      redirect_uris: [REDIRECT_URI],
    });
    const { challenge } = pkce();
    const url = authorizeUrl({
      response_type: 'code',
      client_id: hostile.body.client_id,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
    });
    const page = await fetch(url);
    const html = await page.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; asks to use the community assistant as you');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('rsvp_event');
    const policy = String(page.headers.get('content-security-policy'));
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("form-action 'self' http://127.0.0.1:33418");
    expect(policy).not.toContain('unsafe-inline');

    const wrong = await answerConsent(baseUrl, url, { identifier: ada.email, password: 'not-her-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.location).toBeNull();
    expect(wrong.body).toContain('Wrong email or password');

    const denied = await answerConsent(baseUrl, url, { ...member(ada), decision: 'deny' });
    expect(denied.status).toBe(303);
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe('st');
    expect(denied.location?.searchParams.get('code')).toBeNull();
  });

  it('a code works once, with its verifier, within its minute', async () => {
    const { verifier, challenge } = pkce();
    const url = authorizeUrl({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const consent = await answerConsent(baseUrl, url, member(ben));
    const code = String(consent.location?.searchParams.get('code'));
    expect(consent.location?.searchParams.get('iss')).toBe(baseUrl);
    const exchange = (codeVerifier: string) =>
      tokenRequest({
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        client_id: clientId,
        redirect_uri: REDIRECT_URI,
      });
    const wrongVerifier = await exchange(pkce().verifier);
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.body.error).toBe('invalid_grant');
    const exchanged = await exchange(verifier);
    expect(exchanged.status).toBe(200);
    expect(exchanged.headers['cache-control']).toBe('no-store');
    const again = await exchange(verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect((await tokenRequest({ grant_type: 'password', client_id: clientId })).body.error).toBe(
      'unsupported_grant_type'
    );

    // The client revokes its own refresh token (RFC 7009), naming itself in HTTP Basic: the grant ends.
    const revoked = await request()
      .post('/api/whatsapp-agent/oauth/revoke')
      .set('Authorization', `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`)
      .type('form')
      .send({ token: exchanged.body.refresh_token });
    expect(revoked.status).toBe(200);
    expect((await initialize(exchanged.body.access_token)).status).toBe(401);
  });
});

it("a block stops the member's grants; a password change, then deleting the member, end them", async () => {
  const newcomer = await registerMember({ playground } as Pipeline);
  const who = { identifier: newcomer.email, password: newcomer.password };
  const first = await signIn(who, 'Newcomer');
  expect((await initialize(first.provider.saved?.access_token)).status).toBe(200);
  const users = strapi().db.query('plugin::users-permissions.user');
  await users.update({ where: { id: newcomer.user.id }, data: { blocked: true } });
  try {
    expect((await initialize(first.provider.saved?.access_token)).status).toBe(401);
  } finally {
    await users.update({ where: { id: newcomer.user.id }, data: { blocked: false } });
  }
  expect((await initialize(first.provider.saved?.access_token)).status).toBe(200);
  const changed = await request()
    .post('/api/auth/change-password')
    .set('Authorization', `Bearer ${newcomer.jwt}`)
    .send({
      currentPassword: newcomer.password,
      password: 'Other-pass-2',
      passwordConfirmation: 'Other-pass-2',
    });
  expect(changed.status).toBe(200);
  expect((await initialize(first.provider.saved?.access_token)).status).toBe(401);

  const second = await signIn({ ...who, password: 'Other-pass-2' }, 'Newcomer');
  expect((await initialize(second.provider.saved?.access_token)).status).toBe(200);
  expect(await grants().count({ where: { user: { id: newcomer.user.id } } })).toBe(1);
  await strapi().documents('plugin::users-permissions.user').delete({ documentId: newcomer.user.documentId });
  expect((await initialize(second.provider.saved?.access_token)).status).toBe(401);
  expect(await grants().count({ where: { clientName: 'Newcomer' } })).toBe(0);
});
