import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';
import { toDate, toNumber, type RawRow } from './rows';

/** What a member allowed a client: first a one-time code, then tokens riding on a session. */
export type OAuthGrant = {
  id: number;
  documentId: string;
  userId: number | null;
  clientId: string;
  clientName: string;
  scope: string;
  resource: string;
  redirectUri: string;
  codeChallenge: string | null;
  codeExpiresAt: Date | null;
  accessExpiresAt: Date | null;
  /** The users-permissions session's refresh token, encrypted; null until the code is exchanged. */
  refreshTokenEncrypted: string | null;
  lastUsedAt: Date | null;
};

/** Hashes of the tokens a grant answers to (each column is uniquely indexed). */
type TokenHashes = { accessTokenHash: string; accessExpiresAt: Date; refreshTokenHash: string };

const grant = (row: RawRow): OAuthGrant => {
  const user = row.user as { id?: unknown } | null | undefined;
  return {
    id: toNumber(row.id),
    documentId: String(row.documentId),
    userId: user?.id === undefined ? null : toNumber(user.id),
    clientId: String(row.clientId),
    clientName: String(row.clientName),
    scope: String(row.scope),
    resource: String(row.resource),
    redirectUri: String(row.redirectUri),
    codeChallenge: typeof row.codeChallenge === 'string' ? row.codeChallenge : null,
    codeExpiresAt: toDate(row.codeExpiresAt),
    accessExpiresAt: toDate(row.accessExpiresAt),
    refreshTokenEncrypted: typeof row.refreshTokenEncrypted === 'string' ? row.refreshTokenEncrypted : null,
    lastUsedAt: toDate(row.lastUsedAt),
  };
};

/**
 * The only code that reads or writes the MCP OAuth grant table. Codes and tokens are looked up by
 * keyed hash; the one-time steps (exchanging a code, rotating a refresh token) are conditional
 * updates, so of two requests racing with the same value exactly one wins.
 */
export const createOAuthGrantRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.oauthGrant);
  const findOne = async (where: Record<string, unknown>) => {
    const row = await query().findOne({ where, populate: ['user'] });
    return row ? grant(row) : null;
  };

  return {
    async createCode(data: {
      userId: number;
      clientId: string;
      clientName: string;
      scope: string;
      resource: string;
      redirectUri: string;
      codeHash: string;
      codeChallenge: string;
      codeExpiresAt: Date;
    }): Promise<OAuthGrant> {
      const { userId, ...rest } = data;
      return grant(await query().create({ data: { ...rest, user: userId }, populate: ['user'] }));
    },

    findByDocumentId: (documentId: string) => findOne({ documentId }),
    findByCode: (codeHash: string) => findOne({ codeHash }),
    findByAccessToken: (accessTokenHash: string) => findOne({ accessTokenHash }),
    findByRefreshToken: (refreshTokenHash: string) => findOne({ refreshTokenHash }),
    findByPreviousRefreshToken: (hash: string) => findOne({ previousRefreshTokenHash: hash }),

    /** Spends the code: true for the one request that did. */
    async spendCode(id: number, codeHash: string): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, codeHash },
        data: { codeHash: null, codeChallenge: null },
      });
      return count === 1;
    },

    /** The first tokens of an exchanged code, on the session created for them. */
    activate: (id: number, tokens: TokenHashes, refreshTokenEncrypted: string) =>
      query().update({ where: { id }, data: { ...tokens, refreshTokenEncrypted, lastUsedAt: new Date() } }),

    /** Replaces the tokens if `refreshTokenHash` is still the current one: true for the one request that did. */
    async rotate(id: number, refreshTokenHash: string, tokens: TokenHashes): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, refreshTokenHash },
        data: { ...tokens, previousRefreshTokenHash: refreshTokenHash },
      });
      return count === 1;
    },

    storeSession: (id: number, refreshTokenEncrypted: string) =>
      query().update({ where: { id }, data: { refreshTokenEncrypted } }),

    markUsed: (id: number) => query().update({ where: { id }, data: { lastUsedAt: new Date() } }),

    /** The member's other grants to the same client (a new sign-in replaces them). */
    async ofUserAndClient(userId: number, clientId: string): Promise<OAuthGrant[]> {
      const rows = await query().findMany({ where: { clientId, user: { id: userId } }, populate: ['user'] });
      return rows.map(grant);
    },

    async idsOfUsers(userIds: number[]): Promise<number[]> {
      if (userIds.length === 0) return [];
      const rows = await query().findMany({ select: ['id'], where: { user: { id: { $in: userIds } } } });
      return rows.map((row) => toNumber(row.id));
    },

    /** Codes never exchanged, past their expiry. */
    async deleteExpiredCodes(now: Date) {
      await query().deleteMany({
        where: { refreshTokenEncrypted: { $null: true }, codeExpiresAt: { $lt: now } },
      });
    },

    async deleteByIds(ids: number[]) {
      if (ids.length > 0) await query().deleteMany({ where: { id: { $in: ids } } });
    },
  };
};

export type OAuthGrantRepository = ReturnType<typeof createOAuthGrantRepository>;
