import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';
import { toDate, toNumber, type RawRow } from './rows';

/** A member's personal MCP token as the member sees it (never its value, never its session). */
export type McpTokenView = {
  documentId: string;
  name: string;
  hint: string;
  createdAt: Date | null;
  lastUsedAt: Date | null;
};

/** A token found by its hash: who it acts as and the session it rides on. */
export type McpTokenRow = McpTokenView & {
  id: number;
  userId: number | null;
  refreshTokenEncrypted: string;
  sessionRenewedAt: Date | null;
};

const view = (row: RawRow): McpTokenView => ({
  documentId: String(row.documentId),
  name: String(row.name),
  hint: String(row.hint),
  createdAt: toDate(row.createdAt),
  lastUsedAt: toDate(row.lastUsedAt),
});

/** The only code that reads or writes the MCP token table (tokens are stored only as keyed hashes). */
export const createMcpTokenRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.mcpToken);

  return {
    async create(data: {
      userId: number;
      name: string;
      tokenHash: string;
      hint: string;
      refreshTokenEncrypted: string;
    }): Promise<McpTokenView & { id: number }> {
      const row = await query().create({
        data: {
          user: data.userId,
          name: data.name,
          tokenHash: data.tokenHash,
          hint: data.hint,
          refreshTokenEncrypted: data.refreshTokenEncrypted,
          sessionRenewedAt: new Date(),
        },
      });
      return { ...view(row), id: toNumber(row.id) };
    },

    countOfUser: (userId: number): Promise<number> => query().count({ where: { user: { id: userId } } }),

    async listOfUser(userId: number): Promise<McpTokenView[]> {
      const rows = await query().findMany({ where: { user: { id: userId } }, orderBy: { id: 'asc' } });
      return rows.map(view);
    },

    async findOfUser(
      userId: number,
      documentId: string
    ): Promise<(McpTokenView & { id: number; tokenHash: string }) | null> {
      const row = await query().findOne({ where: { documentId, user: { id: userId } } });
      return row ? { ...view(row), id: toNumber(row.id), tokenHash: String(row.tokenHash) } : null;
    },

    async findByHash(tokenHash: string): Promise<McpTokenRow | null> {
      const row = await query().findOne({ where: { tokenHash }, populate: ['user'] });
      if (!row) return null;
      const user = row.user as { id?: unknown } | null | undefined;
      return {
        ...view(row),
        id: toNumber(row.id),
        userId: user?.id === undefined ? null : toNumber(user.id),
        refreshTokenEncrypted: String(row.refreshTokenEncrypted),
        sessionRenewedAt: toDate(row.sessionRenewedAt),
      };
    },

    storeSession: (id: number, refreshTokenEncrypted: string) =>
      query().update({ where: { id }, data: { refreshTokenEncrypted, sessionRenewedAt: new Date() } }),

    markUsed: (id: number) => query().update({ where: { id }, data: { lastUsedAt: new Date() } }),

    async idsOfUsers(userIds: number[]): Promise<number[]> {
      if (userIds.length === 0) return [];
      const rows = await query().findMany({ select: ['id'], where: { user: { id: { $in: userIds } } } });
      return rows.map((row) => toNumber(row.id));
    },

    async deleteByIds(ids: number[]) {
      if (ids.length > 0) await query().deleteMany({ where: { id: { $in: ids } } });
    },
  };
};

export type McpTokenRepository = ReturnType<typeof createMcpTokenRepository>;
