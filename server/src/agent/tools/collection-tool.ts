import type { Core } from '@strapi/strapi';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { CollectionToolConfig } from '../../settings/tool-schemas';
import type { Proposal } from '../actions/action-tool';
import { getService } from '../../utils/get-service';
import { can, type MemberAuth } from './member-auth';
import { narrowed, narrowingFilters } from './scope';
import { queryWords } from '../search/query-text';
import { ORDER_LABEL, orderedSearch, type ResultOrder } from './result-order';
import { containsFilter, inRankOrder, narrowToCandidates, textMatch } from './text-match';

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
  order: z.enum(['relevance', 'date']).optional(),
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
        description: `${config.description} Free-text search over ${config.searchableFields.join(', ')}${config.dateField ? `; optional date range on ${config.dateField}. The result says its order: with a date range, the first is the soonest` : ''}.`,
        parameters: {
          type: 'object',
          properties: {
            query: {
              type: 'string',
              description: config.dateField
                ? `Words to look for; omit to list. "next"/"upcoming" here means from now, earliest first`
                : 'Words to look for (best matches first); omit to list',
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
                  order: {
                    type: 'string',
                    enum: ['relevance', 'date'],
                    description: `"date": earliest ${config.dateField} first (the default with from/to or next/upcoming); "relevance": best match first (the default otherwise)`,
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
      const dates = { hasDateField: Boolean(config.dateField), now: new Date() };
      const { query: text, from, to, order } = orderedSearch(args, dates);
      const match = await textMatch(strapi, config, text, args.limit);
      // The order the records really come in: the index's, or the listing's (by date when there is one).
      const used: ResultOrder | undefined =
        match.kind === 'ranked' && order === 'relevance'
          ? 'relevance'
          : config.dateField
            ? 'date'
            : undefined;
      const answer = async (records: unknown[]) => ({
        [config.name]: await clean(records, auth),
        count: records.length,
        ...(used ? { order: ORDER_LABEL[used] } : {}),
      });
      if (match.kind === 'ranked' && match.documentIds.length === 0) return answer([]);
      const dated: Array<Record<string, unknown>> = [];
      if (config.dateField && from) dated.push({ [config.dateField]: { $gte: from } });
      if (config.dateField && to) dated.push({ [config.dateField]: { $lte: to } });

      const find = async (textFilters: Array<Record<string, unknown>>) => {
        const and = [...textFilters, ...dated];
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
        return strapi.documents(uid).findMany({
          ...scoped,
          ...status,
          ...(match.kind === 'ranked'
            ? {
                filters: narrowToCandidates(scoped.filters, match.documentIds),
                limit: match.documentIds.length,
              }
            : { limit: args.limit }),
        } as never) as Promise<Array<{ documentId?: unknown }>>;
      };

      if (match.kind !== 'ranked') return answer(await find(match.kind === 'filter' ? match.filters : []));
      if (used === 'relevance') return answer(inRankOrder(await find([]), match.rank).slice(0, args.limit));
      // By date, the candidates with every word first ("climate meetup": a climate meetup, not any
      // meetup); only when none has them all, those with some.
      const words = queryWords(text ?? '');
      const every =
        words.length > 1 ? await find(containsFilter(words.join(' '), config.searchableFields)) : [];
      const found = every.length > 0 ? every : await find([]);
      return answer(found.slice(0, args.limit));
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
