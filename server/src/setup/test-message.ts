import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import type { TestMessageResult } from '../admin-api';
import { ChannelSendError } from '../channels/errors';
import { getService } from '../utils/get-service';
import { describeIssues, zodIssues } from '../utils/zod-issues';

export const testMessageBody = z
  .object({
    to: z
      .string()
      .trim()
      .transform((value) => value.replace(/[\s()-]/g, ''))
      .pipe(
        z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, like +4915112345678')
      ),
  })
  .strict();

const TEXT =
  'This is a test message from your community’s WhatsApp agent: the connection works. (Sent from the admin panel’s setup checklist.)';

/**
 * "Send a test message to my phone": one WhatsApp message, straight through the channel adapter
 * (the outbox records messages of a linked channel; the admin's phone need not be one). Twilio
 * refuses free-form text to a phone that has not written to the number in the last 24 hours
 * (63016), so the answer says so.
 */
type Outcome =
  | { ok: true; data: TestMessageResult }
  | { ok: false; status: 409 | 502; name: string; message: string };

export const sendTestMessage = async (strapi: Core.Strapi, body: unknown): Promise<Outcome> => {
  const parsed = testMessageBody.safeParse(body);
  if (!parsed.success)
    throw new errors.ValidationError(describeIssues(zodIssues(parsed.error)), {
      errors: zodIssues(parsed.error),
    });
  const adapter = getService(strapi, 'adapters').forKind('whatsapp');
  if (!adapter?.senderAddress())
    return {
      ok: false,
      status: 409,
      name: 'ConflictError',
      message:
        'Twilio is not configured: set the Account SID, the Auth Token and the WhatsApp number in Settings → WhatsApp agent (or TWILIO_* variables)',
    };
  try {
    const sent = await adapter.send({ to: parsed.data.to, body: TEXT });
    return { ok: true, data: { to: parsed.data.to, status: sent.status, providerSid: sent.providerSid } };
  } catch (error) {
    const reason =
      error instanceof ChannelSendError && error.code
        ? `${error.message} (error ${error.code})`
        : error instanceof Error
          ? error.message
          : String(error);
    return {
      ok: false,
      status: 502,
      name: 'BadGatewayError',
      message: `Twilio did not take the test message: ${reason}`,
    };
  }
};
