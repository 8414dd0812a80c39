/**
 * The contract of the plugin's admin API (routes/admin.ts, under /whatsapp-agent): the JSON the
 * admin controllers (controllers/admin-*.ts) answer and the bodies they accept, as it travels
 * (dates as ISO strings). The admin panel's client (admin/src/api/client.ts) parses every answer
 * against these shapes, with zod schemas checked against them at compile time.
 *
 * Types only: the admin bundle imports this file with `import type`, so nothing here may exist
 * at runtime.
 */

import type { SectionInput, SectionsView, SettingsSection } from './settings/fields';
import type { Language } from './languages/supported';

export type Source = 'environment' | 'admin' | 'default';

/** One object type of an intersection, as zod's output is (the admin's schemas are compared with these). */
type Flat<T> = { [Key in keyof T]: T[Key] };

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
  communityField?: string;
  suggestFields?: string[];
};

/** A write the agent may propose: the host's route it calls, as the member, once they said Yes. */
export type ActionTool = {
  name: string;
  description: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under /api/, `{argument}` filled from the arguments (the rest is the JSON body). */
  path: string;
  /** A JSON schema object; keywords beyond these (additionalProperties…) are kept as they are. */
  parameters: {
    type: 'object';
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
    [keyword: string]: unknown;
  };
  /** The question: `{argument}`, `{field}` of the record, `{field:date}`. */
  confirm: string;
  record?: { collection: string; idArgument: string };
  offerReminders: boolean;
};

export type TemplatePurpose = 'eventReminder' | 'weeklyDigest' | 'reengagement';
/** Meta's category of a template: it sets the price per message. */
export type TemplateCategory = 'utility' | 'marketing';

/** An approved WhatsApp template for one purpose: its Content SID and where each `{{n}}` comes from. */
export type TemplateSetting = {
  contentSid: string;
  category: TemplateCategory;
  /** "1".."20" → the source that fills it (one of the purpose's `sources`). */
  variables: Record<string, string>;
  /** The same template approved in other languages: language → its reference (the member's language picks it). */
  byLanguage?: Partial<Record<Language, string>>;
};

export type TemplateSourceView = { name: string; description: string };

export type TemplateView = {
  value: TemplateSetting | null;
  source: Source;
  /** The category Meta usually gives this purpose (preselected for a new one). */
  defaultCategory: TemplateCategory;
  /** What a variable of this purpose can be filled with (reminders also take `event.<field>`). */
  sources: TemplateSourceView[];
};

/** POST /settings/templates/check { contentSid }: the template as Twilio has it. ok: approved for WhatsApp. */
export type TemplateCheck = {
  ok: boolean;
  message: string;
  template?: {
    sid: string;
    friendlyName: string;
    language: string;
    /** The text of its first type (twilio/text, twilio/quick-reply…), placeholders as {{1}}. */
    body: string;
    types: string[];
    variables: Record<string, string>;
    approval: { status: string; category: string | null; rejectionReason: string | null };
  };
};

/** What a member sees of the manager who writes: the first name, the full name, or "the community team". */
export type ManagerNameShown = 'firstName' | 'fullName' | 'team';

/** The rest of the view: what is not a plain field of the table (lists, templates, replies, the webhook). */
type SettingsViewRest = {
  modelPrices: { value: ModelPrice[]; source: Source };
  webhook: { inboundUrl: string; statusUrl: string; tokenSource: Source };
  /** USD per minute of audio, by transcription model. */
  transcriptionPrices: { value: TranscriptionPrice[]; source: Source };
  tools: { value: CollectionTool[]; source: Source };
  /** Writes the agent may propose (the member confirms each with Yes). */
  actions: { value: ActionTool[]; source: Source };
  /** The agent's tools as saved (read tools and actions): what the MCP endpoint's selection picks from. */
  agentTools: Array<{ name: string; action: boolean }>;
  /** The approved WhatsApp template of each purpose, used when a message must leave the 24-hour window. */
  templates: Record<TemplatePurpose, TemplateView>;
  /** The fixed replies, by key (instructions, linked, wrongPhrase…), with their defaults. */
  /** Per language (en, de, fr, es), per fixed reply. */
  messages: Record<string, Record<string, { value: string; defaultValue: string; source: Source }>>;
};

