/**
 * Writes bench/search-queries.ts: the labeled set of `npm run bench:search`, derived from the
 * seed's records by one stated rule per query (run: `npx tsx bench/support/label-search-queries.ts
 * > bench/search-queries.ts`, then `npx prettier --write bench/search-queries.ts`). The labels are
 * then kept in that file, explicit, so a reader checks them against the rule without running
 * anything, and a change of the seed shows up as a diff of the labels.
 *
 * Scope, as members will see it once the community scope lands: an asker sees only their own
 * communities' members and events, and never themself. The labels follow that scope.
 */
import { DEMO_USERS } from '../../playground/src/seed/users';
import { seededRecords, type SeededEvent, type SeededMember } from './seed-records';

const { members, events } = seededRecords();
const asker = (name: 'ada' | 'ben' | 'chloe') => {
  const user = DEMO_USERS.find((demo) => demo.username === name)!;
  return members.find((member) => member.email === user.email)!;
};
type Grade = 0 | 1 | 2;
const lower = (text: string) => text.toLowerCase();
const text = (m: SeededMember) =>
  lower([m.displayName, m.headline, m.bio, m.interests.join(', '), m.city, m.company].join(' '));
const has = (m: SeededMember, interest: string) => m.interests.includes(interest);
const role = (m: SeededMember) => lower(m.headline.split(/ at | · /)[0]);
const shared = (a: SeededMember, b: SeededMember) => a.interests.filter((i) => b.interests.includes(i));

type Spec = {
  kind: 'members' | 'events' | 'suggest';
  asker: 'ada' | 'ben' | 'chloe';
  query: string;
  /** suggest only: the topic passed to suggest_members. */
  topic?: string;
  rule: string;
  memberGrade?: (m: SeededMember, me: SeededMember) => Grade;
  eventGrade?: (e: SeededEvent) => Grade;
};

const g = (two: boolean, one = false): Grade => (two ? 2 : one ? 1 : 0);

