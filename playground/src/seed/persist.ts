import crypto from 'node:crypto';
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
 * Bulk insert of a draft & publish type as Strapi 5 stores a published document: a draft row and
 * a published row sharing one documentId (the Content Manager edits the draft; the REST API and
 * the agent read the published one). Returns the ids of both, so relations link both versions.
 */
export const insertPublished = async (strapi: Core.Strapi, uid: string, rows: Row[]): Promise<number[]> => {
  if (rows.length === 0) return [];
  // Strapi's own ids are 24 lowercase alphanumerics (cuid2); any unique string of that shape does.
  const documentIds = rows.map(() => `s${crypto.randomBytes(18).toString('hex').slice(0, 23)}`);
  const publishedAt = new Date();
  const versions = (at: Date | null) =>
    rows.map((row, i) => ({ ...row, documentId: documentIds[i], publishedAt: at }));
  const query = strapi.db.query(uid as typeof EVENT_UID);
  const drafts = await query.createMany({ data: versions(null) });
  const published = await query.createMany({ data: versions(publishedAt) });
  return [...drafts.ids, ...published.ids].map(Number);
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
