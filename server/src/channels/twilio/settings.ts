import { field } from '../../settings/field';
import { fieldSchemas } from '../../settings/rules';

/**
 * Twilio's section of the panel's settings (see settings/field.ts): the credentials, the sender
 * numbers and the RCS sender's Messaging Service, each overridden by its TWILIO_* variable.
 */
export const TWILIO_SETTINGS = {
  accountSid: field(fieldSchemas.accountSid, {
    env: 'TWILIO_ACCOUNT_SID',
    fromConfig: (config) => config.twilio.accountSid,
  }),
  authToken: field(fieldSchemas.secret, {
    secret: true,
    env: 'TWILIO_AUTH_TOKEN',
    fromConfig: (config) => config.twilio.authToken,
  }),
  whatsappNumber: field(fieldSchemas.e164, {
    env: 'TWILIO_WHATSAPP_NUMBER',
    fromConfig: (config) => config.twilio.whatsappNumber,
  }),
  smsNumber: field(fieldSchemas.e164, {
    env: 'TWILIO_SMS_NUMBER',
    fromConfig: (config) => config.twilio.smsNumber,
  }),
  rcsMessagingServiceSid: field(fieldSchemas.messagingServiceSid, {
    env: 'TWILIO_RCS_MESSAGING_SERVICE_SID',
    fromConfig: (config) => config.twilio.rcsMessagingServiceSid,
  }),
  rcsSenderId: field(fieldSchemas.rcsSenderId, {
    env: 'TWILIO_RCS_SENDER_ID',
    fromConfig: (config) => config.twilio.rcsSenderId,
  }),
  region: field(fieldSchemas.region, {
    env: 'TWILIO_REGION',
    fromConfig: (config) => config.twilio.region,
  }),
  edge: field(fieldSchemas.edge, { env: 'TWILIO_EDGE', fromConfig: (config) => config.twilio.edge }),
};

/**
 * Twilio's list prices in USD: per WhatsApp message each way, per SMS segment (US), per failed
 * message, per RCS message. The RCS price is a placeholder: Twilio publishes no US per-message RCS
 * price we could check (it bills US RCS as "rich" and "rich media" messages) — set yours.
 */
export const TWILIO_DEFAULT_PRICES = {
  twilioWhatsappMessageUsd: 0.005,
  twilioSmsSegmentUsd: 0.0083,
  twilioFailedMessageUsd: 0.001,
  twilioRcsMessageUsd: 0.01,
};
