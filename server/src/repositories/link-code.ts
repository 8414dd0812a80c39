import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE, type ChannelKind } from '../constants';
import { toNumber } from './rows';

/** A linking phrase that can still be redeemed, with the member it links to. */
export type ActiveLinkCode = { id: number; userId: number };

/** The only code that reads or writes the link-code table (phrases are stored only as keyed hashes). */
export const createLinkCodeRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.linkCode);

  return {
    countIssuedSince: (userId: number, since: Date): Promise<number> =>
      query().count({ where: { user: { id: userId }, createdAt: { $gt: since } } }),

    /** Revokes the member's unused phrases and records a new one, together. */
    async replaceActive({
      userId,
      codeHash,
      kind,
      expiresAt,
    }: {
      userId: number;
      codeHash: string;
      kind: ChannelKind;
      expiresAt: Date;
    }) {
      const now = new Date();
      await strapi.db.transaction(async () => {
        // Selected first: the query layer's updateMany cannot filter on a relation.
        const active = await query().findMany({
          select: ['id'],
          where: { user: { id: userId }, usedAt: null, revokedAt: null },
        });
        if (active.length > 0)
          await query().updateMany({
            where: { id: { $in: active.map((code) => code.id) } },
            data: { revokedAt: now },
          });
        await query().create({ data: { user: userId, codeHash, kind, expiresAt } });
      });
    },

    /** The phrases among these hashes that can still be redeemed, in one query, by hash. */
    async findActive(codeHashes: string[], now: Date): Promise<Map<string, ActiveLinkCode>> {
      if (codeHashes.length === 0) return new Map();
      const rows = await query().findMany({
        where: { codeHash: { $in: codeHashes }, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        populate: ['user'],
      });
      return new Map(
        rows.flatMap((row) => {
          const user = row.user as { id?: unknown } | null | undefined;
          return user
            ? [[String(row.codeHash), { id: toNumber(row.id), userId: toNumber(user.id) }] as const]
            : [];
        })
      );
    },

    /** Marks the phrase used, if it still is unused: of two messages racing with one phrase, one wins. */
    async consume(id: number, now: Date): Promise<boolean> {
      const { count } = await query().updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
      return count === 1;
    },

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

export type LinkCodeRepository = ReturnType<typeof createLinkCodeRepository>;
