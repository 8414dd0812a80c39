import { z } from 'zod';
import { actionPathProblem } from '../server/src/agent/actions/action-path';
import { planUpdateSchema } from '../server/src/usage/plans';
import { describeZodError } from '../server/src/utils/zod-issues';
import { LANGUAGES } from '../server/src/languages/supported';

/**
 * The plugin's static configuration: defaults read from the environment, overridable in the
 * host app's `config/plugins.ts`. Values an admin may also set in the panel are optional here;
 * where the environment sets one, it wins over the panel.
 */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155238886');
const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));
const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());

/** Field rules shared by the plugin config and the admin panel's settings. */
export const fieldSchemas = {
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be "AC" followed by 32 hex characters'),
  secret: z.string().min(8, 'looks too short'),
  /** Meta's ids (a phone number's, a WhatsApp Business Account's) are digits. */
  metaId: z.string().regex(/^\d{5,20}$/, "must be Meta's numeric id (WhatsApp Manager → API setup)"),
  /** A Graph API version such as v23.0. */
  graphVersion: z.string().regex(/^v\d{1,3}\.\d$/, 'must look like "v23.0"'),
  e164,
  region: z.string().regex(/^[a-z]{2}\d$/, 'must look like "ie1" or "au1"'),
  edge: z.string().regex(/^[a-z-]+$/, 'must look like "dublin"'),
  httpUrl,
  model: z.string().min(1).max(200),
  systemPrompt: z.string().min(1).max(20_000),
  maxToolRounds: z.number().int().min(0).max(20),
  historyTurns: z.number().int().min(1).max(200),
  historyIdleMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  retentionDays: z.number().int().min(1).max(3650),
  /** Longer voice notes get a polite reply instead of a transcript (and cost nothing). */
  transcriptionMaxSeconds: z.number().int().min(5).max(3_600),
  /** Seconds of voice notes a member may have transcribed per day (UTC); 0: none. */
  transcriptionSecondsPerDay: z.number().int().min(0).max(86_400),
  vision: z.enum(['auto', 'on', 'off']),
  /** The members' MCP endpoint (README: Use it from ChatGPT, Claude or Cursor). */
  mcp: z.enum(['on', 'off']),
  /** A price in USD (per message, per segment or per million tokens). */
  priceUsd: z.number().min(0).max(1_000),
  /** The words of a handoff command (a message of just one of them, any case). */
  handoffWords: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
  handoffTimeoutHours: z
    .number()
    .min(0.001)
    .max(24 * 30),
  emailManagers: z.boolean(),
  managerName: z.enum(['firstName', 'fullName', 'team']),
};

/** A transcription model's price: OpenAI bills audio by the minute. */
export const transcriptionPriceSchema = z
  .object({ model: z.string().min(1).max(200), perMinuteUsd: fieldSchemas.priceUsd })
  .strict();

/** OpenAI's list prices per minute of audio (gpt-4o-mini-transcribe: OpenAI's own estimate). */
export const DEFAULT_TRANSCRIPTION_PRICES = [
  { model: 'whisper-1', perMinuteUsd: 0.006 },
  { model: 'gpt-4o-mini-transcribe', perMinuteUsd: 0.003 },
  { model: 'gpt-4o-transcribe', perMinuteUsd: 0.006 },
];

export const modelPriceSchema = z
  .object({
    model: z.string().min(1).max(200),
    promptPerMillionUsd: fieldSchemas.priceUsd,
    completionPerMillionUsd: fieldSchemas.priceUsd,
    cachedPerMillionUsd: fieldSchemas.priceUsd,
  })
  .strict();

/**
 * What the ledger charges when nobody set a price. Twilio: per WhatsApp message each way, per
 * SMS segment (US), per failed message. Meta: per message by category — service replies inside
 * the 24-hour window are free; the others are Germany's rates of Meta's per-message card of
 * 1 July 2025 (EUR 0.1131 marketing, 0.0456 utility and authentication) at 1.17 USD/EUR. Meta
 * changes them and they differ per country: admins keep them current in the panel.
 */
export const DEFAULT_PRICES = {
  twilioWhatsappMessageUsd: 0.005,
  twilioSmsSegmentUsd: 0.0083,
  twilioFailedMessageUsd: 0.001,
  metaServiceUsd: 0,
  metaUtilityUsd: 0.0534,
  metaMarketingUsd: 0.1323,
  metaAuthenticationUsd: 0.0534,
};

