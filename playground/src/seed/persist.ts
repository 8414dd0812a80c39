import type { Core } from '@strapi/strapi';

export const COMMUNITY_UID = 'api::community.community';
export const MEMBER_UID = 'api::member.member';
export const EVENT_UID = 'api::event.event';

type Row = Record<string, unknown>;

/** The Document Service is fine for a couple of rows and sets every v5 system field for us. */
export const createCommunity = async (
  strapi: Core.Strapi,
  data: { name: string; slug: string }
): Promise<{ id: number; documentId: string }> => {
  const community = await strapi.documents(COMMUNITY_UID).create({ data });
  return { id: community.id as number, documentId: community.documentId };
};

/**
 * Bulk insert through the query layer: one INSERT per 500 rows instead of one Document Service
 * round trip per row. createMany fills `documentId` from the model default (cuid2) but does not
 * attach relations, and unlike the Document Service it doesn't set `publishedAt`, which Strapi
 * sets on every row of a type without draft & publish.
 */
export const insertMany = async (strapi: Core.Strapi, uid: string, rows: Row[]): Promise<number[]> => {
  if (rows.length === 0) return [];
  const publishedAt = new Date();
  const result = await strapi.db
    .query(uid as typeof MEMBER_UID)
    .createMany({ data: rows.map((row) => ({ ...row, publishedAt })) });
  return result.ids.map(Number);
};

/**
 * Sets the inverse side of member.community / event.community in one update per community,
 * which writes all link rows at once. Replaces the community's current list, so pass every id.
 */
export const linkToCommunity = async (
  strapi: Core.Strapi,
  communityId: number,
  relation: 'members' | 'events',
  ids: number[]
) => {
  await strapi.db.query(COMMUNITY_UID).update({ where: { id: communityId }, data: { [relation]: ids } });
};

/** Demo profiles also need their `user` link, which create (unlike createMany) attaches. */
export const createLinkedMember = async (strapi: Core.Strapi, data: Row, userId: number): Promise<number> => {
  const member = await strapi.db.query(MEMBER_UID).create({
    data: { ...data, user: userId, publishedAt: new Date() },
  });
  return member.id as number;
};
