import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import type { TwilioClient } from './client';
import { toSendError } from './errors';

/** A message's buttons or list as Content API content: the resource and the values of its variables. */
export type InteractiveContent = { contentSid: string; contentVariables: string };

/** One message through the Messaging API; what Twilio refuses becomes a typed send error (errors.ts). */
export const sendMessage = async (client: TwilioClient, params: MessageListInstanceCreateOptions) => {
  try {
    const message = await client.messages.create(params);
    return { providerSid: message.sid, status: message.status };
  } catch (error) {
    throw toSendError(error);
  }
};

/**
 * What a message carries: its buttons or list as content (`interactive`) when its text fits under
 * `maxBody`, else the text alone, as also when there are none or the Content API fails: the text
 * reads well without them (it says what to reply).
 */
export const interactiveOrText = async (
  body: string,
  maxBody: number,
  interactive: () => Promise<InteractiveContent | undefined>
): Promise<InteractiveContent | { body: string }> => {
  if (body.length > maxBody) return { body };
  try {
    return (await interactive()) ?? { body };
  } catch {
    return { body };
  }
};
