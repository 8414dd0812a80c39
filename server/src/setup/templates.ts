import type { Core } from '@strapi/strapi';
import { templateReferences, type TemplatePurpose } from '../settings/template-schemas';
import type { SetupCheck } from '../admin-api';
import { getService } from '../utils/get-service';
import { failed, passed, skipped } from './results';

const PURPOSE_NAMES: Record<TemplatePurpose, string> = {
  eventReminder: 'event reminders',
  weeklyDigest: 'the weekly digest',
  reengagement: 'a manager’s reply outside the 24-hour window',
};

/**
 * Outside WhatsApp's 24-hour window only approved templates go out. A purpose is in use when its
 * feature is on: reminders with an RSVP collection, the digest when enabled, and re-engagement
 * always (a community manager may answer a member who wrote more than a day ago).
 */
const purposesInUse = (strapi: Core.Strapi): TemplatePurpose[] => {
  const { proactive } = getService(strapi, 'pluginConfig').get();
  return [
    ...(proactive.rsvp ? (['eventReminder'] as const) : []),
    ...(proactive.digest.enabled ? (['weeklyDigest'] as const) : []),
    'reengagement',
  ];
};

export const checkTemplates = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const twilio = getService(strapi, 'adapters').twilio();
  if (!twilio) return skipped('templates', 'Needs the Twilio credentials (see the first line).');
  const settings = getService(strapi, 'settings');
  const problems: string[] = [];
  for (const purpose of purposesInUse(strapi)) {
    const template = settings.template(purpose);
    if (!template) {
      problems.push(`no template is set for ${PURPOSE_NAMES[purpose]}`);
      continue;
    }
    // Each language's translation is a template of its own, approved (or not) on its own.
    for (const reference of templateReferences(template)) {
      const check = await twilio.checkTemplate(reference);
      if (!check.ok) problems.push(`${PURPOSE_NAMES[purpose]}: ${check.message.replace(/\.$/, '')}`);
    }
  }
  if (problems.length === 0)
    return passed('templates', 'An approved WhatsApp template is set for every purpose in use.');
  const found = problems.join('; ');
  return failed(
    'templates',
    `${found.charAt(0).toUpperCase()}${found.slice(1)}.`,
    'Create the template in the Twilio console (Content Template Builder), submit it for WhatsApp approval, then enter its Content SID in Settings → WhatsApp agent → Templates.'
  );
};
