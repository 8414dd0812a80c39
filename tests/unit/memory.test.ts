import { activeHistory, trimHistory, type HistoryMessage } from '../../server/src/agent/memory';

const turn = (i: number, withTools: boolean, toolResult = '[]'): HistoryMessage[] => [
  { role: 'user', content: `question ${i}` },
  ...(withTools
    ? ([
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: `call_${i}a`, type: 'function', function: { name: 'search_members', arguments: '{}' } },
            { id: `call_${i}b`, type: 'function', function: { name: 'search_events', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: `call_${i}a`, content: toolResult },
        { role: 'tool', tool_call_id: `call_${i}b`, content: toolResult },
      ] as HistoryMessage[])
    : []),
  { role: 'assistant', content: `answer ${i}` },
];

const NO_BYTE_CAP = { maxTurns: 20, maxBytes: Number.MAX_SAFE_INTEGER };
const bytes = (history: HistoryMessage[]) => Buffer.byteLength(JSON.stringify(history), 'utf8');
const questions = (history: HistoryMessage[]) =>
  history.filter((message) => message.role === 'user').map((message) => message.content);

/** Every assistant `tool_calls` message is directly followed by one result per call, in order. */
const expectToolPairsIntact = (history: HistoryMessage[]) => {
  history.forEach((message, index) => {
    if (message.role === 'tool') {
      const owner = history
        .slice(0, index)
        .reverse()
        .find((earlier) => earlier.role !== 'tool');
      expect(owner).toMatchObject({ role: 'assistant', tool_calls: expect.any(Array) });
    }
    if (message.role !== 'assistant' || !message.tool_calls) return;
    const ids = message.tool_calls.map((call) => call.id);
    const results = history
      .slice(index + 1, index + 1 + ids.length)
      .map((next) => (next.role === 'tool' ? next.tool_call_id : undefined));
    expect(results).toEqual(ids);
  });
};

describe('conversation memory', () => {
  it('keeps the last 20 turns and never separates tool calls from their results', () => {
    const history = Array.from({ length: 25 }, (_, i) => turn(i, i % 2 === 0)).flat();
    const trimmed = trimHistory(history, NO_BYTE_CAP);
    expect(trimmed.filter((message) => message.role === 'user')).toHaveLength(20);
    expect(trimmed[0]).toEqual({ role: 'user', content: 'question 5' });
    expectToolPairsIntact(trimmed);
  });

  it('drops orphaned messages before the first user message', () => {
    const history = [...turn(1, true).slice(1), ...turn(2, false)];
    expect(trimHistory(history, NO_BYTE_CAP)).toEqual(turn(2, false));
  });

  it('forgets everything after 30 idle minutes', () => {
    const history = turn(1, false);
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(activeHistory(history, new Date(now - 29 * 60_000), 30, now)).toEqual(history);
    expect(activeHistory(history, new Date(now - 31 * 60_000), 30, now)).toEqual([]);
    expect(activeHistory(null, new Date(now), 30, now)).toEqual([]);
  });
});

describe('the byte cap on conversation memory', () => {
  // Each turn holds two 1 KB tool results (about 2.4 KB in all).
  const history = Array.from({ length: 6 }, (_, i) => turn(i, true, 'x'.repeat(1_000))).flat();

  it('drops the oldest whole turns until the history fits, tool pairs intact', () => {
    const trimmed = trimHistory(history, { maxTurns: 20, maxBytes: 5_000 });
    expect(bytes(trimmed)).toBeLessThanOrEqual(5_000);
    expect(questions(trimmed)).toEqual(['question 4', 'question 5']);
    expect(trimmed).toEqual(history.slice(-2 * turn(0, true).length));
    expectToolPairsIntact(trimmed);
  });

  it('counts the bytes as stored: JSON, UTF-8', () => {
    const exact = bytes(history);
    expect(trimHistory(history, { maxTurns: 20, maxBytes: exact })).toEqual(history);
    expect(questions(trimHistory(history, { maxTurns: 20, maxBytes: exact - 1 }))).toHaveLength(5);
    const umlauts = [turn(1, false), turn(2, false)].flat().map((message) => ({
      ...message,
      content: `${message.content} ${'ü'.repeat(500)}`,
    })) as HistoryMessage[];
    // 1,000 characters of umlauts per message are 2,000 bytes: only the last turn fits in 4,100.
    expect(questions(trimHistory(umlauts, { maxTurns: 20, maxBytes: 4_100 }))).toEqual([
      `question 2 ${'ü'.repeat(500)}`,
    ]);
  });

  it('applies the turn limit too, whichever is smaller', () => {
    expect(questions(trimHistory(history, { maxTurns: 1, maxBytes: Number.MAX_SAFE_INTEGER }))).toEqual([
      'question 5',
    ]);
  });

  it('keeps a latest turn larger than the cap as question and answer, without its tool calls', () => {
    const huge = turn(9, true, 'x'.repeat(100_000));
    const trimmed = trimHistory([...history, ...huge], { maxTurns: 20, maxBytes: 5_500 });
    expect(bytes(trimmed)).toBeLessThanOrEqual(5_500);
    // The older turns still fill what the stripped turn leaves.
    expect(questions(trimmed)).toEqual(['question 4', 'question 5', 'question 9']);
    expect(trimmed.slice(-2)).toEqual([
      { role: 'user', content: 'question 9' },
      { role: 'assistant', content: 'answer 9' },
    ]);
    expectToolPairsIntact(trimmed);
  });

  it('forgets a latest turn whose question and answer alone exceed the cap', () => {
    const [question, ...rest] = turn(9, true);
    const huge = [{ ...question, content: 'y'.repeat(10_000) }, ...rest] as HistoryMessage[];
    expect(trimHistory([...history, ...huge], { maxTurns: 20, maxBytes: 5_000 })).toEqual([]);
  });
});