const SPECS: Spec[] = [
  // Member searches as Ada (Climate Builders Berlin).
  {
    kind: 'members',
    asker: 'ada',
    query: 'climate tech in Berlin',
    rule: '2: interests has "climate tech" and city is Berlin; 1: interests has "climate tech", another city',
    memberGrade: (m) => g(has(m, 'climate tech') && m.city === 'Berlin', has(m, 'climate tech')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'carbon accounting',
    rule: '2: interests has "carbon accounting"; 1: "carbon" in headline or bio only',
    memberGrade: (m) => g(has(m, 'carbon accounting'), /carbon/i.test(m.headline + m.bio)),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'heat pumps Hamburg',
    rule: '2: "heat pump" in interests/headline/bio and city is Hamburg; 1: "heat pump" in them, another city',
    memberGrade: (m) =>
      g(text(m).includes('heat pump') && m.city === 'Hamburg', text(m).includes('heat pump')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'someone at GridBloom',
    rule: '2: company is GridBloom',
    memberGrade: (m) => g(m.company === 'GridBloom'),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'Solarly',
    rule: '2: company is Solarly',
    memberGrade: (m) => g(m.company === 'Solarly'),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'Zeynep Torres',
    rule: '2: displayName is Zeynep Torres',
    memberGrade: (m) => g(m.displayName === 'Zeynep Torres'),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'Rahul',
    rule: '2: first name is Rahul',
    memberGrade: (m) => g(m.displayName.startsWith('Rahul ')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'renewable enrgy',
    rule: '2: interests has "renewable energy" (the query is misspelt); 1: "renewable" or "solar" in headline/bio only',
    memberGrade: (m) => g(has(m, 'renewable energy'), /renewable|solar/i.test(m.headline + m.bio)),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'biodiversity',
    rule: '2: interests has "biodiversity"; 1: "nature-based solutions" or "biodiversity" in headline/bio only',
    memberGrade: (m) => g(has(m, 'biodiversity'), /nature-based|biodiversity/i.test(m.headline + m.bio)),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'policy advisor',
    rule: '2: role (headline before "at"/"·") is Policy advisor; 1: interests has "policy"',
    memberGrade: (m) => g(role(m).includes('policy advisor'), has(m, 'policy')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'beekeeping',
    rule: '2: interests has "beekeeping"',
    memberGrade: (m) => g(has(m, 'beekeeping')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'tidal energy',
    rule: '2: interests has "tidal energy"; 1: "energy" in role or company (Energy analyst, Windrose Energy)',
    memberGrade: (m) => g(has(m, 'tidal energy'), /energy/i.test(role(m) + ' ' + m.company)),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'data scientist machine learning',
    rule: '2: role is Data scientist and interests has "machine learning"; 1: one of the two',
    memberGrade: (m) =>
      g(
        role(m).includes('data scientist') && has(m, 'machine learning'),
        role(m).includes('data scientist') || has(m, 'machine learning')
      ),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'founders who are fundraising',
    rule: '2: role is Founder or Co-founder and interests has "fundraising"; 1: one of the two',
    memberGrade: (m) => {
      const founder = /founder/.test(role(m));
      return g(founder && has(m, 'fundraising'), founder || has(m, 'fundraising'));
    },
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'circular packaging',
    rule: '2: "circular packaging" in headline/bio; 1: interests has "circular economy"',
    memberGrade: (m) => g(/circular packaging/i.test(m.headline + m.bio), has(m, 'circular economy')),
  },
  {
    kind: 'members',
    asker: 'ada',
    query: 'sustainable mobility Munich',
    rule: '2: interests has "sustainable mobility" and city is Munich; 1: that interest, another city',
    memberGrade: (m) =>
      g(has(m, 'sustainable mobility') && m.city === 'Munich', has(m, 'sustainable mobility')),
  },
  {
    kind: 'members',
    asker: 'chloe',
    query: 'design systems',
    rule: '2: interests has "design systems"; 1: role is Product designer',
    memberGrade: (m) => g(has(m, 'design systems'), role(m).includes('designer')),
  },
  {
    kind: 'members',
    asker: 'chloe',
    query: 'Porto',
    rule: '2: city is Porto',
    memberGrade: (m) => g(m.city === 'Porto'),
  },
  {
    kind: 'members',
    asker: 'chloe',
    query: 'urban gardning',
    rule: '2: interests has "urban gardening" (the query is misspelt)',
    memberGrade: (m) => g(has(m, 'urban gardening')),
  },
  // Member searches as Ben (Open Source Makers).
  {
    kind: 'members',
    asker: 'ben',
    query: 'rust developers',
    rule: '2: interests has "rust"; 1: "rust" as a word in headline/bio only',
    memberGrade: (m) => g(has(m, 'rust'), /\brust\b/i.test(m.headline + m.bio)),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'kubernets',
    rule: '2: interests has "kubernetes" (the query is misspelt)',
    memberGrade: (m) => g(has(m, 'kubernetes')),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'typescript London',
    rule: '2: interests has "typescript" and city is London; 1: "typescript", another city',
    memberGrade: (m) => g(has(m, 'typescript') && m.city === 'London', has(m, 'typescript')),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'webassembly',
    rule: '2: interests has "webassembly" or headline focus is "WebAssembly runtimes"',
    memberGrade: (m) => g(has(m, 'webassembly') || /webassembly/i.test(m.headline)),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'security engineer',
    rule: '2: role is Security engineer; 1: interests has "security" or headline focus is supply-chain security',
    memberGrade: (m) =>
      g(
        role(m).includes('security engineer'),
        has(m, 'security') || /supply-chain security/i.test(m.headline)
      ),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'someone at Kestrel Security',
    rule: '2: company is Kestrel Security',
    memberGrade: (m) => g(m.company === 'Kestrel Security'),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'python machine learning',
    rule: '2: interests has "python" and "machine learning"; 1: one of the two',
    memberGrade: (m) =>
      g(has(m, 'python') && has(m, 'machine learning'), has(m, 'python') || has(m, 'machine learning')),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'accessibility',
    rule: '2: interests has "accessibility"; 1: headline focus is "accessible UI components"',
    memberGrade: (m) => g(has(m, 'accessibility'), /accessible/i.test(m.headline)),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'quantum computing',
    rule: '2: interests has "quantum computing"',
    memberGrade: (m) => g(has(m, 'quantum computing')),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'postgres',
    rule: '2: "Postgres" in headline/bio; 1: interests has "databases"',
    memberGrade: (m) => g(/postgres/i.test(m.headline + m.bio), has(m, 'databases')),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'Reykjavik',
    rule: '2: city is Reykjavík (the query has no accent)',
    memberGrade: (m) => g(m.city === 'Reykjavík'),
  },
  {
    kind: 'members',
    asker: 'ben',
    query: 'embedded systems',
    rule: '2: interests has "embedded systems"; 1: role is Embedded engineer',
    memberGrade: (m) => g(has(m, 'embedded systems'), role(m).includes('embedded engineer')),
  },
  // Event searches (the asker's community's events).
  ...(
    [
      ['ada', 'heat pumps', /heat pumps/i, null, '2: title is about heat pumps'],
      ['ada', 'community solar', /community solar/i, null, '2: title is about community solar'],
      [
        'ada',
        'workshop Berlin',
        /^workshop:/i,
        /berlin/i,
        '2: a Workshop in Berlin; 1: a Workshop elsewhere',
      ],
      ['ada', 'hydrogen', /hydrogen/i, null, '2: title is about green hydrogen'],
      [
        'ada',
        'seed round',
        /seed round/i,
        /pitch night/i,
        '2: title is about raising a seed round; 1: another Pitch night',
      ],
      ['chloe', 'urban gardening', /urban gardening/i, null, '2: title is about urban gardening'],
      ['ben', 'kubernetes', /kubernetes/i, null, '2: title is about Kubernetes'],
      [
        'ben',
        'postgres workshop',
        /postgres/i,
        /^workshop:/i,
        '2: title is about Postgres; 1: another Workshop',
      ],
      ['ben', 'webassembly', /webassembly/i, null, '2: title is about WebAssembly'],
      [
        'ben',
        'meetup in Lisbon',
        /makers meetup/i,
        /lisbon/i,
        '2: a Makers Meetup in Lisbon; 1: another event in Lisbon',
      ],
      ['ben', 'maintainer burnout', /maintainer burnout/i, null, '2: title is about maintainer burnout'],
      ['ben', 'accessible design', /accessible design/i, null, '2: title is about accessible design systems'],
    ] as const
  ).map(
    ([who, query, main, second, rule]): Spec => ({
      kind: 'events',
      asker: who,
      query,
      rule,
      eventGrade: (e) => {
        if (query === 'workshop Berlin')
          return g(main.test(e.title) && e.location.endsWith('Berlin'), main.test(e.title));
        if (query === 'meetup in Lisbon')
          return g(main.test(e.title) && e.location.endsWith('Lisbon'), e.location.endsWith('Lisbon'));
        return g(main.test(e.title), second ? second.test(e.title) : false);
      },
    })
  ),
  // "Who should I meet?" — for suggest_members; search_members gets the words a model would send.
  ...(['ada', 'ben', 'chloe'] as const).map(
    (who): Spec => ({
      kind: 'suggest',
      asker: who,
      query: 'who should I meet?',
      rule: 'score = shared interests + 1 if same city; 2: score ≥ 3; 1: score 2',
      memberGrade: (m, me) => {
        const score = shared(m, me).length + (m.city === me.city ? 1 : 0);
        return g(score >= 3, score === 2);
      },
    })
  ),
  ...(
    [
      ['ada', 'carbon removal'],
      ['ada', 'fundraising'],
      ['ben', 'rust'],
      ['ben', 'documentation'],
      ['chloe', 'design systems'],
      ['chloe', 'renewable energy'],
    ] as const
  ).map(
    ([who, topic]): Spec => ({
      kind: 'suggest',
      asker: who,
      query: `who should I meet about ${topic}?`,
      topic,
      rule: `2: "${topic}" in interests/headline/bio and shares an interest or the city with the asker; 1: "${topic}" in them only`,
      memberGrade: (m, me) => {
        const about = lower(m.interests.join(', ') + ' ' + m.headline + ' ' + m.bio).includes(topic);
        return g(about && (shared(m, me).length > 0 || m.city === me.city), about);
      },
    })
  ),
];

const labeled = SPECS.map((spec) => {
  const me = asker(spec.asker);
  const relevant: Record<string, Grade> = {};
  if (spec.kind === 'events') {
    for (const e of events.filter((e) => e.community === me.community)) {
      const grade = spec.eventGrade!(e);
      if (grade > 0) relevant[e.title] = grade;
    }
  } else {
    for (const m of members.filter((m) => m.community === me.community && m !== me)) {
      const grade = spec.memberGrade!(m, me);
      if (grade > 0) relevant[m.displayName] = grade;
    }
  }
  const sorted = Object.fromEntries(
    Object.entries(relevant).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  );
  const { memberGrade: _m, eventGrade: _e, ...rest } = spec;
  return { ...rest, relevant: sorted };
});

const empty = labeled.filter((query) => Object.keys(query.relevant).length === 0);
if (empty.length > 0) throw new Error(`No relevant record for: ${empty.map((q) => q.query).join('; ')}`);

console.log(`/**
 * The labeled set of \`npm run bench:search\` (issue 14): ${labeled.length} queries over the playground's seeded
 * data, each with the rule its labels follow and the relevant records by name (members by
 * displayName, events by title), graded 2 (what was asked) or 1 (related). Scope: the asker's own
 * community, the asker excluded. Derived by bench/support/label-search-queries.ts from the seed
 * (PRNG seed 20260214); kept here explicit so a reader can check any label against its rule.
 */
export type LabeledQuery = {
  kind: 'members' | 'events' | 'suggest';
  /** The demo user asking (username). */
  asker: 'ada' | 'ben' | 'chloe';
  /** What the member asks; for members/events, also what search_<name> gets. */
  query: string;
  /** suggest only: the topic given to suggest_members. */
  topic?: string;
  rule: string;
  relevant: Record<string, 1 | 2>;
};

export const LABELED_QUERIES: LabeledQuery[] = ${JSON.stringify(labeled, null, 2)};`);
