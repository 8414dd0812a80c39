import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { Button, ChannelAdapter, ListPicker, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { toSendError } from './errors';
import { createQuickReplies, QUICK_REPLY_MAX_BODY } from './quick-replies';

/** WhatsApp through Twilio's Messaging API: `whatsapp:`-prefixed addresses, 1600 characters a message. */
export const createTwilioWhatsAppAdapter = ({
  client,
  sender,
}: {
  client: TwilioClient;
  sender?: string;
}): ChannelAdapter => {
  const quickReplies = createQuickReplies(client);
  /** Buttons (or else a list) as Content API content; should the Content API fail, the text goes alone. */
  const interactiveContent = async (body: string, buttons?: Button[], list?: ListPicker) => {
    try {
      if (buttons?.length) return await quickReplies.quickReply(body, buttons);
      if (list?.items.length) return await quickReplies.listPicker(body, list);
    } catch {
      // It reads well without them (it says what to reply).
    }
    return undefined;
  };
  const create = async (params: MessageListInstanceCreateOptions) => {
    try {
      const message = await client.messages.create(params);
      return { providerSid: message.sid, status: message.status };
    } catch (error) {
      throw toSendError(error);
    }
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
      if (template) {
        return create({
          from: `whatsapp:${sender}`,
          to: `whatsapp:${to}`,
          contentSid: template.reference,
          contentVariables: JSON.stringify(template.variables),
          statusCallback,
        });
      }
      // With buttons or a list: the Content API's quick reply or list picker, the text a variable.
      const interactive =
        body.length <= QUICK_REPLY_MAX_BODY ? await interactiveContent(body, buttons, list) : undefined;
      const content = interactive ?? { body };
      return create({ from: `whatsapp:${sender}`, to: `whatsapp:${to}`, ...content, statusCallback });
    },
    async showTyping(inboundMessageId) {
      await client.messaging.v2.typingIndicator.create({ channel: 'whatsapp', messageId: inboundMessageId });
    },
  };
};
