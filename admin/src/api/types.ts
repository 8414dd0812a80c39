/** The shapes of the plugin's admin API (server/src/routes/admin.ts), as the pages read them. */

export type Source = 'environment' | 'admin' | 'default';

export type ValueSetting<T> = { value: T | null; source: Source };

/** Secrets never come back: only whether one is set and its last characters. */
export type SecretSetting = { set: boolean; hint: string | null; source: Source };

export type CollectionTool = {
  contentType: string;
  name: string;
  description: string;
  searchableFields: string[];
  returnedFields: string[];
  dateField?: string;
};

export type SettingsView = {
  twilio: {
    accountSid: ValueSetting<string>;
    authToken: SecretSetting;
    whatsappNumber: ValueSetting<string>;
    smsNumber: ValueSetting<string>;
    region: ValueSetting<string>;
    edge: ValueSetting<string>;
  };
  webhook: { inboundUrl: string; statusUrl: string; tokenSource: Source };
  ai: {
    baseUrl: ValueSetting<string>;
    apiKey: SecretSetting;
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

/** PUT body: any subset. A secret left out is kept; "" clears a non-secret back to its default. */
export type SettingsUpdate = {
  twilio?: Partial<Record<keyof SettingsView['twilio'], string>>;
  ai?: Partial<Record<'baseUrl' | 'apiKey' | 'model' | 'systemPrompt', string>> &
    Partial<Record<'maxToolRounds' | 'historyTurns' | 'historyIdleMinutes', number | ''>>;
  tools?: CollectionTool[];
  /** "" restores a message's default text. */
  messages?: Record<string, string>;
};

export type CheckResult = { ok: boolean; message: string };

export type ContentTypeView = {
  uid: string;
  displayName: string;
  attributes: Array<{ name: string; type: string }>;
};

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

export type ToolCall = { id: string; function: { name: string; arguments: string } };

export type HistoryMessage = {
  role: 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
};

export type ConversationView = { channel: ChannelView; history: HistoryMessage[] };

/** Every answer of the admin API is wrapped in `data`. */
export type ApiData<T> = { data: T };
