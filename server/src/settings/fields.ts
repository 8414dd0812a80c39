import type { z } from 'zod';
import type { ActionToolConfig, CollectionToolConfig } from './tool-schemas';
import { DEFAULT_PRICES } from './prices';
import { fieldSchemas } from './rules';
import type { PluginConfig } from './plugin-config-schema';
import { PROVIDER_SETTINGS } from '../channels/provider-settings';
import { field, type FieldSpec } from './field';

/*
 * The settings table and the shapes derived from it, with no server-only imports: the admin
 * panel derives its types, its view's zod schema and its plain fields from this file too.
 */

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
    /** Unset: every tool of the agent. */
    tools: field(fieldSchemas.mcpTools, {
      env: 'WHATSAPP_AGENT_MCP_TOOLS',
      fromConfig: (config) => config.mcp.tools,
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
