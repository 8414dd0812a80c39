/** The languages the fixed replies exist in; English is the reference and the last fallback. */
export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A profile's locale as one of ours: "de", "de-AT", "fr_CA" and "ES" all count; anything else is none. */
export const languageOf = (locale: unknown): Language | undefined => {
  if (typeof locale !== 'string') return undefined;
  const base = locale.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : undefined;
};
