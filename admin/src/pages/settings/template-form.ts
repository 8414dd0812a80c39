import type {
  SettingsUpdate,
  SettingsView,
  TemplateCategory,
  TemplatePurpose,
  TemplateSetting,
  TemplateView,
} from '../../../../server/src/admin-api';
import { LANGUAGES, type Language } from '../../../../server/src/languages/supported';

export const TEMPLATE_PURPOSES = [
  'eventReminder',
  'weeklyDigest',
  'reengagement',
] as const satisfies readonly TemplatePurpose[];

/** WhatsApp numbers a template's placeholders {{1}}…{{20}}. */
export const VARIABLE_NUMBERS = Array.from({ length: 20 }, (_, index) => String(index + 1));

/** One `{{number}}` → source row; `key` keeps React's list identity while rows are removed. */
export type VariableDraft = { key: number; number: string; source: string };

/** The same template approved in another language: that language's reference. */
export type TranslationDraft = { key: number; language: Language; reference: string };

export type TemplateDraft = {
  contentSid: string;
  category: TemplateCategory;
  variables: VariableDraft[];
  translations: TranslationDraft[];
};

export type TemplateDrafts = Record<TemplatePurpose, TemplateDraft>;

let nextKey = 0;
export const newVariableDraft = (number: string, source = ''): VariableDraft => ({
  key: (nextKey += 1),
  number,
  source,
});

export const newTranslationDraft = (language: Language, reference = ''): TranslationDraft => ({
  key: (nextKey += 1),
  language,
  reference,
});

/** The first language no row has yet (undefined when every language has one). */
export const nextTranslationLanguage = (translations: TranslationDraft[]) =>
  LANGUAGES.find((language) => !translations.some((row) => row.language === language));

/** The lowest placeholder number no row uses yet (undefined when all 20 are taken). */
export const nextVariableNumber = (variables: VariableDraft[]) =>
  VARIABLE_NUMBERS.find((number) => !variables.some((row) => row.number === number));

/** A purpose without a template: nothing entered, its usual Meta category preselected. */
export const emptyTemplateDraft = (view: TemplateView): TemplateDraft => ({
  contentSid: '',
  category: view.defaultCategory,
  variables: [],
  translations: [],
});

const byNumber = (a: [string, string], b: [string, string]) => Number(a[0]) - Number(b[0]);

export const templateDraft = (view: TemplateView): TemplateDraft =>
  view.value
    ? {
        contentSid: view.value.contentSid,
        category: view.value.category,
        variables: Object.entries(view.value.variables)
          .sort(byNumber)
          .map(([number, source]) => newVariableDraft(number, source)),
        translations: LANGUAGES.flatMap((language) => {
          const reference = view.value?.byLanguage?.[language];
          return reference ? [newTranslationDraft(language, reference)] : [];
        }),
      }
    : emptyTemplateDraft(view);

export const templateDraftsFromView = (templates: SettingsView['templates']): TemplateDrafts => ({
  eventReminder: templateDraft(templates.eventReminder),
  weeklyDigest: templateDraft(templates.weeklyDigest),
  reengagement: templateDraft(templates.reengagement),
});

/** Nothing entered means no template of the panel's: null sends the purpose back to the app's config. */
const templateFromDraft = (draft: TemplateDraft): TemplateSetting | null => {
  if (draft.contentSid.trim() === '' && draft.variables.length === 0 && draft.translations.length === 0)
    return null;
  // A language row left empty is no translation (the default serves that language).
  const translations = draft.translations.filter((row) => row.reference.trim() !== '');
  return {
    contentSid: draft.contentSid.trim(),
    category: draft.category,
    variables: Object.fromEntries(draft.variables.map((row) => [row.number, row.source])),
    ...(translations.length > 0
      ? { byLanguage: Object.fromEntries(translations.map((row) => [row.language, row.reference.trim()])) }
      : {}),
  };
};

/** Variables and languages compared whatever order their rows were added in. */
const comparable = (template: TemplateSetting | null) =>
  template &&
  JSON.stringify({
    ...template,
    variables: Object.entries(template.variables).sort(byNumber),
    byLanguage: Object.entries(template.byLanguage ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  });

/** The purposes whose template the admin changed, each as it is to be saved (null: cleared). */
export const templateUpdates = (
  drafts: TemplateDrafts,
  views: SettingsView['templates']
): SettingsUpdate['templates'] => {
  const changed: NonNullable<SettingsUpdate['templates']> = {};
  for (const purpose of TEMPLATE_PURPOSES) {
    const template = templateFromDraft(drafts[purpose]);
    if (comparable(template) !== comparable(views[purpose].value)) changed[purpose] = template;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
};
