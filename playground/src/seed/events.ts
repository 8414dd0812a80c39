import type { Random } from './random';
import {
  DESCRIPTION_EXTRAS,
  DESCRIPTION_OPENERS,
  EVENT_FLAVOURS,
  ONLINE_NOTE,
  SOCIAL_DESCRIPTIONS,
  VENUES,
} from './data/events';

export type EventData = {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  location: string;
  visibility: 'public' | 'members';
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** Events span roughly four months either side of "now", so both past and upcoming queries have hits. */
const WINDOW_DAYS = 120;

const berlinOffset = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  timeZoneName: 'shortOffset',
});

/**
 * Minutes Berlin is ahead of UTC on that day (60 or 120). Times are chosen as Berlin wall-clock
 * times so "evening" stays an evening across DST changes, whatever the server's TZ is.
 */
const berlinOffsetMinutes = (date: Date) => {
  const name = berlinOffset.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 60;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
};

/** `day` is a UTC midnight; `localHour` may be fractional (18.5 = 18:30 in Berlin). */
const atBerlinTime = (day: Date, localHour: number) => {
  const naive = new Date(day.getTime() + localHour * 60 * 60 * 1000);
  return new Date(naive.getTime() - berlinOffsetMinutes(naive) * 60 * 1000);
};

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);

export const buildEvents = (rng: Random, slug: string, count: number, now: Date): EventData[] => {
  const flavour = EVENT_FLAVOURS[slug];
  if (!flavour) throw new Error(`No event vocabulary for community "${slug}"`);

  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const spacing = (2 * WINDOW_DAYS) / count;
  const titles = new Set<string>();
  let socialNumber = 40;
  const events: EventData[] = [];

  for (let i = 0; i < count; i += 1) {
    // One slot per event with jitter: evenly spread, but not on a visible fixed rhythm.
    const dayOffset = Math.floor(-WINDOW_DAYS + spacing * i + rng.next() * spacing * 0.8);
    const day = new Date(today.getTime() + dayOffset * DAY_MS);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const social = i % 4 === 0;

    let title: string;
    let description: string;
    const online = !social && rng.chance(0.25);
    if (social) {
      socialNumber += 1;
      title = `${flavour.socialName} #${socialNumber}`;
      description = rng.pick(SOCIAL_DESCRIPTIONS);
    } else {
      let format: readonly [string, string];
      let topic: string;
      do {
        format = rng.pick(flavour.formats);
        topic = rng.pick(flavour.topics);
        title = `${format[0]}: ${capitalise(topic)}`;
      } while (titles.has(title));
      const sentences = [fill(rng.pick(DESCRIPTION_OPENERS), { format: format[1], topic })];
      if (online) sentences.push(ONLINE_NOTE);
      else sentences.push(...rng.sample(DESCRIPTION_EXTRAS, rng.int(0, 2)));
      description = sentences.slice(0, 3).join(' ');
    }
    titles.add(title);

    const startHour = weekend ? rng.pick([10, 11, 13, 14]) : rng.pick([18, 18.5, 19]);
    const hours = social ? 3 : weekend ? rng.pick([2, 3, 4]) : rng.pick([1, 1.5, 2, 2.5]);
    const startsAt = atBerlinTime(day, startHour);
    const endsAt = new Date(startsAt.getTime() + hours * 60 * 60 * 1000);

    let location = 'Online';
    if (!online) {
      const city = rng.pickWeighted(flavour.cities);
      location = `${rng.pick(VENUES[city] ?? ['Community space'])}, ${city}`;
    }

    events.push({
      title,
      description,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      location,
      visibility: rng.chance(0.4) ? 'public' : 'members',
    });
  }
  return events;
};
