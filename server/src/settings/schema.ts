import { z } from 'zod';
import {
  actionToolSchema,
  collectionToolSchema,
  type ActionToolConfig,
  type CollectionToolConfig,
} from './tool-schemas';
import { DEFAULT_PRICES, modelPriceSchema, transcriptionPriceSchema } from './prices';
import { templateFor, type TemplatePurpose } from './template-schemas';
import { fieldSchemas } from './rules';
import { type PluginConfig } from './plugin-config-schema';
import { PROVIDER_SETTINGS } from '../channels/provider-settings';
import { field, type FieldSpec } from './field';
import { LANGUAGES, type Language } from '../languages/supported';
import { MESSAGE_KEYS, type MessageKey } from '../router/replies';

/** Where the openai client sends requests when no base URL is set. */
export const OPENAI_API_URL = 'https://api.openai.com/v1';

/**
 * The base URL a transcription key is bound to when no transcription base URL is set beside it: one
 * that cannot exist (RFC 2606 reserves `.invalid`). Without its own base URL, voice notes go to
 * the AI model's endpoint with the AI key, so such a key is sent nowhere — not to OpenAI, not to
 * a base URL set later — until it is entered again for a base URL.
 */
export const NO_TRANSCRIPTION_URL = 'https://no-transcription-base-url.invalid';

/**
 * Every setting an admin can change in the panel, by section (see field.ts): the providers'
 * sections come from their folders.
 */
export const SETTINGS_FIELDS = {
  ...PROVIDER_SETTINGS,
  ai: {
    baseUrl: field(fieldSchemas.httpUrl, {
      env: 'OPENAI_BASE_URL',
      fromConfig: (config) => config.llm.baseUrl,
    }),
    apiKey: field(fieldSchemas.secret, {
      secret: true,
      env: 'OPENAI_API_KEY',
      fromConfig: (config) => config.llm.apiKey,
      // Whoever may change the base URL must not thereby receive the key.
      boundTo: { field: 'baseUrl', whenUnset: OPENAI_API_URL },
    }),
    model: field(fieldSchemas.model, {
      env: 'WHATSAPP_AGENT_MODEL',
      fromConfig: (config) => config.llm.model,
    }),
    systemPrompt: field(fieldSchemas.systemPrompt, { fromConfig: (config) => config.agent.systemPrompt }),
    maxToolRounds: field(fieldSchemas.maxToolRounds, { fromConfig: (config) => config.agent.maxToolRounds }),
    historyTurns: field(fieldSchemas.historyTurns, { fromConfig: (config) => config.agent.historyTurns }),
    historyIdleMinutes: field(fieldSchemas.historyIdleMinutes, {
      fromConfig: (config) => config.agent.historyIdleMinutes,
    }),
  },
  media: {
    transcriptionModel: field(fieldSchemas.model, {
      env: 'WHATSAPP_AGENT_TRANSCRIPTION_MODEL',
      fromConfig: (config) => config.media.transcription.model,
    }),
    transcriptionBaseUrl: field(fieldSchemas.httpUrl, {
      env: 'WHATSAPP_AGENT_TRANSCRIPTION_BASE_URL',
      fromConfig: (config) => config.media.transcription.baseUrl,
    }),
    transcriptionApiKey: field(fieldSchemas.secret, {
      secret: true,
      env: 'WHATSAPP_AGENT_TRANSCRIPTION_API_KEY',
      fromConfig: (config) => config.media.transcription.apiKey,
      boundTo: { field: 'transcriptionBaseUrl', whenUnset: NO_TRANSCRIPTION_URL },
    }),
    transcriptionMaxSeconds: field(fieldSchemas.transcriptionMaxSeconds, {
      env: 'WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS',
      fromConfig: (config) => config.media.transcription.maxSeconds,
    }),
    transcriptionSecondsPerDay: field(fieldSchemas.transcriptionSecondsPerDay, {
      env: 'WHATSAPP_AGENT_TRANSCRIPTION_SECONDS_PER_DAY',
      fromConfig: (config) => config.media.transcription.secondsPerDay,
    }),
    vision: field(fieldSchemas.vision, {
      env: 'WHATSAPP_AGENT_VISION',
      fromConfig: (config) => config.media.vision,
    }),
  },
  mcp: {
    enabled: field(fieldSchemas.mcp, {
      env: 'WHATSAPP_AGENT_MCP',
      fromConfig: (config) => config.mcp.enabled,
    }),
  },
  handoff: {
    requestWords: field(fieldSchemas.handoffWords, { fromConfig: (config) => config.handoff.requestWords }),
    backWords: field(fieldSchemas.handoffWords, { fromConfig: (config) => config.handoff.backWords }),
    timeoutHours: field(fieldSchemas.handoffTimeoutHours, {
      env: 'WHATSAPP_AGENT_HANDOFF_TIMEOUT_HOURS',
      fromConfig: (config) => config.handoff.timeoutHours,
    }),
    emailManagers: field(fieldSchemas.emailManagers, {
      fromConfig: (config) => config.handoff.emailManagers,
    }),
    managerName: field(fieldSchemas.managerName, { fromConfig: (config) => config.handoff.managerName }),
  },
  privacy: {
    retentionDays: field(fieldSchemas.retentionDays, {
      env: 'WHATSAPP_AGENT_RETENTION_DAYS',
      fromConfig: (config) => config.privacy.retentionDays,
    }),
  },
  prices: Object.fromEntries(
    (Object.keys(DEFAULT_PRICES) as Array<keyof typeof DEFAULT_PRICES>).map((name) => [
      name,
      field(fieldSchemas.priceUsd, { fromConfig: (config: PluginConfig) => config.usage.prices[name] }),
    ])
  ) as Record<
    keyof typeof DEFAULT_PRICES,
    { schema: typeof fieldSchemas.priceUsd; fromConfig: (config: PluginConfig) => number }
  >,
} satisfies Record<string, Record<string, FieldSpec>>;

