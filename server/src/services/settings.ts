import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { CollectionToolConfig } from '../../../config';
import type { TwilioCredentials } from '../channels/twilio-client';
import { DEFAULT_MESSAGES, MESSAGE_KEYS, renderMessage, type MessageKey } from '../identity/messages';
import { PLUGIN_ID } from '../plugin-id';
import { ENV_VARS, settingsInputSchema, storedSettingsSchema, type FieldView, type SecretView, type Source, type StoredSettings } from '../settings/schema';
import { getService } from '../utils/get-service';

const SETTINGS_KEY = 'settings';
const WEBHOOK_KEY = 'webhook';
/** Other Strapi instances pick up an admin's change within this time. */
const REFRESH_MS = 10_000;

export class SettingsValidationError extends Error {
  constructor(readonly errors: Array<{ path: Array<string | number>; message: string }>) {
    super(errors.map((error) => `${error.path.join('.')}: ${error.message}`).join('; '));
  }
}

const envSet = (name: string) => Boolean(process.env[name]);

/**
 * The plugin's effective settings, in this order: environment variables (read-only in the
 * panel), then what an admin saved in the panel (`strapi.store`, secrets encrypted), then the
 * host's `config/plugins.ts` and the plugin's defaults. Read synchronously on the message path
 * from a cache that every instance refreshes every 10 s (and this one at once on a change).
 */
