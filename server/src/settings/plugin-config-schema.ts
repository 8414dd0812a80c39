import { z } from 'zod';
import { planUpdateSchema } from '../usage/plans';
import { LANGUAGES } from '../languages/supported';
import { blankAsUndefined, e164, fieldSchemas, httpUrl, optional } from './rules';
import {
  DEFAULT_MODEL_PRICES,
  DEFAULT_PRICES,
  DEFAULT_TRANSCRIPTION_PRICES,
  modelPriceSchema,
  transcriptionPriceSchema,
} from './prices';
import { actionToolSchema, attributeName, collectionToolSchema } from './tool-schemas';
import { templateFor } from './template-schemas';

/**
 * The plugin's static configuration: defaults read from the environment, overridable in the
 * host app's `config/plugins.ts`. Values an admin may also set in the panel are optional here;
 * where the environment sets one, it wins over the panel.
 */

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
    rcsMessagingServiceSid: optional(fieldSchemas.messagingServiceSid),
    rcsSenderId: optional(fieldSchemas.rcsSenderId),
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
    /**
     * Answer the webhooks a route would accept before the host's middleware stack
     * (middlewares/webhook-early-ack.ts); `off` sends every webhook through it.
     */
    earlyAck: z.enum(['on', 'off']).default('on'),
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
      /** The agent's tools the endpoint lists; unset: all of them (README: Use it from ChatGPT, Claude or Cursor). */
      tools: fieldSchemas.mcpTools.optional(),
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
      /**
       * Let a client ID metadata document be fetched from this machine (127.0.0.1, ::1): for tests
       * and local development only. Documents from any other private address are always refused.
       */
      metadataDocumentsFromLoopback: z.boolean().default(false),
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