type Fields = typeof SETTINGS_FIELDS;
export type SettingsSection = keyof Fields;
type ValueOf<Spec> = Spec extends { schema: infer Schema extends z.ZodType } ? z.output<Schema> : never;

export type Source = 'environment' | 'admin' | 'default';
export type FieldView<T> = { value: T | null; source: Source };
/** Secrets never leave the server: only whether one is set and its last characters. */
export type SecretView = { set: boolean; hint: string | null; source: Source };
export type ToolsView = { value: CollectionToolConfig[]; source: Source };
export type ActionsView = { value: ActionToolConfig[]; source: Source };
export type MessageView = { value: string; defaultValue: string; source: Source };

/**
 * A secret bound to a base URL: the key shown (the one in use, else the one that would be by
 * precedence), the base URL it was set for, and whether that is where its URL now points.
 */
export type BoundSecretField = FieldView<string> & { boundTo: string | null; usable: boolean };
export type BoundSecretView = SecretView & { boundTo: string | null; usable: boolean };

/** Every field's effective value (secrets decrypted) and where it came from. */
export type ResolvedFields = {
  [Section in SettingsSection]: {
    [Name in keyof Fields[Section]]: Fields[Section][Name] extends { boundTo: object }
      ? BoundSecretField
      : FieldView<ValueOf<Fields[Section][Name]>>;
  };
};

/** The same, as the panel may see it. */
export type SectionsView = {
  [Section in SettingsSection]: {
    [Name in keyof Fields[Section]]: Fields[Section][Name] extends { boundTo: object }
      ? BoundSecretView
      : Fields[Section][Name] extends { secret: true }
        ? SecretView
        : FieldView<ValueOf<Fields[Section][Name]>>;
  };
};

/** A section of a PUT as sent: a value sets a field, "" or null clears it, absent keeps it. */
export type SectionInput<Section extends SettingsSection> = {
  [Name in keyof Fields[Section]]?: ValueOf<Fields[Section][Name]> | '' | null;
};
/** The same, validated: "" has become null. */
export type SectionChanges<Section extends SettingsSection> = {
  [Name in keyof Fields[Section]]?: ValueOf<Fields[Section][Name]> | null;
};

export const sections = Object.keys(SETTINGS_FIELDS) as SettingsSection[];
export const fieldsOf = (section: SettingsSection) =>
  Object.entries(SETTINGS_FIELDS[section]) as Array<[string, FieldSpec]>;

/** Where a secret is kept in the store: `authToken` → `authTokenEncrypted`. */
export const storedKey = (name: string, spec: FieldSpec) => (spec.secret ? `${name}Encrypted` : name);
/**
 * Where the base URL a bound secret was set for is kept, beside it: `apiKey` → `apiKeyOrigin`
 * (named when bindings were origins; kept so that stored settings need no migration).
 */
export const originKey = (name: string) => `${name}Origin`;

const mapSection = <T>(section: SettingsSection, map: (name: string, spec: FieldSpec) => [string, T]) =>
  Object.fromEntries(fieldsOf(section).map(([name, spec]) => map(name, spec)));

/** A non-secret field in a PUT: a value sets it, "" or null clears it (back to the default). */
const clearable = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => null), z.null(), schema]).optional();
/** A secret in a PUT: a value replaces it, null clears it, absent keeps it (the panel never has it). */
const secretInput = <T extends z.ZodType>(schema: T) => z.union([z.null(), schema]).optional();

const messageText = z.string().trim().min(1).max(1_000);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Fixed replies were once English only, keyed by message (`{ help: "…" }`): such keys, stored or
 * sent, are English overrides. Everything else is keyed by language (`{ de: { help: "…" } }`).
 */
