import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '../../server/src/languages/supported';
import { fieldTexts } from '../../server/src/settings/field-texts';

// Every admin language holds every English string, with the same placeholders, so no admin
// sees a key or an English sentence in the middle of a German page.
const folder = join(__dirname, '../../admin/src/translations');
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(join(folder, file), 'utf8'));
const english = read('en.json');
// The settings fields' labels, hints and options, from their entries in the settings table.
const fieldEnglish = fieldTexts('en');
const others = readdirSync(folder).filter((file) => file.endsWith('.json') && file !== 'en.json');
// `{name}` and `{count, plural, …}` name what is filled in; the words inside a plural are translated.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]).sort();

// The keys the admin's code names literally: `t('key', …)` and `getTranslation('key')`.
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [readFileSync(join(dir, entry.name), 'utf8')]
        : []
  );
const keysInCode = [
  ...new Set(
    sources(join(__dirname, '../../admin/src')).flatMap((code) =>
      [...code.matchAll(/(?:\bt|getTranslation)\(\s*'([\w.-]+)'/g)].map((match) => match[1])
    )
  ),
];

describe('admin translations', () => {
  it('holds every key the admin names in English', () => {
    expect(keysInCode.length).toBeGreaterThan(100);
    expect(keysInCode.filter((key) => !(key in english) && !(key in fieldEnglish))).toEqual([]);
  });

  it("keeps a settings field's texts in its entry of the settings table only", () => {
    expect(Object.keys(fieldEnglish).length).toBeGreaterThan(30);
    expect(Object.keys(fieldEnglish).filter((key) => key in english)).toEqual([]);
  });

  describe.each(LANGUAGES.filter((language) => language !== 'en'))(
    "the settings fields' texts in %s",
    (language) => {
      const texts = fieldTexts(language);

      it('are all there, with the English placeholders', () => {
        expect(Object.keys(texts)).toEqual(Object.keys(fieldEnglish));
        const differing = Object.keys(fieldEnglish).filter(
          (key) => !texts[key] || placeholders(fieldEnglish[key]).join() !== placeholders(texts[key]).join()
        );
        expect(differing).toEqual([]);
      });

      it('are translated, names aside', () => {
        const sameAsEnglish = Object.keys(fieldEnglish).filter((key) => texts[key] === fieldEnglish[key]);
        expect(sameAsEnglish.length).toBeLessThan(Object.keys(fieldEnglish).length / 10);
      });
    }
  );

  it('ships German, French and Spanish', () => {
    expect(others.sort()).toEqual(['de.json', 'es.json', 'fr.json']);
  });

  describe.each(others)('%s', (file) => {
    const translated = read(file);

    it('has exactly the English keys', () => {
      expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    });

    it('keeps each string’s placeholders', () => {
      const differing = Object.keys(english).filter(
        (key) =>
          key in translated && placeholders(english[key]).join() !== placeholders(translated[key]).join()
      );
      expect(differing).toEqual([]);
    });

    it('translates what is not a name', () => {
      const sameAsEnglish = Object.keys(english).filter((key) => translated[key] === english[key]);
      // Product names, SIDs and words the languages share stay as they are; a whole untranslated
      // file would not.
      expect(sameAsEnglish.length).toBeLessThan(Object.keys(english).length / 10);
    });
  });
});
