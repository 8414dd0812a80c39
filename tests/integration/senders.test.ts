import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { createProactiveSender } from '../../server/src/scheduler/send-proactive';
import { newSid, postSigned } from '../../simulator/twilio-emulator';
import { adminApi, adminLogin, liftDefaultPlan } from '../support/admins';
import { settle } from '../support/eventually';
import { expectLogged } from '../support/log-capture';
import { login, memberWithRole, requestLinkCode } from '../support/members';
import { SERVICE_NUMBER, startPipeline, WEBHOOK_PATH, type Pipeline } from '../support/pipeline';

// Senders (README: Senders): two communities, each with its own WhatsApp number on its own
// Twilio sub-account, beside the default number of the main account. A member is answered from
// the number they wrote to and billed to its sub-account; a webhook for one sub-account's number
// signed with the other's token is refused; what we start (a reminder) goes from the member's
// community's number.

const A_NUMBER = '+14155550101';
const B_NUMBER = '+14155550202';
let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let subA: { sid: string; authToken: string };
let subB: { sid: string; authToken: string };
let senderA: { id: number };
let senderB: { id: number };
let nextNumber = 4917700002100;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');

const communityKey = async (slug: string) =>
  String((await strapi().db.query('api::community.community').findOne({ where: { slug } })).documentId);

/** The member writes `body` from `phone` to `to` (one of our numbers, on `accountSid`); resolves with the replies. */
const write = async (phone: string, body: string, to: string, accountSid?: string) => {
  const address = `whatsapp:${phone}`;
  const before = pipeline.twilio.sentTo(address).length;
  const { status } = await pipeline.twilio.sendInbound({
    from: address,
    body,
    to: `whatsapp:${to}`,
    ...(accountSid ? { accountSid } : {}),
  });
  expect(status).toBe(200);
  await pipeline.twilio.waitFor(() => pipeline.twilio.sentTo(address).length > before);
  await settle(300);
  return pipeline.twilio.sentTo(address).slice(before);
};

