import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Member } from '../identity';
import { createRepositories } from '../repositories';
import type { McpTokenRow, McpTokenView } from '../repositories/mcp-token';
import { ACCESS_TOKEN_PREFIX } from './oauth/grants';
import { getService } from '../utils/get-service';

/** Every personal token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const MCP_TOKEN_PREFIX = 'wamcp_';

/** Too many tokens already: the member revokes one first. */
export class TooManyTokensError extends Error {}

/** Who an MCP request acts as: the member, and the token (client) it came with. */
export type McpCaller = { user: Member; token: Pick<McpTokenRow, 'id' | 'documentId' | 'name'> };

/** The users-permissions device id of a token's session: fixed by its hash, so revocation finds it. */
const deviceIdOf = (tokenHash: string) => `mcp:${tokenHash.slice(0, 16)}`;

/**
 * Personal tokens for the member's own AI assistant (ChatGPT, Claude, Cursor: clients that take a
 * header). Like a linked phone, each token rides on a users-permissions session of its own
 * (device `mcp:…`, shown as "AI assistant …" in the member's session list): logging out
 * everywhere, revoking that session, a password change, a block or deleting the user ends it,
 * at the next request. Only a keyed hash of the token is stored; its session's refresh token is
 * stored encrypted, like a channel's.
 */
export const createMcpTokenService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { mcpTokens } = createRepositories(strapi);
  const sessions = () => strapi.sessionManager('users-permissions');
  const crypto_ = () => getService(strapi, 'crypto');
  const hash = (token: string) =>
    crypto.createHmac('sha256', crypto_().hashingKey()).update(`mcp-token:${token}`).digest('hex');

  /** The session's refresh token, renewed (rotated) once its idle window is half used, like a channel's. */
  const liveRefreshToken = async (row: McpTokenRow, tokenHash: string): Promise<string | null> => {
    let token = crypto_().decrypt(row.refreshTokenEncrypted);
    const { sessionRenewSeconds } = getService(strapi, 'pluginConfig').get().linking;
    if (Date.now() - (row.sessionRenewedAt?.getTime() ?? 0) >= sessionRenewSeconds * 1000) {
      const rotated = await sessions().rotateRefreshToken(token);
      // Another request of the same client may have rotated it a moment ago: use what it stored.
      if ('error' in rotated) {
        const current = await mcpTokens.findByHash(tokenHash);
        if (!current || current.refreshTokenEncrypted === row.refreshTokenEncrypted) return null;
        token = crypto_().decrypt(current.refreshTokenEncrypted);
      } else {
        await mcpTokens.storeSession(row.id, crypto_().encrypt(rotated.token));
        token = rotated.token;
      }
    }
    const verified = await sessions().validateRefreshToken(token);
    return verified.isValid && Number(verified.userId) === row.userId ? token : null;
  };

  const service = {
    /** A new token for the member: its value is shown once, here, and never again. */
    async issue(userId: number, name: string): Promise<McpTokenView & { token: string }> {
      const { maxTokensPerMember } = getService(strapi, 'settings').mcp();
      if ((await mcpTokens.countOfUser(userId)) >= maxTokensPerMember)
        throw new TooManyTokensError(
          `You already have ${maxTokensPerMember} assistant tokens: revoke one before creating another`
        );
      const token = `${MCP_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
      const tokenHash = hash(token);
      const session = await sessions().generateRefreshToken(String(userId), deviceIdOf(tokenHash), {
        type: 'refresh',
        metadata: { deviceName: `AI assistant "${name}"`, loginAt: new Date().toISOString() },
      });
      const created = await mcpTokens.create({
        userId,
        name,
        tokenHash,
        hint: token.slice(-4),
        refreshTokenEncrypted: crypto_().encrypt(session.token),
      });
      const { id: _id, ...view } = created;
      return { ...view, token };
    },

    list: (userId: number) => mcpTokens.listOfUser(userId),

    /** Revokes one of the member's tokens and its session; false when they have no such token. */
    async revoke(userId: number, documentId: string): Promise<boolean> {
      const row = await mcpTokens.findOfUser(userId, documentId);
      if (!row) return false;
      await sessions().invalidateRefreshToken(String(userId), deviceIdOf(row.tokenHash));
      await mcpTokens.deleteByIds([row.id]);
      return true;
    },

    /**
     * Who a bearer token acts as now, or null (unknown, revoked, session ended, user blocked or
     * deleted). A token whose session has ended is deleted: it can never come back.
     */
    async resolve(token: string): Promise<McpCaller | null> {
      if (!token.startsWith(MCP_TOKEN_PREFIX) || token.length > 200) return null;
      const tokenHash = hash(token);
      const row = await mcpTokens.findByHash(tokenHash);
      if (!row) return null;
      if (row.userId === null) {
        await mcpTokens.deleteByIds([row.id]);
        return null;
      }
      const refreshToken = await liveRefreshToken(row, tokenHash);
      if (!refreshToken) {
        await mcpTokens.deleteByIds([row.id]);
        return null;
      }
      const user = await getService(strapi, 'identity').loadUser(row.userId);
      if (!user || user.blocked) return null;
      if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await mcpTokens.markUsed(row.id);
      return { user, token: { id: row.id, documentId: row.documentId, name: row.name } };
    },

    /**
     * A short-lived access token of the bearer's session (a personal token's or an OAuth grant's),
     * to call the host's own routes as the member.
     */
    async accessToken(token: string, caller: McpCaller): Promise<string | null> {
      if (token.startsWith(ACCESS_TOKEN_PREFIX))
        return getService(strapi, 'mcpOAuth').sessionAccessToken(caller.token.documentId);
      const row = await mcpTokens.findByHash(hash(token));
      if (!row) return null;
      const issued = await sessions().generateAccessToken(crypto_().decrypt(row.refreshTokenEncrypted));
      return 'token' in issued ? issued.token : null;
    },
  };
  return service;
};

export type McpTokenService = ReturnType<typeof createMcpTokenService>;
