import type { InboundAdapter, InboundMessage, Parsed, WebhookPayload } from '../adapter';
import { describeZodError } from '../../utils/zod-issues';
import { isSameTwilioAddress, parseTwilioAddress } from './address';
import { twilioFailureReason } from './errors';
import {
  inboundParamsSchema,
  locationTextOf,
  mediaOf,
  statusParamsSchema,
  type StatusParams,
} from './inbound-params';
import { listPickText } from './list-pick';
import { rcsListPick } from './rcs-content';
import { isValidTwilioSignature } from './signature';

/** The only body Twilio posts. */
const FORM = 'application/x-www-form-urlencoded';

// Twilio wants XML from a message webhook (anything else is its error 12300), so not a bare 204;
// with its full content type, so that Koa has nothing to look up. A string, not a Buffer: Node
// sends a string body in one write with the headers, a Buffer in a second one (`writev`).
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const parseMessage = (
  params: Record<string, unknown>,
  rcsMessagingServiceSid: string | undefined
): Parsed<InboundMessage> => {
  const parsed = inboundParamsSchema.safeParse(params);
  if (!parsed.success)
    return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
  const sender = parseTwilioAddress(parsed.data.From);
  // The schema already refused an unparseable From.
  if (!sender) return { ok: false, error: 'Invalid Twilio params: From: must be an E.164 number' };
  // An SMS through our RCS Messaging Service is a member without RCS answering our SMS fallback:
  // the same conversation with our RCS sender, answered through the service again.
  const viaRcsService =
    sender.kind === 'sms' &&
    rcsMessagingServiceSid !== undefined &&
    parsed.data.MessagingServiceSid === rcsMessagingServiceSid;
  return {
    ok: true,
    value: {
      messageId: parsed.data.MessageSid,
      kind: viaRcsService ? 'rcs' : sender.kind,
      from: sender.e164,
      to: parsed.data.To,
      account: parsed.data.AccountSid,
      body:
        listPickText(parsed.data) ??
        listPickText(rcsListPick(parsed.data)) ??
        [parsed.data.Body, locationTextOf(parsed.data)].filter(Boolean).join('\n'),
      profileName: parsed.data.ProfileName,
      media: mediaOf(parsed.data),
      buttonPayload: parsed.data.ButtonPayload || undefined,
      raw: parsed.data,
    },
  };
};

/**
 * Which channel carried a message sent through our RCS Messaging Service: RCS when Twilio
 * addresses it `rcs:+1…` (as its Message resource shows an RCS delivery), else the SMS it fell
 * back to. Nothing for our other messages (their kind is their channel's).
 */
const deliveredAsOf = (status: StatusParams, rcsMessagingServiceSid: string | undefined) => {
  if (status.To?.startsWith('rcs:')) return 'rcs' as const;
  if (rcsMessagingServiceSid && status.MessagingServiceSid === rcsMessagingServiceSid) return 'sms' as const;
  return undefined;
};

const parseStatus = (
  params: Record<string, unknown>,
  rcsMessagingServiceSid: string | undefined
): Parsed<WebhookPayload> => {
  const parsed = statusParamsSchema.safeParse(params);
  if (!parsed.success)
    return { ok: false, error: `Invalid Twilio params: ${describeZodError(parsed.error, 'body')}` };
  const { MessageSid, MessageStatus, ErrorCode, ErrorMessage } = parsed.data;
  const deliveredAs = deliveredAsOf(parsed.data, rcsMessagingServiceSid);
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
      statuses: [
        {
          messageId: MessageSid,
          status: MessageStatus,
          ...(error ? { error } : {}),
          ...(deliveredAs ? { deliveredAs } : {}),
        },
      ],
    },
  };
};

/** One Twilio (sub-)account whose webhooks we take: its Auth Token(s) and our numbers on it. */
export type TwilioAccount = {
  /** Usually one; a sender saved while the token was being rotated can hold the other. */
  authTokens: readonly string[];
  /** Our addresses on the account (`whatsapp:+1…`, `+1…`) and the sender each is (null: the default sender). */
  senders: ReadonlyArray<{ address: string; senderId: number | null }>;
};

/**
 * Twilio's webhooks (a form, one message or one status per request): the signature (HMAC-SHA1
 * with the Auth Token of the account the request names in `AccountSid` over the URL Twilio
 * called and every posted param), then the params, validated and normalised. Messages on `''`,
 * status callbacks on `status`. A sub-account signs with its own token: each account is checked
 * with its own, so a request for one account signed with another's token is refused.
 */
export const createTwilioInbound = ({
  accounts,
  rcs = () => ({}),
}: {
  /** Every account we take webhooks for, by Account SID (the default sender's and the senders'). */
  accounts: () => ReadonlyMap<string, TwilioAccount>;
  /** Our RCS sender (the default account's): the Messaging Service it is in and its id. */
  rcs?: () => { messagingServiceSid?: string; senderId?: string };
}): InboundAdapter => ({
  contentType: FORM,
  endpoints: ['', 'status'],

  verify: ({ url, header, params }) => {
    const signature = header('X-Twilio-Signature') || undefined;
    const known = accounts();
    const account = typeof params.AccountSid === 'string' ? known.get(params.AccountSid) : undefined;
    const signedBy = (tokens: readonly string[]) =>
      tokens.some((token) => isValidTwilioSignature(token, signature, url, params));
    if (account && signedBy(account.authTokens)) return { ok: true };
    if (!account && signedBy([...known.values()].flatMap((other) => other.authTokens))) {
      // Twilio signs an account's webhooks with that account's Auth Token: a valid signature over
      // another AccountSid is someone holding one of our tokens posting for another account.
      return {
        ok: false,
        error:
          'The request is for another Twilio account (AccountSid): this webhook serves only the accounts of the senders set in Settings → WhatsApp agent',
      };
    }
    return {
      ok: false,
      error: signature
        ? "Invalid Twilio signature: the request was not signed with this account's Auth Token for this URL (check WHATSAPP_AGENT_PUBLIC_URL)"
        : 'Invalid Twilio signature: the request carries no X-Twilio-Signature header',
    };
  },

  parse({ endpoint, params }) {
    const { messagingServiceSid } = rcs();
    if (endpoint === 'status') return parseStatus(params, messagingServiceSid);
    const message = parseMessage(params, messagingServiceSid);
    return message.ok ? { ok: true, value: { messages: [message.value], statuses: [] } } : message;
  },

  senderOf: (message) => {
    const account = message.account === undefined ? undefined : accounts().get(message.account);
    if (!account) return undefined;
    if (message.kind === 'rcs') {
      const { senderId, messagingServiceSid } = rcs();
      // The RCS sender is the default sender's: its id is optional in the settings, its Messaging
      // Service names it as well.
      const ours =
        (senderId !== undefined && message.to === `rcs:${senderId}`) ||
        (messagingServiceSid !== undefined && message.raw.MessagingServiceSid === messagingServiceSid);
      return ours ? { senderId: null } : undefined;
    }
    const sender = account.senders.find((candidate) => isSameTwilioAddress(message.to, candidate.address));
    return sender ? { senderId: sender.senderId } : undefined;
  },

  acknowledgement: () => ({ type: 'text/xml; charset=utf-8', body: EMPTY_TWIML }),
});
