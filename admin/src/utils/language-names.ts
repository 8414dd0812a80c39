import type { Language } from '../../../server/src/languages/supported';

/** The languages members are answered in, each by its own name (an admin picks the one they read). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
};