/**
 * GET /settings, and the answer of PUT /settings and POST /settings/webhook-token/rotate to an
 * admin who may read the settings (without "Read settings", those two answer 204, no body):
 * every field of the settings table (server/src/settings/fields.ts, the providers' sections
 * included) as the panel may see it — secrets as set / last characters — and the rest. Derived
 * from the table: a new plain setting needs no line here.
 */
export type SettingsView = Flat<SectionsView & SettingsViewRest>;

/** PUT /settings body: any subset. A secret left out is kept; "" clears a non-secret back to its default. */
export type SettingsUpdate = Flat<
  { [Section in SettingsSection]?: SectionInput<Section> } & SettingsUpdateRest
>;

type SettingsUpdateRest = {
  modelPrices?: ModelPrice[];
  transcriptionPrices?: TranscriptionPrice[];
  tools?: CollectionTool[];
  actions?: ActionTool[];
  /** null: back to the host's config (or none). */
  templates?: Partial<Record<TemplatePurpose, TemplateSetting | null>>;
  /** "" restores a message's default text. */
  /** Per language; a flat `{ key: text }` is taken as English. */
  messages?: Record<string, Record<string, string>>;
};

/** The Twilio account the credentials open: a platform keeps test and production on sub-accounts. */
export type TwilioAccountView = {
  sid: string;
  friendlyName: string;
  /** active | suspended | closed */
  status: string;
  /** Trial | Full */
  type: string;
  /** The parent account's SID when this is a sub-account, else null. */
  parentSid: string | null;
};

/** POST /settings/check-twilio (with `account` when Twilio answered), /settings/test-llm and /settings/test-transcription. */
export type CheckResult = { ok: boolean; message: string; account?: TwilioAccountView };

/** One line of the setup checklist (GET /setup): what was checked, what was found, what to do about it. */
export type SetupCheck = {
  id: string;
  status: 'ok' | 'fail' | 'skipped';
  detail: string;
  /** What the admin does to make it green (empty when it is). */
  fix: string;
};

/** POST /setup/test-message: the test message as the outbox recorded and sent it. */
export type TestMessageResult = { to: string; status: string; providerSid: string | null };

/** The price of one model's tokens, in USD per million tokens (= micro-dollars per token). */
export type ModelPrice = {
  model: string;
  promptPerMillionUsd: number;
  completionPerMillionUsd: number;
  cachedPerMillionUsd: number;
};

/** The price of a transcription model's audio, in USD per minute. */
export type TranscriptionPrice = { model: string; perMinuteUsd: number };

// ---- Usage, plans and communities (routes: GET /usage, /usage.csv, /usage/twilio, /communities;
// PUT /communities/:key/plan). Money is in micro-dollars (integers, 1 USD = 1,000,000) unless a
// field says Usd: plans are entered in USD, the ledger counts in micros.

/** A community's plan. `memberTurnsPerDay` is the anti-abuse limit of every plan. */
export type Plan =
  | { kind: 'free'; turnsPerMonth: number; memberTurnsPerDay: number }
  | { kind: 'passthrough'; margin: number; capUsd: number | null; memberTurnsPerDay: number }
  | { kind: 'flat'; feeUsd: number; turnsPerMonth: number; memberTurnsPerDay: number };

/** PUT /communities/:key/plan body: `memberTurnsPerDay` left out → the configured default. */
export type PlanUpdate =
  | { kind: 'free'; turnsPerMonth: number; memberTurnsPerDay?: number }
  | { kind: 'passthrough'; margin: number; capUsd?: number | null; memberTurnsPerDay?: number }
  | { kind: 'flat'; feeUsd: number; turnsPerMonth: number; memberTurnsPerDay?: number };

/**
 * Where a community stands against its plan this month: agent turns (free, flat), the billable
 * amount in micros (passthrough with a cap), or nothing to limit (passthrough without a cap).
 */
