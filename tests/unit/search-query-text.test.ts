import { fts5Match, MAX_WORDS, queryWords, tsQuery } from '../../server/src/agent/search/query-text';

describe('search query building', () => {
  it.each([
    // FTS5's operators are words like any other; these ones also say nothing, so they go.
    ['"climate" AND NEAR(berlin)', ['climate', 'berlin']],
    ['Who works on climate tech in Berlin?', ['climate', 'tech', 'berlin']],
    // Nothing but noise words: searched as they are.
    ['The Who', ['the', 'who']],
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
    expect(fts5Match(queryWords('climate NOT berlin'))).toBe('"climate"* OR "not"* OR "berlin"*');
    expect(fts5Match(['and', 'near'])).toBe('"and"* OR "near"*');
  });

  it('builds a tsquery of whole words joined by | (any) or & (all)', () => {
    expect(tsQuery(queryWords("O'Brien's climate:* & (tech)"))).toBe('brien | climate | tech');
    expect(tsQuery(queryWords('climate <-> !berlin'), true)).toBe('climate & berlin');
  });

  it('requires every word with AND when asked to', () => {
    expect(fts5Match(queryWords('climate NOT berlin'), true)).toBe('"climate"* AND "not"* AND "berlin"*');
    expect(fts5Match(['or', 'and'], true)).toBe('"or"* AND "and"*');
  });
});
