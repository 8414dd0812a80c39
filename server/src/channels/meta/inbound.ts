import type { DeliveryStatus, InboundAdapter, InboundMessage, Parsed, WebhookPayload } from '../adapter';
import { describeZodError } from '../../utils/zod-issues';
import { secretsEqual } from '../twilio/signature';
import { metaFailureReason } from './errors';
import { metaChangeValueSchema, metaPayloadSchema, type MetaChangeValue, type MetaMessage } from './payload';
import { isValidMetaSignature } from './signature';
import { GRAPH_API_URL, GRAPH_API_VERSION } from './settings';

/**
 * The media URL a message's attachment is known by: the Graph API's own, whatever base URL is
 * configured (the downloader rewrites it, as Twilio's does), so nothing a request names is fetched.
 */
export const metaMediaUrl = (mediaId: string) => `${GRAPH_API_URL}/${GRAPH_API_VERSION}/${mediaId}`;

/** What the member did, as text the model reads (and they would have typed). */
const bodyOf = (message: MetaMessage): string => {
  const { interactive, location } = message;
  if (message.text) return message.text.body;
  if (interactive?.list_reply) {
    const { id, title } = interactive.list_reply;
    const match = /^([a-z][a-z0-9_]{1,30}):([\w-]{1,64})$/.exec(id);
    // Our list ids are `<collection>:<documentId>`: the model learns which record was picked.
    return match ? `I pick "${title}" (${match[1]} documentId ${match[2]})` : title;
  }
  if (interactive?.button_reply) return interactive.button_reply.title;
  if (message.button) return message.button.text;
  if (message.image?.caption) return message.image.caption;
  if (location) {
    const place = [location.name, location.address].filter(Boolean).join(', ');
    const coordinates = `${location.latitude}, ${location.longitude}`;
    return `[location] I am at ${place ? `${place} (${coordinates})` : coordinates}`;
  }
  return '';
};

const mediaOf = (message: MetaMessage) =>
  [message.audio, message.image, message.video, message.document, message.sticker]
    .filter((media) => media !== undefined)
    .map((media) => ({ url: metaMediaUrl(media.id), contentType: media.mime_type }));

const toMessage = (value: MetaChangeValue, message: MetaMessage): InboundMessage => {
  const contact =
    value.contacts?.find((candidate) => candidate.wa_id === message.from) ?? value.contacts?.[0];
  const payload = message.interactive?.button_reply?.id ?? message.button?.payload;
  return {
    messageId: message.id,
    kind: 'whatsapp',
    from: `+${message.from}`,
    // Our address as Meta names it: the phone number's id.
    to: value.metadata.phone_number_id,
    body: bodyOf(message),
    profileName: contact?.profile?.name,
    media: mediaOf(message),
    buttonPayload: payload || undefined,
    raw: { ...message, phone_number_id: value.metadata.phone_number_id },
  };
};

const toStatus = (status: NonNullable<MetaChangeValue['statuses']>[number]): DeliveryStatus => {
  const [error] = status.errors ?? [];
  return {
    messageId: status.id,
    status: status.status,
    ...(error
      ? {
          error: {
            code: error.code,
            message: error.message ?? error.title ?? `Cloud API error ${error.code}`,
            reason: metaFailureReason(error.code),
          },
        }
      : {}),
  };
};

/** Every message and status of every entry and change (a payload may batch several). */
export const parseMetaPayload = (body: unknown): Parsed<WebhookPayload & { phoneNumberIds: string[] }> => {
  const parsed = metaPayloadSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, error: `Invalid Cloud API webhook: ${describeZodError(parsed.error, 'body')}` };
  const payload = {
    messages: [] as InboundMessage[],
    statuses: [] as DeliveryStatus[],
    phoneNumberIds: [] as string[],
  };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      // Template reviews, account updates…: not messages.
      if (change.field !== 'messages') continue;
      const value = metaChangeValueSchema.safeParse(change.value);
      if (!value.success)
        return { ok: false, error: `Invalid Cloud API webhook: ${describeZodError(value.error, 'value')}` };
      payload.phoneNumberIds.push(value.data.metadata.phone_number_id);
      for (const message of value.data.messages ?? []) payload.messages.push(toMessage(value.data, message));
      for (const status of value.data.statuses ?? []) payload.statuses.push(toStatus(status));
    }
  }
  return { ok: true, value: payload };
};

/**
 * Meta's webhooks: JSON signed with the app secret over the exact bytes (X-Hub-Signature-256),
 * for our phone number only; the GET subscription handshake with the verify token.
 */
export const createMetaInbound = ({
  appSecret,
  verifyToken,
  phoneNumberId,
}: {
  appSecret?: string;
  verifyToken?: string;
  phoneNumberId: string;
}): InboundAdapter => ({
  contentType: 'application/json',
  endpoints: [''],

  verify({ header, rawBody, params }) {
    if (!appSecret)
      return {
        ok: false,
        error: 'No app secret is set (META_APP_SECRET): Cloud API webhooks cannot be verified',
      };
    if (!rawBody)
      return { ok: false, error: 'The raw body was not kept: Cloud API signatures cannot be checked' };
    const signature = header('X-Hub-Signature-256');
    if (!isValidMetaSignature(appSecret, signature, rawBody)) {
      return {
        ok: false,
        error: signature
          ? "Invalid Cloud API signature: the body was not signed with this app's secret (check META_APP_SECRET)"
          : 'Invalid Cloud API signature: the request carries no X-Hub-Signature-256 header',
      };
    }
    // A valid signature for another number of the same app is not for this plugin to answer.
    const parsed = parseMetaPayload(params);
    if (parsed.ok && parsed.value.phoneNumberIds.some((id) => id !== phoneNumberId)) {
      return {
        ok: false,
        error:
          'The request is for another phone number (phone_number_id): this webhook serves only the number set in Settings → WhatsApp agent',
      };
    }
    return { ok: true };
  },

  parse: ({ params }) => parseMetaPayload(params),

  senderOf: (message) => (message.to === phoneNumberId ? { senderId: null } : undefined),

  acknowledgement: () => ({ type: 'text/plain; charset=utf-8', body: 'EVENT_RECEIVED' }),

  handshake(query) {
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (!verifyToken) return { ok: false, error: 'No verify token is set (META_WEBHOOK_VERIFY_TOKEN)' };
    if (mode !== 'subscribe' || typeof token !== 'string' || !secretsEqual(token, verifyToken))
      return { ok: false, error: 'Wrong verify token: it must be the one set as META_WEBHOOK_VERIFY_TOKEN' };
    if (typeof challenge !== 'string' || !/^[\w-]{1,200}$/.test(challenge))
      return { ok: false, error: 'Missing hub.challenge' };
    return { ok: true, value: challenge };
  },
});
