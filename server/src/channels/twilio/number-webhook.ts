import type { TwilioClient } from './client';

/** Where Twilio takes the inbound webhook of a number from, and the URL found there. */
export type InboundWebhook = {
  /** What the admin opens in the Twilio console to change it. */
  place: string;
  url: string;
};

/** The account's WhatsApp sender for this number (Senders API), if it has one. */
export const whatsAppSenderOf = async (client: TwilioClient, e164: string) => {
  const senders = await client.messaging.v2.channelsSenders.list({ channel: 'whatsapp', limit: 200 });
  return senders.find((candidate) => candidate.senderId === `whatsapp:${e164}`);
};

/**
 * Reads, through Twilio's API, which URL Twilio posts a number's incoming messages to. A WhatsApp
 * sender with its own callback URL (Senders API) is asked first; then a Messaging Service holding
 * the number, unless it defers to the number's own webhook; then the number (IncomingPhoneNumbers
 * `SmsUrl`). Undefined when the number is none of the account's (the sandbox's shared number).
 */
export const readInboundWebhook = async (
  client: TwilioClient,
  accountSid: string,
  e164: string
): Promise<InboundWebhook | undefined> => {
  // An account without access to the Senders API (older accounts, the sandbox) still has numbers.
  const sender = await whatsAppSenderOf(client, e164).catch(() => undefined);
  const senderUrl = sender?.webhook?.callbackUrl;
  if (sender && senderUrl)
    return {
      place: `the WhatsApp sender ${e164} (Console → Messaging → Senders → WhatsApp senders)`,
      url: senderUrl,
    };

  const [number] = await client.api.v2010.accounts(accountSid).incomingPhoneNumbers.list({
    phoneNumber: e164,
    limit: 1,
  });
  if (!number) return undefined;

  for (const service of await client.messaging.v1.services.list({ limit: 100 })) {
    if (service.useInboundWebhookOnNumber) continue;
    const members = await client.messaging.v1.services(service.sid).phoneNumbers.list({ limit: 400 });
    if (members.some((member) => member.sid === number.sid))
      return {
        place: `the Messaging Service "${service.friendlyName}" (Console → Messaging → Services → Integration → Incoming messages)`,
        url: service.inboundRequestUrl ?? '',
      };
  }
  return {
    place: `the number ${e164} (Console → Phone Numbers → Active numbers → Messaging → "A message comes in")`,
    url: number.smsUrl ?? '',
  };
};
