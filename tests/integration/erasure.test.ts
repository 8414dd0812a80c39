import { newSid } from '../../simulator/twilio-emulator';
import { registerMember, requestLinkCode, say } from '../support/members';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

// Unlinking must erase the conversation for real (issue 11): not only the history, but the text
// of every message in and out, in every plugin table. Counts and costs stay.
let pipeline: Pipeline;
let nextNumber = 4917800000100;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;

/** Every row of every table of the plugin, as the database holds it. */
const rawPluginRows = async () => {
  const uids = Object.keys(strapi().contentTypes).filter((uid) => uid.startsWith('plugin::whatsapp-agent.'));
  const rows = await Promise.all(
    uids.map((uid) => strapi().db.connection(strapi().db.metadata.get(uid).tableName).select('*'))
  );
  return JSON.stringify(rows);
};

const linkNewMember = async (phone: string) => {
  const member = await registerMember(pipeline);
  const { code } = await requestLinkCode(pipeline, member.jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to /);
  return member;
};

beforeAll(async () => {
  pipeline = await startPipeline();
  strapi()
    .plugin('whatsapp-agent')
    .service('router')
    .setAgent(async ({ text }: { text: string }) => `Noted: ${text}`);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('erasing a conversation', () => {
  it('after UNLINK, no plugin table holds the text of the member’s messages or of our replies', async () => {
    const phone = newPhone();
    await linkNewMember(phone);
    expect(await say(pipeline, phone, 'PRIVATE-NOTE-XYZ my health issue')).toBe(
      'Noted: PRIVATE-NOTE-XYZ my health issue'
    );
    expect(await rawPluginRows()).toContain('PRIVATE-NOTE-XYZ');

    expect(await say(pipeline, phone, 'UNLINK')).toMatch(/^Unlinked from /);
    expect(await rawPluginRows()).not.toContain('PRIVATE-NOTE-XYZ');
    // What the ledger needs stays: the messages are still counted.
    const inbound = await strapi()
      .db.query('plugin::whatsapp-agent.inbound-message')
      .findMany({ where: { from: phone } });
    expect(inbound.length).toBeGreaterThanOrEqual(3);
    expect(inbound.every((row: { status: string }) => ['processed', 'processing'].includes(row.status))).toBe(
      true
    );
  });

  it('after the member is deleted (having unlinked before), nothing of their text is left either', async () => {
    const phone = newPhone();
    const member = await linkNewMember(phone);
    await say(pipeline, phone, 'SECRET-DIAGNOSIS-ABC please keep this');
    await say(pipeline, phone, 'STOP');
    await strapi().documents('plugin::users-permissions.user').delete({ documentId: member.user.documentId });
    expect(await rawPluginRows()).not.toContain('SECRET-DIAGNOSIS-ABC');
  });

  it('erases the text of messages older than the retention period (default 30 days)', async () => {
    const phone = newPhone();
    const channel = await strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .create({ data: { kind: 'whatsapp', address: phone, status: 'unlinked', history: [] } });
    const old = new Date(Date.now() - 31 * 86_400_000);
    const recent = new Date(Date.now() - 29 * 86_400_000);
    for (const [receivedAt, body] of [
      [old, 'OLD-TEXT-31-DAYS'],
      [recent, 'RECENT-TEXT-29-DAYS'],
    ] as const) {
      await strapi()
        .db.query('plugin::whatsapp-agent.inbound-message')
        .create({
          data: {
            messageSid: newSid('SM'),
            channelId: channel.id,
            from: phone,
            to: `whatsapp:${SERVICE_NUMBER}`,
            body,
            params: { Body: body },
            status: 'processed',
            attempts: 1,
            receivedAt,
          },
        });
    }

    // The job runs hourly; here it runs now.
    await strapi().plugin('whatsapp-agent').service('privacy').applyRetention();
    const rows = await rawPluginRows();
    expect(rows).not.toContain('OLD-TEXT-31-DAYS');
    expect(rows).toContain('RECENT-TEXT-29-DAYS');
  });
});
