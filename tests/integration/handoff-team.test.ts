import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin, createAdmin, liftDefaultPlan } from '../support/admins';
import { eventually } from '../support/eventually';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { startSmtpInbox } from '../support/smtp-inbox';

/**
 * People in the loop, the team's side (issue 25): the managers' emails through Strapi's email
 * plugin (its default provider delivering to a local SMTP server), the handoff settings an admin
 * changes in the panel, manager scopes, and assigning a conversation to another manager.
 */
let pipeline: Pipeline;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917900000700;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const repliesTo = (phone: string) =>
  pipeline.twilio.sentTo(`whatsapp:${phone}`).map((message) => message.body);
const REQUEST_SUBJECT = 'A member asked for a community manager on WhatsApp';
const MANAGER_ACTIONS = [
  'plugin::whatsapp-agent.conversations.read',
  'plugin::whatsapp-agent.conversations.assign',
  'plugin::whatsapp-agent.conversations.reply',
];

const newCommunity = async (name: string) => {
  const community = await strapi()
    .db.query('api::community.community')
    .create({ data: { name, slug: `${name.toLowerCase()}-${Date.now()}` } });
  await admin.put(`/communities/${community.documentId}/plan`, { kind: 'passthrough', margin: 0 });
  return String(community.documentId);
};

/** A member of `community` linked to a new phone: the phone and the conversation's documentId. */
const memberOf = async (community: string) => {
  const member = await registerMember(pipeline);
  const { id } = await strapi()
    .db.query('api::community.community')
    .findOne({ where: { documentId: community } });
  await strapi()
    .db.query('api::member.member')
    .create({ data: { displayName: member.username, user: member.user.id, community: id } });
  const phone = `+${(nextNumber += 1)}`;
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  const channel = await channels().findOne({ where: { address: phone } });
  return { phone, documentId: String(channel.documentId), id: channel.id as number };
};

/** An admin user whose role holds `actions`: their API, id and email. */
const manager = async (name: string, actions: string[]) => {
  const email = `${name.toLowerCase()}${Date.now()}@example.com`;
  const api = adminApi(pipeline, await createAdmin(pipeline, { name, email, actions }));
  const { id } = await strapi().db.query('admin::user').findOne({ where: { email } });
  return { api, id: id as number, email };
};

let communityA: string;
let communityB: string;
let erin: Awaited<ReturnType<typeof manager>>;
let finn: Awaited<ReturnType<typeof manager>>;
let reader: Awaited<ReturnType<typeof manager>>;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  pipeline = await startPipeline({ env: { EMAIL_SMTP_DEV_PORT: String(smtp.port) } });
  await liftDefaultPlan(pipeline);
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  communityA = await newCommunity('Alpha');
  communityB = await newCommunity('Beta');
  erin = await manager('Erin', MANAGER_ACTIONS);
  finn = await manager('Finn', MANAGER_ACTIONS);
  reader = await manager('Rita', ['plugin::whatsapp-agent.conversations.read']);
  const scopes = await admin.put('/manager-scopes', {
    data: [
      { adminUserId: erin.id, communities: [communityA] },
      { adminUserId: finn.id, communities: [communityB] },
    ],
  });
  expect(scopes.status).toBe(200);
});

afterAll(async () => {
  await pipeline?.stop();
  await smtp?.stop();
});

describe("the managers' emails", () => {
  it("a request emails the managers of the member's community, and no one else", async () => {
    const { phone } = await memberOf(communityA);
    expect(await say(pipeline, phone, 'human')).toMatch(/A community manager will answer here/);
    const [mail] = await eventually(() => {
      const mails = smtp.to(erin.email);
      expect(mails).toHaveLength(1);
      return mails;
    });
    expect(mail.subject).toBe(REQUEST_SUBJECT);
    expect(mail.from).toBe('community@playground.localhost');
    expect(mail.text).toContain('/plugins/whatsapp-agent/inbox');
    expect(smtp.to(finn.email)).toHaveLength(0);
  });

  it('with the setting off in the panel none is sent; on again, the next request is emailed', async () => {
    const off = await admin.put('/settings', { handoff: { emailManagers: false } });
    expect(off.status).toBe(200);
    expect(off.body.data.handoff.emailManagers).toEqual({ value: false, source: 'admin' });
    const before = smtp.mails.length;
    const quiet = await memberOf(communityA);
    expect(await say(pipeline, quiet.phone, 'human')).toMatch(/A community manager will answer here/);

    expect((await admin.put('/settings', { handoff: { emailManagers: true } })).status).toBe(200);
    const loud = await memberOf(communityA);
    await say(pipeline, loud.phone, 'human');
    // The quiet request came first: had it been emailed, its mail would be here before this one.
    await eventually(() => expect(smtp.mails.length).toBeGreaterThan(before));
    expect(smtp.mails.slice(before)).toEqual([
      expect.objectContaining({ to: [erin.email], subject: REQUEST_SUBJECT }),
    ]);
  });
});

