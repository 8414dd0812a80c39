import { DEMO_USERS } from '../../playground/src/seed/users';
import { eventually } from '../support/eventually';
import { deepLinkText, login, registerMember, requestLinkCode, say } from '../support/members';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

const [ada, ben, chloe] = DEMO_USERS;
let pipeline: Pipeline;
let nextNumber = 4917600000100;
const newPhone = () => `+${(nextNumber += 1)}`;

const strapi = () => pipeline.playground.strapi;
const channelOf = (phone: string) =>
  strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: phone }, populate: ['user'] });
const sessionsOf = async (jwt: string) => {
  const response = await pipeline.playground
    .request()
    .get('/api/auth/sessions')
    .set('Authorization', `Bearer ${jwt}`);
  expect(response.status).toBe(200);
  return response.body.data as Array<{ id: string; deviceId: string; deviceName?: string }>;
};

/** Links `phone` to the member: phrase from the web, sent from the phone via the deep link. */
const link = async (phone: string, email: string) => {
  const { jwt } = await login(pipeline, email);
  const code = await requestLinkCode(pipeline, jwt);
  const reply = await say(pipeline, phone, deepLinkText(code.deepLink));
  expect(reply).toMatch(/^Linked to /);
  return { jwt, code };
};

/**
 * Moves the clock (Date only; timers stay real, so Strapi keeps running) forward, never back:
 * the running Strapi has scheduled work by it, which a jump back would postpone.
 */
let clockOffset = 0;
const moveClock = (ms: number) => {
  clockOffset += ms;
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  jest.setSystemTime(performance.timeOrigin + performance.now() + clockOffset);
};

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterEach(() => {
  strapi()
    .plugin('whatsapp-agent')
    .service('router')
    .setAgent(async ({ text }: { text: string }) => `Echo: ${text}`);
});

afterAll(async () => {
  await pipeline?.stop();
  jest.useRealTimers();
});

describe('linking phrases on the web', () => {
  it('are issued only to a logged-in member', async () => {
    const anonymous = await pipeline.playground.request().post('/api/whatsapp-agent/link-codes');
    expect([401, 403]).toContain(anonymous.status);
  });

  it('come with the number, a 5-minute expiry and a wa.me deep link, and are stored only as a hash', async () => {
    const { jwt, user } = await login(pipeline, ada.email);
    const code = await requestLinkCode(pipeline, jwt);
    expect(code).toMatchObject({ channel: 'whatsapp', number: SERVICE_NUMBER });
    expect(code.code).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/);
    expect(Date.parse(code.expiresAt) - Date.now()).toBeGreaterThan(4.5 * 60_000);
    expect(Date.parse(code.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(code.deepLink.startsWith(`https://wa.me/${SERVICE_NUMBER.slice(1)}?text=`)).toBe(true);
    expect(deepLinkText(code.deepLink)).toContain(code.code);

    const rows = await strapi().db.connection('whatsapp_agent_link_codes').select('*');
    expect(JSON.stringify(rows)).not.toContain(code.code);
    expect(
      await strapi()
        .db.query('plugin::whatsapp-agent.link-code')
        .count({ where: { user: { id: user.id }, usedAt: null, revokedAt: null } })
    ).toBe(1);
  });

  it('replace the member’s previous phrase and are rate-limited per member', async () => {
    const { jwt } = await registerMember(pipeline);
    const first = await requestLinkCode(pipeline, jwt);
    await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, newPhone(), first.code)).toMatch(/wrong, expired or already used/);

    const responses = [];
    for (let i = 0; i < 5; i += 1)
      responses.push(
        await pipeline.playground
          .request()
          .post('/api/whatsapp-agent/link-codes')
          .set('Authorization', `Bearer ${jwt}`)
      );
    expect(responses.map((response) => response.status)).toContain(429);
    expect(responses.find((response) => response.status === 429)?.body.error.message).toMatch(
      /Too many linking phrases/
    );
  });
});

