import type { Core } from '@strapi/strapi';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { CollectionToolConfig } from '../../../../config';
import type { Proposal } from '../actions/action-tool';
import { getService } from '../../utils/get-service';
import { can, type MemberAuth } from './member-auth';
import { narrowed, narrowingFilters } from './scope';
import { inRankOrder, narrowToCandidates, textMatch } from './text-match';

export type ToolResult = Record<string, unknown>;

/** Who is asking, beyond their permissions: what scopes and personalises a tool's results. */
export type Asker = {
  userId: number;
  /** documentIds of the asker's own records in the member collection (usually one, may be none). */
  memberDocumentIds: string[];
  /** The asker's communities (keys from the community directory: documentIds, or `default`). */
  communityKeys: string[];
};

/** What a tool runs with: the member's REST permissions, and who they are. */
export type ToolContext = {
  auth: MemberAuth;
  asker: Asker;
  /** Where an action tool leaves its proposal for the member to confirm; absent where none can be asked. */
  propose?: (proposal: Proposal) => { ok: true } | { ok: false; error: string };
};

export type AgentTool = {
  definition: ChatCompletionFunctionTool;
  run(args: unknown, context: ToolContext): Promise<ToolResult>;
};

const searchArgs = z.object({
  query: z.string().max(200).optional(),
  from: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  to: z.string().datetime({ offset: true }).or(z.string().date()).optional(),
  limit: z.number().int().min(1).max(20).default(10),
});
const getArgs = z.object({ documentId: z.string().min(1).max(64) });

/** What a tool answers when the member's role may not do what it needs (as REST's 403). */
export const refusal = (config: CollectionToolConfig, action: 'find' | 'findOne') => ({
  error: `Not allowed: this member's role may not ${action === 'find' ? 'list' : 'read'} ${config.name} (${config.contentType}.${action}). Tell them you cannot access it.`,
});

/**
 * search_<name> and get_<name> for one collection, executed as the member: the same `find` /
 * `findOne` permission the REST API checks, the query and the output sanitized by Strapi's
 * content-API sanitizers for the member's auth (private fields and what the role may not read
 * never leave), then reduced to the admin's field allowlist. Read-only by construction.
 */
export const createCollectionTools = (strapi: Core.Strapi, config: CollectionToolConfig): AgentTool[] => {
  const uid = config.contentType as never;
  const schema = strapi.contentType(uid);
  const status = (schema as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish
    ? { status: 'published' as const }
    : {};
  const fields = [...new Set(config.returnedFields)];

  const refused = (action: 'find' | 'findOne') => refusal(config, action);
  // Community scope and "never the asker", added after the member's query is sanitized.
  const memberContentType = getService(strapi, 'pluginConfig').get().member.contentType;
  const narrowFor = (asker: Asker, leaveOutAsker: boolean) =>
    narrowingFilters(config, asker, { memberContentType, leaveOutAsker });

  const clean = async (data: unknown, auth: MemberAuth) => {
    const sanitized = (await strapi.contentAPI.sanitize.output(data, schema, { auth })) as
      | Array<Record<string, unknown>>
      | Record<string, unknown>
      | null;
    const pick = (record: Record<string, unknown>) =>
      Object.fromEntries(
        ['documentId', ...fields].filter((key) => key in record).map((key) => [key, record[key]])
      );
    return Array.isArray(sanitized) ? sanitized.map(pick) : sanitized ? pick(sanitized) : null;
  };

  const search: AgentTool = {
    definition: {
      type: 'function',
      function: {
        name: `search_${config.name}`,
        description: `${config.description} Free-text search over ${config.searchableFields.join(', ')}${config.dateField ? `; optional date range on ${config.dateField}` : ''}.`,
        parameters: {
          type: 'object',
          properties: {
            query: {
              type: 'string',
              description: 'Words to look for (best matches first); omit to list',
            },
            ...(config.dateField
              ? {
                  from: {
                    type: 'string',
                    description: `Earliest ${config.dateField}, ISO 8601 date or date-time`,
                  },
                  to: {
                    type: 'string',
                    description: `Latest ${config.dateField}, ISO 8601 date or date-time`,
                  },
                }
              : {}),
            limit: { type: 'integer', minimum: 1, maximum: 20, description: 'How many results (default 10)' },
          },
        },
      },
    },
    async run(rawArgs, { auth, asker }) {
      if (!can(auth, `${config.contentType}.find`)) return refused('find');
      const args = searchArgs.parse(rawArgs ?? {});
      const match = await textMatch(strapi, config, args.query, args.limit);
      if (match.kind === 'ranked' && match.documentIds.length === 0) return { [config.name]: [], count: 0 };
      const and: Array<Record<string, unknown>> = match.kind === 'filter' ? match.filters : [];
      if (config.dateField && args.from) and.push({ [config.dateField]: { $gte: args.from } });
      if (config.dateField && args.to) and.push({ [config.dateField]: { $lte: args.to } });
      const query = (await strapi.contentAPI.sanitize.query(
        {
          filters: and.length > 0 ? { $and: and } : {},
          fields,
          sort: config.dateField ? [`${config.dateField}:asc`] : ['id:asc'],
        },
        schema,
        { auth }
      )) as { filters?: unknown };
      // The plugin's own narrowing, after the member's query is sanitized: the scope and "never
      // the asker", then the index's candidates (the page is cut after ranking).
      const scoped = narrowed(query, narrowFor(asker, true)) as { filters?: unknown };
      const found = await strapi.documents(uid).findMany({
        ...scoped,
        ...status,
        ...(match.kind === 'ranked'
          ? {
              filters: narrowToCandidates(scoped.filters, match.documentIds),
              limit: match.documentIds.length,
            }
          : { limit: args.limit }),
      } as never);
      const records = match.kind === 'ranked' ? inRankOrder(found, match.rank).slice(0, args.limit) : found;
      return { [config.name]: await clean(records, auth), count: records.length };
    },
  };

  const get: AgentTool = {
    definition: {
      type: 'function',
      function: {
        name: `get_${config.name}`,
        description: `One record of ${config.name} by its documentId (from a search result).`,
        parameters: {
          type: 'object',
          properties: { documentId: { type: 'string' } },
          required: ['documentId'],
        },
      },
    },
    async run(rawArgs, { auth, asker }) {
      if (!can(auth, `${config.contentType}.findOne`)) return refused('findOne');
      const { documentId } = getArgs.parse(rawArgs ?? {});
      const query = await strapi.contentAPI.sanitize.query({ fields }, schema, { auth });
      const record = await strapi
        .documents(uid)
        .findOne({ documentId, ...narrowed(query as object, narrowFor(asker, false)), ...status } as never);
      if (!record) return { error: `No ${config.name} with documentId ${documentId}` };
      const you = config.contentType === memberContentType && asker.memberDocumentIds.includes(documentId);
      // Their own profile is shown, marked, so the model says "your profile", not "meet this person".
      return { [config.name]: { ...(await clean(record, auth)), ...(you ? { you: true } : {}) } };
    },
  };

  return [search, get];
};
