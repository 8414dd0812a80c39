/**
 * The contract of the plugin's admin API (routes/admin.ts, under /whatsapp-agent): the JSON the
 * admin controllers (controllers/admin-*.ts) answer and the bodies they accept, as it travels
 * (dates as ISO strings). The admin panel's client (admin/src/api/client.ts) parses every answer
 * against these shapes, with zod schemas checked against them at compile time.
 *
 * Types only: the admin bundle imports this file with `import type`, so nothing here may exist
 * at runtime.
 */

export type Source = 'environment' | 'admin' | 'default';

export type ValueSetting<T> = { value: T | null; source: Source };

/** Secrets never come back: only whether one is set and its last characters. */
export type SecretSetting = { set: boolean; hint: string | null; source: Source };

/**
 * A secret sent only to the origin it was set for (the AI key): that origin (null: none yet),
 * and whether the URL in effect is of it. `set` but not `usable`: the key exists but is not
 * sent until an admin enters one for the current URL.
 */
export type BoundSecretSetting = {
  set: boolean;
  hint: string | null;
  source: Source;
  boundTo: string | null;
  usable: boolean;
};

export type CollectionTool = {
  contentType: string;
  name: string;
  description: string;
  searchableFields: string[];
  returnedFields: string[];
  dateField?: string;
};

/**
 * GET /settings, and the answer of PUT /settings and POST /settings/webhook-token/rotate to an
 * admin who may read the settings (without "Read settings", those two answer 204, no body).
 */
export type SettingsView = {
  twilio: {
    accountSid: ValueSetting<string>;
    authToken: SecretSetting;
    whatsappNumber: ValueSetting<string>;
    smsNumber: ValueSetting<string>;
    region: ValueSetting<string>;
    edge: ValueSetting<string>;
  };
  privacy: { retentionDays: ValueSetting<number> };
  webhook: { inboundUrl: string; statusUrl: string; tokenSource: Source };
  ai: {
    baseUrl: ValueSetting<string>;
    apiKey: BoundSecretSetting;
    model: ValueSetting<string>;
    systemPrompt: ValueSetting<string>;
    maxToolRounds: ValueSetting<number>;
    historyTurns: ValueSetting<number>;
    historyIdleMinutes: ValueSetting<number>;
  };
  tools: { value: CollectionTool[]; source: Source };
  /** The fixed replies, by key (instructions, linked, wrongPhrase…), with their defaults. */
  messages: Record<string, { value: string; defaultValue: string; source: Source }>;
};

/** PUT /settings body: any subset. A secret left out is kept; "" clears a non-secret back to its default. */
export type SettingsUpdate = {
  twilio?: Partial<Record<keyof SettingsView['twilio'], string>>;
  ai?: Partial<Record<'baseUrl' | 'apiKey' | 'model' | 'systemPrompt', string>> &
    Partial<Record<'maxToolRounds' | 'historyTurns' | 'historyIdleMinutes', number | ''>>;
  privacy?: { retentionDays?: number | '' };
  tools?: CollectionTool[];
  /** "" restores a message's default text. */
  messages?: Record<string, string>;
};

/** POST /settings/check-twilio and /settings/test-llm. */
export type CheckResult = { ok: boolean; message: string };

/** GET /content-types: the collection types an admin can expose as tools. */
export type ContentTypeView = {
  uid: string;
  displayName: string;
  attributes: Array<{ name: string; type: string }>;
};

/** One row of GET /channels; also the answer of POST /channels/:documentId/revoke. */
export type ChannelView = {
  documentId: string;
  kind: 'whatsapp' | 'sms';
  /** Already masked by the server: "+49 ••• 5678". */
  address: string;
  status: 'linked' | 'unlinked';
  member: { id: number; username: string; email: string } | null;
  linkedAt: string | null;
  lastActiveAt: string | null;
  messages: number;
};

export type PaginationMeta = { page: number; pageSize: number; pageCount: number; total: number };

/** GET /channels query: `q` matches the member's username or email, or the number's digits. */
export type ChannelListQuery = { page?: number | string; pageSize?: number | string; q?: string };

export type ToolCall = { id: string; function: { name: string; arguments: string } };

export type HistoryMessage = {
  role: 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
};

/** GET /channels/:documentId/conversation. */
export type ConversationView = { channel: ChannelView; history: HistoryMessage[] };

/** Every answer of the admin API is wrapped in `data`. */
export type ApiData<T> = { data: T };

/** GET /channels, whole body. */
export type ChannelList = { data: ChannelView[]; meta: { pagination: PaginationMeta } };

/** One field at fault in a 400 ValidationError: `path` as ["twilio", "accountSid"] or ["tools", 0, "name"]. */
export type FieldIssue = { path: Array<string | number>; message: string };

/** The `details` of a 400 ValidationError. */
export type ValidationErrorDetails = { errors: FieldIssue[] };

/** A failed request, as Strapi's error middleware formats it (`details`: see ValidationErrorDetails). */
export type ApiErrorBody = {
  data: null;
  error: { status: number; name: string; message: string; details?: unknown };
};