export const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'pluginConfig').get();
  const crypto_ = () => getService(strapi, 'crypto');
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let stored: StoredSettings = storedSettingsSchema.parse({});
  let storedToken: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** env > admin > host config/default, with where the value came from. */
  const pick = <T>(path: keyof typeof ENV_VARS | null, configValue: T | undefined, storedValue: T | undefined): FieldView<T> => {
    if (path && envSet(ENV_VARS[path])) return { value: configValue ?? null, source: 'environment' };
    if (storedValue !== undefined) return { value: storedValue, source: 'admin' };
    return { value: configValue ?? null, source: 'default' };
  };
  const pickSecret = (path: keyof typeof ENV_VARS, configValue: string | undefined, encrypted: string | undefined): { value: string | undefined; source: Source } => {
    if (envSet(ENV_VARS[path])) return { value: configValue, source: 'environment' };
    if (encrypted) return { value: crypto_().decrypt(encrypted), source: 'admin' };
    return { value: configValue, source: 'default' };
  };
  const secretView = ({ value, source }: { value: string | undefined; source: Source }): SecretView => ({ set: Boolean(value), hint: value ? value.slice(-4) : null, source });

  const computeFields = () => {
    const { twilio, llm, agent } = config();
    return {
      twilio: {
        accountSid: pick('twilio.accountSid', twilio.accountSid, stored.twilio.accountSid),
        authToken: pickSecret('twilio.authToken', twilio.authToken, stored.twilio.authTokenEncrypted),
        whatsappNumber: pick('twilio.whatsappNumber', twilio.whatsappNumber, stored.twilio.whatsappNumber),
        smsNumber: pick('twilio.smsNumber', twilio.smsNumber, stored.twilio.smsNumber),
        region: pick('twilio.region', twilio.region, stored.twilio.region),
        edge: pick('twilio.edge', twilio.edge, stored.twilio.edge),
      },
      ai: {
        baseUrl: pick('ai.baseUrl', llm.baseUrl, stored.ai.baseUrl),
        apiKey: pickSecret('ai.apiKey', llm.apiKey, stored.ai.apiKeyEncrypted),
        model: pick('ai.model', llm.model ?? 'gpt-4o-mini', stored.ai.model),
        systemPrompt: pick(null, agent.systemPrompt, stored.ai.systemPrompt),
        maxToolRounds: pick(null, agent.maxToolRounds, stored.ai.maxToolRounds),
        historyTurns: pick(null, agent.historyTurns, stored.ai.historyTurns),
        historyIdleMinutes: pick(null, agent.historyIdleMinutes, stored.ai.historyIdleMinutes),
      },
      tools: pick<CollectionToolConfig[]>(null, agent.tools, stored.tools),
    };
  };

  // Resolved (and secrets decrypted) once per change, not on every message that reads them.
  let resolved: ReturnType<typeof computeFields> | undefined;
  const fields = () => (resolved ??= computeFields());

  const reload = async () => {
    stored = storedSettingsSchema.parse((await store().get({ key: SETTINGS_KEY })) ?? {});
    resolved = undefined;
    storedToken = ((await store().get({ key: WEBHOOK_KEY })) as { token?: string } | null)?.token;
  };

  const service = {
    /** At bootstrap: reads the store, creates the webhook token if there is none, refreshes periodically. */
    async load() {
      await reload();
      if (!config().webhook.token && !storedToken) await service.rotateWebhookToken();
      timer = setInterval(() => void reload().catch((error) => strapi.log.warn(`[whatsapp-agent] Settings refresh failed: ${(error as Error).message}`)), REFRESH_MS);
      timer.unref();
    },

    stop() {
      clearInterval(timer);
    },

    webhookToken(): string {
      const token = config().webhook.token ?? storedToken;
      if (!token) throw new Error('The webhook token is not loaded yet (bootstrap has not run)');
      return token;
    },

    async rotateWebhookToken() {
      if (config().webhook.token) throw new SettingsValidationError([{ path: ['webhook', 'token'], message: 'is set by environment (WHATSAPP_AGENT_WEBHOOK_TOKEN): change it there' }]);
      const token = crypto.randomBytes(24).toString('base64url');
      await store().set({ key: WEBHOOK_KEY, value: { token } });
      storedToken = token;
    },

    /** The base URL Twilio calls, used to check signatures and to build callback URLs. */
    publicUrl(): string {
      const configured = config().webhook.publicUrl;
      if (configured) return configured;
      const serverUrl = strapi.config.get<string>('server.url');
      if (serverUrl && /^https?:\/\//.test(serverUrl)) return serverUrl.replace(/\/+$/, '');
      return `http://localhost:${strapi.config.get<number>('server.port')}`;
    },

    webhookUrls() {
      const inbound = `${service.publicUrl()}/api/${PLUGIN_ID}/webhooks/twilio/${service.webhookToken()}`;
      return { inbound, status: `${inbound}/status` };
    },

    /** Twilio credentials, or undefined while the Account SID or Auth Token is missing. */
    twilio(): (TwilioCredentials & { whatsappNumber?: string; smsNumber?: string }) | undefined {
      const { twilio } = fields();
      const accountSid = twilio.accountSid.value ?? undefined;
      const authToken = twilio.authToken.value;
      if (!accountSid || !authToken) return undefined;
      return {
        accountSid,
        authToken,
        whatsappNumber: twilio.whatsappNumber.value ?? undefined,
        smsNumber: twilio.smsNumber.value ?? undefined,
        region: twilio.region.value ?? undefined,
        edge: twilio.edge.value ?? undefined,
        apiUrl: config().twilio.apiUrl,
      };
    },

    llm() {
      const { ai } = fields();
      const { timeoutMs, maxRetries } = config().llm;
      return { apiKey: ai.apiKey.value, baseUrl: ai.baseUrl.value ?? undefined, model: ai.model.value ?? 'gpt-4o-mini', timeoutMs, maxRetries };
    },

    agent() {
      const { ai, tools } = fields();
      const { agent } = config();
      return {
        ...agent,
        systemPrompt: ai.systemPrompt.value ?? undefined,
        maxToolRounds: ai.maxToolRounds.value ?? agent.maxToolRounds,
        historyTurns: ai.historyTurns.value ?? agent.historyTurns,
        historyIdleMinutes: ai.historyIdleMinutes.value ?? agent.historyIdleMinutes,
        tools: tools.value ?? [],
      };
    },

    /** A fixed reply: the admin's text, else the default, with its placeholders filled. */
    message(key: MessageKey, values: Record<string, string | number | undefined>) {
      return renderMessage(stored.messages[key] ?? DEFAULT_MESSAGES[key], values);
    },

    /** What the admin panel shows: values and their source; secrets only as set/last 4. */
    view() {
      const { twilio, ai, tools } = fields();
      const urls = service.webhookUrls();
      return {
        twilio: { ...twilio, authToken: secretView(twilio.authToken) },
        webhook: { inboundUrl: urls.inbound, statusUrl: urls.status, tokenSource: (config().webhook.token ? 'environment' : 'admin') as Source },
        ai: { ...ai, apiKey: secretView(ai.apiKey) },
        tools: { value: tools.value ?? [], source: tools.source },
        messages: Object.fromEntries(
          MESSAGE_KEYS.map((key) => [key, { value: stored.messages[key] ?? DEFAULT_MESSAGES[key], defaultValue: DEFAULT_MESSAGES[key], source: (stored.messages[key] ? 'admin' : 'default') as Source }])
        ),
      };
    },

    /** Validates and saves an admin's change; fields set by the environment cannot be changed here. */
    async update(input: unknown) {
      const parsed = settingsInputSchema.safeParse(input);
      if (!parsed.success) throw new SettingsValidationError(parsed.error.issues.map((issue) => ({ path: issue.path as Array<string | number>, message: issue.message })));
      const changes = parsed.data;

      const conflicts = Object.entries(ENV_VARS)
        .filter(([path, variable]) => {
          const [section, field] = path.split('.') as ['twilio' | 'ai', string];
          return envSet(variable) && (changes[section] as Record<string, unknown> | undefined)?.[field] !== undefined;
        })
        .map(([path, variable]) => ({ path: path.split('.'), message: `is set by environment (${variable})` }));
      if (conflicts.length > 0) throw new SettingsValidationError(conflicts);

      const next: StoredSettings = structuredClone(stored);
      const apply = (target: Record<string, unknown>, values: Record<string, unknown> | undefined, secrets: Record<string, string>) => {
        for (const [field, value] of Object.entries(values ?? {})) {
          if (value === undefined) continue;
          const key = secrets[field] ?? field;
          if (value === null) delete target[key];
          else target[key] = secrets[field] ? crypto_().encrypt(String(value)) : value;
        }
      };
      apply(next.twilio, changes.twilio, { authToken: 'authTokenEncrypted' });
      apply(next.ai, changes.ai, { apiKey: 'apiKeyEncrypted' });
      apply(next.messages, changes.messages, {});
      if (changes.tools) next.tools = changes.tools;

      await store().set({ key: SETTINGS_KEY, value: next });
      stored = next;
      resolved = undefined;
    },
  };
  return service;
};

export type SettingsService = ReturnType<typeof createSettingsService>;
