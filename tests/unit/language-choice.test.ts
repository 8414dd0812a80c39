import { chooseLanguage } from '../../server/src/languages/choose';
import { detectLanguage } from '../../server/src/languages/detect';
import { languageOf } from '../../server/src/languages/supported';
import { settingsInputSchema, storedSettingsSchema } from '../../server/src/settings/schema';

describe('the language of what a member wrote', () => {
  it.each([
    ['Hallo, wie funktioniert das?', 'de'],
    ['Gibt es Events am Wochenende?', 'de'],
    ['Bonjour, comment ça marche ?', 'fr'],
    ['Quels événements cette semaine ?', 'fr'],
    ['Hola, ¿cómo funciona esto?', 'es'],
    ['Hi, how does this work?', 'en'],
  ])('%s is %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('is not guessed from a near tie: short English lines stay unguessed rather than Spanish or German', () => {
    for (const text of ['Hi, quick question', 'Find me a designer'])
      expect(detectLanguage(text)).toBeUndefined();
  });

  it('is not guessed from a word or two, a phrase or a number', () => {
    for (const text of ['ja', 'oui', 'ok!', 'amber-falcon-river-7342', '+49 170 1234567', '👍👍', ''])
      expect(detectLanguage(text)).toBeUndefined();
  });
});

describe("a profile's locale", () => {
  it('counts with a region or in capitals, and only for a language we have replies in', () => {
    expect(languageOf('de')).toBe('de');
    expect(languageOf('fr-CA')).toBe('fr');
    expect(languageOf('es_MX')).toBe('es');
    expect(languageOf('EN')).toBe('en');
    expect(languageOf('it')).toBeUndefined();
    expect(languageOf('')).toBeUndefined();
    expect(languageOf(null)).toBeUndefined();
    expect(languageOf(3)).toBeUndefined();
  });
});

describe('the language a member is answered in', () => {
  it("is the profile's, then the message's, then the last one they wrote in, then the default", () => {
    expect(chooseLanguage({ profile: 'fr', written: 'de', previous: 'es', fallback: 'en' })).toBe('fr');
    expect(chooseLanguage({ written: 'de', previous: 'es', fallback: 'en' })).toBe('de');
    expect(chooseLanguage({ previous: 'es', fallback: 'en' })).toBe('es');
    expect(chooseLanguage({ fallback: 'de' })).toBe('de');
  });
});

describe("an admin's texts of the fixed replies", () => {
  it('stored before languages existed are the English ones', () => {
    const stored = storedSettingsSchema.parse({ messages: { help: 'Our help', reset: 'Forgotten.' } });
    expect(stored.messages.en).toEqual({ help: 'Our help', reset: 'Forgotten.' });
    expect(stored.messages.de).toEqual({});
  });

  it('are kept per language', () => {
    const stored = storedSettingsSchema.parse({
      messages: { de: { help: 'Unsere Hilfe' }, en: { help: 'x' } },
    });
    expect(stored.messages.de).toEqual({ help: 'Unsere Hilfe' });
    expect(stored.messages.en).toEqual({ help: 'x' });
    expect(storedSettingsSchema.parse({}).messages).toEqual({ en: {}, de: {}, fr: {}, es: {} });
    expect(storedSettingsSchema.parse({ messages: ['broken'] }).messages).toEqual({
      en: {},
      de: {},
      fr: {},
      es: {},
    });
  });

  it('are changed per language, a text without a language being English', () => {
    expect(settingsInputSchema.parse({ messages: { de: { help: 'Hilfe' }, reset: '' } }).messages).toEqual({
      de: { help: 'Hilfe' },
      en: { reset: null },
    });
  });

  it('refuse an unknown text or language', () => {
    expect(settingsInputSchema.safeParse({ messages: { de: { nonsense: 'x' } } }).success).toBe(false);
    expect(settingsInputSchema.safeParse({ messages: { nonsense: 'x' } }).success).toBe(false);
    expect(settingsInputSchema.safeParse({ messages: { it: { help: 'Aiuto' } } }).success).toBe(false);
  });
});
