import type { Language } from '../languages/supported';
import { templateReference, type TemplatePurpose, type TemplateSetting } from '../settings/template-schemas';
import type { PartTemplate } from '../repositories/outbound-message';

/** Longest value WhatsApp takes for one variable of a template. */
const MAX_VALUE_LENGTH = 1_024;

/**
 * WhatsApp refuses a template whose variable is empty or holds a newline, a tab or more than
 * four spaces in a row (Twilio error 63028): values are put on one line, and a missing one
 * becomes a dash rather than failing the message.
 */
export const templateValue = (value: string | undefined) => {
  const line = (value ?? '')
    .trim()
    .replace(/\s*[\r\n\t]+\s*/g, ' · ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return (line || '–').slice(0, MAX_VALUE_LENGTH);
};

/**
 * The template a purpose is sent as to a member who reads `language` (its translation, else the
 * default), its `{{n}}` filled from `values` by the admin's mapping.
 */
export const fillTemplate = (
  purpose: TemplatePurpose,
  template: TemplateSetting,
  values: Record<string, string | undefined>,
  language: Language
): PartTemplate => ({
  purpose,
  category: template.category,
  reference: templateReference(template, language),
  variables: Object.fromEntries(
    Object.entries(template.variables).map(([number, source]) => [number, templateValue(values[source])])
  ),
});