export type LimitState = {
  unit: 'turns' | 'micros' | null;
  used: number;
  max: number | null;
  /** used / max in %, rounded down; null without a limit. */
  percent: number | null;
  /** near: at 80 % or more; reached: at or over the limit (members get the over-limit reply). */
  state: 'ok' | 'near' | 'reached';
};

/** What a community (or all) used in a period. */
export type UsageTotals = {
  /** Member turns that reached the LLM (commands, linking and fixed replies do not count). */
  memberTurns: number;
  messagesIn: number;
  /** Parts accepted by the provider. */
  messagesOut: number;
  messagesFailed: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** Linked members with at least one message in the period. */
  activeMembers: number;
  costMicros: { twilio: number; meta: number; llm: number; total: number };
};

/** One UTC day of a month. */
export type DailyUsage = {
  date: string;
  messagesIn: number;
  messagesOut: number;
  memberTurns: number;
  costMicros: number;
};

/** A community: the host record's documentId, or "default" for members without one. */
export type CommunityRef = { key: string; name: string };

export type CommunityUsage = {
  community: CommunityRef;
  plan: Plan;
  /** admin: set for this community; default: the configured default plan. */
  planSource: 'admin' | 'default';
  totals: UsageTotals;
  /** What to bill the community for the month under its plan. */
  billableMicros: number;
  limit: LimitState;
  daily: DailyUsage[];
};

/** GET /usage?community=<key|all>&month=YYYY-MM (defaults: all, this month in UTC). */
/** What one sender's messages cost in the month (its account is what Twilio bills them to). */
export type SenderUsage = {
  /** null: the default sender (Settings → Connection). */
  senderId: number | null;
  /** null for the default sender and for a sender deleted since. */
  displayName: string | null;
  address: string | null;
  accountSid: string | null;
  totals: UsageTotals;
};

export type UsageReport = {
  month: string;
  communities: CommunityUsage[];
  /** The same usage per sender: which number (and account) it went through. */
  senders: SenderUsage[];
  /** Over the communities listed. */
  totals: UsageTotals;
  billableMicros: number;
  daily: DailyUsage[];
};

/** One row of GET /communities: every community of the host, with its plan and this month's state. */
export type CommunitySummary = {
  community: CommunityRef;
  plan: Plan;
  planSource: 'admin' | 'default';
  month: string;
  memberTurns: number;
  costMicros: number;
  billableMicros: number;
  limit: LimitState;
};

/** GET /usage/twilio?month=YYYY-MM: Twilio's own figure for the account beside the ledger's. */
export type TwilioUsageView = {
  month: string;
  account: TwilioAccountView;
  /** Twilio's messaging usage records for the month. */
  categories: Array<{ category: string; description: string; count: number; priceMicros: number }>;
  twilioMicros: number;
  /** The ledger's Twilio cost for the same month (all communities). */
  ledgerTwilioMicros: number;
};

/** GET /content-types: the collection types an admin can expose as tools. */
export type ContentTypeView = {
  uid: string;
  displayName: string;
  attributes: Array<{ name: string; type: string }>;
  /** Relations, offered as a tool's community field. */
  relations: Array<{ name: string; target: string }>;
};

