import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import {
  fieldsOf,
  sections,
  storedKey,
  storedSettingsSchema,
  type SettingsInput,
  type StoredSettings,
} from './schema';

const SETTINGS_KEY = 'settings';
const WEBHOOK_KEY = 'webhook';

/** The admin's settings in the plugin store (`strapi.store`): read, merged with a change, saved. */
export const createSettingsStore = (strapi: Core.Strapi, encrypt: (plaintext: string) => string) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });

  return {
    async read(): Promise<StoredSettings> {
      return storedSettingsSchema.parse((await store().get({ key: SETTINGS_KEY })) ?? {});
    },

    /** The stored settings with a validated change applied: null clears, secrets are encrypted. */
    merge(stored: StoredSettings, changes: SettingsInput): StoredSettings {
      const next: StoredSettings = structuredClone(stored);
      for (const section of sections) {
        const target = next[section] as Record<string, unknown>;
        const values = (changes[section] ?? {}) as Record<string, unknown>;
        for (const [name, spec] of fieldsOf(section)) {
          const value = values[name];
          if (value === undefined) continue;
          if (value === null) delete target[storedKey(name, spec)];
          else target[storedKey(name, spec)] = spec.secret ? encrypt(String(value)) : value;
        }
      }
      for (const [language, texts] of Object.entries(changes.messages ?? {})) {
        const target = next.messages[language as keyof typeof next.messages];
        for (const [key, value] of Object.entries(texts ?? {})) {
          if (value === null) delete target[key];
          else if (value !== undefined) target[key] = value;
        }
      }
      for (const [purpose, template] of Object.entries(changes.templates ?? {})) {
        if (template === null) delete next.templates[purpose as keyof typeof next.templates];
        else if (template !== undefined) next.templates[purpose as keyof typeof next.templates] = template;
      }
      if (changes.tools) next.tools = changes.tools;
      if (changes.actions) next.actions = changes.actions;
      if (changes.modelPrices) next.modelPrices = changes.modelPrices;
      if (changes.transcriptionPrices) next.transcriptionPrices = changes.transcriptionPrices;
      return next;
    },

    async save(settings: StoredSettings) {
      await store().set({ key: SETTINGS_KEY, value: settings });
    },

    async readWebhookToken(): Promise<string | undefined> {
      return ((await store().get({ key: WEBHOOK_KEY })) as { token?: string } | null)?.token;
    },

    async saveWebhookToken(token: string) {
      await store().set({ key: WEBHOOK_KEY, value: { token } });
    },
  };
};
