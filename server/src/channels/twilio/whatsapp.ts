import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { ChannelAdapter, OutgoingMessage } from '../adapter';
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
    senderAddress: () => (sender ? `whatsapp:${sender}` : undefined),
    async send({ to, body, buttons, template, statusCallback }: OutgoingMessage) {
      if (!sender) throw new Error('No WhatsApp sender number is configured (TWILIO_WHATSAPP_NUMBER)');
      if (template) {
        return create({
          from: `whatsapp:${sender}`,
          to: `whatsapp:${to}`,
          contentSid: template.contentSid,
          contentVariables: JSON.stringify(template.variables),
          statusCallback,
        });
      }
      // With buttons: the quick-reply content, the text as its variable. Should the Content API
      // fail, the text goes alone — it reads well without buttons (it says what to reply).
      const contentSid =
        buttons?.length && body.length <= QUICK_REPLY_MAX_BODY
          ? await quickReplies.contentSid(buttons).catch(() => undefined)
          : undefined;
      const content = contentSid ? { contentSid, contentVariables: JSON.stringify({ 1: body }) } : { body };
      return create({ from: `whatsapp:${sender}`, to: `whatsapp:${to}`, ...content, statusCallback });
    },
    async showTyping(inboundMessageId) {
      await client.messaging.v2.typingIndicator.create({ channel: 'whatsapp', messageId: inboundMessageId });
    },
  };
};
