import path from 'node:path';

/**
 * What every benchmark's Strapi needs: its own SQLite file in `dir`, Twilio through the
 * emulator, and the webhook at `baseUrl` with a fixed token.
 */
export const pluginEnv = ({
  dir,
  baseUrl,
  twilioUrl,
  accountSid,
  authToken,
  webhookToken,
}: {
  dir: string;
  baseUrl: string;
  twilioUrl: string;
  accountSid: string;
  authToken: string;
  webhookToken: string;
}) => ({
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: path.join(dir, 'bench.db'),
  TWILIO_ACCOUNT_SID: accountSid,
  TWILIO_AUTH_TOKEN: authToken,
  TWILIO_WHATSAPP_NUMBER: '+14155238886',
  WHATSAPP_AGENT_TWILIO_API_URL: twilioUrl,
  WHATSAPP_AGENT_WEBHOOK_TOKEN: webhookToken,
  WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
});
