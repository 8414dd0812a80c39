import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin, createAdmin } from '../support/admins';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { newSid } from '../../simulator/twilio-emulator';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

/**
 * The ledger, plans and limits as a community platform runs them: real playground, Twilio
 * emulator, scripted model. Each story uses communities and members of its own, so counts and
 * limits never leak between tests.
 */

let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917700000900;
const strapi = () => pipeline.playground.strapi;
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');
const month = () => new Date().toISOString().slice(0, 7);
const today = () => new Date().toISOString().slice(0, 10);

type LedgerRow = {
  kind: string;
  community: string;
  userId: number | null;
  channelId: number | null;
  units: number;
  promptTokens: number;
  completionTokens: number;
  twilioMicros: number;
  metaMicros: number;
  llmMicros: number;
  costMicros: number;
  day: string;
  sourceKey: string;
};

let communities = 0;
/** A community of the host with one linked member in it; returns its key and the member's phone. */
const communityWithMember = async () => {
  communities += 1;
  const community = await strapi()
    .db.query('api::community.community')
    .create({ data: { name: `Usage test ${communities}`, slug: `usage-test-${communities}-${Date.now()}` } });
  const phone = await memberOf(community.id);
  return { key: String(community.documentId), phone };
};

/** A new member whose profile is in the community (id), linked to a new phone. */
const memberOf = async (communityId: number) => {
  const member = await registerMember(pipeline);
  await strapi()
    .db.query('api::member.member')
    .create({ data: { displayName: member.username, user: member.user.id, community: communityId } });
  const phone = `+${(nextNumber += 1)}`;
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  return phone;
};

const rowsOf = async (community: string): Promise<LedgerRow[]> =>
  (await ledger().findMany({ where: { community }, orderBy: { id: 'asc' } })) as LedgerRow[];

const events: Array<{ name: string; community: string; period: string }> = [];

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  for (const name of ['near-limit', 'limit-reached']) {
    strapi().eventHub.on(
      `whatsapp-agent.usage.${name}`,
      async (payload: { community: string; period: string }) => {
        events.push({ name, community: payload.community, period: payload.period });
      }
    );
  }
  // A price for the scripted model, so LLM rows carry a cost: 1 µ$ per prompt token, 2 per completion token.
  const saved = await admin.put('/settings', {
    modelPrices: [
      {
        model: 'scripted-model',
        promptPerMillionUsd: 1,
        completionPerMillionUsd: 2,
        cachedPerMillionUsd: 0.5,
      },
    ],
  });
  expect(saved.status).toBe(200);
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

