import type { ChannelAdapter, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { createRcsContent, rcsChoicesOf, RCS_CHOICES_MAX_BODY } from './rcs-content';
import { interactiveOrText, sendMessage } from './send-message';

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
  const rcsContent = createRcsContent(client);

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
      const choices = rcsChoicesOf(buttons, list);
      const content = await interactiveOrText(body, RCS_CHOICES_MAX_BODY, async () =>
        choices?.length ? rcsContent.choices(body, choices) : undefined
      );
      return sendMessage(client, { messagingServiceSid, to, ...content, statusCallback });
    },
    // Twilio's typing indicator serves WhatsApp only.
    async showTyping() {},
  };
};