describe('linking from WhatsApp', () => {
  it('links through the deep-link text, confirms with the masked account, then acts as the member', async () => {
    const phone = newPhone();
    const { jwt } = await login(pipeline, ada.email);
    const code = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, deepLinkText(code.deepLink))).toBe(
      "Linked to A*** L*** (a***@example.com). From now on I answer with that account's access. Reply UNDO within 10 minutes if this was not you. Send HELP for what I can do."
    );

    const channel = await channelOf(phone);
    expect(channel).toMatchObject({ status: 'linked', user: { email: ada.email } });
    const session = (await sessionsOf(jwt)).find((entry) => entry.deviceId === `whatsapp:${phone}`);
    expect(session?.deviceName).toBe(`WhatsApp ${phone.slice(0, 3)} ••• ${phone.slice(-4)}`);

    strapi()
      .plugin('whatsapp-agent')
      .service('router')
      .setAgent(async (_turn: unknown, who: { user: { email: string } }) => `You are ${who.user.email}`);
    expect(await say(pipeline, phone, 'who am I?')).toBe(`You are ${ada.email}`);
  });

  it('links with a hand-typed phrase in any case and spacing', async () => {
    const phone = newPhone();
    const { jwt } = await login(pipeline, ben.email);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, `hi, my code is ${code.toUpperCase().replace(/-/g, ' ')}`)).toMatch(
      /^Linked to B\*\*\* O\*\*\* \(b\*\*\*@example\.com\)/
    );
  });

  it('never stores the refresh token in clear', async () => {
    const phone = newPhone();
    await link(phone, ada.email);
    const [row] = await strapi()
      .db.connection('whatsapp_agent_channels')
      .where({ address: phone })
      .select('*');
    expect(row.refresh_token_encrypted).toMatch(/^v1:/);
    const decrypted = strapi()
      .plugin('whatsapp-agent')
      .service('crypto')
      .decrypt(row.refresh_token_encrypted);
    expect(decrypted.split('.')).toHaveLength(3); // a JWT…
    expect(JSON.stringify(row)).not.toContain(decrypted); // …that appears nowhere in the row
    expect(JSON.stringify(row)).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });

  it('refuses wrong, reused and expired phrases with a clear reply', async () => {
    const phone = newPhone();
    expect(await say(pipeline, phone, 'abandon-ability-able-0000')).toMatch(
      /That linking phrase is wrong, expired or already used/
    );

    const { jwt } = await login(pipeline, chloe.email);
    const used = await requestLinkCode(pipeline, jwt);
    await say(pipeline, newPhone(), used.code);
    expect(await say(pipeline, phone, used.code)).toMatch(/wrong, expired or already used/);

    await strapi()
      .db.query('plugin::whatsapp-agent.link-code')
      .deleteMany({ where: { createdAt: { $gt: new Date(0) } } });
    const late = await requestLinkCode(pipeline, jwt);
    moveClock(5 * 60_000 + 1_000);
    expect(await say(pipeline, phone, late.code)).toMatch(/wrong, expired or already used/);
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });
  });

  it('locks a sender out after 5 wrong phrases an hour, even for a right one', async () => {
    const phone = newPhone();
    for (let i = 0; i < 4; i += 1)
      expect(await say(pipeline, phone, `abandon-ability-able-000${i}`)).toMatch(/wrong, expired/);
    // The fifth wrong phrase says the sender is locked out (an unlinked sender gets 5 replies an hour).
    expect(await say(pipeline, phone, 'abandon-ability-able-0009')).toMatch(
      /Too many wrong linking phrases from this number\. Try again in \d+ minutes/
    );

    await strapi()
      .db.query('plugin::whatsapp-agent.link-code')
      .deleteMany({ where: { createdAt: { $gt: new Date(0) } } });
    const { jwt } = await login(pipeline, ben.email);
    const { code } = await requestLinkCode(pipeline, jwt);
    // Locked, and its 5 replies of the hour are used up: a right phrase neither links nor gets a reply.
    expect(await say(pipeline, phone, code, { expectReply: false })).toBe('');
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });

    moveClock(61 * 60_000);
    await strapi()
      .db.query('plugin::whatsapp-agent.link-code')
      .deleteMany({ where: { createdAt: { $gt: new Date(0) } } });
    const fresh = await requestLinkCode(pipeline, (await login(pipeline, ben.email)).jwt);
    expect(await say(pipeline, phone, fresh.code)).toMatch(/^Linked to B/);
  });

  it('gives a stranger short instructions, at most once an hour, without any LLM', async () => {
    const phone = newPhone();
    expect(await say(pipeline, phone, 'hello?')).toMatch(/link this number to your account first/);
    expect(await say(pipeline, phone, 'anyone there?', { expectReply: false })).toBe('');
  });
});