describe('the ledger', () => {
  it('counts a conversation: the message in, the turn, each model call and the reply, at the prices in force', async () => {
    const { key, phone } = await communityWithMember();
    const linkingRows = (await rowsOf(key)).length;
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_events', arguments: {} }] },
      { content: 'There is a meetup on Friday.' }
    );
    expect(await say(pipeline, phone, 'Any events?')).toBe('There is a meetup on Friday.');

    const rows = (await rowsOf(key)).slice(linkingRows);
    expect(rows.map((row) => row.kind).sort()).toEqual(['inbound', 'llm', 'llm', 'outbound', 'turn']);
    const byKind = (kind: string) => rows.filter((row) => row.kind === kind);
    // Twilio: $0.005 per WhatsApp message each way; Meta: service replies in the window are free.
    expect(byKind('inbound')[0]).toMatchObject({ twilioMicros: 5000, metaMicros: 0, costMicros: 5000 });
    expect(byKind('outbound')[0]).toMatchObject({ twilioMicros: 5000, metaMicros: 0, costMicros: 5000 });
    // 120 prompt tokens × 1 µ$ + 30 completion tokens × 2 µ$ per call.
    for (const call of byKind('llm'))
      expect(call).toMatchObject({
        promptTokens: 120,
        completionTokens: 30,
        units: 150,
        llmMicros: 180,
        costMicros: 180,
      });
    expect(byKind('turn')[0]).toMatchObject({ costMicros: 0 });
    expect(new Set(rows.map((row) => row.userId)).size).toBe(1);
    expect(rows.every((row) => row.day === today() && row.channelId === rows[0].channelId)).toBe(true);

    const report = await admin.get(`/usage?community=${key}&month=${month()}`);
    expect(report.status).toBe(200);
    const [usage] = report.body.data.communities;
    expect(usage.totals).toMatchObject({
      memberTurns: 1,
      activeMembers: 1,
      promptTokens: 240,
      completionTokens: 60,
      messagesIn: 1,
      messagesOut: 1,
      costMicros: { twilio: 10000, meta: 0, llm: 360, total: 10360 },
    });
    // The linking phrase came from a sender not linked yet: it and its confirmation are the platform's.
    expect(linkingRows).toBe(0);
  });

  it('counts a reply once when Twilio answered 500 before taking it', async () => {
    const { key, phone } = await communityWithMember();
    const before = (await rowsOf(key)).filter((row) => row.kind === 'outbound').length;
    pipeline.llm.script({ content: 'Hello again.' });
    pipeline.twilio.failNextSends(1, 500);
    expect(await say(pipeline, phone, 'Hello?')).toBe('Hello again.');
    const outbound = (await rowsOf(key)).filter((row) => row.kind === 'outbound');
    expect(outbound.length - before).toBe(1);
  });

  it('counts a backlog of 600 messages in the one turn that answers them (an outage left them waiting)', async () => {
    const { key, phone } = await communityWithMember();
    const channel = await strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .findOne({ where: { address: phone } });
    // Stored as the webhook stores them, while no worker was there to answer.
    const receivedAt = new Date();
    const backlog = Array.from({ length: 600 }, (_, i) => ({
      messageSid: newSid('SM'),
      channelId: channel.id,
      from: phone,
      to: `whatsapp:${SERVICE_NUMBER}`,
      body: `Backlog message ${i + 1}`,
      media: [],
      params: {},
      status: 'pending',
      attempts: 0,
      receivedAt,
      nextAttemptAt: receivedAt,
    }));
    const inbox = strapi().db.query('plugin::whatsapp-agent.inbound-message');
    for (let start = 0; start < backlog.length; start += 100)
      await inbox.createMany({ data: backlog.slice(start, start + 100) });

    const reply = await say(pipeline, phone, 'Anyone there?');

    expect(reply).not.toBe('');
    const sids = backlog.map((message) => message.messageSid);
    expect(await inbox.count({ where: { messageSid: { $in: sids }, status: 'processed' } })).toBe(600);
    const counted = await ledger().count({
      where: { community: key, kind: 'inbound', sourceKey: { $in: sids.map((sid) => `in:${sid}`) } },
    });
    expect(counted).toBe(600);
  });

  it('counts two communities apart', async () => {
    const first = await communityWithMember();
    const second = await communityWithMember();
    await say(pipeline, first.phone, 'One question');
    await say(pipeline, second.phone, 'A question');
    await say(pipeline, second.phone, 'Another question');
    const report = await admin.get(`/usage?community=all&month=${month()}`);
    const turnsOf = (key: string) =>
      report.body.data.communities.find((line: { community: { key: string } }) => line.community.key === key)
        ?.totals.memberTurns;
    expect(turnsOf(first.key)).toBe(1);
    expect(turnsOf(second.key)).toBe(2);
  });

  it('exports a monthly statement whose totals equal the ledger', async () => {
    const csv = await admin.get(`/usage.csv?month=${month()}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`whatsapp-agent-usage-${month()}.csv`);
    const [header, ...lines] = csv.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const column = (name: string) => header.indexOf(name);
    const micros = (usd: string) => Math.round(Number(usd) * 1_000_000);
    const rows = (await ledger().findMany({ where: { day: { $startsWith: month() } } })) as LedgerRow[];
    const total = rows.reduce((sum, row) => sum + row.costMicros, 0);
    expect(total).toBeGreaterThan(0);
    expect(lines.reduce((sum, line) => sum + micros(line[column('cost_usd')]), 0)).toBe(total);
    expect(lines.reduce((sum, line) => sum + Number(line[column('member_turns')]), 0)).toBe(
      rows.filter((row) => row.kind === 'turn').length
    );

    const daily = await admin.get(`/usage.csv?month=${month()}&by=day`);
    const [dailyHeader, ...dayLines] = daily.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(dayLines.every((line) => line[0] === today())).toBe(true);
    expect(dayLines.reduce((sum, line) => sum + micros(line[dailyHeader.indexOf('cost_usd')]), 0)).toBe(
      total
    );
  });
});

describe('plans and limits', () => {
  it('answers 3 turns on a free plan of 3, then says so once, without calling the model, and tells the host once', async () => {
    const { key, phone } = await communityWithMember();
    const plan = await admin.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 3 });
    expect(plan.status).toBe(200);
    expect(plan.body.data).toMatchObject({
      plan: { kind: 'free', turnsPerMonth: 3, memberTurnsPerDay: 100 },
    });

    for (const question of ['First?', 'Second?', 'Third?']) {
      pipeline.llm.script({ content: `Answer to ${question}` });
      expect(await say(pipeline, phone, question)).toBe(`Answer to ${question}`);
    }
    expect(events.filter((event) => event.community === key)).toEqual([
      { name: 'near-limit', community: key, period: month() },
      { name: 'limit-reached', community: key, period: month() },
    ]);

    const calls = pipeline.llm.requests.length;
    const inboundBefore = (await rowsOf(key)).filter((row) => row.kind === 'inbound').length;
    expect(await say(pipeline, phone, 'Fourth?')).toMatch(
      /reached its limit for now \(3 questions this month\)/
    );
    expect(await say(pipeline, phone, 'Fifth?', { expectReply: false })).toBe('');
    expect(pipeline.llm.requests.length).toBe(calls);
    // The messages are still counted: Twilio charged for them.
    expect((await rowsOf(key)).filter((row) => row.kind === 'inbound').length - inboundBefore).toBe(2);
    // Commands still work over the limit.
    expect(await say(pipeline, phone, 'HELP')).toMatch(/Commands:/);
    expect(events.filter((event) => event.community === key)).toHaveLength(2);

    const summary = (await admin.get('/communities')).body.data.find(
      (line: { community: { key: string } }) => line.community.key === key
    );
    expect(summary).toMatchObject({
      memberTurns: 3,
      limit: { unit: 'turns', used: 3, max: 3, state: 'reached' },
    });
  });

  it('holds each member to their daily limit, whatever the plan', async () => {
    const { key, phone } = await communityWithMember();
    await admin.put(`/communities/${key}/plan`, { kind: 'passthrough', margin: 0.2, memberTurnsPerDay: 2 });
    await say(pipeline, phone, 'One');
    await say(pipeline, phone, 'Two');
    const calls = pipeline.llm.requests.length;
    expect(await say(pipeline, phone, 'Three')).toMatch(
      /2 questions per member per day\)\. I can answer again tomorrow/
    );
    expect(pipeline.llm.requests.length).toBe(calls);
  });

  it('bills a passthrough community its cost plus margin', async () => {
    const { key, phone } = await communityWithMember();
    await admin.put(`/communities/${key}/plan`, { kind: 'passthrough', margin: 0.25, capUsd: 100 });
    pipeline.llm.script({ content: 'Sure.' });
    await say(pipeline, phone, 'Hi');
    const [usage] = (await admin.get(`/usage?community=${key}`)).body.data.communities;
    expect(usage.billableMicros).toBe(Math.round(usage.totals.costMicros.total * 1.25));
    expect(usage.limit).toMatchObject({ unit: 'micros', max: 100_000_000, state: 'ok' });
  });

  it('stops a passthrough community at its cap (cost plus margin), from running totals equal to the ledger', async () => {
    const { key, phone } = await communityWithMember();
    // A turn here costs 10,180 µ$: the message in and the reply ($0.005 each), one model call (180 µ$).
    await admin.put(`/communities/${key}/plan`, { kind: 'passthrough', margin: 0, capUsd: 0.015 });
    pipeline.llm.script({ content: 'One.' }, { content: 'Two.' });
    expect(await say(pipeline, phone, 'First')).toBe('One.');
    expect(await say(pipeline, phone, 'Second')).toBe('Two.');
    const calls = pipeline.llm.requests.length;
    expect(await say(pipeline, phone, 'Third')).toMatch(/reached its limit for now \(this month's budget\)/);
    expect(pipeline.llm.requests.length).toBe(calls);

    const period = await strapi()
      .db.query('plugin::whatsapp-agent.usage-period')
      .findOne({ where: { community: key, period: month() } });
    const rows = await rowsOf(key);
    expect(Number(period.costMicros)).toBe(rows.reduce((sum, row) => sum + row.costMicros, 0));
    expect(period.turns).toBe(rows.filter((row) => row.kind === 'turn').length);
  });

  it('refuses an invalid plan with an error naming the field, and leaves the plan as it was', async () => {
    const { key } = await communityWithMember();
    const cases: Array<[unknown, string]> = [
      [{ kind: 'free', turnsPerMonth: -1 }, 'turnsPerMonth'],
      [{ kind: 'flat', turnsPerMonth: 10 }, 'feeUsd'],
      [{ kind: 'passthrough', margin: 'a lot' }, 'margin'],
      [{ kind: 'premium' }, 'kind'],
      [{ kind: 'free', turnsPerMonth: 5, memberTurnsPerDay: 0 }, 'memberTurnsPerDay'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.put(`/communities/${key}/plan`, body);
      expect(response.status).toBe(400);
      expect(
        response.body.error.details.errors.map((issue: { path: string[] }) => issue.path.join('.'))
      ).toContain(field);
    }
    const summary = (await admin.get('/communities')).body.data.find(
      (line: { community: { key: string } }) => line.community.key === key
    );
    expect(summary).toMatchObject({ planSource: 'default', plan: { kind: 'free', turnsPerMonth: 50 } });
    expect(
      (await admin.put('/communities/no-such-community/plan', { kind: 'free', turnsPerMonth: 1 })).status
    ).toBe(404);
    expect((await admin.get('/usage?month=2026-13')).body.error.details.errors[0].path).toEqual(['month']);
  });

  it('lets only admins with "See usage" read usage, and only "Change settings" change a plan', async () => {
    const reader = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Billing',
        email: 'billing@example.com',
        actions: ['plugin::whatsapp-agent.usage.read'],
      })
    );
    const outsider = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Support',
        email: 'support@example.com',
        actions: ['plugin::whatsapp-agent.channels.read'],
      })
    );
    expect((await reader.get('/usage')).status).toBe(200);
    expect((await reader.get('/communities')).status).toBe(200);
    expect((await reader.put('/communities/default/plan', { kind: 'free', turnsPerMonth: 1 })).status).toBe(
      403
    );
    for (const path of ['/usage', '/usage.csv', '/communities'])
      expect((await outsider.get(path)).status).toBe(403);
  });
});

describe('the admin API', () => {
  it('refuses a month it would misread (year 0099, several months) with a 400 naming month, on every route', async () => {
    for (const path of ['/usage', '/usage.csv', '/usage/twilio'])
      for (const query of ['month=0099-02', 'month=2026-01&month=2026-02', 'month=2026-13']) {
        const response = await admin.get(`${path}?${query}`);
        expect({ path, query, status: response.status }).toEqual({ path, query, status: 400 });
        expect(response.body.error).toMatchObject({
          name: 'ValidationError',
          details: { errors: [{ path: ['month'] }] },
        });
      }
    // A valid month is still answered, labelled as asked.
    expect((await admin.get('/usage?month=2025-02')).body.data.month).toBe('2025-02');
  });

  it('answers a plan change with 204 to an admin who may change settings but not see usage, and stores nothing for an unchanged plan', async () => {
    const { key } = await communityWithMember();
    const changer = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Plans',
        email: 'plans@example.com',
        actions: ['plugin::whatsapp-agent.settings.update'],
      })
    );
    const summaryOf = async () =>
      (await admin.get('/communities')).body.data.find(
        (line: { community: { key: string } }) => line.community.key === key
      );

    // The default plan sent again: nothing learnt, nothing changed.
    const same = await changer.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 50 });
    expect(same.status).toBe(204);
    expect(same.text).toBe('');
    expect(await summaryOf()).toMatchObject({ planSource: 'default' });

    const changed = await changer.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 7 });
    expect(changed.status).toBe(204);
    expect(changed.body).toEqual({});
    expect(await summaryOf()).toMatchObject({
      planSource: 'admin',
      plan: { kind: 'free', turnsPerMonth: 7 },
    });

    // An admin who may see usage gets the community's month back, as before.
    const full = await admin.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 8 });
    expect(full.status).toBe(200);
    expect(full.body.data).toMatchObject({ planSource: 'admin', memberTurns: 0, plan: { turnsPerMonth: 8 } });
  });

  it("checks the admin's own ability in write handlers, not only the route's policy", async () => {
    const { key } = await communityWithMember();
    await createAdmin(pipeline, {
      name: 'Reader',
      email: 'reader-only@example.com',
      actions: ['plugin::whatsapp-agent.usage.read', 'plugin::whatsapp-agent.settings.read'],
    });
    const user = await strapi()
      .db.query('admin::user')
      .findOne({ where: { email: 'reader-only@example.com' }, populate: ['roles'] });
    const userAbility = await strapi().service('admin::permission').engine.generateUserAbility(user);
    // As a host's own route would call them, with a policy that let this admin through.
    const refusalOf = async (controller: string, action: string, ctx: object) => {
      const handlers = strapi().plugin('whatsapp-agent').controller(controller) as Record<
        string,
        (ctx: object) => Promise<unknown>
      >;
      try {
        await handlers[action]({
          params: {},
          query: {},
          request: { body: {} },
          state: { userAbility },
          ...ctx,
        });
        return 'done';
      } catch (error) {
        return (error as { name: string }).name;
      }
    };
    const refusals = await Promise.all([
      refusalOf('adminUsage', 'setPlan', {
        params: { key },
        request: { body: { kind: 'free', turnsPerMonth: 1 } },
      }),
      refusalOf('adminSettings', 'update', { request: { body: { modelPrices: [] } } }),
      refusalOf('adminSettings', 'rotateWebhookToken', {}),
      refusalOf('adminChannels', 'revoke', { params: { documentId: 'none' } }),
    ]);
    expect(refusals).toEqual(['ForbiddenError', 'ForbiddenError', 'ForbiddenError', 'ForbiddenError']);
    const summary = (await admin.get('/communities')).body.data.find(
      (line: { community: { key: string } }) => line.community.key === key
    );
    expect(summary).toMatchObject({ planSource: 'default' });
  });
});