/** One row of GET /channels; also the answer of POST /channels/:documentId/revoke. */
export type ChannelView = {
  documentId: string;
  kind: 'whatsapp' | 'sms' | 'rcs';
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

/** Why a reply part never reached the member: Twilio failed it, or it was never offered (window closed). */
export type UndeliveredStatus = 'failed' | 'undelivered' | 'not_sent_window_closed';

/** One part of a reply the member never got. */
export type UndeliveredReply = {
  /** When the part was recorded (the reply's time). */
  at: string;
  /** null once retention or unlinking erased the text. */
  body: string | null;
  status: UndeliveredStatus;
  /** Twilio's error message (webhook token masked), or why the plugin did not send it. */
  reason: string | null;
  errorCode: number | null;
};

/**
 * GET /channels/:documentId/conversation. `undelivered`: the channel's last 50 reply parts that
 * did not reach the member, oldest first (the history keeps no times: the panel places each
 * under the agent's message holding its text).
 */
export type ConversationView = {
  channel: ChannelView;
  history: HistoryMessage[];
  undelivered: UndeliveredReply[];
};

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

// ---- People in the loop (README): the inbox and one conversation in a person's hands.

export type Answerer = 'assistant' | 'waiting' | 'person';
export type InboxFilter = 'all' | 'mine' | 'unassigned';
export type ManagerRef = { id: number; name: string };

/** One admin user limited to some communities (no entry: not limited). */
export type ManagerScope = { adminUserId: number; communities: string[] };
/** GET /manager-scopes: the limits, and the admin users and communities the editor offers. */
export type ManagerScopesView = {
  data: ManagerScope[];
  meta: { admins: ManagerRef[]; communities: CommunityRef[] };
};

/** GET /inbox: one conversation waiting for or with a person. Dates as ISO strings. */
export type InboxItem = {
  documentId: string;
  address: string | null;
  member: { id: number; username: string } | null;
  community: string | null;
  answeredBy: Answerer;
  since: string | null;
  assignee: ManagerRef | null;
  /** Member messages since the last manager reply (or since the handoff began). */
  unread: number;
  lastMessage: { body: string | null; at: string } | null;
  reason: string | null;
};

export type HandoffMessage =
  | { direction: 'in'; id: number; at: string; body: string | null }
  | {
      direction: 'out';
      id: number;
      at: string;
      body: string | null;
      turnKey: string;
      status: string;
      reason: string | null;
      template: boolean;
    };

export type HandoffEventView = {
  id: number;
  kind: 'requested' | 'assigned' | 'resolved' | 'reply' | 'note';
  fromState: string | null;
  toState: string | null;
  actor: 'member' | 'assistant' | 'manager' | 'system';
  adminUserId: number | null;
  actorName: string | null;
  reason: string | null;
  body: string | null;
  turnKey: string | null;
  at: string;
};

/** GET /conversations/:documentId (and the answer of every action on it). */
export type HandoffConversation = {
  documentId: string;
  address: string;
  member: { id: number; username: string } | null;
  linked: boolean;
  community: string;
  answeredBy: Answerer;
  since: string | null;
  assignee: ManagerRef | null;
  /** What a Resolve sends as seen: a newer member message must be read first. */
  lastInboundId: number | null;
  /** WhatsApp's 24-hour window: closed, only the re-engagement template can go (when one is set). */
  window: { open: boolean; reason?: string; templateSet: boolean };
  events: HandoffEventView[];
  messages: HandoffMessage[];
};

/**
 * A sender as the admin sees it (GET /senders): a number on a Twilio (sub-)account, optionally a
 * community's own. Its Auth Token never comes back: only whether one is set and whether it may be
 * used (it is sent only to the Twilio API URL it was saved for).
 */
export type SenderView = {
  id: number;
  displayName: string;
  provider: 'twilio';
  kind: 'whatsapp' | 'sms';
  address: string;
  accountSid: string;
  authToken: { set: boolean; usable: boolean };
  region: string | null;
  edge: string | null;
  community: string | null;
  messagesPerSecond: number | null;
};

/** GET /senders: the default sender (Settings → Connection) and the others. */
export type SendersView = {
  /** The default sender's numbers and account, or null while Twilio is not configured there. */
  default: { accountSid: string; whatsappNumber: string | null; smsNumber: string | null } | null;
  senders: SenderView[];
  /** The host's communities, so that the page names a sender's community beside its key. */
  communities: CommunityRef[];
};

/** POST /senders (every field) and PUT /senders/:id (any of them; `authToken` omitted: kept). */
export type SenderInput = {
  displayName: string;
  kind: 'whatsapp' | 'sms';
  address: string;
  accountSid: string;
  authToken: string;
  region?: string | null;
  edge?: string | null;
  community?: string | null;
  messagesPerSecond?: number | null;
};
