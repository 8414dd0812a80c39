import { field } from '../../settings/field';
import { fieldSchemas } from '../../settings/rules';

/** Graph API version the adapter was written and tested against; WHATSAPP_AGENT_META_GRAPH_VERSION overrides it. */
export const GRAPH_API_VERSION = 'v23.0';

/** Where the Graph API lives; WHATSAPP_AGENT_META_API_URL replaces it (the emulator, tests). */
export const GRAPH_API_URL = 'https://graph.facebook.com';

export type MetaSettings = {
  /** The business phone number's id (not the number): what messages are sent from and addressed to. */
  phoneNumberId: string;
  /** A system user's access token with whatsapp_business_messaging (and _management for templates). */
  accessToken: string;
  /** The WhatsApp Business Account: its templates. */
  businessAccountId?: string;
  /** The app's secret: Meta signs every webhook with it (X-Hub-Signature-256). */
  appSecret?: string;
  /** What the admin typed as "Verify token" when subscribing the webhook in the app dashboard. */
  verifyToken?: string;
  graphVersion?: string;
  apiUrl?: string;
};

/** The Graph API's base URL with its version, e.g. https://graph.facebook.com/v23.0. */
export const graphBaseUrl = (settings: Pick<MetaSettings, 'apiUrl' | 'graphVersion'>) =>
  `${(settings.apiUrl ?? GRAPH_API_URL).replace(/\/+$/, '')}/${settings.graphVersion ?? GRAPH_API_VERSION}`;

/**
 * Meta's section of the panel's settings (see settings/field.ts): the ids, the access token and
 * the webhook's secrets, each overridden by its META_* variable.
 */
export const META_SETTINGS = {
  phoneNumberId: field(fieldSchemas.metaId, {
    env: 'META_WHATSAPP_PHONE_NUMBER_ID',
    fromConfig: (config) => config.meta.phoneNumberId,
  }),
  businessAccountId: field(fieldSchemas.metaId, {
    env: 'META_WHATSAPP_BUSINESS_ACCOUNT_ID',
    fromConfig: (config) => config.meta.businessAccountId,
  }),
  accessToken: field(fieldSchemas.secret, {
    secret: true,
    env: 'META_WHATSAPP_ACCESS_TOKEN',
    fromConfig: (config) => config.meta.accessToken,
  }),
  appSecret: field(fieldSchemas.secret, {
    secret: true,
    env: 'META_APP_SECRET',
    fromConfig: (config) => config.meta.appSecret,
  }),
  verifyToken: field(fieldSchemas.secret, {
    secret: true,
    env: 'META_WEBHOOK_VERIFY_TOKEN',
    fromConfig: (config) => config.meta.verifyToken,
  }),
};

/**
 * Meta's prices per message by category: service replies inside the 24-hour window are free;
 * the others are Germany's rates of Meta's per-message card of 1 July 2025 (EUR 0.1131
 * marketing, 0.0456 utility and authentication) at 1.17 USD/EUR. Meta changes them and they
 * differ per country: admins keep them current in the panel.
 */
export const META_DEFAULT_PRICES = {
  metaServiceUsd: 0,
  metaUtilityUsd: 0.0534,
  metaMarketingUsd: 0.1323,
  metaAuthenticationUsd: 0.0534,
};
