import type { PluginConfig } from '../../../config';
import {
  fieldsOf,
  sections,
  storedKey,
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
      const fields = fieldsOf(section).map(([name, spec]): [string, FieldView<unknown>] => {
        const configured = spec.fromConfig(config) ?? null;
        if (envSet(spec.env, env)) return [name, { value: configured, source: 'environment' }];
        const value = saved[storedKey(name, spec)];
        if (value !== undefined)
          return [name, { value: spec.secret ? decrypt(String(value)) : value, source: 'admin' }];
        return [name, { value: configured, source: 'default' }];
      });
      return [section, Object.fromEntries(fields)];
    })
  ) as ResolvedFields;

/** A secret as the panel may see it: set or not, and its last 4 characters. */
export const secretView = ({ value, source }: FieldView<unknown>): SecretView => ({
  set: Boolean(value),
  hint: typeof value === 'string' && value ? value.slice(-4) : null,
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
          fieldsOf(section).map(([name, spec]) => [
            name,
            spec.secret ? secretView(resolved[name]) : resolved[name],
          ])
        ),
      ];
    })
  ) as SectionsView;

/** Fields a change may not touch because the environment sets them, as validation issues. */
export const environmentConflicts = (changes: Record<string, unknown>, env = process.env) =>
  sections.flatMap((section) =>
    fieldsOf(section)
      .filter(
        ([name, spec]) =>
          envSet(spec.env, env) &&
          (changes[section] as Record<string, unknown> | undefined)?.[name] !== undefined
      )
      .map(([name, spec]) => ({ path: [section, name], message: `is set by environment (${spec.env})` }))
  );
