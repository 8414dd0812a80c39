import { orderedSearch } from '../../server/src/agent/tools/result-order';

const now = new Date('2026-12-07T10:00:00.000Z');
const dated = { hasDateField: true, now };

describe('the order a search answers in', () => {
  it('is by date with a date range, or when the words say next/upcoming (which then mean from now)', () => {
    expect(orderedSearch({ query: 'climate meetup', from: '2026-12-07' }, dated)).toEqual({
      query: 'climate meetup',
      from: '2026-12-07',
      to: undefined,
      order: 'date',
    });
    expect(orderedSearch({ query: 'the Next climate meetup' }, dated)).toEqual({
      query: 'the climate meetup',
      from: now.toISOString(),
      to: undefined,
      order: 'date',
    });
    expect(orderedSearch({ query: 'upcoming' }, dated)).toMatchObject({ query: undefined, order: 'date' });
    expect(orderedSearch({ query: 'workshops', to: '2027-01-01' }, dated).order).toBe('date');
  });

  it('is by relevance for words alone, and as asked when the model asks', () => {
    expect(orderedSearch({ query: 'climate meetup' }, dated).order).toBe('relevance');
    expect(orderedSearch({ query: 'climate', from: '2026-12-07', order: 'relevance' }, dated).order).toBe(
      'relevance'
    );
    expect(orderedSearch({ query: 'climate', order: 'date' }, dated).order).toBe('date');
  });

  it('has no date to order by without a date field: next/upcoming stay words', () => {
    expect(orderedSearch({ query: 'next door', from: '2026-12-07' }, { hasDateField: false, now })).toEqual({
      query: 'next door',
      from: undefined,
      to: undefined,
      order: 'relevance',
    });
  });
});
