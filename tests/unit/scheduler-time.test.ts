import { templateValue } from '../../server/src/outbox/template-fill';
import { dueReminder } from '../../server/src/scheduler/reminder-due';
import {
  formatDayTime,
  formatStartsIn,
  latestWeekly,
  zonedInstant,
} from '../../server/src/scheduler/zoned-time';

const at = (iso: string) => new Date(iso);
const HOUR = 60;

describe('dueReminder (24 h and 1 h before)', () => {
  const start = at('2026-12-03T18:00:00Z');
  const due = (now: string) => dueReminder(start, [24 * HOUR, HOUR], at(now));

  it('is nothing before the first reminder is due', () => {
    expect(due('2026-12-02T17:59:00Z')).toBeNull();
  });
  it('is the 24 h reminder from its time until the 1 h one is due (late after an outage, still useful)', () => {
    expect(due('2026-12-02T18:00:00Z')).toBe(24 * HOUR);
    expect(due('2026-12-03T16:59:00Z')).toBe(24 * HOUR);
  });
  it('is the 1 h reminder from its time until the start; the 24 h one is then stale', () => {
    expect(due('2026-12-03T17:00:00Z')).toBe(HOUR);
    expect(due('2026-12-03T17:59:59Z')).toBe(HOUR);
  });
  it('is nothing once the event started', () => {
    expect(due('2026-12-03T18:00:00Z')).toBeNull();
    expect(due('2026-12-04T10:00:00Z')).toBeNull();
  });
  it('takes the offsets in any order, duplicates once', () => {
    expect(dueReminder(start, [HOUR, 24 * HOUR, HOUR], at('2026-12-03T12:00:00Z'))).toBe(24 * HOUR);
  });
});

describe('latestWeekly (a community digest: day, hour, time zone)', () => {
  const monday9Berlin = { day: 'monday' as const, hour: 9, timeZone: 'Europe/Berlin' };

  it('is this week’s slot once it passed, last week’s before', () => {
    // Monday 30 Nov 2026, 9:00 in Berlin is 8:00 UTC (winter time).
    expect(latestWeekly(monday9Berlin, at('2026-11-30T08:00:00Z'))).toEqual({
      at: at('2026-11-30T08:00:00Z'),
      localDate: '2026-11-30',
    });
    expect(latestWeekly(monday9Berlin, at('2026-11-30T07:59:00Z')).localDate).toBe('2026-11-23');
    expect(latestWeekly(monday9Berlin, at('2026-12-02T12:00:00Z')).localDate).toBe('2026-11-30');
  });

  it('follows daylight saving time (summer: 7:00 UTC) and the date line', () => {
    expect(latestWeekly(monday9Berlin, at('2026-06-29T07:30:00Z')).at).toEqual(at('2026-06-29T07:00:00Z'));
    // Monday 9:00 in Auckland is Sunday 20:00 UTC (UTC+13 in summer).
    expect(
      latestWeekly({ day: 'monday', hour: 9, timeZone: 'Pacific/Auckland' }, at('2026-11-29T20:30:00Z'))
    ).toEqual({ at: at('2026-11-29T20:00:00Z'), localDate: '2026-11-30' });
  });

  it('finds the instant of a wall-clock hour around a DST change', () => {
    // Berlin springs forward on 29 March 2026 at 2:00 → 3:00.
    expect(zonedInstant(2026, 3, 29, 9, 'Europe/Berlin')).toEqual(at('2026-03-29T07:00:00Z'));
    expect(zonedInstant(2026, 3, 28, 9, 'Europe/Berlin')).toEqual(at('2026-03-28T08:00:00Z'));
  });
});

describe('dates as members read them', () => {
  const now = at('2026-12-02T10:00:00Z');
  it('says how soon', () => {
    expect(formatStartsIn(at('2026-12-02T10:45:00Z'), now, 'UTC')).toBe('in 45 minutes');
    expect(formatStartsIn(at('2026-12-02T11:00:00Z'), now, 'UTC')).toBe('in 1 hour');
    expect(formatStartsIn(at('2026-12-02T18:00:00Z'), now, 'UTC')).toBe('today at 18:00');
    expect(formatStartsIn(at('2026-12-03T17:00:00Z'), now, 'Europe/Berlin')).toBe('tomorrow at 18:00');
    expect(formatStartsIn(at('2026-12-08T17:00:00Z'), now, 'Europe/Berlin')).toBe('on Tue 8 Dec at 18:00');
  });
  it('writes the day and time in the community’s zone', () => {
    expect(formatDayTime(at('2026-12-03T17:00:00Z'), 'Europe/Berlin')).toBe('Thu 3 Dec, 18:00');
  });
});

describe('templateValue (what WhatsApp accepts in a variable)', () => {
  it('puts lines on one line, squeezes spaces, and never leaves it empty', () => {
    expect(templateValue('Climate meetup\nTalk   night\t')).toBe('Climate meetup · Talk night');
    expect(templateValue('   ')).toBe('–');
    expect(templateValue(undefined)).toBe('–');
    expect(templateValue('x'.repeat(2000))).toHaveLength(1024);
  });
});
