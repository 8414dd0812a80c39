import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { CollectionToolConfig } from '../../settings/tool-schemas';
import { getService } from '../../utils/get-service';
import { readOwnProfiles } from '../member-context';
import { refusal, type AgentTool } from './collection-tool';
import { can, type MemberAuth } from './member-auth';
import { overlap, profileTerms, searchText, topicTerms } from './overlap';
import { narrowed, narrowingFilters } from './scope';

const suggestArgs = z.object({
  topic: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(10).default(5),
});

/** Records ranked per call: enough for good suggestions, bounded whatever the collection's size. */
const CANDIDATES = 100;
/** Terms of the fallback query ($containsi over the suggest fields, any of them). */
const FALLBACK_TERMS = 8;

type Row = Record<string, unknown> & { documentId: string };

/**
 * suggest_<name>: "who should I meet?". Ranks members of the asker's communities by overlap with
 * the asker's own profile (as they may see it) and an optional topic, with a one-line reason per
 * person; never the asker. Deterministic and explainable: shared interests, same city or company,
 * words both use.
 *
 * Candidates come from the plugin's search index when it answers, else from one bounded query;
 * either way the records are read exactly as search_ reads them: the member's `find` permission,
 * their sanitized query, the community scope on top, sanitized output, the field allowlist. A
 * reason only quotes what that sanitized output (and the asker's own sanitized profile) shows.
 */
export const createSuggestTool = (strapi: Core.Strapi, config: CollectionToolConfig): AgentTool => {
  const uid = config.contentType as never;
  const schema = strapi.contentType(uid);
  const draftAndPublish = (schema as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish;
  const matchFields = config.suggestFields ?? [];
  const readFields = [...new Set([...config.returnedFields, ...matchFields])];
  const memberContentType = getService(strapi, 'pluginConfig').get().member.contentType;

  const pick = (record: Row) =>
    Object.fromEntries(
      ['documentId', ...config.returnedFields].filter((key) => key in record).map((key) => [key, record[key]])
    );

  /** The member's query for these candidates, sanitized for them, then scoped and without them. */
  const read = async (filters: Record<string, unknown>, auth: MemberAuth, narrowing: object[]) => {
    const query = await strapi.contentAPI.sanitize.query(
      { filters, fields: readFields, sort: ['id:asc'] },
      schema,
      { auth }
    );
    const records = await strapi.documents(uid).findMany({
      ...narrowed(query as object, narrowing as Array<Record<string, unknown>>),
      ...(draftAndPublish ? { status: 'published' } : {}),
      limit: CANDIDATES,
    } as never);
    return (await strapi.contentAPI.sanitize.output(records, schema, { auth })) as Row[];
  };

  return {
    definition: {
      type: 'function',
      function: {
        name: `suggest_${config.name}`,
        description:
          `"Who should I meet?": ${config.name} of the member's communities who fit their own profile ` +
          `(${matchFields.join(', ')}) and an optional topic, best first, each with the reason. Never the member themselves.`,
        parameters: {
          type: 'object',
          properties: {
            topic: {
              type: 'string',
              description:
                'What they want to meet people about, e.g. "carbon removal"; omit for their profile alone',
            },
            limit: { type: 'integer', minimum: 1, maximum: 10, description: 'How many people (default 5)' },
          },
        },
      },
    },
    async run(rawArgs, { auth, asker }) {
      if (!can(auth, `${config.contentType}.find`)) return refusal(config, 'find');
      const args = suggestArgs.parse(rawArgs ?? {});
      const own = await readOwnProfiles(strapi, config, matchFields, { auth, asker });
      const terms = profileTerms(own, matchFields);
      const topic = topicTerms(args.topic);
      const text = searchText(terms, topic);
      if (!text) {
        return {
          [config.name]: [],
          count: 0,
          note: 'Their profile says nothing to match on yet: ask what they would like to meet people about, and pass it as topic.',
        };
      }

      const narrowing = narrowingFilters(config, asker, { memberContentType, leaveOutAsker: true });
      const hits = await getService(strapi, 'search').candidates(config.contentType, text, {
        limit: CANDIDATES,
      });
      const order = new Map((hits ?? []).map((hit, rank) => [hit.documentId, rank]));
      let rows: Row[];
      if (hits) {
        rows = hits.length > 0 ? await read({ documentId: { $in: [...order.keys()] } }, auth, narrowing) : [];
      } else {
        // No index: the members that share at least one term, first ones by id (never the whole collection).
        const fallbackTerms = (
          topic.words.length > 0 ? topic.words : [...[...terms.phrases.values()].flat(), ...terms.words]
        ).slice(0, FALLBACK_TERMS);
        const either = fallbackTerms.flatMap((term) =>
          matchFields.map((field) => ({ [field]: { $containsi: term } }))
        );
        rows = await read({ $or: either }, auth, narrowing);
      }

      const ranked = rows
        .map((row) => ({ row, ...overlap(terms, topic, row, matchFields) }))
        .filter((match) => match.score > 0)
        .sort(
          (a, b) =>
            b.score - a.score ||
            (order.get(a.row.documentId) ?? 0) - (order.get(b.row.documentId) ?? 0) ||
            a.row.documentId.localeCompare(b.row.documentId)
        )
        .slice(0, args.limit);
      return {
        [config.name]: ranked.map(({ row, reason }) => ({ ...pick(row), reason })),
        count: ranked.length,
      };
    },
  };
};
