import { fts5Match, MAX_WORDS, queryWords, tsQuery } from '../../server/src/agent/search/query-text';

describe('search query building', () => {
  it.each([
    ['"climate" AND NEAR(berlin)', ['climate', 'and', 'near', 'berlin']],
    ['C++ developer', ['developer']],
    ["O'Brien", ['brien']],
    ['carbon-removal: (direct air*)', ['carbon', 'removal', 'direct', 'air']],
    ['🌍 climate 🌱', ['climate']],
    ['name:ada | !x & y', ['name', 'ada']],
    ['Müller MÜLLER', ['müller']],
    ['', []],
    ['"*" - : ( )', []],
  ])('%j becomes the words %j', (text, words) => {
    expect(queryWords(text)).toEqual(words);
  });

  it('keeps at most MAX_WORDS distinct words', () => {
    const text = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    expect(queryWords(text)).toHaveLength(MAX_WORDS);
  });

  it('quotes every word as an FTS5 prefix term, any of them', () => {
    expect(fts5Match(queryWords('climate AND near NOT berlin'))).toBe(
      '"climate"* OR "and"* OR "near"* OR "not"* OR "berlin"*'
    );
  });

  it('builds a tsquery of prefix terms joined by | (any) or & (all)', () => {
    expect(tsQuery(queryWords("O'Brien's climate:* & (tech)"))).toBe('brien:* | climate:* | tech:*');
    expect(tsQuery(queryWords('climate <-> !berlin'), true)).toBe('climate:* & berlin:*');
  });

  it('requires every word with AND when asked to', () => {
    expect(fts5Match(queryWords('climate OR berlin'), true)).toBe('"climate"* AND "or"* AND "berlin"*');
  });
});
