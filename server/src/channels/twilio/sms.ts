import type { ChannelAdapter, OutgoingMessage } from '../adapter';
import type { TwilioClient } from './client';
import { sendMessage } from './send-message';

/** SMS through Twilio's Messaging API: plain E.164 addresses; SMS has no typing indicator. */
export const createTwilioSmsAdapter = ({
  client,
  sender,
}: {
  client: TwilioClient;
  sender?: string;
}): ChannelAdapter => ({
  kind: 'sms',
  maxMessageLength: 1600,
  messagesPerSecond: 1,
  bspFeePerMessage: true,
  senderAddress: () => sender,
  contactNumber: async () => sender,
  async send({ to, body, statusCallback }: OutgoingMessage) {
    if (!sender) throw new Error('No SMS sender number is configured (TWILIO_SMS_NUMBER)');
    return sendMessage(client, { from: sender, to, body, statusCallback });
  },
  async showTyping() {},
});
