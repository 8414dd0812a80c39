import { z } from 'zod';
import { actionToolSchema, collectionToolSchema } from './tool-schemas';
import { modelPriceSchema, transcriptionPriceSchema } from './prices';
import { templateFor, type TemplatePurpose } from './template-schemas';
import type { FieldSpec } from './field';
import {
  fieldsOf,
  originKey,
  sections,
  storedKey,
  type SectionChanges,
  type SectionInput,
  type SettingsSection,
} from './fields';
import { LANGUAGES, type Language } from '../languages/supported';
import { MESSAGE_KEYS, type MessageKey } from '../router/replies';

// The table itself and the views derived from it live in fields.ts (the admin panel reads it too).
export * from './fields';

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
const templateInput = (purpose: TemplatePurpose) => templateFor(purpose).nullable().optional();
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