describe('a number moving between members', () => {
  it('replaces the old binding only after revoking its session and erasing its history', async () => {
    const phone = newPhone();
    const adaLink = await link(phone, ada.email);
    await strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .update({
        where: { address: phone },
        data: { history: [{ role: 'user', content: 'private to Ada' }] },
      });

    await link(phone, ben.email);
    const channel = await channelOf(phone);
    expect(channel).toMatchObject({ status: 'linked', user: { email: ben.email }, history: [] });
    expect((await sessionsOf(adaLink.jwt)).map((session) => session.deviceId)).not.toContain(
      `whatsapp:${phone}`
    );
  });

  it('keeps two members on two phones apart', async () => {
    const [phoneA, phoneB] = [newPhone(), newPhone()];
    await link(phoneA, ada.email);
    await link(phoneB, chloe.email);
    strapi()
      .plugin('whatsapp-agent')
      .service('router')
      .setAgent(async (_turn: unknown, who: { user: { email: string } }) => `You are ${who.user.email}`);
    const [replyA, replyB] = await Promise.all([say(pipeline, phoneA, 'me?'), say(pipeline, phoneB, 'me?')]);
    expect(replyA).toBe(`You are ${ada.email}`);
    expect(replyB).toBe(`You are ${chloe.email}`);
  });
});

describe('commands', () => {
  it('UNDO within 10 minutes unlinks and tells the member to secure their account', async () => {
    const phone = newPhone();
    const { jwt } = await link(phone, ada.email);
    expect(await say(pipeline, phone, 'undo')).toMatch(
      /^Undone: this number is no longer linked to A\*\*\* L\*\*\*.*change it/s
    );
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked', user: null, history: [] });
    expect((await sessionsOf(jwt)).map((session) => session.deviceId)).not.toContain(`whatsapp:${phone}`);
  });

  it('UNDO after 10 minutes does nothing but point to UNLINK', async () => {
    const phone = newPhone();
    await link(phone, ada.email);
    moveClock(11 * 60_000);
    expect(await say(pipeline, phone, 'UNDO')).toMatch(/UNDO only works within 10 minutes/);
    expect(await channelOf(phone)).toMatchObject({ status: 'linked' });
  });

  it.each(['UNLINK', 'stop'])('%s revokes the session, erases the history and confirms', async (command) => {
    const phone = newPhone();
    const { jwt } = await link(phone, chloe.email);
    expect(await say(pipeline, phone, command)).toMatch(/^Unlinked from C\*\*\* M\*\*\*/);
    expect(await channelOf(phone)).toMatchObject({
      status: 'unlinked',
      refreshTokenEncrypted: null,
      history: [],
    });
    expect((await sessionsOf(jwt)).map((session) => session.deviceId)).not.toContain(`whatsapp:${phone}`);
    expect(await say(pipeline, phone, 'UNLINK')).toBe('This number is not linked to an account.');
  });

  it('HELP says what the number is linked to and lists the commands', async () => {
    const phone = newPhone();
    await link(phone, ben.email);
    const help = await say(pipeline, phone, 'Help');
    expect(help).toMatch(/linked to B\*\*\* O\*\*\*/);
    expect(help).toMatch(/UNLINK/);
  });
});

