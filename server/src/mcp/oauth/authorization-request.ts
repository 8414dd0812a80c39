import { z } from 'zod';
import type { OAuthClient } from '../../repositories/oauth-client';
import { MCP_SCOPE, type OAuthUrls } from './metadata';

/** The query of GET /oauth/authorize, and the hidden fields the consent form posts back. */
export const authorizationParamsSchema = z.object({
  response_type: z.string().max(50).optional(),
  client_id: z.string().max(2000).optional(),
  redirect_uri: z.string().max(2000).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(20).optional(),
  state: z.string().max(2000).optional(),
  scope: z.string().max(1000).optional(),
  resource: z.string().max(2000).optional(),
});

export type AuthorizationParams = z.infer<typeof authorizationParamsSchema>;

/** A client as an authorization request needs it: registered, or known by its metadata document. */
export type RequestingClient = Pick<OAuthClient, 'clientId' | 'clientName' | 'redirectUris'>;

/** A request the member may be asked about. */
export type AuthorizationRequest = {
  client: RequestingClient;
  redirectUri: string;
  codeChallenge: string;
  state: string | undefined;
  scope: string;
  resource: string;
};

export type CheckedRequest =
  /** No client or no redirect URI we trust: shown on the page, never redirected (RFC 6749 §4.1.2.1). */
  | { kind: 'page-error'; message: string }
  /** Told to the client at its redirect URI. */
  | {
      kind: 'redirect-error';
      redirectUri: string;
      state: string | undefined;
      error: string;
      description: string;
    }
  | { kind: 'ok'; request: AuthorizationRequest };

/**
 * An authorization request (OAuth 2.1 §4.1.1) checked against the registered client: exact
 * redirect URI, response type `code`, PKCE with S256 only (`plain` is refused), and the MCP
 * endpoint as the resource (RFC 8707; a client that names none gets it, one that names another
 * is refused). Requested scopes are answered with the one we grant.
 */
export const checkAuthorizationRequest = (
  params: AuthorizationParams,
  client: RequestingClient | null,
  urls: OAuthUrls
): CheckedRequest => {
  if (!client)
    return {
      kind: 'page-error',
      message: 'This assistant is not registered here: start again from the assistant',
    };
  const redirectUri =
    params.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined);
  if (!redirectUri || !client.redirectUris.includes(redirectUri))
    return {
      kind: 'page-error',
      message: 'This assistant asked to go back to an address it did not register',
    };
  const refuse = (error: string, description: string): CheckedRequest => ({
    kind: 'redirect-error',
    redirectUri,
    state: params.state,
    error,
    description,
  });
  if (params.response_type !== 'code')
    return refuse('unsupported_response_type', 'Only response_type=code is supported');
  if (params.code_challenge_method !== 'S256')
    return refuse('invalid_request', 'PKCE is required, with code_challenge_method=S256 (plain is refused)');
  if (!params.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge))
    return refuse('invalid_request', 'code_challenge must be the 43-character S256 challenge');
  const resource = params.resource ?? urls.resource;
  if (resource !== urls.resource)
    return refuse('invalid_target', `Tokens are issued for ${urls.resource} only`);
  return {
    kind: 'ok',
    request: {
      client,
      redirectUri,
      codeChallenge: params.code_challenge,
      state: params.state,
      scope: MCP_SCOPE,
      resource,
    },
  };
};

/** The client's redirect URI with the answer in its query (and `iss`, RFC 9207). */
export const redirectWith = (redirectUri: string, params: Record<string, string | undefined>) => {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
};