describe('handoff settings from the panel', () => {
  afterAll(async () => {
    await admin.put('/settings', { handoff: { requestWords: '', managerName: '' } });
  });

  it("the member's command words and the name members see are the panel's", async () => {
    const saved = await admin.put('/settings', {
      handoff: { requestWords: ['MENSCH', ' Humano '], managerName: 'team' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.handoff.requestWords).toEqual({ value: ['MENSCH', 'Humano'], source: 'admin' });
    const { phone, documentId, id } = await memberOf(communityA);
    expect(await say(pipeline, phone, 'humano')).toMatch(/A community manager will answer here/);
    expect(await channels().findOne({ where: { id }, select: ['answeredBy'] })).toMatchObject({
      answeredBy: 'waiting',
    });

    expect(
      (await erin.api.post(`/conversations/${documentId}/assign`, { expectedAssigneeId: null })).status
    ).toBe(200);
    expect((await erin.api.post(`/conversations/${documentId}/reply`, { text: 'Erin here.' })).status).toBe(
      200
    );
    await pipeline.twilio.waitFor(() => repliesTo(phone).some((body) => body.includes('Erin here.')));
    expect(repliesTo(phone).find((body) => body.includes('Erin here.'))).toBe(
      '*The community team* (community team): Erin here.'
    );
  });

  it('a bad value is refused with the field named, and nothing is stored', async () => {
    for (const handoff of [{ timeoutHours: 0 }, { requestWords: [] }, { managerName: 'nickname' }]) {
      const refused = await admin.put('/settings', { handoff });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/handoff\./);
    }
    const { handoff } = (await admin.get('/settings')).body.data;
    expect(handoff.timeoutHours).toEqual({ value: 24, source: 'default' });
    expect(handoff.managerName.value).toBe('team');
  });
});

describe('manager scopes and assigning to another manager', () => {
  it('the scopes editor lists the admin users and the communities to choose from', async () => {
    const { data, meta } = (await admin.get('/manager-scopes')).body;
    expect(data).toEqual([
      { adminUserId: erin.id, communities: [communityA] },
      { adminUserId: finn.id, communities: [communityB] },
    ]);
    expect(meta.admins).toEqual(expect.arrayContaining([{ id: erin.id, name: 'Erin Admin' }]));
    expect(meta.communities).toEqual(
      expect.arrayContaining([
        { key: communityA, name: 'Alpha' },
        { key: communityB, name: 'Beta' },
      ])
    );
    const duplicate = await admin.put('/manager-scopes', {
      data: [
        { adminUserId: erin.id, communities: [communityA] },
        { adminUserId: erin.id, communities: [communityB] },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect((await admin.get('/manager-scopes')).body.data).toEqual(data);
    // Changing who is limited is a settings change.
    expect((await erin.api.put('/manager-scopes', { data: [] })).status).toBe(403);
  });

  it('only admin users who may answer the conversation are offered, and the server refuses the others', async () => {
    const { phone, documentId } = await memberOf(communityA);
    await say(pipeline, phone, 'human');
    const offered = (await admin.get(`/managers?conversation=${documentId}`)).body.data as Array<{
      id: number;
    }>;
    const ids = offered.map((user) => user.id);
    expect(ids).toContain(erin.id);
    // Limited to another community, or without the reply permission: not offered.
    expect(ids).not.toContain(finn.id);
    expect(ids).not.toContain(reader.id);
    // The super admin, who holds every permission.
    const demo = await strapi()
      .db.query('admin::user')
      .findOne({ where: { email: DEMO_ADMIN.email } });
    expect(ids).toContain(demo.id);
    // A manager limited to community B cannot even ask about A's conversation.
    expect((await finn.api.get(`/managers?conversation=${documentId}`)).status).toBe(403);

    for (const other of [finn, reader]) {
      const refused = await admin.post(`/conversations/${documentId}/assign`, {
        assigneeId: other.id,
        expectedAssigneeId: null,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/cannot answer this conversation/);
    }
    expect((await admin.get(`/conversations/${documentId}`)).body.data.assignee).toBeNull();

    const assigned = await admin.post(`/conversations/${documentId}/assign`, {
      assigneeId: erin.id,
      expectedAssigneeId: null,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.data).toMatchObject({
      answeredBy: 'person',
      assignee: { id: erin.id, name: 'Erin Admin' },
    });
    // The conversation's record names the new manager, not an admin user id.
    expect((await admin.get(`/conversations/${documentId}`)).body.data.events).toContainEqual(
      expect.objectContaining({ kind: 'assigned', reason: 'Assigned to Erin Admin' })
    );
    const mine = (await erin.api.get('/inbox?filter=mine')).body.data as Array<{ documentId: string }>;
    expect(mine.map((row) => row.documentId)).toContain(documentId);
  });
});
