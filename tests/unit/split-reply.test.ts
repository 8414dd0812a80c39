import { splitReply } from '../../server/src/outbox/split-reply';

const sentence = (n: number) => `Sentence number ${n} talks about a member you could meet this week.`;

describe('splitReply', () => {
  it('keeps a short reply whole', () => {
    expect(splitReply('  Hello there!  ', 1600)).toEqual(['Hello there!']);
    expect(splitReply('', 1600)).toEqual([]);
  });

  it('splits 4000 characters of paragraphs into 3 parts of at most 1600, at paragraph breaks', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `${i}: ${'x'.repeat(95)}`);
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThanOrEqual(3900);

    const parts = splitReply(text, 1600);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1600);
    // Nothing lost, nothing reordered, every paragraph intact.
    expect(parts.join('\n\n')).toBe(text);
  });

  it('falls back to sentence ends when there are no paragraph breaks', () => {
    const text = Array.from({ length: 60 }, (_, i) => sentence(i)).join(' ');
    const parts = splitReply(text, 500);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('cuts an unbroken run hard but never through an emoji', () => {
    const text = `${'a'.repeat(9)}😀${'b'.repeat(20)}`;
    const parts = splitReply(text, 10);
    expect(parts[0]).toBe('a'.repeat(9));
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(10);
  });
});
