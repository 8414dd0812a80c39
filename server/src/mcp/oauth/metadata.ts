import type { Core } from '@strapi/strapi';
import {
  OAuthMetadataSchema,
  OAuthProtectedResourceMetadataSchema,
  type OAuthMetadata,
  type OAuthProtectedResourceMetadata,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { PLUGIN_ID } from '../../constants';
import { CLIENT_AUTH_METHODS } from './client-authentication';
import { getService } from '../../utils/get-service';

/** The one scope a member grants: their assistant uses the endpoint's tools as them. */
export const MCP_SCOPE = 'mcp';

/**
 * Every URL of the authorization server, from the configured public URL (what clients reach, not
 * what Koa sees behind a proxy). The MCP endpoint is the protected resource (RFC 9728) and the
 * audience of every access token (RFC 8707); the host's root is the issuer, so clients of the
 * older MCP revision, which look for `/.well-known/oauth-authorization-server` at the root, find
 * it too (Strapi has no OAuth server of its own to collide with).
 */
export const oauthUrls = (strapi: Core.Strapi) => {
  const publicUrl = getService(strapi, 'settings').publicUrl();
  const { origin, pathname } = new URL(publicUrl);
  const base = pathname.replace(/\/+$/, '');
  const apiPrefix = strapi.config.get<string>('api.rest.prefix', '/api');
  const plugin = `${origin}${base}${apiPrefix}/${PLUGIN_ID}`;
  const resource = `${plugin}/mcp`;
  return {
    resource,
    issuer: `${origin}${base}`,
    /** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path. */
    resourceMetadata: `${origin}/.well-known/oauth-protected-resource${new URL(resource).pathname}`,
    /** RFC 8414 §3.1: likewise for the issuer's path (none, behind a proxy at the root). */
    authorizationServerMetadata: `${origin}/.well-known/oauth-authorization-server${base}`,
    authorize: `${plugin}/oauth/authorize`,
    token: `${plugin}/oauth/token`,
    register: `${plugin}/oauth/register`,
    revoke: `${plugin}/oauth/revoke`,
  };
};

export type OAuthUrls = ReturnType<typeof oauthUrls>;

/** RFC 9728: what a client learns from the 401's `resource_metadata`. */
export const protectedResourceMetadata = (urls: OAuthUrls): OAuthProtectedResourceMetadata =>
  OAuthProtectedResourceMetadataSchema.parse({
    resource: urls.resource,
    authorization_servers: [urls.issuer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'Community assistant (MCP)',
  });

/**
 * RFC 8414: public clients (PKCE with S256 is their proof) and confidential ones (a client secret
 * besides), codes and refresh tokens, dynamic registration and revocation.
 */
export const authorizationServerMetadata = (urls: OAuthUrls): OAuthMetadata =>
  OAuthMetadataSchema.parse({
    issuer: urls.issuer,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    registration_endpoint: urls.register,
    revocation_endpoint: urls.revoke,
    scopes_supported: [MCP_SCOPE],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    code_challenge_methods_supported: ['S256'],
    // A client_id may be the HTTPS URL of the client's metadata (client-metadata-document.ts).
    client_id_metadata_document_supported: true,
  });
