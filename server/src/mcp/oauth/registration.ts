import crypto from 'node:crypto';
import {
  CustomOAuthError,
  InvalidClientMetadataError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import {
  OAuthClientInformationFullSchema,
  OAuthClientMetadataSchema,
  type OAuthClientInformationFull,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import { CLIENT_AUTH_METHODS, newClientSecret } from './client-authentication';
import { MCP_SCOPE } from './metadata';

/** RFC 7591 §3.2.2: the error a client gets for a redirect URI we refuse. */
const invalidRedirectUri = (message: string) => new CustomOAuthError('invalid_redirect_uri', message);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Where codes may be sent: https, or http to this machine (desktop clients listening on
 * loopback, RFC 8252 §7.3), or a private-use scheme of a native app (`cursor://…`, RFC 8252
 * §7.1). Never a fragment (the code must not travel in it), never javascript: or data:.
 */
export const redirectUriRefusal = (value: string): string | null => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${value} is not a URL`;
  }
  if (url.hash) return `${value} has a fragment`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname) ? null : `${value} is not https`;
  if (/^(javascript|data|file|vbscript|about|blob):$/i.test(url.protocol)) return `${value} is not allowed`;
  // A native app's own scheme, written reverse-domain style (com.example.app:/cb) or a plain name.
  return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) ? null : `${value} is not allowed`;
};

const requested = OAuthClientMetadataSchema.extend({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  client_name: z.string().trim().max(100).optional(),
  token_endpoint_auth_method: z
    .enum(CLIENT_AUTH_METHODS, { message: `must be one of ${CLIENT_AUTH_METHODS.join(', ')}` })
    .optional(),
});

/**
 * A client's registration request (RFC 7591), checked and completed: code and refresh grants,
 * our one scope. A public client (`none`, also when it names no method) has its PKCE verifier
 * as its only proof; a confidential one (`client_secret_basic` / `client_secret_post`) gets a
 * secret, in this answer only. What it asked for that we do not do is replaced by what we do,
 * and the answer says so, as the RFC allows; an authentication method we do not offer is refused.
 */
export const registrationOf = (
  body: unknown,
  now = new Date()
): {
  clientName: string;
  redirectUris: string[];
  clientSecret: string | undefined;
  information: OAuthClientInformationFull;
} => {
  const parsed = requested.safeParse(body);
  if (!parsed.success) {
    const redirect = parsed.error.issues.some((issue) => issue.path[0] === 'redirect_uris');
    if (redirect) throw invalidRedirectUri('redirect_uris must list 1 to 10 URLs');
    throw new InvalidClientMetadataError(
      `Invalid client metadata: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`
    );
  }
  for (const uri of parsed.data.redirect_uris) {
    const refusal = redirectUriRefusal(uri);
    if (refusal)
      throw invalidRedirectUri(
        `${refusal}: redirect URIs must be https, http on loopback (127.0.0.1, [::1], localhost) or an app's own scheme`
      );
  }
  const clientName = parsed.data.client_name || 'Unnamed assistant';
  const method = parsed.data.token_endpoint_auth_method ?? 'none';
  const clientSecret = method === 'none' ? undefined : newClientSecret();
  const information = OAuthClientInformationFullSchema.parse({
    ...parsed.data,
    client_name: clientName,
    client_id: `wamcpc_${crypto.randomBytes(18).toString('base64url')}`,
    client_id_issued_at: Math.floor(now.getTime() / 1000),
    // Secrets do not expire: the client registers again if it loses its secret.
    ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
    token_endpoint_auth_method: method,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: MCP_SCOPE,
  });
  return { clientName, redirectUris: parsed.data.redirect_uris, clientSecret, information };
};
