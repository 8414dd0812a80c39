import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  DEFAULT_TEMPLATE_CATEGORY,
  TEMPLATE_PURPOSES,
  TEMPLATE_SOURCES,
  type TemplatePurpose,
  type TemplateSetting,
} from './template-schemas';
import { type PluginConfig } from './plugin-config-schema';
import type { SettingsView, TemplateView } from '../admin-api';
import type { MetaSettings } from '../channels/meta/settings';
import type { TwilioSettings } from '../channels/twilio';
import { PLUGIN_ID } from '../constants';
import { MESSAGE_KEYS, REPLIES, renderMessage, type MessageKey } from '../router/replies';
import { currentLanguage } from '../languages/context';
import { LANGUAGES, type Language } from '../languages/supported';
import { getService } from '../utils/get-service';
import { describeIssues, zodIssues, type FieldIssue } from '../utils/zod-issues';
import type { LlmSettings } from '../agent/llm';
import { environmentConflicts, resolveFields, sectionsView } from './effective';
import type { TranscriptionSettings } from '../media/transcribe';
import {
  NO_TRANSCRIPTION_URL,
  OPENAI_API_URL,
  settingsInputSchema,
  storedSettingsSchema,
  type BoundSecretField,
  type MessageView,
  type ResolvedFields,
  type Source,
  type StoredSettings,
} from './schema';
import { baseUrlOf, bindChangedSecrets, boundSecretConflicts } from './secret-origin';
import { createSettingsStore } from './store';
import { unknownMcpTools } from '../mcp/exposed-tools';
import type { Prices } from '../usage/prices';

/** Other Strapi instances pick up an admin's change within this time. */
const REFRESH_MS = 10_000;

const invalid = (issues: FieldIssue[]) =>
  new errors.ValidationError(describeIssues(issues), { errors: issues });

export type LlmEndpoint = { ok: true; settings: LlmSettings } | { ok: false; reason: string };
export type TranscriptionEndpoint =
  | { ok: true; settings: TranscriptionSettings }
  | { ok: false; reason: string };

const KEY_SOURCES: Record<Source, (env: string) => string> = {
  environment: (env) => `The API key from the environment (${env})`,
  admin: () => 'The API key saved in the panel',
  default: () => 'The API key from the app’s config',
};

/** Names base URLs only: what the admin needs to act, nothing of the key. */
const withheldKeyReason = (key: BoundSecretField, baseUrl: string, env: string) =>
  `${KEY_SOURCES[key.source](env)} was set for ${
    key.boundTo === baseUrlOf(NO_TRANSCRIPTION_URL) ? 'no base URL' : (key.boundTo ?? 'another base URL')
  } and is not sent to ${baseUrlOf(baseUrl)}: enter a key for this base URL (and save).`;

/**
 * The plugin's effective settings (environment > admin panel > host config > defaults, see
 * effective.ts), read synchronously on the message path from a cache that every instance
 * refreshes every 10 s (and this one at once on a change); plus the webhook token and URLs,
 * the fixed replies' texts, the panel's view and the admin's changes.
 */
