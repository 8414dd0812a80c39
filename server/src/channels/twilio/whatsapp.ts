import type { Button, ChannelAdapter, ListPicker, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { createQuickReplies, QUICK_REPLY_MAX_BODY } from './quick-replies';
import { interactiveOrText, sendMessage } from './send-message';

/** WhatsApp through Twilio's Messaging API: `whatsapp:`-prefixed addresses, 1600 characters a message. */
export const createTwilioWhatsAppAdapter = ({
  client,
  sender,
}: {
  client: TwilioClient;
  sender?: string;
}): ChannelAdapter => {
  const quickReplies = createQuickReplies(client);
  /** Buttons (or else a list) as the Content API's quick reply or list picker, the text a variable. */
  const interactiveContent = async (body: string, buttons?: Button[], list?: ListPicker) => {
    if (buttons?.length) return quickReplies.quickReply(body, buttons);
    if (list?.items.length) return quickReplies.listPicker(body, list);
    return undefined;
  };

  return {
    kind: 'whatsapp',
    maxMessageLength: 1600,
    messagesPerSecond: 10,
    bspFeePerMessage: true,
    senderAddress: () => (sender ? `whatsapp:${sender}` : undefined),
    contactNumber: async () => sender,
    async send({ to, body, buttons, list, template, statusCallback }: OutgoingMessage) {
      if (!sender) throw new Error('No WhatsApp sender number is configured (TWILIO_WHATSAPP_NUMBER)');
      const addresses = { from: `whatsapp:${sender}`, to: `whatsapp:${to}` };
      if (template) {
        return sendMessage(client, {
          ...addresses,
          contentSid: template.reference,
          contentVariables: JSON.stringify(template.variables),
          statusCallback,
        });
      }
      const content = await interactiveOrText(body, QUICK_REPLY_MAX_BODY, () =>
        interactiveContent(body, buttons, list)
      );
      return sendMessage(client, { ...addresses, ...content, statusCallback });
    },
    async showTyping(inboundMessageId) {
      await client.messaging.v2.typingIndicator.create({ channel: 'whatsapp', messageId: inboundMessageId });
    },
  };
};