const flatAsEnglish = (value: unknown) => {
  if (!isRecord(value)) return value;
  const flat = Object.entries(value).filter(([key]) => !(LANGUAGES as readonly string[]).includes(key));
  if (flat.length === 0) return value;
  const english = isRecord(value.en) ? value.en : {};
  const perLanguage = Object.fromEntries(
    Object.entries(value).filter(([key]) => (LANGUAGES as readonly string[]).includes(key))
  );
  return { ...perLanguage, en: { ...english, ...Object.fromEntries(flat) } };
};

const byLanguage = <T extends z.ZodType>(schema: T) =>
  Object.fromEntries(LANGUAGES.map((language) => [language, schema])) as Record<Language, T>;

const languageMessagesInput = z
  .object(
    Object.fromEntries(MESSAGE_KEYS.map((key) => [key, clearable(messageText)])) as Record<
      MessageKey,
      ReturnType<typeof clearable<typeof messageText>>
    >
  )
  .strict();

/** A purpose's template in a PUT: null goes back to the host's config (or none). */
const templateInput = (purpose: TemplatePurpose) => z.union([z.null(), templateFor(purpose)]).optional();
/** A stored template that no longer passes its rule is dropped, like any stored value. */
const storedTemplate = (purpose: TemplatePurpose) => templateFor(purpose).optional().catch(undefined);

/** What the admin panel may change: one schema, validated on every write. */
export const settingsInputSchema = z
  .object({
    ...(Object.fromEntries(
      sections.map((section) => [
        section,
        z
          .object(
            mapSection(section, (name, spec) => [
              name,
              spec.secret ? secretInput(spec.schema) : clearable(spec.schema),
            ])
          )
          .strict()
          .optional(),
      ])
    ) as unknown as {
      [Section in SettingsSection]: z.ZodOptional<z.ZodType<SectionChanges<Section>, SectionInput<Section>>>;
    }),
    /** Texts of the fixed replies per language; "" or null restores the default. */
    messages: z
      .preprocess(flatAsEnglish, z.object(byLanguage(languageMessagesInput.optional())).strict())
      .optional(),
    modelPrices: z
      .array(modelPriceSchema)
      .max(100)
      .refine(
        (prices) => new Set(prices.map((price) => price.model)).size === prices.length,
        'each model once'
      )
      .optional(),
    transcriptionPrices: z
      .array(transcriptionPriceSchema)
      .max(100)
      .refine(
        (prices) => new Set(prices.map((price) => price.model)).size === prices.length,
        'each model once'
      )
      .optional(),
    tools: z
      .array(collectionToolSchema)
      .max(20)
      .refine(
        (tools) => new Set(tools.map((tool) => tool.name)).size === tools.length,
        'tool names must be unique'
      )
      .optional(),
    actions: z
      .array(actionToolSchema)
      .max(20)
      .refine(
        (actions) => new Set(actions.map((action) => action.name)).size === actions.length,
        'action names must be unique'
      )
      .optional(),
    templates: z
      .object({
        eventReminder: templateInput('eventReminder'),
        weeklyDigest: templateInput('weeklyDigest'),
        reengagement: templateInput('reengagement'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SettingsInput = z.infer<typeof settingsInputSchema>;

/**
 * What is kept in the plugin store; secrets only encrypted. Parsed on every read; a stored value
 * that no longer passes its rule is dropped (back to the default) rather than stopping the boot.
 */
export const storedSettingsSchema = z.object({
  ...(Object.fromEntries(
    sections.map((section) => [
      section,
      z
        .object({
          ...mapSection(section, (name, spec) => [
            storedKey(name, spec),
            (spec.secret ? z.string() : spec.schema).optional().catch(undefined),
          ]),
          ...Object.fromEntries(
            fieldsOf(section)
              .filter(([, spec]) => spec.boundTo)
              .map(([name]) => [originKey(name), z.string().optional().catch(undefined)])
          ),
        })
        .prefault({}),
    ])
  ) as unknown as { [Section in SettingsSection]: z.ZodType<Record<string, unknown>> }),
  tools: z.array(collectionToolSchema).optional().catch(undefined),
  actions: z.array(actionToolSchema).optional().catch(undefined),
  templates: z
    .object({
      eventReminder: storedTemplate('eventReminder'),
      weeklyDigest: storedTemplate('weeklyDigest'),
      reengagement: storedTemplate('reengagement'),
    })
    .prefault({}),
  modelPrices: z.array(modelPriceSchema).optional().catch(undefined),
  transcriptionPrices: z.array(transcriptionPriceSchema).optional().catch(undefined),
  /** The admin's texts of the fixed replies, per language (an English override from before languages is kept). */
  messages: z.preprocess(
    // Anything else stored there is dropped (back to the defaults), like any stored value.
    (value) => (isRecord(value) ? flatAsEnglish(value) : {}),
    z.object(byLanguage(z.record(z.string(), z.string()).catch({}).prefault({})))
  ),
});

export type StoredSettings = z.infer<typeof storedSettingsSchema>;