export const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'pluginConfig').get();
  const secrets = () => getService(strapi, 'crypto');
  const store = createSettingsStore(strapi, (plaintext) => secrets().encrypt(plaintext));
  let stored: StoredSettings = storedSettingsSchema.parse({});
  let storedToken: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  // Resolved (and secrets decrypted) once per change, not on every message that reads them.
  let resolved: ResolvedFields | undefined;
  const fields = () => (resolved ??= resolveFields(config(), stored, (sealed) => secrets().decrypt(sealed)));
  let twilioOf: { fields: ResolvedFields; settings: TwilioSettings | undefined } | undefined;

  const reload = async () => {
    stored = await store.read();
    resolved = undefined;
    storedToken = await store.readWebhookToken();
  };

  /** What a purpose's variables can be filled with; a reminder also with the events tool's fields. */
  const templateSources = (purpose: TemplatePurpose) => {
    const fixed = Object.entries(TEMPLATE_SOURCES[purpose]).map(([name, description]) => ({
      name,
      description,
    }));
    if (purpose !== 'eventReminder') return fixed;
    const { eventTool } = config().proactive;
    const tool = (stored.tools ?? config().agent.tools).find((candidate) => candidate.name === eventTool);
    return [
      ...fixed,
      ...(tool?.returnedFields ?? []).map((field) => ({
        name: `event.${field}`,
        description: `The event's ${field}, as the member may read it`,
      })),
    ];
  };

  const service = {
    /** At bootstrap: reads the store, creates the webhook token if there is none, refreshes periodically. */
    async load() {
      await reload();
      if (!config().webhook.token && !storedToken) await service.rotateWebhookToken();
      timer = setInterval(
        () =>
          void reload().catch((error) =>
            strapi.log.warn(`[whatsapp-agent] Settings refresh failed: ${(error as Error).message}`)
          ),
        REFRESH_MS
      );
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
      if (config().webhook.token)
        throw invalid([
          {
            path: ['webhook', 'token'],
            message: 'is set by environment (WHATSAPP_AGENT_WEBHOOK_TOKEN): change it there',
          },
        ]);
      const token = crypto.randomBytes(24).toString('base64url');
      await store.saveWebhookToken(token);
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

    /**
     * Twilio settings, or undefined while the Account SID or Auth Token is missing. The same
     * object until the settings are resolved again (a reload or a change), so that what is
     * derived from it (the provider, its client) can be kept by identity.
     */
    twilio(): TwilioSettings | undefined {
      const current = fields();
      if (twilioOf?.fields === current) return twilioOf.settings;
      const { twilio } = current;
      const accountSid = twilio.accountSid.value;
      const authToken = twilio.authToken.value;
      const settings =
        accountSid && authToken
          ? {
              accountSid,
              authToken,
              whatsappNumber: twilio.whatsappNumber.value ?? undefined,
              smsNumber: twilio.smsNumber.value ?? undefined,
              rcsMessagingServiceSid: twilio.rcsMessagingServiceSid.value ?? undefined,
              rcsSenderId: twilio.rcsSenderId.value ?? undefined,
              region: twilio.region.value ?? undefined,
              edge: twilio.edge.value ?? undefined,
              apiUrl: config().twilio.apiUrl,
            }
          : undefined;
      twilioOf = { fields: current, settings };
      return settings;
    },

    /** Meta's Cloud API settings, or undefined while the phone number id or access token is missing. */
    meta(): MetaSettings | undefined {
      const { meta } = fields();
      const phoneNumberId = meta.phoneNumberId.value;
      const accessToken = meta.accessToken.value;
      if (!phoneNumberId || !accessToken) return undefined;
      return {
        phoneNumberId,
        accessToken,
        businessAccountId: meta.businessAccountId.value ?? undefined,
        appSecret: meta.appSecret.value ?? undefined,
        verifyToken: meta.verifyToken.value ?? undefined,
        graphVersion: config().meta.graphVersion,
        apiUrl: config().meta.apiUrl,
      };
    },

    /**
     * The model endpoint and the key to call it with, or why it cannot be called. A key is only
     * ever returned with the base URL it was set for (secret-origin.ts).
     */
    llm(): LlmEndpoint {
      const { ai } = fields();
      const { timeoutMs, maxRetries, model } = config().llm;
      const baseUrl = ai.baseUrl.value ?? OPENAI_API_URL;
      const key = ai.apiKey;
      if (key.value && !key.usable)
        return { ok: false, reason: withheldKeyReason(key, baseUrl, 'OPENAI_API_KEY') };
      if (!key.value && !ai.baseUrl.value)
        return { ok: false, reason: 'Set an API key or a base URL first (and save).' };
      return {
        ok: true,
        settings: {
          apiKey: key.value ?? undefined,
          baseUrl,
          model: ai.model.value ?? model,
          timeoutMs,
          maxRetries,
        },
      };
    },

    /** Attachments: the panel's transcription model, length limit, daily budget and vision; the rest from the host's config. */
    media() {
      const { media } = fields();
      const configured = config().media;
      // The endpoint and its key only through transcription(), which keeps the key to its base URL.
      const { baseUrl: _baseUrl, apiKey: _apiKey, ...transcription } = configured.transcription;
      return {
        ...configured,
        vision: media.vision.value ?? configured.vision,
        transcription: {
          ...transcription,
          model: media.transcriptionModel.value ?? transcription.model,
          maxSeconds: media.transcriptionMaxSeconds.value ?? transcription.maxSeconds,
          secondsPerDay: media.transcriptionSecondsPerDay.value ?? transcription.secondsPerDay,
        },
      };
    },

    /**
     * Where voice notes go: the transcription base URL with the key set for it, else the AI
     * model's endpoint with the AI key. The transcription key is never sent anywhere else.
     */
    transcription(): TranscriptionEndpoint {
      const { media } = fields();
      const { model, timeoutMs } = service.media().transcription;
      const baseUrl = media.transcriptionBaseUrl.value;
      if (!baseUrl) {
        const llm = service.llm();
        if (!llm.ok) return llm;
        return {
          ok: true,
          settings: { model, timeoutMs, baseUrl: llm.settings.baseUrl, apiKey: llm.settings.apiKey },
        };
      }
      const key = media.transcriptionApiKey;
      if (key.value && !key.usable)
        return {
          ok: false,
          reason: withheldKeyReason(key, baseUrl, 'WHATSAPP_AGENT_TRANSCRIPTION_API_KEY'),
        };
      return { ok: true, settings: { model, timeoutMs, baseUrl, apiKey: key.value ?? undefined } };
    },

    agent() {
      const { ai } = fields();
      const { agent } = config();
      return {
        ...agent,
        systemPrompt: ai.systemPrompt.value ?? undefined,
        maxToolRounds: ai.maxToolRounds.value ?? agent.maxToolRounds,
        historyTurns: ai.historyTurns.value ?? agent.historyTurns,
        historyIdleMinutes: ai.historyIdleMinutes.value ?? agent.historyIdleMinutes,
        tools: stored.tools ?? agent.tools,
        actions: stored.actions ?? agent.actions,
      };
    },

    /** The approved template for a purpose (the panel's, else the host config's), or undefined. */
    template(purpose: TemplatePurpose): TemplateSetting | undefined {
      return stored.templates[purpose] ?? config().templates[purpose];
    },

    /**
     * The members' MCP endpoint: on or off and the tools it lists (environment, panel, host
     * config; `tools` null: all the agent's) with where that list comes from, and its limits from
     * the host config.
     */
    mcp() {
      const { enabled, tools: _tools, ...limits } = config().mcp;
      const { mcp } = fields();
      return {
        ...limits,
        enabled: (mcp.enabled.value ?? enabled) === 'on',
        tools: mcp.tools.value,
        toolsSource: mcp.tools.source,
      };
    },

    /** People in the loop: the panel's values, else the host config's (its check interval stays there). */
    handoff(): PluginConfig['handoff'] {
      const { handoff } = fields();
      const configured = config().handoff;
      return {
        ...configured,
        requestWords: handoff.requestWords.value ?? configured.requestWords,
        backWords: handoff.backWords.value ?? configured.backWords,
        timeoutHours: handoff.timeoutHours.value ?? configured.timeoutHours,
        emailManagers: handoff.emailManagers.value ?? configured.emailManagers,
        managerName: handoff.managerName.value ?? configured.managerName,
      };
    },

    privacy() {
      return { retentionDays: fields().privacy.retentionDays.value ?? config().privacy.retentionDays };
    },

    /** The prices the ledger charges now (USD as entered). */
    prices(): Prices {
      const { prices } = fields();
      return {
        ...(Object.fromEntries(
          Object.entries(prices).map(([name, view]) => [
            name,
            view.value ?? config().usage.prices[name as keyof typeof prices],
          ])
        ) as Omit<Prices, 'models' | 'transcription'>),
        models: stored.modelPrices ?? config().usage.modelPrices,
        transcription: stored.transcriptionPrices ?? config().usage.transcriptionPrices,
      };
    },

    /**
     * A fixed reply in a language (by default the member's being answered, languages/context.ts):
     * the admin's text for it, else the plugin's, with its placeholders filled.
     */
    message(
      key: MessageKey,
      values: Record<string, string | number | undefined>,
      language: Language = currentLanguage() ?? config().defaultLanguage
    ) {
      return renderMessage(stored.messages[language][key] ?? REPLIES[language].messages[key], values);
    },

    /** What the admin panel shows: values and their source; secrets only as set/last 4. */
    view(): SettingsView {
      const urls = service.webhookUrls();
      return {
        ...sectionsView(fields()),
        webhook: {
          inboundUrl: urls.inbound,
          statusUrl: urls.status,
          tokenSource: (config().webhook.token ? 'environment' : 'admin') as Source,
        },
        modelPrices: {
          value: stored.modelPrices ?? config().usage.modelPrices,
          source: (stored.modelPrices ? 'admin' : 'default') as Source,
        },
        transcriptionPrices: {
          value: stored.transcriptionPrices ?? config().usage.transcriptionPrices,
          source: (stored.transcriptionPrices ? 'admin' : 'default') as Source,
        },
        tools: {
          value: stored.tools ?? config().agent.tools,
          source: (stored.tools ? 'admin' : 'default') as Source,
        },
        actions: {
          value: stored.actions ?? config().agent.actions,
          source: (stored.actions ? 'admin' : 'default') as Source,
        },
        agentTools: [...getService(strapi, 'agent').tools().keys()].map((name) => ({
          name,
          action: service.agent().actions.some((action) => action.name === name),
        })),
        templates: Object.fromEntries(
          TEMPLATE_PURPOSES.map((purpose): [TemplatePurpose, TemplateView] => [
            purpose,
            {
              value: service.template(purpose) ?? null,
              source: stored.templates[purpose] ? 'admin' : 'default',
              defaultCategory: DEFAULT_TEMPLATE_CATEGORY[purpose],
              sources: templateSources(purpose),
            },
          ])
        ) as Record<TemplatePurpose, TemplateView>,
        messages: Object.fromEntries(
          LANGUAGES.map((language) => [
            language,
            Object.fromEntries(
              MESSAGE_KEYS.map((key): [MessageKey, MessageView] => {
                const own = stored.messages[language][key];
                const defaultValue = REPLIES[language].messages[key];
                return [key, { value: own ?? defaultValue, defaultValue, source: own ? 'admin' : 'default' }];
              })
            ),
          ])
        ) as Record<Language, Record<MessageKey, MessageView>>,
      };
    },

    /** Validates and saves an admin's change; fields set by the environment cannot be changed here. */
    async update(input: unknown) {
      const parsed = settingsInputSchema.safeParse(input);
      if (!parsed.success) throw invalid(zodIssues(parsed.error));

      const next = store.merge(stored, parsed.data);
      const after = resolveFields(config(), next, (sealed) => secrets().decrypt(sealed));
      const conflicts = [
        ...environmentConflicts(parsed.data),
        ...boundSecretConflicts(parsed.data, after),
        // The panel's own choice is checked when made (a tool removed later just stops being listed);
        // the environment's or host config's on any change, as the next start would refuse it.
        ...unknownMcpTools(
          parsed.data.mcp?.tools !== undefined || after.mcp.tools.source !== 'admin'
            ? after.mcp.tools.value
            : null,
          () =>
            getService(strapi, 'agent').registryFor(
              next.tools ?? config().agent.tools,
              next.actions ?? config().agent.actions
            )
        ),
      ];
      if (conflicts.length > 0) throw invalid(conflicts);
      bindChangedSecrets(next, parsed.data, after);
      await store.save(next);
      stored = next;
      resolved = undefined;
    },
  };
  return service;
};

export type SettingsService = ReturnType<typeof createSettingsService>;
