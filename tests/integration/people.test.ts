import { DEMO_USERS } from '../../playground/src/seed/users';
import { DEMO_PROFILES } from '../../playground/src/seed/data/demo-profiles';
import { createMemberAuth } from '../../server/src/agent/tools/member-auth';
import { linkPhone as linkPhoneTo, registerMember, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * The agent knows who it talks to and finds people for them: the asker's own profile in the
 * prompt (never a private field), tools scoped to the asker's communities, the asker never
 * suggested to themselves, and "who should I meet?" with a reason per person.
 */

const [ada, ben] = DEMO_USERS;
let pipeline: Pipeline;
let nextNumber = 4917700000900;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;

type Row = Record<string, unknown> & { documentId: string };
type Result = Record<string, unknown> & { error?: string };

const userOf = (email: string) =>
  strapi()
    .db.query('plugin::users-permissions.user')
    .findOne({ where: { email }, populate: ['role'] });

/** Runs a tool exactly as a turn does: the member's auth and the asker the identity service resolves. */
const runAs = async (email: string, tool: string, args: Record<string, unknown>): Promise<Result> => {
  const user = await userOf(email);
  const { communities: _names, ...asker } = await strapi()
    .plugin('whatsapp-agent')
    .service('identity')
    .asker(user.id);
  const registry = strapi().plugin('whatsapp-agent').service('agent').tools();
  return registry.get(tool).run(args, { auth: await createMemberAuth(strapi()).of(user), asker });
};

const rows = (result: Result, collection: string) => {
  expect(result.error).toBeUndefined();
  return result[collection] as Row[];
};

/** documentId → community slug (null: none), read from the database: what the scope is checked against. */
const communityOf = async (uid: string, documentIds: string[]) => {
  const records = await strapi()
    .db.query(uid as never)
    .findMany({ where: { documentId: { $in: documentIds } }, populate: { community: { select: ['slug'] } } });
  return new Map(
    (records as Array<{ documentId: string; community?: { slug: string } | null }>).map((record) => [
      record.documentId,
      record.community?.slug ?? null,
    ])
  );
};

const memberOf = async (email: string) =>
  (await strapi()
    .db.query('api::member.member')
    .findOne({ where: { user: { email } }, select: ['documentId'] })) as { documentId: string };

const linkPhone = (email: string, password?: string) => linkPhoneTo(pipeline, newPhone(), email, password);

beforeAll(async () => {
  pipeline = await startPipeline();
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

describe('the asker is never a suggestion', () => {
  it.each(['climate', 'carbon accounting', 'Berlin', 'Carbonwise', 'Ada', 'fundraising'])(
    'Ada never finds herself searching members for "%s"',
    async (query) => {
      const self = await memberOf(ada.email);
      const found = rows(await runAs(ada.email, 'search_members', { query, limit: 20 }), 'members');
      expect(found.map((row) => row.documentId)).not.toContain(self.documentId);
      expect(found.map((row) => row.displayName)).not.toContain(ada.displayName);
    }
  );

  it('Ada never appears in her own suggestions, with or without a topic', async () => {
    const self = await memberOf(ada.email);
    for (const args of [{}, { topic: 'carbon accounting' }, { topic: 'machine learning', limit: 10 }]) {
      const suggested = rows(await runAs(ada.email, 'suggest_members', args), 'members');
      expect(suggested.length).toBeGreaterThan(0);
      expect(suggested.map((row) => row.documentId)).not.toContain(self.documentId);
    }
  });

  it('her get_ of her own record says it is her', async () => {
    const self = await memberOf(ada.email);
    const result = await runAs(ada.email, 'get_members', { documentId: self.documentId });
    expect(result.members).toMatchObject({
      documentId: self.documentId,
      displayName: ada.displayName,
      you: true,
    });
    const other = rows(
      await runAs(ada.email, 'search_members', { query: 'climate', limit: 1 }),
      'members'
    )[0];
    expect(
      ((await runAs(ada.email, 'get_members', { documentId: other.documentId })).members as Row).you
    ).toBeUndefined();
  });
});

describe('who should I meet?', () => {
  it('ranks members of her community by what they share with her profile, each with a reason', async () => {
    const suggested = rows(await runAs(ada.email, 'suggest_members', { limit: 10 }), 'members');
    expect(suggested.length).toBe(10);
    const profile = DEMO_PROFILES[ada.email];
    const hers =
      `${profile.interests.join(', ')} ${profile.headline} ${profile.bio} ${profile.city} ${profile.company}`.toLowerCase();
    for (const person of suggested) {
      expect(person.reason).toEqual(expect.any(String));
      // Each thing the reason names (an interest, a place, a company, a role) really is in both
      // profiles, and it names nothing else: no bare words picked out of a bio.
      const parts = String(person.reason).toLowerCase().split('; ');
      expect(parts.every((part) => /^(both into|both in|both at|same role:) /.test(part))).toBe(true);
      const terms = parts.flatMap((part) =>
        part.replace(/^(both into|both in|both at|same role:) /, '').split(', ')
      );
      const theirs =
        `${person.interests} ${person.headline} ${person.bio} ${person.city} ${person.company}`.toLowerCase();
      expect(terms.filter((term) => !hers.includes(term) || !theirs.includes(term))).toEqual([]);
      expect(Object.keys(person).sort()).toEqual(
        ['bio', 'city', 'company', 'displayName', 'documentId', 'headline', 'interests', 'reason'].filter(
          (key) => key in person
        )
      );
    }
    const slugs = await communityOf(
      'api::member.member',
      suggested.map((row) => row.documentId)
    );
    expect([...slugs.values()].every((slug) => slug === 'climate-builders')).toBe(true);
    // Best first and the same every time.
    expect(rows(await runAs(ada.email, 'suggest_members', { limit: 10 }), 'members')).toEqual(suggested);
  });

  it('with a topic, suggests only people it concerns', async () => {
    const suggested = rows(
      await runAs(ada.email, 'suggest_members', { topic: 'machine learning' }),
      'members'
    );
    expect(suggested.length).toBeGreaterThan(0);
    for (const person of suggested) {
      expect(`${person.interests} ${person.headline} ${person.bio}`.toLowerCase()).toMatch(
        /machine|learning/
      );
      expect(person.reason).toMatch(/machine learning|mentions/);
    }
  });

  it('refuses like search_ when the role may not list members', async () => {
    const guest = await registerMember(pipeline);
    const role = await strapi()
      .db.query('plugin::users-permissions.role')
      .create({ data: { name: 'No members', description: 'Events only', type: `no-members-${Date.now()}` } });
    await strapi()
      .db.query('plugin::users-permissions.user')
      .update({ where: { id: guest.user.id }, data: { role: role.id } });
    expect(await runAs(guest.email, 'suggest_members', {})).toEqual(
      await runAs(guest.email, 'search_members', {})
    );
    expect((await runAs(guest.email, 'suggest_members', {})).error).toMatch(/^Not allowed/);
  });

  it('the demo model answers "who should I meet about …?" with the tool’s reasons', async () => {
    const phone = await linkPhone(ada.email);
    const reply = await say(pipeline, phone, 'Who should I meet about carbon accounting?');
    const call = pipeline.llm.requests[0];
    expect(call.messages.at(-1)).toEqual({
      role: 'user',
      content: 'Who should I meet about carbon accounting?',
    });
    expect(reply).toMatch(/^People you could meet/);
    expect(reply).toMatch(/works on carbon accounting|mentions carbon/);
    expect(reply).not.toContain(ada.displayName);
  });
});

describe('community scope', () => {
  it('Ben (Open Source Makers) never gets Climate Builders events or members', async () => {
    for (const [tool, args] of [
      ['search_events', { limit: 20 }],
      ['search_events', { query: 'climate', limit: 20 }],
      ['search_events', { from: '2000-01-01', limit: 20 }],
    ] as const) {
      const events = rows(await runAs(ben.email, tool, args), 'events');
      const slugs = await communityOf(
        'api::event.event',
        events.map((row) => row.documentId)
      );
      expect([...slugs.values()].every((slug) => slug === 'open-source-makers')).toBe(true);
    }
    for (const query of ['climate', 'Berlin', 'carbon', '']) {
      const members = rows(await runAs(ben.email, 'search_members', { query, limit: 20 }), 'members');
      const slugs = await communityOf(
        'api::member.member',
        members.map((row) => row.documentId)
      );
      expect([...slugs.values()].every((slug) => slug === 'open-source-makers')).toBe(true);
    }
    const suggested = rows(
      await runAs(ben.email, 'suggest_members', { topic: 'climate tech', limit: 10 }),
      'members'
    );
    const slugs = await communityOf(
      'api::member.member',
      suggested.map((row) => row.documentId)
    );
    expect([...slugs.values()].every((slug) => slug === 'open-source-makers')).toBe(true);

    // Not even by documentId.
    const adaRecord = await memberOf(ada.email);
    expect(await runAs(ben.email, 'get_members', { documentId: adaRecord.documentId })).toEqual({
      error: `No members with documentId ${adaRecord.documentId}`,
    });
    const climateEvent = await strapi()
      .db.query('api::event.event')
      .findOne({ where: { community: { slug: 'climate-builders' } }, select: ['documentId'] });
    expect((await runAs(ben.email, 'get_events', { documentId: climateEvent.documentId })).error).toMatch(
      /^No events/
    );
  });

  it('a member of several communities sees all of theirs', async () => {
    // A profile links one user (oneToOne): several communities come from several keys.
    const user = await userOf(ben.email);
    const communities = await strapi()
      .db.query('api::community.community')
      .findMany({ select: ['documentId'] });
    const registry = strapi().plugin('whatsapp-agent').service('agent').tools();
    const result = await registry.get('search_events').run(
      { from: '2000-01-01', limit: 20 },
      {
        auth: await createMemberAuth(strapi()).of(user),
        asker: {
          userId: user.id,
          memberDocumentIds: [],
          communityKeys: communities.map((community: { documentId: string }) => community.documentId),
        },
      }
    );
    const slugs = new Set(
      (
        await communityOf(
          'api::event.event',
          rows(result, 'events').map((row) => row.documentId)
        )
      ).values()
    );
    expect([...slugs].sort()).toEqual(['climate-builders', 'open-source-makers']);
  });

  it('a member of no community sees only records without one', async () => {
    const loose = await strapi()
      .documents('api::event.event')
      .create({
        data: { title: 'Unaffiliated picnic', startsAt: new Date().toISOString(), visibility: 'members' },
        status: 'published',
      });
    const none = await registerMember(pipeline);
    const seen = rows(await runAs(none.email, 'search_events', { limit: 20 }), 'events');
    expect(seen.map((row) => row.documentId)).toEqual([loose.documentId]);
    expect(rows(await runAs(none.email, 'search_members', { limit: 20 }), 'members')).toEqual([]);
    await strapi().documents('api::event.event').delete({ documentId: loose.documentId });
  });
});

describe('the member in the prompt', () => {
  it('carries her own profile and community, never a private field', async () => {
    const phone = await linkPhone(ada.email);
    pipeline.llm.script({ content: 'Hello Ada.' });
    expect(await say(pipeline, phone, 'What do you know about me?')).toBe('Hello Ada.');
    const system = String(pipeline.llm.requests[0].messages[0].content);
    const profile = DEMO_PROFILES[ada.email];
    const self = await memberOf(ada.email);
    expect(system).toContain(`documentId ${self.documentId}`);
    for (const value of [profile.headline, profile.city, profile.company, ...profile.interests])
      expect(system).toContain(value);
    expect(system).toContain('Their communities: Climate Builders Berlin.');
    expect(system).not.toContain(ada.email);
    expect(system).not.toContain(profile.phone);
    expect(system).not.toMatch(/\b(email|phone)\b/i);
  });

  it('carries nothing of the profile when her role may not read it (findOne)', async () => {
    const member = await registerMember(pipeline);
    const role = await strapi()
      .db.query('plugin::users-permissions.role')
      .create({ data: { name: 'Listers', description: 'find only', type: `listers-${Date.now()}` } });
    for (const action of ['api::member.member.find', 'plugin::whatsapp-agent.linkCodes.create'])
      await strapi()
        .db.query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
    await strapi()
      .db.query('plugin::users-permissions.user')
      .update({ where: { id: member.user.id }, data: { role: role.id } });
    const community = await strapi()
      .db.query('api::community.community')
      .findOne({ where: { slug: 'open-source-makers' }, select: ['id'] });
    await strapi()
      .documents('api::member.member')
      .create({
        data: {
          displayName: 'Quiet Lister',
          headline: 'Secret headline of a lister',
          user: member.user.id,
          community: community.id,
        },
      });
    const phone = await linkPhone(member.email, member.password);
    pipeline.llm.script({ content: 'Hi.' });
    await say(pipeline, phone, 'hello');
    const system = String(pipeline.llm.requests.at(-1)?.messages[0].content);
    expect(system).toContain('You are talking with Quiet Lister');
    expect(system).not.toContain('Secret headline');
    expect(system).not.toContain('Their own profile');
    expect(system).toContain('Their communities: Open Source Makers.');
  });
});

describe('the asker follows their profile', () => {
  it('a member moved to another community is scoped to it at once', async () => {
    const scopeOfBen = async () => {
      const events = rows(
        await runAs(ben.email, 'search_events', { from: '2000-01-01', limit: 5 }),
        'events'
      );
      return new Set(
        (
          await communityOf(
            'api::event.event',
            events.map((row) => row.documentId)
          )
        ).values()
      );
    };
    expect([...(await scopeOfBen())]).toEqual(['open-source-makers']);
    const profile = await memberOf(ben.email);
    const [climate, makers] = await Promise.all(
      ['climate-builders', 'open-source-makers'].map((slug) =>
        strapi()
          .db.query('api::community.community')
          .findOne({ where: { slug }, select: ['id'] })
      )
    );
    await strapi()
      .documents('api::member.member')
      .update({ documentId: profile.documentId, data: { community: climate.id } as never });
    try {
      expect([...(await scopeOfBen())]).toEqual(['climate-builders']);
    } finally {
      await strapi()
        .documents('api::member.member')
        .update({ documentId: profile.documentId, data: { community: makers.id } as never });
    }
  });
});

describe('configuration', () => {
  it('a communityField that is not a relation leaves the tool out, and the others in', async () => {
    const settings = strapi().plugin('whatsapp-agent').service('settings');
    const tools = settings.agent().tools as Array<Record<string, unknown>>;
    const warnings: string[] = [];
    const warn = jest.spyOn(strapi().log, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
      return strapi().log;
    });
    try {
      await settings.update({
        tools: tools.map((tool) => (tool.name === 'events' ? { ...tool, communityField: 'title' } : tool)),
      });
      const names = [...strapi().plugin('whatsapp-agent').service('agent').tools().keys()].sort();
      expect(names).toEqual(['get_members', 'search_members', 'suggest_members']);
      expect(warnings).toContainEqual(
        expect.stringContaining('communityField "title" of api::event.event is a string, not a relation')
      );
    } finally {
      warn.mockRestore();
      await settings.update({ tools });
    }
    expect(strapi().plugin('whatsapp-agent').service('agent').tools().has('search_events')).toBe(true);
  });
});
