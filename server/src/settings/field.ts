import type { z } from 'zod';
import type { PluginConfig } from './plugin-config-schema';
import type { Language } from '../languages/supported';

/** A text of the admin panel in each of its languages: leaving one out does not compile. */
export type Translated = Record<Language, string>;

/**
 * Every setting an admin can change in the panel, described once: its rule, whether it is a
 * secret, the environment variable that overrides it, and where the host's config (or the
 * plugin's default) keeps it. The PUT schema, the stored shape, the environment lookup, the
 * effective values and the panel's view are all derived from the table (schema.ts), to which each
 * provider adds its own section (channels/<provider>/settings.ts): a new setting is one entry
 * there, its label included.
 */
export type FieldSpec<Schema extends z.ZodType = z.ZodType> = {
  schema: Schema;
  secret?: boolean;
  env?: string;
  fromConfig: (config: PluginConfig) => z.output<Schema> | undefined;
  /**
   * A secret sent only to the base URL it was set for (see secret-origin.ts): `field` is the URL
   * (same section) it goes to, `whenUnset` where that URL points when nothing sets it.
   */
  boundTo?: { field: string; whenUnset: string };
  /**
   * What the panel shows, in every language: the field's label, the hint under it and, for a
   * choice, each option's name. The admin's translations are made from these (field-texts.ts);
   * a field without them is named from its key ("retentionDays" → "retention days").
   */
  label?: Translated;
  help?: Translated;
  options?: Record<string, Translated>;
  /** A long text (a prompt): the panel gives it a text area across the card. */
  multiline?: true;
};

/** One entry of the table; `const` keeps `secret: true` and `boundTo` visible to the types. */
export const field = <Schema extends z.ZodType, const Spec extends Omit<FieldSpec<Schema>, 'schema'>>(
  schema: Schema,
  spec: Spec
) => ({ schema, ...spec });
