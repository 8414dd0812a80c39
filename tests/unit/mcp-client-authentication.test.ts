import {
  authenticateClient,
  hashClientSecret,
  presentedClient,
} from '../../server/src/mcp/oauth/client-authentication';
import {
  clientFromDocument,
  clientIdUrlRefusal,
  createClientMetadataDocuments,
} from '../../server/src/mcp/oauth/client-metadata-document';

const KEY = 'k'.repeat(32);
const SECRET = 'wamcps_secret';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const confidential = (method: 'client_secret_basic' | 'client_secret_post') => ({
  method,
  secretHash: hashClientSecret(KEY, SECRET),
});

describe('client authentication at the token endpoint (RFC 6749 §2.3)', () => {
  it('reads the client from Basic (form-urlencoded parts) or from the form, never both', () => {
    expect(presentedClient(basic('wamcpc_a%3Ab', 's%20t'), {})).toEqual({
      clientId: 'wamcpc_a:b',
      secret: { value: 's t', method: 'client_secret_basic' },
    });
    expect(presentedClient('', { client_id: 'x', client_secret: 'y' })).toEqual({
      clientId: 'x',
      secret: { value: 'y', method: 'client_secret_post' },
    });
    expect(presentedClient('', { client_id: 'x' })).toEqual({ clientId: 'x' });
    expect(() => presentedClient(basic('x', 'y'), { client_secret: 'y' })).toThrow(/not both/);
  });

  it('lets in the right secret by the registered method only', () => {
    const post = { clientId: 'x', secret: { value: SECRET, method: 'client_secret_post' as const } };
    const viaBasic = { clientId: 'x', secret: { value: SECRET, method: 'client_secret_basic' as const } };
    expect(() => authenticateClient(confidential('client_secret_post'), post, KEY)).not.toThrow();
    expect(() => authenticateClient(confidential('client_secret_basic'), viaBasic, KEY)).not.toThrow();
    expect(() => authenticateClient(confidential('client_secret_basic'), post, KEY)).toThrow(
      /not by client_secret_post/
    );
    expect(() =>
      authenticateClient(
        confidential('client_secret_post'),
        { ...post, secret: { ...post.secret, value: 'no' } },
        KEY
      )
    ).toThrow(/secret is wrong/);
    expect(() => authenticateClient(confidential('client_secret_post'), { clientId: 'x' }, KEY)).toThrow(
      /must authenticate with its secret/
    );
    expect(() => authenticateClient({ method: 'none', secretHash: null }, post, KEY)).toThrow(
      /without a secret/
    );
    expect(() => authenticateClient(null, { clientId: 'x' }, KEY)).toThrow(/not registered/);
  });
});

describe('client ID metadata documents', () => {
  const id = 'https://app.example/oauth/client.json';

  it.each([
    ['http://app.example/client.json', /not https/],
    ['https://app.example/', /no path/],
    ['https://app.example/a/../client.json', /dot segments/],
    ['https://app.example/client.json#x', /fragment/],
    ['https://user:pw@app.example/client.json', /credentials/],
    [`https://app.example/${'x'.repeat(200)}`, /longer than 200/],
  ])('refuses the client_id %s', (clientId, reason) => expect(clientIdUrlRefusal(clientId)).toMatch(reason));

  it('accepts a document naming its own URL, with redirect URIs we allow, public only', () => {
    expect(
      clientFromDocument(id, { client_id: id, client_name: 'App', redirect_uris: ['https://app.example/cb'] })
    ).toEqual({
      clientId: id,
      clientName: 'App',
      redirectUris: ['https://app.example/cb'],
    });
    const refused = (body: Record<string, unknown>) => () =>
      clientFromDocument(id, { client_id: id, redirect_uris: ['https://app.example/cb'], ...body });
    expect(refused({ client_id: `${id}/` })).toThrow(/not the URL it was fetched from/);
    expect(refused({ client_secret: 'x' })).toThrow(/client_secret/);
    expect(refused({ token_endpoint_auth_method: 'client_secret_post' })).toThrow(/must be "none"/);
    expect(refused({ redirect_uris: ['http://evil.example/cb'] })).toThrow(/not https/);
  });

  it.each([
    ['https://127.0.0.1/client.json', /loopback/],
    ['https://10.1.2.3/client.json', /private/],
    ['https://169.254.169.254/latest/meta-data', /linkLocal/],
    ['https://[::1]/client.json', /loopback/],
    ['https://[::ffff:10.0.0.1]/client.json', /private/],
    ['https://localhost/client.json', /loopback/],
  ])('never fetches %s (not a public address)', async (clientId, range) => {
    const documents = createClientMetadataDocuments({ allowLoopback: () => false });
    await expect(documents.resolve(clientId)).rejects.toThrow(range);
  });
});
