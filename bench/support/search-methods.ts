import type { Core } from '@strapi/strapi';
import { DEMO_PROFILES } from '../../playground/src/seed/data/demo-profiles';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ToolContext } from '../../server/src/agent/tools/collection-tool';
import { createMemberAuth } from '../../server/src/agent/tools/member-auth';
import type { LabeledQuery } from '../search-queries';

/**
 * The three ways `npm run bench:search` finds people, each run the way the agent runs a tool: as
 * a demo member, with their REST permissions and who they are.
 *
 * Seams for the work of issue 14 that lands after this bench (nothing here assumes it exists):
 * - (a) today's `$containsi` search: the plugin's search service answers `candidates() → null`,
 *   which is what makes search_<name> fall back to filtering the collection itself;
 * - (b) the index: the real `candidates()`; if search_<name> never asks it, or it answers null
 *   to everything, (b) is reported as skipped with that reason;
 * - (c) `suggest_members`, when the tool registry has it.
 */

type Row = Record<string, unknown>;
type SearchService = {
  candidates: (uid: string, text: string, options: { limit: number }) => Promise<unknown[] | null>;
  rebuild?: (uid?: string) => Promise<unknown>;
  status?: () => unknown;
};
type Tool = { run(args: unknown, context: ToolContext): Promise<Row> };

export type Method = 'containsi' | 'index' | 'suggest';
export const METHOD_LABELS: Record<Method, string> = {
  containsi: '(a) $containsi',
  index: '(b) index',
  suggest: '(c) suggest_members',
};

/** What search_<name> gets for a query: its text, or for "who should I meet?" the topic or the asker's interests. */
export const searchText = (query: Pick<LabeledQuery, 'kind' | 'asker' | 'query' | 'topic'>) => {
  if (query.kind !== 'suggest') return query.query;
  if (query.topic) return query.topic;
  const demo = DEMO_USERS.find((user) => user.username === query.asker)!;
  return DEMO_PROFILES[demo.email].interests.join(' ');
};

/** The context a demo member's tools run with: their auth, their member records and communities. */
export const demoContext = async (strapi: Core.Strapi, username: string): Promise<ToolContext> => {
  const demo = DEMO_USERS.find((user) => user.username === username);
  if (!demo) throw new Error(`No demo user "${username}"`);
  const user = await strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { email: demo.email }, populate: ['role'] });
  if (!user) throw new Error(`Demo user ${demo.email} is not in the database: is the playground seeded?`);
  const profiles: Row[] = await strapi.db.query('api::member.member').findMany({
    select: ['documentId'],
    where: { user: { id: user.id } },
    populate: { community: { select: ['documentId'] } },
  });
  return {
    auth: await createMemberAuth(strapi).of(user),
    asker: {
      userId: user.id,
      memberDocumentIds: profiles.map((profile) => String(profile.documentId)),
      communityKeys: [
        ...new Set(
          profiles.flatMap((profile) => {
            const community = profile.community as Row | null;
            return community ? [String(community.documentId)] : [];
          })
        ),
      ],
    },
  };
};

/** The records a tool answered, in its order, whatever key it puts them under. */
export const resultRows = (result: Row): Row[] => {
  if (typeof result.error === 'string') throw new Error(`The tool refused: ${result.error}`);
  const list = Object.values(result).find(
    (value): value is Row[] => Array.isArray(value) && value.every((item) => typeof item === 'object')
  );
  return list ?? [];
};

export const createSearchMethods = (strapi: Core.Strapi) => {
  const search = strapi.plugin('whatsapp-agent').service('search') as SearchService;
  const realCandidates = search.candidates.bind(search);
  const tools = strapi.plugin('whatsapp-agent').service('agent').tools() as Map<string, Tool>;
  const asked = { calls: 0, answered: 0 };

  /** (a): the index "cannot answer", as when it is off; (b): the real one, counted. */
  const force = (method: 'containsi' | 'index') => {
    search.candidates =
      method === 'containsi'
        ? async () => null
        : async (uid, text, options) => {
            asked.calls += 1;
            const hits = await realCandidates(uid, text, options);
            if (hits) asked.answered += 1;
            return hits;
          };
  };

  return {
    search,
    has: (tool: string) => tools.has(tool),

    /** Runs search_<collection> (a or b) or suggest_members (c) and returns the records' names. */
    async run(
      method: Method,
      query: { collection: 'members' | 'events'; text: string; topic?: string },
      context: ToolContext,
      limit = 5
    ): Promise<Row[]> {
      if (method === 'suggest') {
        const tool = tools.get('suggest_members');
        if (!tool) throw new Error('suggest_members is not registered');
        return resultRows(await tool.run({ ...(query.topic ? { topic: query.topic } : {}), limit }, context));
      }
      force(method);
      const tool = tools.get(`search_${query.collection}`);
      if (!tool) throw new Error(`search_${query.collection} is not registered`);
      return resultRows(await tool.run({ query: query.text, limit }, context));
    },

    /** Why (b) cannot be measured, from what the runs so far saw; null when it can. */
    indexMissing(): string | null {
      if (asked.calls === 0)
        return 'search_<name> never asked the search service for candidates (the index is not wired in yet)';
      if (asked.answered === 0)
        return `the index answered null to all ${asked.calls} queries (off, not built, or still the stub)`;
      return null;
    },

    suggestMissing: () =>
      tools.has('suggest_members') ? null : 'no suggest_members tool in the registry (not merged yet)',

    restore() {
      search.candidates = realCandidates;
    },
  };
};

export type SearchMethods = ReturnType<typeof createSearchMethods>;
