import type { InboundAdapter, InboundMessage } from '../adapter';
import { parseProviderAddress } from '../adapter';
import { describeZodError } from '../../utils/zod-issues';
import { inboundParamsSchema, locationTextOf, mediaOf, statusParamsSchema } from './inbound-params';
import { listPickText } from './list-pick';
import { isValidTwilioSignature } from './signature';

/**
 * Twilio's webhooks: the signature (HMAC-SHA1 with the account's Auth Token over the URL Twilio
 * called and every posted param) and the account it was posted for, then the params, validated
 * and normalised.
 */
export const createTwilioInbound = ({
  authToken,
  accountSid,
}: {
  authToken: string;
  accountSid: string;
}): InboundAdapter => ({
  verify: ({ url, header, params }) => {
    const signature = header('X-Twilio-Signature') || undefined;
    if (!isValidTwilioSignature(authToken, signature, url, params)) {
      return {
        ok: false,
        error: signature
          ? "Invalid Twilio signature: the request was not signed with this account's Auth Token for this URL (check WHATSAPP_AGENT_PUBLIC_URL)"
          : 'Invalid Twilio signature: the request carries no X-Twilio-Signature header',
      };
    }
    // Twilio signs an account's webhooks with that account's Auth Token: a valid signature over
    // another AccountSid is someone holding our token posting for another account, not Twilio.
    if (params.AccountSid !== accountSid) {
      return {
        ok: false,
        error:
          'The request is for another Twilio account (AccountSid): this webhook serves only the account set in Settings → WhatsApp agent',
      };
    }
    return { ok: true };
  },

  parseMessage(params) {
    const parsed = inboundParamsSchema.safeParse(params);
    if (!parsed.success)
      return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
    const sender = parseProviderAddress(parsed.data.From);
    // The schema already refused an unparseable From.
    if (!sender) return { ok: false, error: 'Invalid Twilio params: From: must be an E.164 number' };
    const message: InboundMessage = {
      messageId: parsed.data.MessageSid,
      kind: sender.kind,
      from: sender.e164,
      to: parsed.data.To,
      body:
        listPickText(parsed.data) ??
        [parsed.data.Body, locationTextOf(parsed.data)].filter(Boolean).join('\n'),
      profileName: parsed.data.ProfileName,
      media: mediaOf(parsed.data),
      buttonPayload: parsed.data.ButtonPayload || undefined,
      raw: parsed.data,
    };
    return { ok: true, value: message };
  },

  parseStatus(params) {
    const parsed = statusParamsSchema.safeParse(params);
    if (!parsed.success)
      return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
    const { MessageSid, MessageStatus, ErrorCode, ErrorMessage } = parsed.data;
    return {
      ok: true,
      value: {
        messageId: MessageSid,
        status: MessageStatus,
        ...(ErrorCode
          ? { error: { code: ErrorCode, message: ErrorMessage ?? `Twilio error ${ErrorCode}` } }
          : {}),
      },
    };
  },
});
