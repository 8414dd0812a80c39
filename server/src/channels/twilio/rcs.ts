import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { ChannelAdapter, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { toSendError } from './errors';
import { createRcsContent, rcsChoicesOf, RCS_CHOICES_MAX_BODY } from './rcs-content';

/**
 * RCS through a Twilio Messaging Service whose sender pool holds an approved RCS sender and an
 * SMS number: sent with `MessagingServiceSid` to the member's plain number (no `rcs:` prefix, no
 * From), Twilio tries RCS and falls back to SMS by itself for a device without RCS. Which one it
 * took comes back in the status callbacks (inbound.ts). Buttons and short lists are chips
 * (rcs-content.ts); the text is what the SMS fallback carries, so it reads well alone.
 */
export const createTwilioRcsAdapter = ({
  client,
  messagingServiceSid,
  senderId,
}: {
  client: TwilioClient;
  messagingServiceSid?: string;
  /** The RCS sender's id (`acme_agent`), for display and to recognise its inbound messages. */
  senderId?: string;
}): ChannelAdapter => {
  const content = createRcsContent(client);
  const create = async (params: MessageListInstanceCreateOptions) => {
    try {
      const message = await client.messages.create(params);
      return { providerSid: message.sid, status: message.status };
    } catch (error) {
      throw toSendError(error);
    }
  };

  return {
    kind: 'rcs',
    // Twilio's Body limit, which the SMS fallback needs as well (RCS itself takes 3072 bytes).
    maxMessageLength: 1600,
    // Twilio queues what a Messaging Service's senders cannot take at once.
    messagesPerSecond: 10,
    bspFeePerMessage: true,
    senderAddress: () =>
      messagingServiceSid ? (senderId ? `rcs:${senderId}` : messagingServiceSid) : undefined,
    // Members reach an RCS sender from its branded profile, not from a number to dial.
    contactNumber: async () => undefined,
    async send({ to, body, buttons, list, statusCallback }: OutgoingMessage) {
      if (!messagingServiceSid)
        throw new Error('No RCS Messaging Service is configured (TWILIO_RCS_MESSAGING_SERVICE_SID)');
      const choices = body.length <= RCS_CHOICES_MAX_BODY ? rcsChoicesOf(buttons, list) : undefined;
      let rich: { contentSid: string; contentVariables: string } | undefined;
      try {
        if (choices?.length) rich = await content.choices(body, choices);
      } catch {
        // It reads well without them (it says what to reply).
      }
      return create({ messagingServiceSid, to, ...(rich ?? { body }), statusCallback });
    },
    // Twilio's typing indicator serves WhatsApp only.
    async showTyping() {},
  };
};
