import type { Language } from './supported';

/**
 * Which language a member is answered in: the locale of their profile (when the host keeps one),
 * else the language of the message they just wrote, else the one they wrote in last time, else
 * the install's default.
 */
export const chooseLanguage = (known: {
  profile?: Language;
  written?: Language;
  previous?: Language;
  fallback: Language;
}): Language => known.profile ?? known.written ?? known.previous ?? known.fallback;
