import { offlineModelReply } from '../../simulator/offline-model';

const TOOLS = ['search_events', 'get_events', 'rsvp_event'].map((name) => ({
  type: 'function',
  function: { name },
}));
const ask = (messages: Array<Record<string, unknown>>) =>
  offlineModelReply({ model: 'offline', messages, tools: TOOLS } as never);

describe('the offline demo model books an event', () => {
  const question = { role: 'user', content: 'Book me into the next climate meetup' };

  it('searches the upcoming events earliest first, proposes an RSVP to the first, then leaves the question to the member', () => {
    const before = Date.now();
    const search = ask([question]);
    expect(search).toEqual({
      toolCalls: [
        {
          name: 'search_events',
          arguments: { query: 'climate meetup', from: expect.any(String), order: 'date', limit: 3 },
        },
      ],
    });
    const from = Date.parse(
      (search as unknown as { toolCalls: Array<{ arguments: { from: string } }> }).toolCalls[0].arguments.from
    );
    expect(from).toBeGreaterThanOrEqual(before);
    expect(from).toBeLessThanOrEqual(Date.now());
    const found = {
      role: 'tool',
      content: JSON.stringify({ events: [{ documentId: 'ev1', title: 'Meetup' }] }),
    };
    expect(ask([question, found])).toEqual({
      toolCalls: [{ name: 'rsvp_event', arguments: { documentId: 'ev1', status: 'going' } }],
    });
    const proposed = { role: 'tool', content: JSON.stringify({ status: 'waiting_for_confirmation' }) };
    expect(ask([question, found, proposed])).toEqual({ content: 'Shall I? Just confirm below.' });
  });

  it('says so when nothing was found', () => {
    const none = { role: 'tool', content: JSON.stringify({ events: [], count: 0 }) };
    expect(ask([question, none])).toEqual({ content: 'I found nothing matching that. Try other words?' });
  });

  it('books an event picked from a list at once', () => {
    const pick = { role: 'user', content: 'I pick "Climate Builders So…" (events documentId ev7)' };
    expect(ask([pick])).toEqual({
      toolCalls: [{ name: 'rsvp_event', arguments: { documentId: 'ev7', status: 'going' } }],
    });
    const proposed = { role: 'tool', content: JSON.stringify({ status: 'waiting_for_confirmation' }) };
    expect(ask([pick, proposed])).toEqual({ content: 'Shall I? Just confirm below.' });
  });
});

describe('the offline demo model hands over to a person', () => {
  const withHandoff = (messages: Array<Record<string, unknown>>) =>
    offlineModelReply({
      model: 'offline',
      messages,
      tools: [...TOOLS, { type: 'function', function: { name: 'handoff_to_person' } }],
    } as never);

  it('asks for a person when the member wants to talk to one, then says so', () => {
    const question = { role: 'user', content: 'can I talk to a person?' };
    expect(withHandoff([question])).toEqual({
      toolCalls: [
        {
          name: 'handoff_to_person',
          arguments: { reason: 'member_asked', summary: 'can I talk to a person?' },
        },
      ],
    });
    const accepted = {
      role: 'tool',
      content: JSON.stringify({ ok: true, note: 'A community manager will take over after this reply.' }),
    };
    expect(withHandoff([question, accepted])).toEqual({
      content: 'Sure: I am passing you to a community manager.',
    });
  });
});
