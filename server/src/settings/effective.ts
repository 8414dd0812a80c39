import type { PluginConfig } from './plugin-config-schema';
import { boundFields, resolveBoundSecret } from './secret-origin';
import {
  fieldsOf,
  sections,
  storedKey,
  type BoundSecretField,
  type FieldView,
  type ResolvedFields,
  type SecretView,
  type SectionsView,
  type StoredSettings,
} from './schema';

const envSet = (name: string | undefined, env: NodeJS.ProcessEnv) => Boolean(name && env[name]);

/**
 * Effective settings, in this order: environment variables (read-only in the panel), then what
 * an admin saved in the panel (secrets decrypted here), then the host's `config/plugins.ts` and
 * the plugin's defaults — each value with where it came from.
 */
export const resolveFields = (
  config: PluginConfig,
  stored: StoredSettings,
  decrypt: (sealed: string) => string,
  env = process.env
): ResolvedFields =>
  Object.fromEntries(
    sections.map((section) => {
      const saved = stored[section] as Record<string, unknown>;
      const fields: Record<string, FieldView<unknown>> = {};
      for (const [name, spec] of fieldsOf(section)) {
        if (spec.boundTo) continue;
        const configured = spec.fromConfig(config) ?? null;
        const value = saved[storedKey(name, spec)];
        fields[name] = envSet(spec.env, env)
          ? { value: configured, source: 'environment' }
          : value !== undefined
            ? { value: spec.secret ? decrypt(String(value)) : value, source: 'admin' }
            : { value: configured, source: 'default' };
      }
      // Secrets bound to a URL field: once that URL is known.
      for (const [name, spec] of boundFields(section)) {
        fields[name] = resolveBoundSecret({
          section,
          name,
          spec,
          fields,
          config,
          saved,
          decrypt,
          fromEnvironment: envSet(spec.env, env),
        });
      }
      return [section, Object.fromEntries(fieldsOf(section).map(([name]) => [name, fields[name]]))];
    })
  ) as ResolvedFields;

/** Below this length, 4 characters would give away too much of a secret: no hint then. */
const MIN_HINTED_SECRET_LENGTH = 16;

/** A secret as the panel may see it: set or not, and its last 4 characters if it is long enough. */
export const secretView = ({ value, source }: FieldView<unknown>): SecretView => ({
  set: Boolean(value),
  hint: typeof value === 'string' && value.length >= MIN_HINTED_SECRET_LENGTH ? value.slice(-4) : null,
  source,
});

/** The resolved fields with every secret replaced by its view. */
export const sectionsView = (fields: ResolvedFields): SectionsView =>
  Object.fromEntries(
    sections.map((section) => {
      const resolved = fields[section] as Record<string, FieldView<unknown>>;
      return [
        section,
        Object.fromEntries(
          fieldsOf(section).map(([name, spec]) => {
            const field = resolved[name];
            if (!spec.secret) return [name, field];
            if (!spec.boundTo) return [name, secretView(field)];
            const { boundTo, usable } = field as BoundSecretField;
            return [name, { ...secretView(field), boundTo, usable }];
          })
        ),
      ];
    })
  ) as SectionsView;

/**
 * Fields a change may not touch because the environment sets them, as validation issues. A
 * secret bound to a URL is judged by the base URL it would be for (secret-origin.ts).
 */
export const environmentConflicts = (changes: Record<string, unknown>, env = process.env) =>
  sections.flatMap((section) =>
    fieldsOf(section)
      .filter(
        ([name, spec]) =>
          envSet(spec.env, env) &&
          !spec.boundTo &&
          (changes[section] as Record<string, unknown> | undefined)?.[name] !== undefined
      )
      .map(([name, spec]) => ({ path: [section, name], message: `is set by environment (${spec.env})` }))
  );
