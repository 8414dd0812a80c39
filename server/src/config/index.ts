import { describeZodError } from '../utils/zod-issues';
import { pluginConfigSchema } from '../settings/plugin-config-schema';

/** The plugin's `config` entry: defaults from the environment, checked when Strapi loads them. */

type Env = NodeJS.ProcessEnv;

export const configFromEnv = (env: Env = process.env) => ({
  twilio: {
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    whatsappNumber: env.TWILIO_WHATSAPP_NUMBER,
    smsNumber: env.TWILIO_SMS_NUMBER,
    rcsMessagingServiceSid: env.TWILIO_RCS_MESSAGING_SERVICE_SID,
    rcsSenderId: env.TWILIO_RCS_SENDER_ID,
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
    earlyAck: env.WHATSAPP_AGENT_WEBHOOK_EARLY_ACK || undefined,
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
    tools: env.WHATSAPP_AGENT_MCP_TOOLS
      ? env.WHATSAPP_AGENT_MCP_TOOLS.split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : undefined,
    memberRequestsPerMinute: env.WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE
      ? Number(env.WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE)
      : undefined,
    clientRequestsPerMinute: env.WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE
      ? Number(env.WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE)
      : undefined,
    oauthAccessTokenSeconds: env.WHATSAPP_AGENT_MCP_OAUTH_ACCESS_TOKEN_SECONDS
      ? Number(env.WHATSAPP_AGENT_MCP_OAUTH_ACCESS_TOKEN_SECONDS)
      : undefined,
    metadataDocumentsFromLoopback: env.WHATSAPP_AGENT_MCP_METADATA_DOCUMENTS_FROM_LOOPBACK
      ? env.WHATSAPP_AGENT_MCP_METADATA_DOCUMENTS_FROM_LOOPBACK === 'on'
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
