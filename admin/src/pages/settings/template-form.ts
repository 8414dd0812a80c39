import type {
  SettingsUpdate,
  SettingsView,
  TemplateCategory,
  TemplatePurpose,
  TemplateSetting,
  TemplateView,
} from '../../../../server/src/admin-api';

export const TEMPLATE_PURPOSES = [
  'eventReminder',
  'weeklyDigest',
  'reengagement',
] as const satisfies readonly TemplatePurpose[];

/** WhatsApp numbers a template's placeholders {{1}}…{{20}}. */
export const VARIABLE_NUMBERS = Array.from({ length: 20 }, (_, index) => String(index + 1));

/** One `{{number}}` → source row; `key` keeps React's list identity while rows are removed. */
export type VariableDraft = { key: number; number: string; source: string };

export type TemplateDraft = { contentSid: string; category: TemplateCategory; variables: VariableDraft[] };

export type TemplateDrafts = Record<TemplatePurpose, TemplateDraft>;

let nextKey = 0;
export const newVariableDraft = (number: string, source = ''): VariableDraft => ({
  key: (nextKey += 1),
  number,
  source,
});

/** The lowest placeholder number no row uses yet (undefined when all 20 are taken). */
export const nextVariableNumber = (variables: VariableDraft[]) =>
  VARIABLE_NUMBERS.find((number) => !variables.some((row) => row.number === number));

/** A purpose without a template: nothing entered, its usual Meta category preselected. */
export const emptyTemplateDraft = (view: TemplateView): TemplateDraft => ({
  contentSid: '',
  category: view.defaultCategory,
  variables: [],
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
      }
    : emptyTemplateDraft(view);

export const templateDraftsFromView = (templates: SettingsView['templates']): TemplateDrafts => ({
  eventReminder: templateDraft(templates.eventReminder),
  weeklyDigest: templateDraft(templates.weeklyDigest),
  reengagement: templateDraft(templates.reengagement),
});

/** Nothing entered means no template of the panel's: null sends the purpose back to the app's config. */
const templateFromDraft = (draft: TemplateDraft): TemplateSetting | null =>
  draft.contentSid.trim() === '' && draft.variables.length === 0
    ? null
    : {
        contentSid: draft.contentSid.trim(),
        category: draft.category,
        variables: Object.fromEntries(draft.variables.map((row) => [row.number, row.source])),
      };

/** Variables compared whatever order their rows were added in. */
const comparable = (template: TemplateSetting | null) =>
  template && JSON.stringify({ ...template, variables: Object.entries(template.variables).sort(byNumber) });

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
