import { fillTemplate } from '../../server/src/outbox/template-fill';
import { settingsInputSchema, storedSettingsSchema } from '../../server/src/settings/schema';
import { templateReferences } from '../../server/src/settings/template-schemas';

// A purpose's template has a default reference and, optionally, one per language (WhatsApp
// approves a template in one language); the member's language picks, else the default.

const DEFAULT = 'HX0e7e0e7e0e7e0e7e0e7e0e7e0e7e0e01';
const GERMAN = 'HX0e7e0e7e0e7e0e7e0e7e0e7e0e7ede05';
const reminder = { contentSid: DEFAULT, category: 'utility', variables: { 1: 'memberName' } } as const;

describe('a template stored before templates had languages', () => {
  it('is read unchanged, and its one reference serves every language', () => {
    const stored = storedSettingsSchema.parse({ templates: { eventReminder: reminder } });
    expect(stored.templates.eventReminder).toEqual(reminder);
    for (const language of ['en', 'de', 'fr', 'es'] as const)
      expect(fillTemplate('eventReminder', stored.templates.eventReminder!, {}, language).reference).toBe(
        DEFAULT
      );
  });
});

describe('a template with translations', () => {
  const translated = { ...reminder, byLanguage: { de: GERMAN } };

  it("goes in the member's language where there is one, else as the default", () => {
    const stored = storedSettingsSchema.parse({ templates: { eventReminder: translated } });
    const template = stored.templates.eventReminder!;
    expect(fillTemplate('eventReminder', template, { memberName: 'Ada' }, 'de')).toEqual({
      purpose: 'eventReminder',
      category: 'utility',
      reference: GERMAN,
      variables: { 1: 'Ada' },
    });
    expect(fillTemplate('eventReminder', template, {}, 'fr').reference).toBe(DEFAULT);
    expect(templateReferences(template)).toEqual([DEFAULT, GERMAN]);
  });

  it('is refused in a PUT for a language we have no replies in or a malformed reference, naming the field', () => {
    const result = settingsInputSchema.safeParse({
      templates: { eventReminder: { ...reminder, byLanguage: { de: 'HX123', it: GERMAN } } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['templates', 'eventReminder', 'byLanguage', 'de'],
        message: expect.stringContaining('must be a Content SID'),
      }),
      expect.objectContaining({
        path: ['templates', 'eventReminder', 'byLanguage', 'it'],
        message: 'must be one of the languages en, de, fr, es',
      }),
    ]);
  });

  it('is dropped on read when stored malformed, like any stored value, rather than sent', () => {
    const stored = storedSettingsSchema.parse({
      templates: { eventReminder: { ...reminder, byLanguage: { de: 'not a reference' } } },
    });
    expect(stored.templates.eventReminder).toBeUndefined();
  });
});
