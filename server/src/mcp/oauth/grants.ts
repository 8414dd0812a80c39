import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { InvalidGrantError, InvalidTargetError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createRepositories } from '../../repositories';
import type { OAuthGrant } from '../../repositories/oauth-grant';
import { getService } from '../../utils/get-service';
import type { McpCaller } from '../tokens';
import { clientDisplayName } from './client-display-name';
import { oauthUrls } from './metadata';

/** Prefixes that make a leaked value recognisable (and tell an OAuth token from a personal one). */
export const ACCESS_TOKEN_PREFIX = 'wamcpa_';
export const REFRESH_TOKEN_PREFIX = 'wamcpr_';
const CODE_PREFIX = 'wamcpk_';

/** A code is exchanged by the client right after the redirect: a minute is plenty. */
export const CODE_SECONDS = 60;

/**
 * Callers of the MCP endpoint are told apart by their token id (proposals of actions are kept
 * per client, `-id`); grant ids are moved past any personal token's so the two never meet. Both
 * stay within a 32-bit integer column for the first billion of each.
 */
const GRANT_CALLER_OFFSET = 1_000_000_000;

/** The device id of a grant's session: one per member and client, so a new sign-in replaces the last. */
const deviceIdOf = (clientId: string) => `mcp-oauth:${clientId}`;

const secret = (prefix: string) => `${prefix}${crypto.randomBytes(32).toString('base64url')}`;

