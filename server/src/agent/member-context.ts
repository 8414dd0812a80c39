import type { Core } from '@strapi/strapi';
import type { CollectionToolConfig } from '../settings/tool-schemas';
import type { Asker } from './tools/collection-tool';
import { can, type MemberAuth } from './tools/member-auth';

export type OwnProfile = Record<string, unknown> & { documentId: string };

/**
 * The asker's own record(s) of the member collection, read as that member: the `findOne`
 * permission their own `GET /api/<members>/:id` needs, the query and output through the
 * content-API sanitizers for their auth, then only `fields` (the member tool's returned fields,
 * plus what suggest_ matches on). Without the permission, nothing: the prompt and the
 * suggestions then know no more about them than their name.
 */
export const readOwnProfiles = async (
  strapi: Core.Strapi,
  config: CollectionToolConfig,
  fields: string[],
  { auth, asker }: { auth: MemberAuth; asker: Asker }
): Promise<OwnProfile[]> => {
  if (asker.memberDocumentIds.length === 0 || !can(auth, `${config.contentType}.findOne`)) return [];
  const uid = config.contentType as never;
  const schema = strapi.contentType(uid);
  const draftAndPublish = (schema as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish;
  const query = await strapi.contentAPI.sanitize.query({ fields }, schema, { auth });
  const records = await strapi.documents(uid).findMany({
    ...(query as object),
    filters: { documentId: { $in: asker.memberDocumentIds } },
    ...(draftAndPublish ? { status: 'published' } : {}),
    limit: asker.memberDocumentIds.length,
  } as never);
  const sanitized = (await strapi.contentAPI.sanitize.output(records, schema, { auth })) as Array<
    Record<string, unknown>
  >;
  return sanitized.map(
    (record) =>
      Object.fromEntries(
        ['documentId', ...fields].filter((key) => key in record).map((key) => [key, record[key]])
      ) as OwnProfile
  );
};

/** The member tool (the exposed collection that is `member.contentType`), if the admin exposes one. */
export const memberTool = (tools: CollectionToolConfig[], memberContentType: string | undefined) =>
  memberContentType ? tools.find((tool) => tool.contentType === memberContentType) : undefined;
