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