/** RFC 7636 S256: BASE64URL(SHA256(verifier)), compared in constant time. */
const verifierMatches = (verifier: string, challenge: string) => {
  const computed = Buffer.from(crypto.createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && crypto.timingSafeEqual(computed, expected);
};

/**
 * The authorization server's grants. A member's consent creates a one-time code (hashed, a
 * minute); exchanging it opens a users-permissions session of its own (device
 * `mcp-oauth:<client_id>`, shown as `AI assistant "<client name>"` in their session list, with the
 * host of a metadata document's URL beside the name: `AI assistant "Claude (claude.ai)"`) and
 * issues an access token bound to this MCP endpoint (RFC 8707) and a refresh token, both stored
 * only as keyed hashes. Every MCP request checks the session, so revoking it, a password change,
 * a block or deleting the member ends access at once, not at the token's expiry. Refreshing
 * rotates both tokens and the session's own refresh token; a refresh token used twice means it
 * leaked, and ends the grant (OAuth 2.1 §4.3.1).
 */
export const createMcpOAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { oauthGrants: grants, oauthClients: clients } = createRepositories(strapi);
  const sessions = () => strapi.sessionManager('users-permissions');
  const crypto_ = () => getService(strapi, 'crypto');
  const hash = (kind: string, value: string) =>
    crypto.createHmac('sha256', crypto_().hashingKey()).update(`mcp-oauth-${kind}:${value}`).digest('hex');

  /** Ends a grant: its session, then its row. */
  const end = async (grant: OAuthGrant) => {
    if (grant.userId !== null && grant.refreshTokenEncrypted)
      await sessions().invalidateRefreshToken(String(grant.userId), deviceIdOf(grant.clientId));
    await grants.deleteByIds([grant.id]);
  };

  const newTokens = (grant: OAuthGrant) => {
    const accessToken = secret(ACCESS_TOKEN_PREFIX);
    const refreshToken = secret(REFRESH_TOKEN_PREFIX);
    const { oauthAccessTokenSeconds } = getService(strapi, 'settings').mcp();
    const answer: OAuthTokens = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: oauthAccessTokenSeconds,
      refresh_token: refreshToken,
      scope: grant.scope,
    };
    const hashes = {
      accessTokenHash: hash('access', accessToken),
      accessExpiresAt: new Date(Date.now() + oauthAccessTokenSeconds * 1000),
      refreshTokenHash: hash('refresh', refreshToken),
    };
    return { answer, hashes };
  };

  /** The session's refresh token while the session lives and the member may still sign in. */
  const liveSession = async (grant: OAuthGrant): Promise<string | null> => {
    if (grant.userId === null || !grant.refreshTokenEncrypted) return null;
    const token = crypto_().decrypt(grant.refreshTokenEncrypted);
    const verified = await sessions().validateRefreshToken(token);
    return verified.isValid && Number(verified.userId) === grant.userId ? token : null;
  };

  const resourceRefusal = (resource: string | undefined, grant: OAuthGrant) =>
    resource !== undefined && resource !== grant.resource
      ? new InvalidTargetError(`This grant is for ${grant.resource}, not ${resource}`)
      : null;

  return {
    /** After the member said yes on the consent page: the code the client's redirect carries. */
    async createCode(input: {
      userId: number;
      clientId: string;
      clientName: string;
      redirectUri: string;
      codeChallenge: string;
      scope: string;
      resource: string;
    }): Promise<string> {
      await grants.deleteExpiredCodes(new Date());
      const code = secret(CODE_PREFIX);
      await grants.createCode({
        ...input,
        codeHash: hash('code', code),
        codeExpiresAt: new Date(Date.now() + CODE_SECONDS * 1000),
      });
      return code;
    },

    /** grant_type=authorization_code (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.6). */
    async exchangeCode(input: {
      clientId: string;
      code: string;
      codeVerifier: string;
      redirectUri?: string;
      resource?: string;
    }): Promise<OAuthTokens> {
      const invalid = new InvalidGrantError('The code is invalid, expired or already used');
      if (input.code.length > 200) throw invalid;
      const codeHash = hash('code', input.code);
      const grant = await grants.findByCode(codeHash);
      if (!grant || grant.clientId !== input.clientId || grant.userId === null) throw invalid;
      if (!grant.codeExpiresAt || grant.codeExpiresAt.getTime() <= Date.now() || !grant.codeChallenge) {
        await grants.deleteByIds([grant.id]);
        throw invalid;
      }
      if (input.redirectUri !== undefined && input.redirectUri !== grant.redirectUri)
        throw new InvalidGrantError('redirect_uri is not the one of the authorization request');
      if (!verifierMatches(input.codeVerifier, grant.codeChallenge))
        throw new InvalidGrantError('code_verifier does not match the code_challenge');
      const wrongResource = resourceRefusal(input.resource, grant);
      if (wrongResource) throw wrongResource;
      if (!(await grants.spendCode(grant.id, codeHash))) throw invalid;

      // A new sign-in of the same member in the same client replaces the last one.
      for (const other of await grants.ofUserAndClient(grant.userId, grant.clientId))
        if (other.id !== grant.id) await end(other);
      const session = await sessions().generateRefreshToken(
        String(grant.userId),
        deviceIdOf(grant.clientId),
        {
          type: 'refresh',
          metadata: {
            deviceName: `AI assistant "${clientDisplayName(grant)}"`,
            loginAt: new Date().toISOString(),
          },
        }
      );
      const { answer, hashes } = newTokens(grant);
      await grants.activate(grant.id, hashes, crypto_().encrypt(session.token));
      const client = await clients.findByClientId(grant.clientId);
      if (client) await clients.markUsed(client.id);
      return answer;
    },

    /** grant_type=refresh_token: both tokens and the session's refresh token rotate. */
    async refresh(input: {
      clientId: string;
      refreshToken: string;
      resource?: string;
    }): Promise<OAuthTokens> {
      const invalid = new InvalidGrantError('The refresh token is invalid, expired or revoked');
      if (input.refreshToken.length > 200) throw invalid;
      const refreshTokenHash = hash('refresh', input.refreshToken);
      const grant = await grants.findByRefreshToken(refreshTokenHash);
      if (!grant) {
        const replayed = await grants.findByPreviousRefreshToken(refreshTokenHash);
        if (replayed) {
          strapi.log.warn(
            `[whatsapp-agent] An MCP OAuth refresh token of "${clientDisplayName(replayed)}" was used twice: the grant is revoked`
          );
          await end(replayed);
        }
        throw invalid;
      }
      if (grant.clientId !== input.clientId) throw invalid;
      const wrongResource = resourceRefusal(input.resource, grant);
      if (wrongResource) throw wrongResource;
      const sessionToken = await liveSession(grant);
      const user = grant.userId === null ? null : await getService(strapi, 'identity').loadUser(grant.userId);
      if (!sessionToken || !user || user.blocked) {
        await end(grant);
        throw invalid;
      }
      const { answer, hashes } = newTokens(grant);
      if (!(await grants.rotate(grant.id, refreshTokenHash, hashes))) throw invalid;
      const rotated = await sessions().rotateRefreshToken(sessionToken);
      if ('error' in rotated) {
        await end(grant);
        throw invalid;
      }
      await grants.storeSession(grant.id, crypto_().encrypt(rotated.token));
      return answer;
    },

    /** RFC 7009: either token of a client's grant ends the grant. Unknown tokens are not an error. */
    async revoke(clientId: string, token: string) {
      if (token.length > 200) return;
      const grant = token.startsWith(ACCESS_TOKEN_PREFIX)
        ? await grants.findByAccessToken(hash('access', token))
        : await grants.findByRefreshToken(hash('refresh', token));
      if (grant && grant.clientId === clientId) await end(grant);
    },

    /**
     * Who an access token acts as now, or null: unknown, expired, issued for another resource
     * (audience), its session ended, the member blocked or deleted.
     */
    async resolve(token: string): Promise<McpCaller | null> {
      if (!token.startsWith(ACCESS_TOKEN_PREFIX) || token.length > 200) return null;
      const grant = await grants.findByAccessToken(hash('access', token));
      if (!grant?.accessExpiresAt || grant.accessExpiresAt.getTime() <= Date.now()) return null;
      if (grant.resource !== oauthUrls(strapi).resource) return null;
      if (!(await liveSession(grant))) {
        await end(grant);
        return null;
      }
      const user = grant.userId === null ? null : await getService(strapi, 'identity').loadUser(grant.userId);
      if (!user || user.blocked) return null;
      if (!grant.lastUsedAt || Date.now() - grant.lastUsedAt.getTime() > 60_000)
        await grants.markUsed(grant.id);
      return {
        user,
        token: {
          id: GRANT_CALLER_OFFSET + grant.id,
          documentId: grant.documentId,
          name: clientDisplayName(grant),
        },
      };
    },

    /**
     * A short-lived users-permissions access token of the grant's session (host routes, as the
     * member). By the grant, not the access token: a client in a long-lived MCP session keeps
     * refreshing its token while the session's server keeps the one it started with.
     */
    async sessionAccessToken(grantDocumentId: string): Promise<string | null> {
      const grant = await grants.findByDocumentId(grantDocumentId);
      const sessionToken = grant ? await liveSession(grant) : null;
      if (!sessionToken) return null;
      const issued = await sessions().generateAccessToken(sessionToken);
      return 'token' in issued ? issued.token : null;
    },
  };
};

export type McpOAuthService = ReturnType<typeof createMcpOAuthService>;
