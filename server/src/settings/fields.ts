import type { z } from 'zod';
import type { ActionToolConfig, CollectionToolConfig } from './tool-schemas';
import { DEFAULT_PRICES } from './prices';
import { fieldSchemas } from './rules';
import type { PluginConfig } from './plugin-config-schema';
import { PROVIDER_SETTINGS } from '../channels/provider-settings';
import { field, type FieldSpec } from './field';
import { AI_SETTINGS } from './sections/ai';
import { HANDOFF_SETTINGS } from './sections/handoff';
import { MEDIA_SETTINGS } from './sections/media';
import { PRIVACY_SETTINGS } from './sections/privacy';

/*
 * The settings table and the shapes derived from it, with no server-only imports: the admin
 * panel derives its types, its view's zod schema and its plain fields from this file too.
 */

// The AI model's and the media's sections keep the URLs their keys are bound to by default.
export { OPENAI_API_URL } from './sections/ai';
export { NO_TRANSCRIPTION_URL } from './sections/media';

/**
 * Every setting an admin can change in the panel, by section (see field.ts): the providers'
 * sections come from their folders.
 */
export const SETTINGS_FIELDS = {
  ...PROVIDER_SETTINGS,
  ai: AI_SETTINGS,
  media: MEDIA_SETTINGS,
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
  handoff: HANDOFF_SETTINGS,
  privacy: PRIVACY_SETTINGS,
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
