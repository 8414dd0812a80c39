import type { CheckResult, TemplateCheck } from '../../admin-api';
import { metaFailureMessage } from './errors';
import type { GraphClient } from './graph';
import type { MetaSettings } from './settings';
import { parseTemplateReference } from './whatsapp';

type PhoneNumber = { display_phone_number?: unknown; verified_name?: unknown; quality_rating?: unknown };
type Template = {
  id?: unknown;
  name?: unknown;
  language?: unknown;
  status?: unknown;
  category?: unknown;
  components?: unknown;
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Test connection: the phone number the token sends from (`GET /{phone-number-id}`), or what to fix. */
export const checkMetaNumber = async (graph: GraphClient, settings: MetaSettings): Promise<CheckResult> => {
  try {
    const number = (await graph.get(
      `${settings.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`
    )) as PhoneNumber;
    return {
      ok: true,
      message: `Connected to ${text(number.display_phone_number)} ("${text(number.verified_name)}", quality ${text(number.quality_rating) || 'unknown'}) on the Cloud API.`,
    };
  } catch (error) {
    return { ok: false, message: metaFailureMessage(error) };
  }
};

/**
 * Check: a template of the business account by name and language
 * (`GET /{waba-id}/message_templates?name=`), and whether WhatsApp approved it.
 */
export const checkMetaTemplate = async (
  graph: GraphClient,
  settings: MetaSettings,
  reference: string
): Promise<TemplateCheck> => {
  if (!settings.businessAccountId)
    return {
      ok: false,
      message: 'Set the WhatsApp Business Account id first (META_WHATSAPP_BUSINESS_ACCOUNT_ID).',
    };
  const { name, language } = parseTemplateReference(reference);
  let found: Template | undefined;
  try {
    const answer = (await graph.get(
      `${settings.businessAccountId}/message_templates?name=${encodeURIComponent(name)}`
    )) as { data?: Template[] };
    found = answer.data?.find(
      (template) => template.name === name && text(template.language).startsWith(language)
    );
  } catch (error) {
    return { ok: false, message: metaFailureMessage(error) };
  }
  if (!found)
    return {
      ok: false,
      message: `No template "${name}" in language ${language} was found in the business account.`,
    };
  const status = text(found.status).toLowerCase();
  const components = Array.isArray(found.components)
    ? (found.components as Array<{ type?: unknown; text?: unknown }>)
    : [];
  const template = {
    sid: text(found.id),
    friendlyName: name,
    language: text(found.language),
    body: text(components.find((component) => component.type === 'BODY')?.text),
    types: components.map((component) => text(component.type).toLowerCase()),
    variables: {},
    approval: { status, category: text(found.category).toLowerCase() || null, rejectionReason: null },
  };
  return status === 'approved'
    ? { ok: true, message: `"${name}" is approved for WhatsApp.`, template }
    : {
        ok: false,
        message: `"${name}" is ${status || 'not approved'}: WhatsApp sends only approved templates.`,
        template,
      };
};
