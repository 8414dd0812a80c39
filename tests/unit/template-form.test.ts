import type { SettingsView, TemplateView } from '../../server/src/admin-api';
import {
  newTranslationDraft,
  nextTranslationLanguage,
  newVariableDraft,
  nextVariableNumber,
  templateDraftsFromView,
  templateUpdates,
} from '../../admin/src/pages/settings/template-form';

const SID = `HX${'ab'.repeat(16)}`;
const view = (value: TemplateView['value'], source: TemplateView['source'] = 'admin'): TemplateView => ({
  value,
  source,
  defaultCategory: 'utility',
  sources: [{ name: 'memberName', description: "The member's first name" }],
});
const views = (eventReminder: TemplateView): SettingsView['templates'] => ({
  eventReminder,
  weeklyDigest: view(null, 'default'),
  reengagement: view(null, 'default'),
});

describe('templateUpdates', () => {
  it('sends nothing for templates left alone, whatever order their variables were stored in', () => {
    const saved = views(
      view({ contentSid: SID, category: 'utility', variables: { 2: 'eventTitle', 1: 'memberName' } })
    );
    const drafts = templateDraftsFromView(saved);
    expect(drafts.eventReminder.variables.map((row) => row.number)).toEqual(['1', '2']);
    expect(templateUpdates(drafts, saved)).toBeUndefined();
  });

  it('sends a new template with its variables, and null for one the admin cleared', () => {
    const saved = views(view({ contentSid: SID, category: 'utility', variables: {} }));
    const drafts = templateDraftsFromView(saved);
    drafts.eventReminder = { contentSid: '', category: 'utility', variables: [], translations: [] };
    drafts.weeklyDigest = {
      contentSid: ` ${SID} `,
      category: 'marketing',
      variables: [newVariableDraft('1', 'memberName'), newVariableDraft('3', 'eventList')],
      translations: [],
    };
    expect(templateUpdates(drafts, saved)).toEqual({
      eventReminder: null,
      weeklyDigest: {
        contentSid: SID,
        category: 'marketing',
        variables: { 1: 'memberName', 3: 'eventList' },
      },
    });
  });

  it('keeps variables without a SID, for the server to say what is missing', () => {
    const saved = views(view(null, 'default'));
    const drafts = templateDraftsFromView(saved);
    drafts.reengagement.variables = [newVariableDraft('1', 'memberName')];
    expect(templateUpdates(drafts, saved)).toEqual({
      reengagement: { contentSid: '', category: 'utility', variables: { 1: 'memberName' } },
    });
  });
});

it('offers the lowest free placeholder number', () => {
  expect(nextVariableNumber([])).toBe('1');
  expect(nextVariableNumber([newVariableDraft('1'), newVariableDraft('3')])).toBe('2');
});

describe('a template in other languages', () => {
  const GERMAN = `HX${'de'.repeat(16)}`;
  const FRENCH = `HX${'f0'.repeat(16)}`;

  it('shows each stored language as a row, and sends nothing when they are left alone', () => {
    const saved = views(
      view({ contentSid: SID, category: 'utility', variables: {}, byLanguage: { fr: FRENCH, de: GERMAN } })
    );
    const drafts = templateDraftsFromView(saved);
    expect(drafts.eventReminder.translations.map(({ language, reference }) => [language, reference])).toEqual(
      [
        ['de', GERMAN],
        ['fr', FRENCH],
      ]
    );
    expect(templateUpdates(drafts, saved)).toBeUndefined();
  });

  it('sends the languages with a reference; a row left empty is no translation, a removed one is gone', () => {
    const saved = views(
      view({ contentSid: SID, category: 'utility', variables: {}, byLanguage: { fr: FRENCH } })
    );
    const drafts = templateDraftsFromView(saved);
    drafts.eventReminder.translations = [newTranslationDraft('de', ` ${GERMAN} `), newTranslationDraft('es')];
    expect(templateUpdates(drafts, saved)).toEqual({
      eventReminder: { contentSid: SID, category: 'utility', variables: {}, byLanguage: { de: GERMAN } },
    });
    drafts.eventReminder.translations = [];
    expect(templateUpdates(drafts, saved)).toEqual({
      eventReminder: { contentSid: SID, category: 'utility', variables: {} },
    });
  });

  it('offers the first language without a row', () => {
    expect(nextTranslationLanguage([])).toBe('en');
    expect(nextTranslationLanguage([newTranslationDraft('en'), newTranslationDraft('fr')])).toBe('de');
  });
});
