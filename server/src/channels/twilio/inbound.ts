import type { InboundAdapter, InboundMessage, Parsed, WebhookPayload } from '../adapter';
import { describeZodError } from '../../utils/zod-issues';
import { isSameTwilioAddress, parseTwilioAddress } from './address';
import { twilioFailureReason } from './errors';
import { inboundParamsSchema, locationTextOf, mediaOf, statusParamsSchema } from './inbound-params';
import { listPickText } from './list-pick';
import { isValidTwilioSignature } from './signature';

/** The only body Twilio posts. */
const FORM = 'application/x-www-form-urlencoded';

// Twilio wants XML from a message webhook (anything else is its error 12300), so not a bare 204;
// with its full content type, so that Koa has nothing to look up. A string, not a Buffer: Node
// sends a string body in one write with the headers, a Buffer in a second one (`writev`).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const parseMessage = (params: Record<string, unknown>): Parsed<InboundMessage> => {
  const parsed = inboundParamsSchema.safeParse(params);
  if (!parsed.success)
    return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
  const sender = parseTwilioAddress(parsed.data.From);
  // The schema already refused an unparseable From.
  if (!sender) return { ok: false, error: 'Invalid Twilio params: From: must be an E.164 number' };
  return {
    ok: true,
    value: {
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
    },
  };
};

const parseStatus = (params: Record<string, unknown>): Parsed<WebhookPayload> => {
  const parsed = statusParamsSchema.safeParse(params);
  if (!parsed.success)
    return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
  const { MessageSid, MessageStatus, ErrorCode, ErrorMessage } = parsed.data;
  const error = ErrorCode
    ? {
        code: ErrorCode,
        message: ErrorMessage ?? `Twilio error ${ErrorCode}`,
        reason: twilioFailureReason(ErrorCode),
      }
    : undefined;
  return {
    ok: true,
    value: {
      messages: [],
      statuses: [{ messageId: MessageSid, status: MessageStatus, ...(error ? { error } : {}) }],
    },
  };
};

/**
 * Twilio's webhooks (a form, one message or one status per request): the signature (HMAC-SHA1
 * with the account's Auth Token over the URL Twilio called and every posted param) and the
 * account it was posted for, then the params, validated and normalised. Messages on `''`,
 * status callbacks on `status`.
 */
export const createTwilioInbound = ({
  authToken,
  accountSid,
  senders,
}: {
  authToken: string;
  accountSid: string;
  /** Our own addresses (`whatsapp:+1…`, `+1…`) as configured. */
  senders: () => Array<string | undefined>;
}): InboundAdapter => ({
  contentType: FORM,
  endpoints: ['', 'status'],

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

  parse({ endpoint, params }) {
    if (endpoint === 'status') return parseStatus(params);
    const message = parseMessage(params);
    return message.ok ? { ok: true, value: { messages: [message.value], statuses: [] } } : message;
  },

  isAddressedToUs: (message) =>
    senders().some((sender) => sender !== undefined && isSameTwilioAddress(message.to, sender)),

  acknowledgement: () => ({ type: 'text/xml; charset=utf-8', body: EMPTY_TWIML }),
});
