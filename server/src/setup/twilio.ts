import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { getService } from '../utils/get-service';
import { failed, skipped } from './results';

const NEEDS_CREDENTIALS = 'Needs the Twilio credentials (see the first line).';

/**
 * The Twilio lines: the credentials, the WhatsApp sender and the inbound webhook URL (read at
 * Twilio and compared with the URL this install expects). What Twilio calls things is the Twilio
 * folder's business; without credentials the other two wait for the first.
 */
export const twilioChecks = (strapi: Core.Strapi): Record<string, () => Promise<SetupCheck>> => {
  const twilio = getService(strapi, 'adapters').twilio();
  if (!twilio)
    return {
      credentials: async () =>
        failed(
          'credentials',
          'No Twilio Account SID and Auth Token are set.',
          'Enter them in Settings → WhatsApp agent → Twilio and save (or set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN); they are on the Twilio console’s start page.'
        ),
      sender: async () => skipped('sender', NEEDS_CREDENTIALS),
      webhook: async () => skipped('webhook', NEEDS_CREDENTIALS),
    };
  const settings = getService(strapi, 'settings');
  const number = settings.twilio()?.whatsappNumber;
  return {
    credentials: () => twilio.setup.credentials(),
    sender: () => twilio.setup.sender(number),
    webhook: () => twilio.setup.webhook(number, settings.webhookUrls().inbound),
  };
};
