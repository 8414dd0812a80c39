import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed';
import { startCluster, type Cluster } from '../support/cluster';
import { eventually, settle } from '../support/eventually';
import { describeOnPostgres } from '../support/on-postgres';

/**
 * Two playground processes on one PostgreSQL database, both answering and both looking for due
 * reminders every 5 seconds: a member going to an event gets its reminder once — the database's
 * unique key decides which process sends it.
 */
const INTERVAL_SECONDS = 5;
const [ada] = DEMO_USERS;
const phone = '+4917700002001';
const address = `whatsapp:${phone}`;
let cluster: Cluster;

const api = async (path: string, init: RequestInit & { token?: string; instance?: number } = {}) => {
  const { token, instance = 0, ...rest } = init;
  const response = await fetch(`${cluster.instances[instance].baseUrl}${path}`, {
    ...rest,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Sends `text` from Ada's phone and waits for the reply it gets. */
const say = async (text: string) => {
  const before = cluster.twilio.sentTo(address).length;
  await cluster.twilio.sendInbound({ from: address, body: text });
  await eventually(() => {
    if (cluster.twilio.sentTo(address).length <= before) throw new Error(`No reply to "${text}"`);
  });
};

describeOnPostgres('reminders with two processes', () => {
  beforeAll(async () => {
    cluster = await startCluster({
      roles: ['all', 'all'],
      env: {
        WHATSAPP_AGENT_PROACTIVE_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
        // One reminder, up to 14 days before: the seeded events of the coming days are due now.
        WHATSAPP_AGENT_REMINDERS_BEFORE_MINUTES: String(14 * 24 * 60),
        WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('sends one reminder, however many processes find it due', async () => {
    const login = await api('/api/auth/local', {
      method: 'POST',
      body: JSON.stringify({ identifier: ada.email, password: DEMO_PASSWORD }),
    });
    const token = String(login.body.jwt);
    const phrase = await api('/api/whatsapp-agent/link-codes', { method: 'POST', token, instance: 1 });
    await say(String(phrase.body.code));
    await say('REMINDERS ON');

    const soon = new Date(Date.now() + 14 * 24 * 60 * 60 * 1000).toISOString();
    const events = await api(
      `/api/events?filters[community][slug][$eq]=${ada.community}&filters[startsAt][$gt]=${new Date().toISOString()}&filters[startsAt][$lt]=${soon}&sort=startsAt:asc`,
      { token }
    );
    const event = (events.body.data as Array<{ documentId: string; title: string }>)[0];
    expect(event).toBeDefined();
    expect(
      (
        await api(`/api/events/${event.documentId}/rsvp`, {
          method: 'POST',
          token,
          body: JSON.stringify({ status: 'going' }),
        })
      ).status
    ).toBe(201);

    const reminders = () =>
      cluster.twilio.sentTo(address).filter((message) => message.body.startsWith('Reminder:'));
    await eventually(() => {
      if (reminders().length === 0) throw new Error('No reminder yet');
    });
    // Both processes look again a few times.
    await settle(3 * INTERVAL_SECONDS * 1000);
    expect(reminders().map((message) => message.body)).toEqual([expect.stringContaining(`*${event.title}*`)]);
    const rows = await cluster.sql<{ key: string; status: string }>(
      'SELECT key, status FROM whatsapp_agent_proactive_messages'
    );
    expect(rows).toEqual([
      { key: expect.stringMatching(new RegExp(`^reminder:20160:\\d+:${event.documentId}$`)), status: 'sent' },
    ]);
  });
});