/** OpenAI's list prices in USD per million tokens (prompt, completion, cached prompt). */
export const DEFAULT_MODEL_PRICES = [
  {
    model: 'gpt-4o-mini',
    promptPerMillionUsd: 0.15,
    completionPerMillionUsd: 0.6,
    cachedPerMillionUsd: 0.075,
  },
  { model: 'gpt-4o', promptPerMillionUsd: 2.5, completionPerMillionUsd: 10, cachedPerMillionUsd: 1.25 },
  {
    model: 'gpt-4.1-nano',
    promptPerMillionUsd: 0.1,
    completionPerMillionUsd: 0.4,
    cachedPerMillionUsd: 0.025,
  },
  { model: 'gpt-4.1-mini', promptPerMillionUsd: 0.4, completionPerMillionUsd: 1.6, cachedPerMillionUsd: 0.1 },
  { model: 'gpt-4.1', promptPerMillionUsd: 2, completionPerMillionUsd: 8, cachedPerMillionUsd: 0.5 },
];

const attributeName = z.string().regex(/^[A-Za-z_][\w]*$/, 'must be an attribute name');

export const collectionToolSchema = z.object({
  contentType: z
    .string()
    .regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a collection type uid such as api::event.event'),
  /** Tools are named search_<name> and get_<name>. */
  name: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, 'must be lowercase letters, digits and _'),
  description: z.string().min(1),
  searchableFields: z.array(attributeName).min(1),
  returnedFields: z.array(attributeName).min(1),
  /** For dated collections: enables the from/to filter and sorts by it. */
  dateField: attributeName.optional(),
  /**
   * The relation to the record's community: results are then limited to the asking member's
   * communities (records without one belong to `default`). It only narrows what REST returns.
   */
  communityField: attributeName.optional(),
  /**
   * On the member collection (`member.contentType`): adds suggest_<name>, "who should I meet?",
   * ranking members by overlap of these fields with the asker's own profile.
   */
  suggestFields: z.array(attributeName).min(1).optional(),
});

export type CollectionToolConfig = z.infer<typeof collectionToolSchema>;

/** The JSON schema of an action's arguments: an object of named, simple parameters. */
const actionParametersSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.record(z.string(), z.unknown())),
    required: z.array(z.string()).optional(),
  })
  .passthrough();

/**
 * An action the agent may propose — a write through one of the host's own routes, run with the
 * member's access token only after they confirmed it (the model never writes by itself).
 */
