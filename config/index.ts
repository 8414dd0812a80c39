import { z } from 'zod';

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

export const pluginConfigSchema = z.object({
  twilio: z.object({
    accountSid: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be "AC" followed by 32 hex characters')),
    authToken: optional(z.string().min(1)),
    whatsappNumber: optional(e164),
    smsNumber: optional(e164),
    region: optional(z.string().regex(/^[a-z]{2}\d$/, 'must look like "ie1" or "au1"')),
    edge: optional(z.string().regex(/^[a-z-]+$/, 'must look like "dublin"')),
    /** Replaces https://*.twilio.com: a local emulator in tests and the demo. */
    apiUrl: optional(httpUrl),
  }),
  webhook: z.object({
    /** The unguessable path segment of the webhook URL. */
    token: optional(z.string().min(24, 'must be at least 24 characters (use a random value)')),
    /** The public base URL Twilio calls; signatures are checked against it. */
    publicUrl: optional(httpUrl),
  }),
  llm: z.object({
    apiKey: optional(z.string().min(1)),
    baseUrl: optional(httpUrl),
    model: optional(z.string().min(1)),
  }),
  queue: z.object({
    engine: z.enum(['embedded', 'bullmq']).default('embedded'),
    redisUrl: optional(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')),
    /** Conversations processed at the same time by one Strapi instance. */
    concurrency: z.number().int().min(1).max(100).default(8),
    /** How often the embedded engine looks for work its wake-ups missed (retries, crashed workers). */
    sweepIntervalMs: z.number().int().min(100).default(2_000),
    /**
     * Whether this instance processes messages. `off` makes it acknowledge and store only,
     * leaving the work to other instances that share the database (or Redis with bullmq).
     */
    worker: z.enum(['on', 'off']).default('on'),
  }),
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
  },
  webhook: {
    token: env.WHATSAPP_AGENT_WEBHOOK_TOKEN,
    publicUrl: env.WHATSAPP_AGENT_PUBLIC_URL,
  },
  llm: {
    apiKey: env.OPENAI_API_KEY,
    baseUrl: env.OPENAI_BASE_URL,
    model: env.WHATSAPP_AGENT_MODEL,
  },
  queue: {
    engine: env.WHATSAPP_AGENT_QUEUE || 'embedded',
    redisUrl: env.REDIS_URL,
    worker: env.WHATSAPP_AGENT_WORKER || 'on',
  },
  encryptionKey: env.WHATSAPP_AGENT_ENCRYPTION_KEY,
});

/** Turns a zod error into one line per field, e.g. `twilio.accountSid: must be "AC" followed by…`. */
export const describeConfigError = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

export default {
  default: () => configFromEnv(),
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`Invalid whatsapp-agent plugin config: ${describeConfigError(result.error)}`);
    }
  },
};