describe('the auth layer ends a binding at the next message', () => {
  it('when the session is revoked through users-permissions', async () => {
    const phone = newPhone();
    const { jwt } = await link(phone, ada.email);
    const session = (await sessionsOf(jwt)).find((s) => s.deviceId === `whatsapp:${phone}`);
    const revoke = await pipeline.playground
      .request()
      .delete(`/api/auth/sessions/${session?.id}`)
      .set('Authorization', `Bearer ${jwt}`);
    expect(revoke.status).toBeLessThan(300);

    expect(await say(pipeline, phone, 'still there?')).toMatch(
      /Your WhatsApp link has ended.*send a new linking phrase/s
    );
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });
  });

  it('when the member is blocked', async () => {
    const phone = newPhone();
    await link(phone, chloe.email);
    const users = strapi().db.query('plugin::users-permissions.user');
    await users.update({ where: { email: chloe.email }, data: { blocked: true } });
    try {
      expect(await say(pipeline, phone, 'hello')).toMatch(/Your account is blocked/);
      expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });
    } finally {
      await users.update({ where: { email: chloe.email }, data: { blocked: false } });
    }
  });

  it('when the member is deleted, and everything the plugin kept about them goes too', async () => {
    const member = await registerMember(pipeline);
    const phone = newPhone();
    const { jwt } = await login(pipeline, member.email, member.password);
    const code = await requestLinkCode(pipeline, jwt);
    await say(pipeline, phone, code.code);
    await requestLinkCode(pipeline, jwt); // an unused phrase
    const channel = await channelOf(phone);
    // A message not answered yet: its retry is due only in an hour.
    await strapi()
      .db.query('plugin::whatsapp-agent.inbound-message')
      .create({
        data: {
          messageSid: `SM${'7'.repeat(32)}`,
          channelId: channel.id,
          from: phone,
          to: `whatsapp:${SERVICE_NUMBER}`,
          body: 'a message not answered yet',
          status: 'pending',
          attempts: 1,
          receivedAt: new Date(),
          nextAttemptAt: new Date(Date.now() + 3_600_000),
        },
      });

    await strapi().documents('plugin::users-permissions.user').delete({ documentId: member.user.documentId });

    await eventually(async () => {
      expect(await channelOf(phone)).toBeNull();
      expect(
        await strapi()
          .db.query('plugin::whatsapp-agent.inbound-message')
          .count({ where: { channelId: channel.id } })
      ).toBe(0);
      expect(
        await strapi()
          .db.query('plugin::whatsapp-agent.outbound-message')
          .count({ where: { channelId: channel.id } })
      ).toBe(0);
      expect(
        await strapi()
          .db.query('plugin::whatsapp-agent.link-code')
          .count({ where: { user: { id: member.user.id } } })
      ).toBe(0);
      expect(
        await strapi()
          .db.query('admin::session')
          .count({ where: { userId: String(member.user.id), deviceId: `whatsapp:${phone}` } })
      ).toBe(0);
    });
  });
});

describe('member endpoints', () => {
  it('list the member’s own linked channels, masked, and unlink one', async () => {
    const phone = newPhone();
    const { jwt } = await link(phone, ben.email);
    const mine = await pipeline.playground
      .request()
      .get('/api/whatsapp-agent/channels/me')
      .set('Authorization', `Bearer ${jwt}`);
    expect(mine.status).toBe(200);
    const entry = mine.body.data.find(
      (channel: { address: string }) => channel.address === `${phone.slice(0, 3)} ••• ${phone.slice(-4)}`
    );
    expect(entry).toMatchObject({
      kind: 'whatsapp',
      documentId: expect.any(String),
      linkedAt: expect.any(String),
    });
    expect(JSON.stringify(mine.body)).not.toContain(phone);

    const other = await login(pipeline, ada.email);
    const foreign = await pipeline.playground
      .request()
      .delete(`/api/whatsapp-agent/channels/me/${entry.documentId}`)
      .set('Authorization', `Bearer ${other.jwt}`);
    expect(foreign.status).toBe(404);

    const own = await pipeline.playground
      .request()
      .delete(`/api/whatsapp-agent/channels/me/${entry.documentId}`)
      .set('Authorization', `Bearer ${jwt}`);
    expect(own.status).toBe(204);
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked', history: [] });
    expect((await sessionsOf(jwt)).map((session) => session.deviceId)).not.toContain(`whatsapp:${phone}`);
  });
});