export const actionToolSchema = z.object({
  /** The tool's name as the model sees it, e.g. rsvp_event. */
  name: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be lowercase letters, digits and _'),
  description: z.string().min(1),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** The host's content-API route; `{name}` is filled from the argument of that name (the rest is the JSON body). */
  path: z
    .string()
    .regex(/^\/api\/[^\s?#]*$/, 'must be a path under /api/, e.g. /api/events/{documentId}/rsvp')
    .superRefine((path, context) => {
      const problem = actionPathProblem(path);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  parameters: actionParametersSchema,
  /**
   * What the member is asked before anything is written: `{argument}`, `{field}` of the record
   * (below), `{field:date}` for dates, e.g. "RSVP *{status}* to *{title}* on {startsAt:date}?".
   */
  confirm: z.string().min(1).max(500),
  /**
   * The record the action is about, read as the member through a read tool (`get_<collection>`),
   * so the question shows what the member can see of it — not what the model says it is.
   */
  record: z.object({ collection: z.string().min(1), idArgument: z.string().min(1) }).optional(),
  /**
   * After it is done, a member who has not opted in to reminders is offered them (a *Remind me*
   * button): an RSVP is the moment they want one.
   */
  offerReminders: z.boolean().default(false),
});

export type ActionToolConfig = z.infer<typeof actionToolSchema>;

/**
 * What a message the member did not ask for is about. Outside WhatsApp's 24-hour window each
 * needs an approved template; `reengagement` stands in for a reply that finds the window closed.
 */
export const TEMPLATE_PURPOSES = ['eventReminder', 'weeklyDigest', 'reengagement'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** Meta's category of a template, which sets its price per message (prices above). */
export const templateCategorySchema = z.enum(['utility', 'marketing']);
export type TemplateCategory = z.infer<typeof templateCategorySchema>;

/** The category Meta usually gives each purpose: reminders of the member's own RSVP are utility. */
export const DEFAULT_TEMPLATE_CATEGORY: Record<TemplatePurpose, TemplateCategory> = {
  eventReminder: 'utility',
  weeklyDigest: 'marketing',
  reengagement: 'utility',
};

/**
 * What each purpose's template variables (`{{1}}`, `{{2}}`…) can be filled with. Reminders may
 * also name any field the events tool returns as `event.<field>`.
 */
export const TEMPLATE_SOURCES: Record<TemplatePurpose, Record<string, string>> = {
  eventReminder: {
    memberName: "The member's first name",
    communityName: 'The community the event belongs to',
    eventTitle: "The event's title",
    eventStart: "When it starts, in the community's time zone (e.g. Tue 3 Dec, 18:00)",
    startsIn: 'How soon it starts (e.g. tomorrow at 18:00, in 1 hour)',
  },
  weeklyDigest: {
    memberName: "The member's first name",
    communityName: 'The community',
    eventCount: 'How many events the digest lists',
    eventList: 'The events on one line (title and day, separated by ·)',
  },
  reengagement: {
    memberName: "The member's first name",
    communityName: "The member's community",
  },
};

/** Whether `source` can fill a variable of `purpose`'s template. */
export const isTemplateSource = (purpose: TemplatePurpose, source: string) =>
  source in TEMPLATE_SOURCES[purpose] ||
  (purpose === 'eventReminder' && /^event\.[A-Za-z_]\w*$/.test(source));

export const templateSettingSchema = z
  .object({
    /**
     * The provider's reference of an approved WhatsApp template: a Content SID for Twilio (console →
     * Content Template Builder), `name:language` for Meta's Cloud API (WhatsApp Manager → Message templates).
     */
    contentSid: z
      .string()
      .regex(
        /^(HX[0-9a-fA-F]{32}|[a-z0-9_]{1,512}(:[a-z]{2,3}(_[A-Z]{2})?)?)$/,
        'must be a Content SID ("HX" followed by 32 hex characters) or, for the Cloud API, a template name and language such as "event_reminder:en"'
      ),
    category: templateCategorySchema,
    /** `{{n}}` → the source that fills it, e.g. { "1": "memberName", "2": "eventTitle" }. */
    variables: z.record(
      z.string().regex(/^([1-9]|1\d|20)$/, 'must be a variable number 1–20'),
      z.string().min(1)
    ),
  })
  .strict();

export type TemplateSetting = z.infer<typeof templateSettingSchema>;

/** A purpose's template with every variable's source checked against the purpose. */
export const templateFor = (purpose: TemplatePurpose) =>
  templateSettingSchema.superRefine((template, context) => {
    for (const [number, source] of Object.entries(template.variables)) {
      if (!isTemplateSource(purpose, source))
        context.addIssue({
          code: 'custom',
          path: ['variables', number],
          message: `cannot be filled from "${source}": use one of ${Object.keys(TEMPLATE_SOURCES[purpose]).join(', ')}${purpose === 'eventReminder' ? ' or event.<field>' : ''}`,
        });
    }
  });

const weekdaySchema = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

/** When a community's weekly digest goes out, in its own time zone. */
const digestScheduleSchema = z.object({
  enabled: z.boolean().default(true),
  day: weekdaySchema.default('monday'),
  hour: z.number().int().min(0).max(23).default(9),
  timeZone: timeZoneSchema.default('UTC'),
});

export const pluginConfigSchema = z.object({
  twilio: z.object({
    accountSid: optional(fieldSchemas.accountSid),
    authToken: optional(z.string().min(1)),
    whatsappNumber: optional(e164),
    smsNumber: optional(e164),
    region: optional(fieldSchemas.region),
    edge: optional(fieldSchemas.edge),
    /** Replaces https://*.twilio.com: a local emulator in tests and the demo. */
    apiUrl: optional(httpUrl),
    /** Sends per second from one sender number (WhatsApp's default throughput is ~10/s; Twilio answers 63018 above yours). */
    messagesPerSecond: z.number().positive().max(1_000).optional(),
  }),
  /** WhatsApp's Cloud API, straight from Meta (no BSP). */
  meta: z
    .object({
      phoneNumberId: optional(fieldSchemas.metaId),
      businessAccountId: optional(fieldSchemas.metaId),
      accessToken: optional(z.string().min(1)),
      appSecret: optional(z.string().min(1)),
      verifyToken: optional(z.string().min(1)),
      graphVersion: optional(fieldSchemas.graphVersion),
      /** Replaces https://graph.facebook.com: a local emulator in tests and the demo. */
      apiUrl: optional(httpUrl),
    })
    .prefault({}),
  webhook: z.object({
    /** The unguessable path segment of the webhook URL. */
    token: optional(z.string().min(24, 'must be at least 24 characters (use a random value)')),
    /** The public base URL Twilio calls; signatures are checked against it. */
    publicUrl: optional(httpUrl),
  }),
  llm: z.object({
    apiKey: optional(z.string().min(1)),
    baseUrl: optional(httpUrl),
    model: z.preprocess(blankAsUndefined, z.string().min(1).default('gpt-4o-mini')),
    /** Per call; the webhook has long been answered, but the member is waiting. */
    timeoutMs: z.number().int().min(1_000).default(30_000),
    maxRetries: z.number().int().min(0).max(5).default(1),
  }),
  agent: z
    .object({
      communityName: z.string().min(1).default('our community'),
      /** Replaces the default instructions; the community, date and member are always added. */
      systemPrompt: optional(z.string().min(1)),
      maxToolRounds: fieldSchemas.maxToolRounds.default(5),
      historyTurns: fieldSchemas.historyTurns.default(20),
      historyIdleMinutes: fieldSchemas.historyIdleMinutes.default(30),
      /** Characters of one tool result the LLM gets; the rest is cut with a note. */
      toolResultMaxChars: z.number().int().min(200).default(6_000),
      /**
       * Tool calls run per round; further calls of the same round get a short "not run" result.
       * Members ask one question at a time: 8 covers "search members and events, then open a few".
       */
      maxToolCallsPerRound: z.number().int().min(1).max(50).default(8),
      /**
       * The conversation kept (JSON, UTF-8 bytes), re-sent with every prompt; oldest turns go
       * first. A full tool result is ~6.5 KB stored (toolResultMaxChars plus JSON escaping) and a
       * typical turn makes 1–3 calls, so 64 KB keeps the last few tool turns whole (or 20 plain
       * turns) at ≤ ~16k prompt tokens per call, while one full round (8 results) still fits.
       */
      historyMaxBytes: z.number().int().min(4_096).default(65_536),
      /** Collections the agent may search, each as the member would through the REST API. */
      tools: z.array(collectionToolSchema).default([]),
      /** Writes the agent may propose and the member confirms (Yes / No) before they happen. */
      actions: z.array(actionToolSchema).default([]),
      /** How long a proposed action waits for the member's Yes. */
      actionTtlSeconds: z.number().int().min(30).max(86_400).default(600),
      /**
       * Where this Strapi answers its own routes, for actions (default: 127.0.0.1 on the configured
       * port): they go through the host's full HTTP stack, as a request from its web app would.
       */
      hostUrl: optional(httpUrl),
    })
    .prefault({}),
  queue: z
    .object({
      engine: z.enum(['embedded', 'bullmq']).default('embedded'),
      redisUrl: optional(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')),
      /** Prefix of the bullmq engine's Redis keys: deployments (or test runs) sharing one Redis keep apart. */
      redisPrefix: z.preprocess(
        blankAsUndefined,
        z
          .string()
          .regex(/^[\w.-]+$/)
          .default('whatsapp-agent')
      ),
      /** Conversations processed at the same time by one Strapi instance. */
      concurrency: z.number().int().min(1).max(100).default(8),
      /** How often the embedded engine looks for work its wake-ups missed (retries, crashed workers). */
      sweepIntervalMs: z.number().int().min(100).default(2_000),
      /**
       * What this instance does. `all`: acknowledges webhooks and answers. `web`: acknowledges and
       * stores only (and wakes the workers through Redis with bullmq). `worker`: answers what the
       * web instances stored; it still serves HTTP (health, the admin panel, webhooks if sent there).
       */
      role: z.enum(['all', 'web', 'worker']).default('all'),
      /** Before `role`: `off` is `role: 'web'`. Kept so existing deployments keep working. */
      worker: z.enum(['on', 'off']).default('on'),
      /**
       * Quiet time after a member's latest message before answering, so a burst of quick
       * messages ("hi" / "who works on…" / "in Berlin?") is one question. 0 answers at once.
       */
      burstWindowMs: z.number().int().min(0).max(60_000).default(800),
      /** A worker holds a conversation this long without renewing before another may take it over (a crash). */
      leaseTtlMs: z.number().int().min(1_000).default(60_000),
      /** Tries of a failing turn before its messages are marked failed. */
      maxAttempts: z.number().int().min(1).max(20).default(5),
      /** Wait before the first retry of a failed turn; doubled after each further failure. */
      retryBaseMs: z.number().int().min(10).default(2_000),
    })
    // One place decides the role: the old switch, when set, makes an `all` instance a web one.
    .transform(({ worker, ...queue }) => ({
      ...queue,
      role: worker === 'off' && queue.role === 'all' ? ('web' as const) : queue.role,
    })),
  /**
   * Where the member's profile lives, for a friendly name in replies ("Linked to J*** D***").
   * Without it the users-permissions username is used.
   */
  member: z
    .object({
      contentType: optional(
        z
          .string()
          .regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a content-type uid such as api::member.member')
      ),
      userAttribute: z.string().default('user'),
      nameAttribute: z.string().default('displayName'),
      /**
       * The relation from the profile to the member's community (or communities): the usage
       * ledger, plans and the agent's scope follow it. Unset: everyone is in community `default`.
       */
      communityAttribute: optional(attributeName),
      /** The community's name, shown on the usage dashboard. */
      communityNameAttribute: attributeName.default('name'),
      /**
       * The member's language ("de", "fr-CA"…), on the profile (or, without `contentType`, on the
       * users-permissions user): fixed replies then follow it rather than the language of each message.
       */
      localeAttribute: optional(attributeName),
    })
    .prefault({}),
  /** The fixed replies' language when neither the member's profile nor their messages tell one. */
  defaultLanguage: z.enum(LANGUAGES).default('en'),
  usage: z
    .object({
      /** The plan of a community an admin has not given one. */
      defaultPlan: planUpdateSchema.default({ kind: 'free', turnsPerMonth: 50 }),
      /** Agent turns one member may start per UTC day, whatever the plan (anti-abuse). */
      memberTurnsPerDay: z.number().int().min(1).max(100_000).default(100),
      /** At this share of a limit the dashboard warns and the host gets `usage.near-limit`. */
      nearLimitPercent: z.number().int().min(1).max(100).default(80),
      prices: z
        .object(
          Object.fromEntries(
            Object.entries(DEFAULT_PRICES).map(([name, usd]) => [name, fieldSchemas.priceUsd.default(usd)])
          ) as Record<keyof typeof DEFAULT_PRICES, z.ZodDefault<typeof fieldSchemas.priceUsd>>
        )
        .prefault({}),
      modelPrices: z.array(modelPriceSchema).default(DEFAULT_MODEL_PRICES),
      /** A model without a price costs $0 (its seconds are still counted); a dated name takes its family's. */
      transcriptionPrices: z.array(transcriptionPriceSchema).default(DEFAULT_TRANSCRIPTION_PRICES),
    })
    .prefault({}),
  linking: z
    .object({
      /** The host's page where a logged-in member gets a linking phrase (named in replies). */
      pageUrl: optional(httpUrl),
      codeTtlSeconds: z.number().int().min(60).max(3600).default(300),
      /** Linking phrases one member may request per 10 minutes. */
      maxCodesPer10Minutes: z.number().int().min(1).default(5),
      /** Wrong phrases one sender may try per hour before a cool-down; every phrase tried counts. */
      maxFailedAttemptsPerHour: z.number().int().min(1).default(5),
      /** Phrases looked up from one turn; the rest of a message stuffed with guesses is ignored. */
      maxPhrasesPerTurn: z.number().int().min(1).max(10).default(3),
      /**
       * Wrong phrases per minute across all senders (an attacker can use many numbers) above
       * which every linking attempt is refused for a minute.
       */
      maxFailedPhrasesPerMinute: z.number().int().min(1).default(100),
      /** Replies of any kind an unlinked sender gets per rolling hour; then silence (each reply costs money). */
      unlinkedRepliesPerHour: z.number().int().min(0).default(5),
      undoWindowSeconds: z.number().int().min(0).default(600),
      /** Linking instructions are sent to an unlinked sender at most this often. */
      instructionsIntervalSeconds: z.number().int().min(0).default(3600),
      /** A channel's session is rotated (its idle lifetime renewed) at most this often. */
      sessionRenewSeconds: z.number().int().min(0).default(86_400),
    })
    .prefault({}),
  /** People in the loop: members ask for a community manager, who takes over and hands back (README). */
  handoff: z
    .object({
      /** A message of just one of these asks for a person (any case); the assistant stays silent then. */
      requestWords: fieldSchemas.handoffWords.default(['HUMAN', 'PERSON']),
      /** A message of just one of these hands the conversation back to the assistant. */
      backWords: fieldSchemas.handoffWords.default(['ASSISTANT', 'BOT']),
      /** Without a manager's reply for this long, the assistant takes the conversation back (the member is told). */
      timeoutHours: fieldSchemas.handoffTimeoutHours.default(24),
      /** How often each instance looks for conversations to hand back (each is claimed once). */
      checkIntervalSeconds: z.number().int().min(1).max(3_600).default(60),
      /** An email to the community's managers when a person is asked for (needs Strapi's email plugin). */
      emailManagers: fieldSchemas.emailManagers.default(true),
      /** What the member sees of the manager who writes: the first name (default), the full name, or "the community team". */
      managerName: fieldSchemas.managerName.default('firstName'),
    })
    .prefault({}),
  /**
   * The ready-made page where a member logs in and gets a phrase, a wa.me link and a QR code
   * (GET /api/whatsapp-agent/link; README: Your own app in ten minutes). Off: the route is a 404.
   */
  linkingPage: z
    .object({
      enabled: z.boolean().default(false),
      title: z.string().min(1).max(120).default('Link WhatsApp to your account'),
      /** Buttons and links; a CSS hex colour. */
      accentColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #0b7a53')
        .default('#0b7a53'),
      /** Shown above the title; its origin is allowed in the page's Content-Security-Policy. */
      logoUrl: optional(httpUrl),
    })
    .prefault({}),
  privacy: z
    .object({
      /** Days the text of answered messages is kept; then only ids, times, statuses and costs remain. */
      retentionDays: fieldSchemas.retentionDays.default(30),
    })
    .prefault({}),
  /**
   * The members' own assistants (ChatGPT, Claude, Cursor) over MCP at /api/whatsapp-agent/mcp
   * (README: Use it from ChatGPT, Claude or Cursor). Off: the route is a 404.
   */
  mcp: z
    .object({
      enabled: fieldSchemas.mcp.default('off'),
      /** Requests one member may make per minute, all their clients together. */
      memberRequestsPerMinute: z.number().int().min(1).max(10_000).default(120),
      /** Requests one client (one personal token) may make per minute. */
      clientRequestsPerMinute: z.number().int().min(1).max(10_000).default(60),
      /** Browser origins allowed besides the server's own (DNS-rebinding protection); clients that send none are allowed. */
      allowedOrigins: z.array(httpUrl).default([]),
      /** Personal tokens one member may hold at once. */
      maxTokensPerMember: z.number().int().min(1).max(100).default(10),
      /**
       * Lifetime of an OAuth access token (then the client refreshes it, rotating the refresh
       * token). Revoking the grant's session ends access at once whatever this is: every request
       * checks the session.
       */
      oauthAccessTokenSeconds: z.number().int().min(60).max(86_400).default(600),
    })
    .prefault({}),
  /** The plugin's own full-text index over the exposed collections (README: Search). */
  search: z
    .object({
      /** `off`: the tools search each collection with `$containsi`, as before the index. */
      index: z.enum(['on', 'off']).default('on'),
      /** PostgreSQL text search configurations, each applied to every row (`simple` keeps names as written). */
      languages: z
        .array(z.string().regex(/^[a-z_]+$/, 'must be a text search configuration name such as english'))
        .min(1)
        .default(['simple', 'english']),
      /** How often each collection is compared with its index (writes that bypassed the Document Service). */
      checkIntervalSeconds: z.number().int().min(5).max(86_400).default(300),
    })
    .prefault({}),
  /** Approved WhatsApp templates by purpose (also set in the admin panel, which wins). */
  templates: z
    .object({
      eventReminder: templateFor('eventReminder').optional(),
      weeklyDigest: templateFor('weeklyDigest').optional(),
      reengagement: templateFor('reengagement').optional(),
    })
    .prefault({}),
  /** Messages the member did not ask for: event reminders and the weekly digest (README: Proactive messages). */
  proactive: z
    .object({
      /** `off`: this instance never looks for due messages by itself (another may; tests look when they choose). */
      scheduler: z.enum(['on', 'off']).default('on'),
      /** How often the scheduler looks for messages that are due (each goes out once, whichever instance finds it). */
      intervalSeconds: z.number().int().min(5).max(3_600).default(60),
      /**
       * The host's RSVPs: a collection of (event, user, status). Unset: no reminders. The event is
       * then read as the member through the read tool `eventTool` (its dateField is the start).
       */
      rsvp: z
        .object({
          contentType: z.string().regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a collection type uid'),
          eventAttribute: attributeName.default('event'),
          userAttribute: attributeName.default('user'),
          statusAttribute: attributeName.default('status'),
          goingValue: z.string().default('going'),
        })
        .optional(),
      /** The read tool (by name) of the events: reminders and the digest read events through it, as the member. */
      eventTool: z.string().default('events'),
      /** The event's title field, for `eventTitle`. */
      eventTitleField: attributeName.default('title'),
      /** The event's place field, named in reminders ("…, at Betahaus"). */
      eventPlaceField: attributeName.optional(),
      reminders: z
        .object({
          /** Minutes before the start, e.g. 24 h and 1 h. A reminder whose time passed while no instance ran goes out late only until the next one is due. */
          beforeMinutes: z
            .array(
              z
                .number()
                .int()
                .min(5)
                .max(14 * 24 * 60)
            )
            .min(1)
            .max(5)
            .default([24 * 60, 60]),
        })
        .prefault({}),
      /** The weekly digest of each community's upcoming events (per community: `communities`). */
      digest: digestScheduleSchema
        .extend({
          enabled: z.boolean().default(false),
          /** Days ahead the digest lists. */
          days: z.number().int().min(1).max(31).default(7),
          maxEvents: z.number().int().min(1).max(10).default(5),
          /**
           * Per community key (the community's documentId, or `default`): its own day, hour and
           * time zone — also the time zone of its reminders' dates.
           */
          communities: z.record(z.string(), digestScheduleSchema.partial()).default({}),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Voice notes, pictures and other attachments members send (README: Voice notes and pictures). */
  media: z
    .object({
      /** Largest attachment downloaded (Twilio's own cap for WhatsApp media is 16 MB). */
      maxBytes: z
        .number()
        .int()
        .min(1_000)
        .max(100 * 1024 * 1024)
        .default(16 * 1024 * 1024),
      /** Largest picture passed to the model (WhatsApp's own limit for images is 5 MB). */
      maxImageBytes: z
        .number()
        .int()
        .min(1_000)
        .max(20 * 1024 * 1024)
        .default(5 * 1024 * 1024),
      /** One attachment's download, redirect included. */
      downloadTimeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
      transcription: z
        .object({
          /** Any model the endpoint's `/audio/transcriptions` knows: whisper-1, gpt-4o-mini-transcribe, … */
          model: z.preprocess(blankAsUndefined, z.string().min(1).max(200).default('whisper-1')),
          /** A provider whose transcriptions live elsewhere than its chat; unset: the AI model's endpoint and key. */
          baseUrl: optional(httpUrl),
          /** Sent only to `baseUrl` (and only when it is set). */
          apiKey: optional(z.string().min(1)),
          maxSeconds: fieldSchemas.transcriptionMaxSeconds.default(180),
          /** Counted from what the provider reports it transcribed: a bill no one can run up. */
          secondsPerDay: fieldSchemas.transcriptionSecondsPerDay.default(600),
          timeoutMs: z.number().int().min(1_000).default(60_000),
        })
        .prefault({}),
      /** Pictures go to the model: `auto` when its name is a known vision model, or always / never. */
      vision: fieldSchemas.vision.default('auto'),
    })
    .prefault({}),
  /** Key for secrets at rest; falls back to the host's `admin.secrets.encryptionKey`. */
  encryptionKey: optional(z.string().min(16, 'must be at least 16 characters')),
});

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

type Env = NodeJS.ProcessEnv;

export const configFromEnv = (env: Env = process.env) => ({
  twilio: {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    whatsappNumber: env.TWILIO_WHATSAPP_NUMBER,
    smsNumber: env.TWILIO_SMS_NUMBER,
    region: env.TWILIO_REGION,
    edge: env.TWILIO_EDGE,
    apiUrl: env.WHATSAPP_AGENT_TWILIO_API_URL,
    messagesPerSecond: env.WHATSAPP_AGENT_MESSAGES_PER_SECOND
      ? Number(env.WHATSAPP_AGENT_MESSAGES_PER_SECOND)
      : undefined,
  },
  meta: {
    phoneNumberId: env.META_WHATSAPP_PHONE_NUMBER_ID,
    businessAccountId: env.META_WHATSAPP_BUSINESS_ACCOUNT_ID,
    accessToken: env.META_WHATSAPP_ACCESS_TOKEN,
    appSecret: env.META_APP_SECRET,
    verifyToken: env.META_WEBHOOK_VERIFY_TOKEN,
    graphVersion: env.WHATSAPP_AGENT_META_GRAPH_VERSION,
    apiUrl: env.WHATSAPP_AGENT_META_API_URL,
  },
  webhook: {
    token: env.WHATSAPP_AGENT_WEBHOOK_TOKEN,
    publicUrl: env.WHATSAPP_AGENT_PUBLIC_URL,
  },
  llm: {
    apiKey: env.OPENAI_API_KEY,
    baseUrl: env.OPENAI_BASE_URL,
    model: env.WHATSAPP_AGENT_MODEL,
    timeoutMs: env.WHATSAPP_AGENT_LLM_TIMEOUT_MS ? Number(env.WHATSAPP_AGENT_LLM_TIMEOUT_MS) : undefined,
  },
  queue: {
    engine: env.WHATSAPP_AGENT_QUEUE || 'embedded',
    redisUrl: env.REDIS_URL,
    redisPrefix: env.WHATSAPP_AGENT_REDIS_PREFIX,
    role: env.WHATSAPP_AGENT_ROLE || undefined,
    worker: env.WHATSAPP_AGENT_WORKER || 'on',
    concurrency: env.WHATSAPP_AGENT_QUEUE_CONCURRENCY
      ? Number(env.WHATSAPP_AGENT_QUEUE_CONCURRENCY)
      : undefined,
    burstWindowMs: env.WHATSAPP_AGENT_BURST_WINDOW_MS
      ? Number(env.WHATSAPP_AGENT_BURST_WINDOW_MS)
      : undefined,
    maxAttempts: env.WHATSAPP_AGENT_MAX_ATTEMPTS ? Number(env.WHATSAPP_AGENT_MAX_ATTEMPTS) : undefined,
    retryBaseMs: env.WHATSAPP_AGENT_RETRY_BASE_MS ? Number(env.WHATSAPP_AGENT_RETRY_BASE_MS) : undefined,
    leaseTtlMs: env.WHATSAPP_AGENT_LEASE_TTL_MS ? Number(env.WHATSAPP_AGENT_LEASE_TTL_MS) : undefined,
  },
  linking: {
    pageUrl: env.WHATSAPP_AGENT_LINK_PAGE_URL,
    maxFailedPhrasesPerMinute: env.WHATSAPP_AGENT_MAX_FAILED_PHRASES_PER_MINUTE
      ? Number(env.WHATSAPP_AGENT_MAX_FAILED_PHRASES_PER_MINUTE)
      : undefined,
    unlinkedRepliesPerHour: env.WHATSAPP_AGENT_UNLINKED_REPLIES_PER_HOUR
      ? Number(env.WHATSAPP_AGENT_UNLINKED_REPLIES_PER_HOUR)
      : undefined,
  },
  handoff: {
    timeoutHours: env.WHATSAPP_AGENT_HANDOFF_TIMEOUT_HOURS
      ? Number(env.WHATSAPP_AGENT_HANDOFF_TIMEOUT_HOURS)
      : undefined,
    checkIntervalSeconds: env.WHATSAPP_AGENT_HANDOFF_CHECK_SECONDS
      ? Number(env.WHATSAPP_AGENT_HANDOFF_CHECK_SECONDS)
      : undefined,
  },
  linkingPage: {
    enabled: env.WHATSAPP_AGENT_LINKING_PAGE ? env.WHATSAPP_AGENT_LINKING_PAGE === 'on' : undefined,
  },
  privacy: {
    retentionDays: env.WHATSAPP_AGENT_RETENTION_DAYS ? Number(env.WHATSAPP_AGENT_RETENTION_DAYS) : undefined,
  },
  usage: {
    memberTurnsPerDay: env.WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY
      ? Number(env.WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY)
      : undefined,
  },
  search: {
    index: env.WHATSAPP_AGENT_SEARCH_INDEX || undefined,
  },
  mcp: {
    enabled: env.WHATSAPP_AGENT_MCP || undefined,
    memberRequestsPerMinute: env.WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE
      ? Number(env.WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE)
      : undefined,
    clientRequestsPerMinute: env.WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE
      ? Number(env.WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE)
      : undefined,
    oauthAccessTokenSeconds: env.WHATSAPP_AGENT_MCP_OAUTH_ACCESS_TOKEN_SECONDS
      ? Number(env.WHATSAPP_AGENT_MCP_OAUTH_ACCESS_TOKEN_SECONDS)
      : undefined,
  },
  proactive: {
    scheduler: env.WHATSAPP_AGENT_SCHEDULER || undefined,
    intervalSeconds: env.WHATSAPP_AGENT_PROACTIVE_INTERVAL_SECONDS
      ? Number(env.WHATSAPP_AGENT_PROACTIVE_INTERVAL_SECONDS)
      : undefined,
    reminders: {
      beforeMinutes: env.WHATSAPP_AGENT_REMINDERS_BEFORE_MINUTES
        ? env.WHATSAPP_AGENT_REMINDERS_BEFORE_MINUTES.split(',').map(Number)
        : undefined,
    },
  },
  media: {
    maxBytes: env.WHATSAPP_AGENT_MEDIA_MAX_BYTES ? Number(env.WHATSAPP_AGENT_MEDIA_MAX_BYTES) : undefined,
    downloadTimeoutMs: env.WHATSAPP_AGENT_MEDIA_TIMEOUT_MS
      ? Number(env.WHATSAPP_AGENT_MEDIA_TIMEOUT_MS)
      : undefined,
    transcription: {
      model: env.WHATSAPP_AGENT_TRANSCRIPTION_MODEL,
      baseUrl: env.WHATSAPP_AGENT_TRANSCRIPTION_BASE_URL,
      apiKey: env.WHATSAPP_AGENT_TRANSCRIPTION_API_KEY,
      maxSeconds: env.WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS
        ? Number(env.WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS)
        : undefined,
      secondsPerDay: env.WHATSAPP_AGENT_TRANSCRIPTION_SECONDS_PER_DAY
        ? Number(env.WHATSAPP_AGENT_TRANSCRIPTION_SECONDS_PER_DAY)
        : undefined,
    },
    vision: env.WHATSAPP_AGENT_VISION || undefined,
  },
  encryptionKey: env.WHATSAPP_AGENT_ENCRYPTION_KEY,
});

export default {
  default: () => configFromEnv(),
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`Invalid whatsapp-agent plugin config: ${describeZodError(result.error)}`);
    }
  },
};
