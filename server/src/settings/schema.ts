import { z } from 'zod';
import { collectionToolSchema, fieldSchemas, type CollectionToolConfig } from '../../../config';
import { MESSAGE_KEYS, type MessageKey } from '../identity/messages';

const messageText = z.string().trim().min(1).max(1_000);

/** A non-secret field in a PUT: a value sets it, "" or null clears it (back to the default). */
const clearable = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => null), z.null(), schema]).optional();
/** A secret in a PUT: a value replaces it, null clears it, absent keeps it (the panel never has it). */
const secret = z.union([z.null(), fieldSchemas.secret]).optional();

/** What the admin panel may change: one schema, validated on every write. */
export const settingsInputSchema = z
  .object({
    twilio: z
      .object({
        accountSid: clearable(fieldSchemas.accountSid),
        authToken: secret,
        whatsappNumber: clearable(fieldSchemas.e164),
        smsNumber: clearable(fieldSchemas.e164),
        region: clearable(fieldSchemas.region),
        edge: clearable(fieldSchemas.edge),
      })
      .strict()
      .optional(),
    ai: z
      .object({
        baseUrl: clearable(fieldSchemas.httpUrl),
        apiKey: secret,
        model: clearable(fieldSchemas.model),
        systemPrompt: clearable(fieldSchemas.systemPrompt),
        maxToolRounds: clearable(fieldSchemas.maxToolRounds),
        historyTurns: clearable(fieldSchemas.historyTurns),
        historyIdleMinutes: clearable(fieldSchemas.historyIdleMinutes),
      })
      .strict()
      .optional(),
    /** Texts of the fixed replies; "" or null restores the default. */
    messages: z
      .object(Object.fromEntries(MESSAGE_KEYS.map((key) => [key, clearable(messageText)])) as Record<MessageKey, ReturnType<typeof clearable<typeof messageText>>>)
      .strict()
      .optional(),
    tools: z
      .array(collectionToolSchema)
      .max(20)
      .refine((tools) => new Set(tools.map((tool) => tool.name)).size === tools.length, 'tool names must be unique')
      .optional(),
  })
  .strict();

export type SettingsInput = z.infer<typeof settingsInputSchema>;

/** What is kept in the plugin store; secrets only encrypted. Parsed on every read. */
export const storedSettingsSchema = z.object({
  twilio: z
    .object({
      accountSid: z.string().optional(),
      authTokenEncrypted: z.string().optional(),
      whatsappNumber: z.string().optional(),
      smsNumber: z.string().optional(),
      region: z.string().optional(),
      edge: z.string().optional(),
    })
    .default({}),
  ai: z
    .object({
      baseUrl: z.string().optional(),
      apiKeyEncrypted: z.string().optional(),
      model: z.string().optional(),
      systemPrompt: z.string().optional(),
      maxToolRounds: z.number().optional(),
      historyTurns: z.number().optional(),
      historyIdleMinutes: z.number().optional(),
    })
    .default({}),
  tools: z.array(collectionToolSchema).optional(),
  messages: z.record(z.string(), z.string()).default({}),
});

export type StoredSettings = z.infer<typeof storedSettingsSchema>;

export type Source = 'environment' | 'admin' | 'default';
export type FieldView<T> = { value: T | null; source: Source };
export type SecretView = { set: boolean; hint: string | null; source: Source };
export type ToolsView = { value: CollectionToolConfig[]; source: Source };

/** The environment variable behind each field an admin could otherwise set. */
export const ENV_VARS = {
  'twilio.accountSid': 'TWILIO_ACCOUNT_SID',
  'twilio.authToken': 'TWILIO_AUTH_TOKEN',
  'twilio.whatsappNumber': 'TWILIO_WHATSAPP_NUMBER',
  'twilio.smsNumber': 'TWILIO_SMS_NUMBER',
  'twilio.region': 'TWILIO_REGION',
  'twilio.edge': 'TWILIO_EDGE',
  'ai.baseUrl': 'OPENAI_BASE_URL',
  'ai.apiKey': 'OPENAI_API_KEY',
  'ai.model': 'WHATSAPP_AGENT_MODEL',
} as const;
