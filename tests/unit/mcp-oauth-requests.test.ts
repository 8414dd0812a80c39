import {
  checkAuthorizationRequest,
  redirectWith,
  type RequestingClient,
} from '../../server/src/mcp/oauth/authorization-request';
import { consentPage, consentPagePolicy } from '../../server/src/mcp/oauth/consent-page';
import { registrationOf, redirectUriRefusal } from '../../server/src/mcp/oauth/registration';
import type { OAuthUrls } from '../../server/src/mcp/oauth/metadata';

const urls = {
  resource: 'https://community.example/api/whatsapp-agent/mcp',
  issuer: 'https://community.example',
} as OAuthUrls;
const client: RequestingClient = {
  clientId: 'wamcpc_x',
  clientName: 'Claude',
  redirectUris: ['https://claude.ai/api/mcp/auth_callback', 'http://127.0.0.1:5000/cb'],
};
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const valid = {
  response_type: 'code',
  client_id: 'wamcpc_x',
  redirect_uri: 'https://claude.ai/api/mcp/auth_callback',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  state: 'abc',
};

describe('redirect URIs a client may register', () => {
  it.each([
    'https://claude.ai/api/mcp/auth_callback',
    'http://127.0.0.1:33418/callback',
    'http://localhost:8080/cb',
    'http://[::1]:9000/cb',
    'cursor://anysphere.cursor-retrieval/oauth/callback',
  ])('accepts %s', (uri) => expect(redirectUriRefusal(uri)).toBeNull());

  it.each([
    'http://evil.example/cb',
    'http://127.0.0.1.evil.example/cb',
    'https://app.example/cb#code',
    'javascript:alert(1)',
    'data:text/html,hi',
    'not a url',
  ])('refuses %s', (uri) => expect(redirectUriRefusal(uri)).not.toBeNull());

  it('answers a client that names no method as a public one, with our grants and scope, whatever it asked', () => {
    const { information, clientSecret } = registrationOf({
      client_name: 'Cursor',
      redirect_uris: ['http://127.0.0.1:5000/cb'],
      grant_types: ['implicit'],
      scope: 'admin',
    });
    expect(information).toMatchObject({
      client_name: 'Cursor',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'mcp',
    });
    expect(information).not.toHaveProperty('client_secret');
    expect(clientSecret).toBeUndefined();
  });

  it.each(['client_secret_basic', 'client_secret_post'])('gives a %s client a secret, once', (method) => {
    const { information, clientSecret } = registrationOf({
      redirect_uris: ['https://app.example/cb'],
      token_endpoint_auth_method: method,
    });
    expect(clientSecret).toMatch(/^wamcps_[A-Za-z0-9_-]{43}$/);
    expect(information).toMatchObject({
      token_endpoint_auth_method: method,
      client_secret: clientSecret,
      client_secret_expires_at: 0,
    });
  });

  it('refuses an authentication method it does not offer', () => {
    expect(() =>
      registrationOf({
        redirect_uris: ['https://app.example/cb'],
        token_endpoint_auth_method: 'private_key_jwt',
      })
    ).toThrow(/token_endpoint_auth_method must be one of none, client_secret_basic, client_secret_post/);
  });
});

describe('an authorization request', () => {
  it('is asked about when it is a registered client, redirect URI, S256 challenge and this resource', () => {
    expect(checkAuthorizationRequest(valid, client, urls)).toMatchObject({
      kind: 'ok',
      request: { resource: urls.resource, scope: 'mcp', codeChallenge: CHALLENGE, state: 'abc' },
    });
    expect(checkAuthorizationRequest({ ...valid, resource: urls.resource }, client, urls).kind).toBe('ok');
  });

  it('an unknown client or redirect URI is shown on the page, never redirected to', () => {
    expect(checkAuthorizationRequest(valid, null, urls).kind).toBe('page-error');
    for (const redirect_uri of ['https://claude.ai/api/mcp/auth_callback/', 'http://127.0.0.1:5001/cb'])
      expect(checkAuthorizationRequest({ ...valid, redirect_uri }, client, urls).kind).toBe('page-error');
    // With two registered, the client must say which.
    expect(checkAuthorizationRequest({ ...valid, redirect_uri: undefined }, client, urls).kind).toBe(
      'page-error'
    );
  });

  it.each([
    [{ code_challenge_method: 'plain' }, 'invalid_request'],
    [{ code_challenge_method: undefined }, 'invalid_request'],
    [{ code_challenge: 'short' }, 'invalid_request'],
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ resource: 'https://other.example/mcp' }, 'invalid_target'],
  ])('%j is refused at the redirect URI with %s', (change, error) => {
    expect(checkAuthorizationRequest({ ...valid, ...change }, client, urls)).toMatchObject({
      kind: 'redirect-error',
      redirectUri: valid.redirect_uri,
      state: 'abc',
      error,
    });
  });

  it("redirects keep the client's own query", () => {
    expect(redirectWith('https://app.example/cb?tenant=1', { code: 'c', state: undefined })).toBe(
      'https://app.example/cb?tenant=1&code=c'
    );
  });
});

describe('the consent page', () => {
  it('escapes what the client chose and allows its form to reach the redirect only', () => {
    const html = consentPage({
      clientId: 'a-registered-client',
      clientName: '"><script>x()</script>',
      redirectUri: 'https://claude.ai/cb',
      tools: [{ name: 'rsvp_event', description: 'RSVP <b>', asksFirst: true }],
      params: { ...valid, state: '"><x' },
      formAction: '/api/whatsapp-agent/oauth/authorize',
    });
    expect(html).not.toMatch(/<script|<b>|"><x/);
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).toContain('asks you before it writes anything');
    expect(consentPagePolicy('https://claude.ai/cb')).toContain("form-action 'self' https://claude.ai;");
    expect(consentPagePolicy('cursor://x/cb')).toContain("form-action 'self' cursor:;");
  });

  it("names a metadata document's host beside the name it chose, and a registered client's name alone", () => {
    const page = (clientId: string, clientName: string) =>
      consentPage({
        clientId,
        clientName,
        redirectUri: 'https://claude.ai/cb',
        tools: [],
        params: valid,
        formAction: '/api/whatsapp-agent/oauth/authorize',
      });
    expect(page('https://claude-ai.example/oauth/client.json', 'Claude <3')).toContain(
      '<h1>Claude &lt;3 (claude-ai.example) asks to use the community assistant as you</h1>'
    );
    // Without a client_name the host is the name: said once.
    expect(page('https://claude.ai/oauth/client.json', 'claude.ai')).toContain(
      '<h1>claude.ai asks to use the community assistant as you</h1>'
    );
    expect(page('a-registered-client', 'Claude')).toContain(
      '<h1>Claude asks to use the community assistant as you</h1>'
    );
  });
});
