import type { TemplateCheck } from '../../admin-api';
import type { TwilioClient } from './client';
import { twilioFailureMessage } from './errors';

type ContentTypes = Record<string, { body?: string } | undefined>;

/** Twilio answers 404 for an approval never requested (a template not submitted to WhatsApp). */
const approvalOf = async (client: TwilioClient, contentSid: string) => {
  try {
    const approval = await client.content.v1.contents(contentSid).approvalFetch().fetch();
    const whatsapp = (approval.whatsapp ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
    return {
      status: text(whatsapp.status)?.toLowerCase() ?? 'unsubmitted',
      category: text(whatsapp.category)?.toLowerCase() ?? null,
      rejectionReason: text(whatsapp.rejection_reason),
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404)
      return { status: 'unsubmitted', category: null, rejectionReason: null };
    throw error;
  }
};

const VERDICTS: Record<string, string> = {
  approved: 'is approved for WhatsApp',
  pending: 'waits for WhatsApp’s approval: until then, messages outside the 24-hour window are not sent',
  received: 'waits for WhatsApp’s approval: until then, messages outside the 24-hour window are not sent',
  rejected: 'was rejected by WhatsApp: messages outside the 24-hour window are not sent',
  paused: 'is paused by WhatsApp (members reported it): messages outside the window are not sent',
  disabled: 'is disabled by WhatsApp: messages outside the 24-hour window are not sent',
  unsubmitted:
    'was never submitted for WhatsApp approval (Twilio console → Content Template Builder → Submit for approval)',
};

/** Reads a template and its WhatsApp approval from Twilio's Content API, as the admin's Check shows it. */
export const checkTemplate = async (client: TwilioClient, contentSid: string): Promise<TemplateCheck> => {
  try {
    const content = await client.content.v1.contents(contentSid).fetch();
    const approval = await approvalOf(client, contentSid);
    const types = (content.types ?? {}) as ContentTypes;
    const typeNames = Object.keys(types);
    const body = typeNames.map((name) => types[name]?.body).find((text) => typeof text === 'string') ?? '';
    const verdict = VERDICTS[approval.status] ?? `has the WhatsApp status "${approval.status}"`;
    const reason = approval.rejectionReason ? ` (${approval.rejectionReason})` : '';
    return {
      ok: approval.status === 'approved',
      message: `"${content.friendlyName}" ${verdict}${reason}.`,
      template: {
        sid: content.sid,
        friendlyName: content.friendlyName,
        language: content.language,
        body,
        types: typeNames,
        variables: Object.fromEntries(
          Object.entries(content.variables ?? {}).map(([name, example]) => [name, String(example)])
        ),
        approval,
      },
    };
  } catch (error) {
    return { ok: false, message: twilioFailureMessage(error) };
  }
};
