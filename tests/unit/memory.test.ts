import { activeHistory, trimHistory, type HistoryMessage } from '../../server/src/agent/memory';

const turn = (i: number, withTools: boolean): HistoryMessage[] => [
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
        { role: 'tool', tool_call_id: `call_${i}a`, content: '[]' },
        { role: 'tool', tool_call_id: `call_${i}b`, content: '[]' },
      ] as HistoryMessage[])
    : []),
  { role: 'assistant', content: `answer ${i}` },
];

describe('conversation memory', () => {
  it('keeps the last 20 turns and never separates tool calls from their results', () => {
    const history = Array.from({ length: 25 }, (_, i) => turn(i, i % 2 === 0)).flat();
    const trimmed = trimHistory(history, 20);
    expect(trimmed.filter((message) => message.role === 'user')).toHaveLength(20);
    expect(trimmed[0]).toEqual({ role: 'user', content: 'question 5' });
    trimmed.forEach((message, index) => {
      if (message.role !== 'assistant' || !('tool_calls' in message) || !message.tool_calls) return;
      const ids = message.tool_calls.map((call) => call.id);
      const results = trimmed
        .slice(index + 1, index + 1 + ids.length)
        .map((next) => (next.role === 'tool' ? next.tool_call_id : undefined));
      expect(results).toEqual(ids);
    });
  });

  it('drops orphaned messages before the first user message', () => {
    const history = [...turn(1, true).slice(1), ...turn(2, false)];
    expect(trimHistory(history, 20)).toEqual(turn(2, false));
  });

  it('forgets everything after 30 idle minutes', () => {
    const history = turn(1, false);
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(activeHistory(history, new Date(now - 29 * 60_000), 30, now)).toEqual(history);
    expect(activeHistory(history, new Date(now - 31 * 60_000), 30, now)).toEqual([]);
    expect(activeHistory(null, new Date(now), 30, now)).toEqual([]);
  });
});