/** A member of the community `slug`, linked by sending the phrase to `to`. */
const linkedMember = async (slug: string, to: string, accountSid?: string) => {
  const member = await memberWithRole(pipeline, [], { community: slug });
  const { jwt } = await login(pipeline, member.email, member.password);
  const link = await requestLinkCode(pipeline, jwt);
  const phone = newPhone();
  const [reply] = await write(phone, link.code, to, accountSid);
  expect(reply.body).toMatch(/^Linked to/);
  return { ...member, phone, link };
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  await liftDefaultPlan(pipeline);
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  subA = pipeline.twilio.addSubAccount({ friendlyName: 'Climate Builders' });
  subB = pipeline.twilio.addSubAccount({ friendlyName: 'Open Source Makers' });
  const add = async (displayName: string, address: string, account: typeof subA, slug: string) => {
    const response = await admin.post('/senders', {
      displayName,
      kind: 'whatsapp',
      address,
      accountSid: account.sid,
      authToken: account.authToken,
      community: await communityKey(slug),
      messagesPerSecond: 5,
    });
    expect(response.status).toBe(201);
    return response.body.data as { id: number };
  };
  senderA = await add('Climate Builders', A_NUMBER, subA, 'climate-builders');
  senderB = await add('Open Source Makers', B_NUMBER, subB, 'open-source-makers');
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('senders in the admin API', () => {
  it('lists each sender without its token, and tests its connection with its own credentials', async () => {
    const response = await admin.get('/senders');
    expect(response.status).toBe(200);
    expect(response.body.data.default).toEqual({
      accountSid: expect.stringMatching(/^AC/),
      whatsappNumber: SERVICE_NUMBER,
      smsNumber: null,
    });
    expect(response.body.data.senders).toEqual([
      expect.objectContaining({ id: senderA.id, address: A_NUMBER, accountSid: subA.sid }),
      expect.objectContaining({ id: senderB.id, address: B_NUMBER, accountSid: subB.sid }),
    ]);
    expect(response.body.data.senders[0].authToken).toEqual({ set: true, usable: true });
    expect(JSON.stringify(response.body)).not.toContain(subA.authToken);
    const stored = await strapi()
      .db.query('plugin::whatsapp-agent.sender')
      .findOne({ where: { id: senderA.id } });
    expect(stored.authTokenEncrypted).not.toContain(subA.authToken);

    const check = await admin.post(`/senders/${senderA.id}/check`);
    expect(check.body.data).toMatchObject({
      ok: true,
      account: {
        sid: subA.sid,
        friendlyName: 'Climate Builders',
        status: 'active',
        parentSid: expect.stringMatching(/^AC/),
      },
    });
    expect(check.body.data.message).toContain('a sub-account of');
  });

  it("refuses the default sender's number and a second sender on the same number", async () => {
    const body = { displayName: 'Dup', kind: 'whatsapp', accountSid: subA.sid, authToken: subA.authToken };
    const asDefault = await admin.post('/senders', { ...body, address: SERVICE_NUMBER });
    expect(asDefault.status).toBe(400);
    expect(asDefault.body.error.message).toContain('already the default sender');
    const twice = await admin.post('/senders', { ...body, address: A_NUMBER });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('Another sender already has this number');
  });

  it('refuses a community key no community has, on adding and on changing, and stores nothing', async () => {
    const unknown = 'no-such-community';
    const refusal = `No community has the key "${unknown}": pick one of the list, or no community`;
    const added = await admin.post('/senders', {
      displayName: 'Nobody',
      kind: 'whatsapp',
      address: '+14155550303',
      accountSid: subA.sid,
      authToken: subA.authToken,
      community: unknown,
    });
    expect(added.status).toBe(400);
    expect(added.body.error.message).toBe(refusal);
    expect(added.body.error.details.errors).toEqual([{ path: ['community'], message: refusal }]);
    const changed = await admin.put(`/senders/${senderA.id}`, { community: unknown });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toBe(refusal);

    const senders = (await admin.get('/senders')).body.data.senders as Array<{
      id: number;
      community: string;
    }>;
    expect(senders.map(({ id }) => id)).toEqual([senderA.id, senderB.id]);
    expect(senders[0].community).toBe(await communityKey('climate-builders'));
  });

  it("keeps a sender's key whose community was deleted since, while its other fields change", async () => {
    const communities = strapi().documents('api::community.community');
    const gone = await communities.create({ data: { name: 'Short-lived', slug: 'short-lived' } });
    const added = await admin.post('/senders', {
      displayName: 'Short-lived',
      kind: 'sms',
      address: '+14155550404',
      accountSid: subA.sid,
      authToken: subA.authToken,
      community: gone.documentId,
    });
    expect(added.status).toBe(201);
    await communities.delete({ documentId: gone.documentId });

    const renamed = await admin.put(`/senders/${added.body.data.id}`, {
      displayName: 'Short-lived, renamed',
      community: gone.documentId,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({
      displayName: 'Short-lived, renamed',
      community: gone.documentId,
    });
    expect((await admin.delete(`/senders/${added.body.data.id}`)).status).toBe(204);
  });
});

describe('a member writing to their community’s number', () => {
  it('is answered from that number, through and billed to its sub-account', async () => {
    const ada = await linkedMember('climate-builders', A_NUMBER, subA.sid);
    // The phrase and its deep link name the community's own number.
    expect(ada.link.number).toBe(A_NUMBER);
    expect(ada.link.deepLink).toMatch(/^https:\/\/wa\.me\/14155550101\?/);
    pipeline.llm.script({ content: 'Hello from Climate Builders' });
    const [reply] = await write(ada.phone, 'Hi!', A_NUMBER, subA.sid);
    expect(reply).toMatchObject({
      body: 'Hello from Climate Builders',
      from: `whatsapp:${A_NUMBER}`,
      accountSid: subA.sid,
    });
    const channel = await channels().findOne({ where: { address: ada.phone } });
    expect(channel.senderId).toBe(senderA.id);
    // Every message of the conversation, in and out, is on A's sender in the ledger.
    await settle(500);
    const rows = await ledger().findMany({
      where: { channelId: channel.id, kind: { $in: ['inbound', 'outbound'] } },
    });
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((row: { senderId: number }) => row.senderId))).toEqual(new Set([senderA.id]));
    // Nothing of it went through the main account.
    expect(
      pipeline.twilio.sentTo(`whatsapp:${ada.phone}`).every((sent) => sent.accountSid === subA.sid)
    ).toBe(true);
  });

  it("refuses with 403, storing nothing, a webhook for A's number signed with B's token", async () => {
    const messageSid = newSid('SM');
    const params = {
      MessageSid: messageSid,
      SmsMessageSid: messageSid,
      AccountSid: subA.sid,
      From: `whatsapp:${newPhone()}`,
      To: `whatsapp:${A_NUMBER}`,
      Body: 'Let me in',
      NumMedia: '0',
    };
    const url = `${pipeline.playground.baseUrl}${WEBHOOK_PATH}`;
    const forged = await postSigned(url, subB.authToken, params);
    expect(forged.status).toBe(403);
    // Claiming B's account for A's number, signed with B's token: B has no such number.
    const misaddressed = await postSigned(url, subB.authToken, { ...params, AccountSid: subB.sid });
    expect(misaddressed.status).toBe(403);
    await expectLogged('warn', /Rejected a webhook request: Invalid Twilio signature/);
    // Strapi logs each refused request at error level too.
    await expectLogged('error', /Invalid Twilio signature/);
    await expectLogged('error', /not this plugin's WhatsApp sender/);
    await expectLogged('warn', /Rejected a message to whatsapp:\+14155550101/);
    expect(await inbound().count({ where: { messageSid } })).toBe(0);
  });

  it('a member writing to the default number is answered from it, as before senders', async () => {
    const member = await linkedMember('climate-builders', SERVICE_NUMBER);
    const channel = await channels().findOne({ where: { address: member.phone } });
    expect(channel.senderId).toBeNull();
    const sent = pipeline.twilio.sentTo(`whatsapp:${member.phone}`);
    expect(sent.map((message) => message.from)).toEqual([`whatsapp:${SERVICE_NUMBER}`]);
  });
});

describe('what we start', () => {
  it("a reminder for a member of B goes from B's number, even when they linked on the default one", async () => {
    const bob = await linkedMember('open-source-makers', SERVICE_NUMBER);
    const channel = await channels().findOne({ where: { address: bob.phone } });
    const key = `reminder:1440:${bob.user.id}:senders-test`;
    const outcome = await createProactiveSender(strapi()).send(
      { key, kind: 'reminder', userId: bob.user.id, dueAt: new Date(), channelId: channel.id },
      async () => ({
        text: 'Reminder: Open Source Night',
        template: { purpose: 'eventReminder', values: {} },
      })
    );
    expect(outcome).toBe('sent');
    const [reminder] = pipeline.twilio
      .sentTo(`whatsapp:${bob.phone}`)
      .filter((message) => message.body === 'Reminder: Open Source Night');
    expect(reminder).toMatchObject({ from: `whatsapp:${B_NUMBER}`, accountSid: subB.sid });
  });
});
