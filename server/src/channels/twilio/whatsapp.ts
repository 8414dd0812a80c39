import type { ChannelAdapter, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { toSendError } from './errors';

/** WhatsApp through Twilio's Messaging API: `whatsapp:`-prefixed addresses, 1600 characters a message. */
export const createTwilioWhatsAppAdapter = ({
  client,
  sender,
}: {
  client: TwilioClient;
  sender?: string;
}): ChannelAdapter => ({
  kind: 'whatsapp',
  maxMessageLength: 1600,
  messagesPerSecond: 10,
  senderAddress: () => (sender ? `whatsapp:${sender}` : undefined),
  async send({ to, body, statusCallback }: OutgoingMessage) {
    if (!sender) throw new Error('No WhatsApp sender number is configured (TWILIO_WHATSAPP_NUMBER)');
    try {
      const message = await client.messages.create({
        from: `whatsapp:${sender}`,
        to: `whatsapp:${to}`,
        body,
        statusCallback,
      });
      return { providerSid: message.sid, status: message.status };
    } catch (error) {
      throw toSendError(error);
    }
  },
  async showTyping(inboundMessageId) {
    await client.messaging.v2.typingIndicator.create({ channel: 'whatsapp', messageId: inboundMessageId });
  },
});
