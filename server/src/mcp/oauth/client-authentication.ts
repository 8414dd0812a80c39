import crypto from 'node:crypto';
import { InvalidClientError, InvalidRequestError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

/** How a client proves itself at the token and revocation endpoints (RFC 7591 §2). */
export const CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** Every client secret starts with this, so a leaked one is recognisable. */
export const CLIENT_SECRET_PREFIX = 'wamcps_';

/** A new client secret: shown to the client once, at registration; only its keyed hash is kept. */
export const newClientSecret = () => `${CLIENT_SECRET_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;

/** What is stored of a client secret: keyed with the plugin's hashing key. */
export const hashClientSecret = (key: Buffer | string, secret: string) =>
  crypto.createHmac('sha256', key).update(`mcp-oauth-client-secret:${secret}`).digest('hex');

/** What a request presents: the client id wherever it is, and a secret with the method that carried it. */
export type PresentedClient = {
  clientId: string | undefined;
  secret?: { value: string; method: 'client_secret_basic' | 'client_secret_post' };
};

/** RFC 6749 §2.3.1: each part form-urlencoded, then `id:secret` in base64. */
const basicCredentials = (header: string) => {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [id, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  try {
    const unescape = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { clientId: unescape(id), secret: unescape(secret) };
  } catch {
    throw new InvalidRequestError('The Authorization header is not valid Basic credentials');
  }
};

/**
 * The client a token or revocation request names, from HTTP Basic or the form (never both: a
 * client uses one method per request, RFC 6749 §2.3).
 */
export const presentedClient = (authorization: string, body: Record<string, unknown>): PresentedClient => {
  const basic = basicCredentials(authorization);
  const formId = typeof body.client_id === 'string' ? body.client_id : undefined;
  const formSecret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  if (basic && (formSecret !== undefined || (formId !== undefined && formId !== basic.clientId)))
    throw new InvalidRequestError(
      'Send the client credentials either in the Authorization header or in the form, not both'
    );
  if (basic)
    return {
      clientId: basic.clientId || undefined,
      ...(basic.secret ? { secret: { value: basic.secret, method: 'client_secret_basic' as const } } : {}),
    };
  return {
    clientId: formId,
    ...(formSecret ? { secret: { value: formSecret, method: 'client_secret_post' as const } } : {}),
  };
};

/**
 * Whether the presented credentials are those of the registered client: a public client
 * (`none`) presents no secret; a confidential one presents its secret by the method it
 * registered. Any failure is `invalid_client` (answered 401 with `WWW-Authenticate: Basic`).
 */
export const authenticateClient = (
  registered: { method: ClientAuthMethod; secretHash: string | null } | null,
  presented: PresentedClient,
  hashingKey: Buffer | string
) => {
  if (!registered) throw new InvalidClientError('This client is not registered: register it again');
  if (registered.method === 'none') {
    if (presented.secret)
      throw new InvalidClientError(
        'This client registered without a secret (token_endpoint_auth_method none)'
      );
    return;
  }
  if (!presented.secret || !registered.secretHash)
    throw new InvalidClientError(`This client must authenticate with its secret (${registered.method})`);
  if (presented.secret.method !== registered.method)
    throw new InvalidClientError(
      `This client registered ${registered.method}: send its secret that way, not by ${presented.secret.method}`
    );
  const given = Buffer.from(hashClientSecret(hashingKey, presented.secret.value));
  const expected = Buffer.from(registered.secretHash);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    throw new InvalidClientError('The client secret is wrong');
};
