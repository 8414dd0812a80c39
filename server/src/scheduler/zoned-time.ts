/**
 * Calendar arithmetic in a community's time zone with the platform's Intl only (no time-zone
 * library): a weekly digest "Monday 9:00 in Europe/Berlin" and dates in messages.
 */

export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

type LocalTime = { year: number; month: number; day: number; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) => {
  let known = formatters.get(timeZone);
  if (!known) {
    known = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    });
    formatters.set(timeZone, known);
  }
  return known;
};

/** What a wall clock in `timeZone` shows at `date`. */
export const localTime = (date: Date, timeZone: string): LocalTime => {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value])
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday.toLowerCase() as Weekday),
  };
};

/** How far `timeZone` is ahead of UTC at `utcMs`, in ms. */
const offsetAt = (utcMs: number, timeZone: string) => {
  const local = localTime(new Date(utcMs), timeZone);
  const wallClock = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return wallClock - (utcMs - (utcMs % 60_000));
};

/** The instant a wall clock in `timeZone` shows this date and hour (the later one in a DST fold). */
export const zonedInstant = (year: number, month: number, day: number, hour: number, timeZone: string) => {
  const asUtc = Date.UTC(year, month - 1, day, hour);
  let utc = asUtc - offsetAt(asUtc, timeZone);
  // Once more: the offset may differ on the other side of a DST change.
  utc = asUtc - offsetAt(utc, timeZone);
  return new Date(utc);
};

/** The latest moment at or before `now` that is `day` at `hour`:00 in `timeZone`. */
export const latestWeekly = (
  { day, hour, timeZone }: { day: Weekday; hour: number; timeZone: string },
  now: Date
) => {
  const local = localTime(now, timeZone);
  const daysBack = (local.weekday - WEEKDAYS.indexOf(day) + 7) % 7;
  for (const extra of [0, 7]) {
    // Calendar days counted in UTC space, where every day has 24 hours.
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day - daysBack - extra));
    const slot = zonedInstant(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour,
      timeZone
    );
    if (slot <= now) return { at: slot, localDate: date.toISOString().slice(0, 10) };
  }
  throw new Error('unreachable: a week back is always in the past');
};

const pad = (value: number) => String(value).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Tue 3 Dec" in `timeZone`. */
export const formatDay = (date: Date, timeZone: string) => {
  const local = localTime(date, timeZone);
  return `${DAYS[local.weekday]} ${local.day} ${MONTHS[local.month - 1]}`;
};

/** "Tue 3 Dec, 18:00" in `timeZone`. */
export const formatDayTime = (date: Date, timeZone: string) => {
  const local = localTime(date, timeZone);
  return `${formatDay(date, timeZone)}, ${pad(local.hour)}:${pad(local.minute)}`;
};

/** How soon, as a member reads it: "in 45 minutes", "in 2 hours", "today at 18:00", "tomorrow at 18:00", "on Tue 3 Dec at 18:00". */
export const formatStartsIn = (start: Date, now: Date, timeZone: string) => {
  const minutes = Math.round((start.getTime() - now.getTime()) / 60_000);
  if (minutes < 60) return `in ${Math.max(minutes, 1)} minute${minutes === 1 ? '' : 's'}`;
  if (minutes < 3 * 60) {
    const hours = Math.round(minutes / 60);
    return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const [when, today] = [localTime(start, timeZone), localTime(now, timeZone)];
  const clock = `${pad(when.hour)}:${pad(when.minute)}`;
  const dayNumber = (time: LocalTime) => Date.UTC(time.year, time.month - 1, time.day) / 86_400_000;
  const days = dayNumber(when) - dayNumber(today);
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  return `on ${formatDay(start, timeZone)} at ${clock}`;
};
