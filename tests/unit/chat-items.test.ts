import type { UndeliveredReply } from '../../server/src/admin-api';
import { chatItems, placeUndelivered } from '../../admin/src/utils/chat-items';

const part = (body: string | null, at = '2026-11-27T09:00:00.000Z'): UndeliveredReply => ({
  at,
  body,
  status: 'not_sent_window_closed',
  reason: "Outside WhatsApp's 24-hour window",
  errorCode: null,
});

const kinds = (items: ReturnType<typeof placeUndelivered>['items']) =>
  items.map((item) => (item.kind === 'undelivered' ? `undelivered:${item.reply.body}` : item.kind));

describe('placeUndelivered', () => {
  const history = chatItems([
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'OK' },
    { role: 'user', content: 'events?' },
    { role: 'assistant', content: 'First part.\n\nSecond part.' },
    { role: 'user', content: 'thanks' },
    { role: 'assistant', content: 'OK' },
  ]);

  it('puts a part right after the newest agent message it was cut from, parts of one reply in order', () => {
    const { items, unplaced } = placeUndelivered(history, [
      part('First part.'),
      part('Second part.'),
      part('OK'),
    ]);
    expect(kinds(items)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'undelivered:First part.',
      'undelivered:Second part.',
      'user',
      'assistant',
      'undelivered:OK',
    ]);
    expect(unplaced).toEqual([]);
    // A part that is the whole message need not repeat its text; a part of a longer one does.
    expect(
      items.flatMap((item) => (item.kind === 'undelivered' ? [[item.reply.body, item.whole]] : []))
    ).toEqual([
      ['First part.', false],
      ['Second part.', false],
      ['OK', true],
    ]);
  });

  it('lists apart, oldest first, what it cannot place: erased texts, fixed replies, parts out of order', () => {
    const erased = part(null, '2026-11-27T08:00:00.000Z');
    const fixedReply = part('Linked to A*** L***', '2026-11-27T08:30:00.000Z');
    // Recorded before the "First part." below, yet only a later message holds it.
    const outOfOrder = part('OK', '2026-11-27T08:45:00.000Z');
    const { items, unplaced } = placeUndelivered(history.slice(2), [
      erased,
      fixedReply,
      outOfOrder,
      part('First part.'),
    ]);
    expect(kinds(items)).toEqual(['user', 'assistant', 'undelivered:First part.', 'user', 'assistant']);
    expect(unplaced).toEqual([erased, fixedReply, outOfOrder]);
  });
});
