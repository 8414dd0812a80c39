import type { PluginConfig } from './plugin-config-schema';
import type { FieldIssue } from '../utils/zod-issues';
import type { FieldSpec } from './field';
import {
  fieldsOf,
  originKey,
  sections,
  SETTINGS_FIELDS,
  storedKey,
  type BoundSecretField,
  type FieldView,
  type ResolvedFields,
  type SettingsInput,
  type SettingsSection,
  type Source,
  type StoredSettings,
} from './schema';

/**
 * A secret is sent only to the exact base URL it was set for: scheme, host, port and path
 * (normalised: default port dropped, host lower-cased, dot segments resolved, no trailing slash).
 * Otherwise an admin allowed to change the base URL, but never shown the key, could point the
 * URL at their own server — or at their own tenant on a gateway that serves many accounts under
 * one host by path — and receive the key with the next request. The key from the host's config
 * or the environment belongs to the URL set beside it there (OpenAI's when none is); a key saved
 * in the panel to the URL in effect when it was saved (the one saved with it, if any).
 *
 * Keys saved before bindings named the path were bound to an origin (`https://host`); such a
 * binding is read as the base URL it spells, the host's root, and matches nothing with a path:
 * the key is entered again for its base URL (the panel says where it was set for).
 */

/** The normalised base URL a secret is bound to: `https://API.example.com:443/v1/` → `https://api.example.com/v1`. */
export const baseUrlOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
};

type Bound = NonNullable<FieldSpec['boundTo']>;
type Candidate = { value: string; source: Source; boundTo: string | null };

/** The section's secrets bound to a URL field. */
export const boundFields = (section: SettingsSection) =>
  fieldsOf(section).filter((entry): entry is [string, FieldSpec & { boundTo: Bound }] =>
    Boolean(entry[1].boundTo)
  );

/** Where the secret would go now: its URL's effective value, normalised. */
const targetBaseUrl = (fields: Record<string, FieldView<unknown>>, bound: Bound) =>
  baseUrlOf((fields[bound.field]?.value as string | null) ?? bound.whenUnset);

/**
 * The key for the URL a bound secret's field now points at: the first key (environment, then
 * panel, then host config) set for that base URL. If none is, the first key there is anyway is
 * shown, with `usable: false`: it exists but is not sent.
 */
export const resolveBoundSecret = ({
  section,
  name,
  spec,
  fields,
  config,
  saved,
  decrypt,
  fromEnvironment,
}: {
  section: SettingsSection;
  name: string;
  spec: FieldSpec & { boundTo: Bound };
  /** The section's other fields, already resolved (the URL among them). */
  fields: Record<string, FieldView<unknown>>;
  config: PluginConfig;
  saved: Record<string, unknown>;
  decrypt: (sealed: string) => string;
  fromEnvironment: boolean;
}): BoundSecretField => {
  const configuredValue = spec.fromConfig(config) as string | undefined;
  const urlSpec = (SETTINGS_FIELDS[section] as Record<string, FieldSpec>)[spec.boundTo.field];
  const configured: Candidate | undefined = configuredValue
    ? {
        value: configuredValue,
        source: fromEnvironment ? 'environment' : 'default',
        boundTo: baseUrlOf((urlSpec.fromConfig(config) as string | undefined) ?? spec.boundTo.whenUnset),
      }
    : undefined;
  const sealed = saved[storedKey(name, spec)];
  const savedBinding = saved[originKey(name)];
  const admin: Candidate | undefined =
    sealed === undefined
      ? undefined
      : {
          value: decrypt(String(sealed)),
          source: 'admin',
          // Saved before keys were bound: sent nowhere until entered again.
          boundTo: typeof savedBinding === 'string' ? baseUrlOf(savedBinding) : null,
        };

  const candidates = (fromEnvironment ? [configured, admin] : [admin, configured]).filter(
    (candidate): candidate is Candidate => candidate !== undefined
  );
  const target = targetBaseUrl(fields, spec.boundTo);
  const match = candidates.find((candidate) => candidate.boundTo === target);
  const shown = match ?? candidates[0];
  if (!shown) return { value: null, source: 'default', boundTo: null, usable: false };
  return { value: shown.value, source: shown.source, boundTo: shown.boundTo, usable: Boolean(match) };
};

/** Beside each bound secret this change sets, the base URL it is set for: where its URL points after the change. */
export const bindChangedSecrets = (next: StoredSettings, changes: SettingsInput, after: ResolvedFields) => {
  for (const section of sections) {
    const values = (changes[section] ?? {}) as Record<string, unknown>;
    const target = next[section] as Record<string, unknown>;
    for (const [name, spec] of boundFields(section)) {
      if (values[name] === null) delete target[originKey(name)];
      else if (values[name] !== undefined)
        target[originKey(name)] = targetBaseUrl(
          after[section] as Record<string, FieldView<unknown>>,
          spec.boundTo
        );
    }
  }
};

/**
 * A key entered for the base URL the environment's key is for would never be used (the
 * environment wins there): refused, as any field the environment sets. For another base URL it
 * is welcome: the environment's key is not sent there.
 */
export const boundSecretConflicts = (changes: SettingsInput, after: ResolvedFields): FieldIssue[] =>
  sections.flatMap((section) =>
    boundFields(section).flatMap(([name, spec]) => {
      const value = ((changes[section] ?? {}) as Record<string, unknown>)[name];
      const resolved = (after[section] as Record<string, FieldView<unknown>>)[name] as BoundSecretField;
      const overridden = resolved.source === 'environment' && resolved.usable;
      return value !== undefined && value !== null && overridden
        ? [{ path: [section, name], message: `is set by environment (${spec.env}) for ${resolved.boundTo}` }]
        : [];
    })
  );
