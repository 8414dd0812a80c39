import { LANGUAGES } from '../../server/src/languages/supported';
import { REPLIES } from '../../server/src/router/replies';
import { en } from '../../server/src/router/replies/en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
/** The words the router recognises, which stay English in every language. */
const commandWords = (text: string) =>
  [...text.matchAll(/\b(HELP|RESET|UNLINK|STOP|UNDO|REMINDERS (?:ON|OFF)|DIGEST (?:ON|OFF)|REMIND ME)\b/g)]
    .map((match) => match[1])
    .sort();
const bold = (text: string) => (text.match(/\*/g) ?? []).length;

/** Every text of a language's replies, by a path such as "messages.help" or "endReasons.blocked". */
const textsOf = (replies: object) =>
  Object.entries(replies).flatMap(([group, texts]) =>
    Object.entries(texts as Record<string, string>).map(([key, text]) => [`${group}.${key}`, text] as const)
  );

const reference = new Map(textsOf(en));

describe.each(LANGUAGES.filter((language) => language !== 'en'))('the fixed replies in %s', (language) => {
  const texts = new Map(textsOf(REPLIES[language]));

  it('has every text the English reference has, and no other', () => {
    expect([...texts.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each([...reference.keys()])('%s keeps the placeholders, command words and bold of English', (path) => {
    const text = texts.get(path)!;
    const english = reference.get(path)!;
    expect(placeholders(text)).toEqual(placeholders(english));
    expect(commandWords(text)).toEqual(commandWords(english));
    expect(bold(text)).toBe(bold(english));
    expect(text).not.toBe(english);
  });
});
