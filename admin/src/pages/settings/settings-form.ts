import type {
  CollectionTool,
  ModelPrice,
  SettingsUpdate,
  SettingsView,
  TranscriptionPrice,
  Vision,
} from '../../../../server/src/admin-api';
import { actionsUpdate, newActionDraft, type ActionDraft } from './action-form';
import { handoffFormFromView, handoffUpdate, type HandoffForm } from './handoff-form';
import { templateDraftsFromView, templateUpdates, type TemplateDrafts } from './template-form';

export const TWILIO_TEXT_KEYS = ['accountSid', 'whatsappNumber', 'smsNumber', 'region', 'edge'] as const;
export const META_TEXT_KEYS = ['phoneNumberId', 'businessAccountId'] as const;
export const META_SECRET_KEYS = ['accessToken', 'appSecret', 'verifyToken'] as const;
export const AI_TEXT_KEYS = ['baseUrl', 'model', 'systemPrompt'] as const;
export const AI_NUMBER_KEYS = ['maxToolRounds', 'historyTurns', 'historyIdleMinutes'] as const;
export const MEDIA_NUMBER_KEYS = ['transcriptionMaxSeconds', 'transcriptionSecondsPerDay'] as const;
export const MEDIA_TEXT_KEYS = ['transcriptionModel', 'transcriptionBaseUrl'] as const;
export const PRICE_KEYS = [
  'twilioWhatsappMessageUsd',
  'twilioSmsSegmentUsd',
  'twilioFailedMessageUsd',
  'metaServiceUsd',
  'metaUtilityUsd',
  'metaMarketingUsd',
  'metaAuthenticationUsd',
] as const satisfies ReadonlyArray<keyof SettingsView['prices']>;
export const MODEL_PRICE_KEYS = [
  'promptPerMillionUsd',
  'completionPerMillionUsd',
  'cachedPerMillionUsd',
] as const;

type TwilioTextKey = (typeof TWILIO_TEXT_KEYS)[number];
type AiTextKey = (typeof AI_TEXT_KEYS)[number];
type AiNumberKey = (typeof AI_NUMBER_KEYS)[number];
type MediaNumberKey = (typeof MEDIA_NUMBER_KEYS)[number];
type MediaTextKey = (typeof MEDIA_TEXT_KEYS)[number];
export type PriceKey = (typeof PRICE_KEYS)[number];
type ModelPriceKey = (typeof MODEL_PRICE_KEYS)[number];

/** A tool being edited; `key` only keeps React's list identity stable while tools are removed. */
export type ToolDraft = Omit<CollectionTool, 'dateField' | 'communityField'> & {
  key: number;
  dateField: string;
  communityField: string;
};

/** A row of the model prices table; an emptied price counts as 0 (a local model costs nothing). */
export type ModelPriceDraft = { key: number; model: string } & Record<ModelPriceKey, number | undefined>;

/** A row of the transcription prices table; an emptied price counts as 0. */
export type TranscriptionPriceDraft = { key: number; model: string; perMinuteUsd: number | undefined };

/** What the inputs hold. Secrets start empty: an empty secret input means "keep the saved one". */
export type SettingsForm = {
  twilio: Record<TwilioTextKey | 'authToken', string>;
  meta: Record<(typeof META_TEXT_KEYS)[number] | (typeof META_SECRET_KEYS)[number], string>;
  ai: Record<AiTextKey | 'apiKey', string> & Record<AiNumberKey, number | undefined>;
  media: Record<MediaTextKey | 'transcriptionApiKey', string> &
    Record<MediaNumberKey, number | undefined> & { vision: Vision };
  privacy: { retentionDays: number | undefined };
  mcp: { enabled: 'on' | 'off' };
  handoff: HandoffForm;
  prices: Record<PriceKey, number | undefined>;
  modelPrices: ModelPriceDraft[];
  transcriptionPrices: TranscriptionPriceDraft[];
  tools: ToolDraft[];
  actions: ActionDraft[];
  templates: TemplateDrafts;
  /** Per language, per fixed reply. */
  messages: Record<string, Record<string, string>>;
};

let nextKey = 0;
export const newToolDraft = (tool?: CollectionTool): ToolDraft => ({
  key: (nextKey += 1),
  contentType: tool?.contentType ?? '',
  name: tool?.name ?? '',
  description: tool?.description ?? '',
  searchableFields: tool?.searchableFields ?? [],
  returnedFields: tool?.returnedFields ?? [],
  dateField: tool?.dateField ?? '',
  communityField: tool?.communityField ?? '',
  // Not edited here (config/plugins.ts), but kept when the list is saved.
  ...(tool?.suggestFields ? { suggestFields: tool.suggestFields } : {}),
});

export const newModelPriceDraft = (price?: ModelPrice): ModelPriceDraft => ({
  key: (nextKey += 1),
  model: price?.model ?? '',
  promptPerMillionUsd: price?.promptPerMillionUsd ?? 0,
  completionPerMillionUsd: price?.completionPerMillionUsd ?? 0,
  cachedPerMillionUsd: price?.cachedPerMillionUsd ?? 0,
});

export const newTranscriptionPriceDraft = (price?: TranscriptionPrice): TranscriptionPriceDraft => ({
  key: (nextKey += 1),
  model: price?.model ?? '',
  perMinuteUsd: price?.perMinuteUsd ?? 0,
});

export const formFromView = (view: SettingsView): SettingsForm => ({
  twilio: {
    accountSid: view.twilio.accountSid.value ?? '',
    authToken: '',
    whatsappNumber: view.twilio.whatsappNumber.value ?? '',
    smsNumber: view.twilio.smsNumber.value ?? '',
    region: view.twilio.region.value ?? '',
    edge: view.twilio.edge.value ?? '',
  },
  meta: {
    phoneNumberId: view.meta.phoneNumberId.value ?? '',
    businessAccountId: view.meta.businessAccountId.value ?? '',
    accessToken: '',
    appSecret: '',
    verifyToken: '',
  },
  ai: {
    baseUrl: view.ai.baseUrl.value ?? '',
    apiKey: '',
    model: view.ai.model.value ?? '',
    systemPrompt: view.ai.systemPrompt.value ?? '',
    maxToolRounds: view.ai.maxToolRounds.value ?? undefined,
    historyTurns: view.ai.historyTurns.value ?? undefined,
    historyIdleMinutes: view.ai.historyIdleMinutes.value ?? undefined,
  },
  media: {
    transcriptionModel: view.media.transcriptionModel.value ?? '',
    transcriptionBaseUrl: view.media.transcriptionBaseUrl.value ?? '',
    transcriptionApiKey: '',
    transcriptionMaxSeconds: view.media.transcriptionMaxSeconds.value ?? undefined,
    transcriptionSecondsPerDay: view.media.transcriptionSecondsPerDay.value ?? undefined,
    vision: view.media.vision.value ?? 'auto',
  },
  privacy: { retentionDays: view.privacy.retentionDays.value ?? undefined },
  mcp: { enabled: view.mcp.enabled.value ?? 'off' },
  handoff: handoffFormFromView(view.handoff),
  prices: Object.fromEntries(PRICE_KEYS.map((key) => [key, view.prices[key].value ?? undefined])) as Record<
    PriceKey,
    number | undefined
  >,
  modelPrices: view.modelPrices.value.map(newModelPriceDraft),
  transcriptionPrices: view.transcriptionPrices.value.map(newTranscriptionPriceDraft),
  tools: view.tools.value.map(newToolDraft),
  actions: view.actions.value.map(newActionDraft),
  templates: templateDraftsFromView(view.templates),
  messages: Object.fromEntries(
    Object.entries(view.messages).map(([language, texts]) => [
      language,
      Object.fromEntries(Object.entries(texts).map(([key, message]) => [key, message.value])),
    ])
  ),
});

const toolFromDraft = ({ key: _key, dateField, communityField, ...tool }: ToolDraft): CollectionTool => ({
  ...tool,
  name: tool.name.trim(),
  description: tool.description.trim(),
  ...(dateField ? { dateField } : {}),
  ...(communityField ? { communityField } : {}),
});

const modelPriceFromDraft = ({ key: _key, model, ...prices }: ModelPriceDraft): ModelPrice => ({
  model: model.trim(),
  promptPerMillionUsd: prices.promptPerMillionUsd ?? 0,
  completionPerMillionUsd: prices.completionPerMillionUsd ?? 0,
  cachedPerMillionUsd: prices.cachedPerMillionUsd ?? 0,
});

const sameModelPrices = (a: ModelPrice[], b: ModelPrice[]) =>
  JSON.stringify(a.map((price) => modelPriceFromDraft(newModelPriceDraft(price)))) === JSON.stringify(b);

const transcriptionPriceFromDraft = ({
  model,
  perMinuteUsd,
}: TranscriptionPriceDraft): TranscriptionPrice => ({
  model: model.trim(),
  perMinuteUsd: perMinuteUsd ?? 0,
});

const sameTranscriptionPrices = (a: TranscriptionPrice[], b: TranscriptionPrice[]) =>
  JSON.stringify(a.map((price) => transcriptionPriceFromDraft(newTranscriptionPriceDraft(price)))) ===
  JSON.stringify(b);

const sameTools = (a: CollectionTool[], b: CollectionTool[]) =>
  JSON.stringify(a.map((tool) => toolFromDraft(newToolDraft(tool)))) === JSON.stringify(b);

/**
 * The environment's AI key is the one used for the base URL in the form: a key typed here would
 * never be (the server refuses it). For another base URL the admin enters its own key.
 */
export const aiKeyLocked = (ai: SettingsForm['ai'], view: SettingsView['ai']) =>
  view.apiKey.source === 'environment' &&
  view.apiKey.usable &&
  ai.baseUrl.trim() === (view.baseUrl.value ?? '');

/** As aiKeyLocked, for the transcription key and its base URL. */
export const transcriptionKeyLocked = (media: SettingsForm['media'], view: SettingsView['media']) =>
  view.transcriptionApiKey.source === 'environment' &&
  view.transcriptionApiKey.usable &&
  media.transcriptionBaseUrl.trim() === (view.transcriptionBaseUrl.value ?? '');

/**
 * Only what the admin changed: a value the environment sets is never sent (the server would
 * refuse it), and a field left alone keeps whatever the server resolves it to.
 */
export const updateFromForm = (form: SettingsForm, view: SettingsView): SettingsUpdate => {
  const update: SettingsUpdate = {};
  const twilio: NonNullable<SettingsUpdate['twilio']> = {};
  const ai: NonNullable<SettingsUpdate['ai']> = {};

  for (const key of TWILIO_TEXT_KEYS) {
    const value = form.twilio[key].trim();
    if (view.twilio[key].source !== 'environment' && value !== (view.twilio[key].value ?? ''))
      twilio[key] = value;
  }
  if (form.twilio.authToken && view.twilio.authToken.source !== 'environment')
    twilio.authToken = form.twilio.authToken;

  const meta: NonNullable<SettingsUpdate['meta']> = {};
  for (const key of META_TEXT_KEYS) {
    const value = form.meta[key].trim();
    if (view.meta[key].source !== 'environment' && value !== (view.meta[key].value ?? '')) meta[key] = value;
  }
  for (const key of META_SECRET_KEYS) {
    if (form.meta[key] && view.meta[key].source !== 'environment') meta[key] = form.meta[key];
  }

  for (const key of AI_TEXT_KEYS) {
    const value = form.ai[key].trim();
    if (view.ai[key].source !== 'environment' && value !== (view.ai[key].value ?? '')) ai[key] = value;
  }
  if (form.ai.apiKey && !aiKeyLocked(form.ai, view.ai)) ai.apiKey = form.ai.apiKey;
  for (const key of AI_NUMBER_KEYS) {
    const value = form.ai[key];
    if (view.ai[key].source !== 'environment' && value !== (view.ai[key].value ?? undefined))
      ai[key] = value ?? '';
  }

  const media: NonNullable<SettingsUpdate['media']> = {};
  for (const key of MEDIA_TEXT_KEYS) {
    const value = form.media[key].trim();
    if (view.media[key].source !== 'environment' && value !== (view.media[key].value ?? ''))
      media[key] = value;
  }
  if (form.media.transcriptionApiKey && !transcriptionKeyLocked(form.media, view.media))
    media.transcriptionApiKey = form.media.transcriptionApiKey;
  for (const key of MEDIA_NUMBER_KEYS) {
    const value = form.media[key];
    if (view.media[key].source !== 'environment' && value !== (view.media[key].value ?? undefined))
      media[key] = value ?? '';
  }
  const { vision } = view.media;
  if (vision.source !== 'environment' && form.media.vision !== vision.value) media.vision = form.media.vision;

  const retentionDays = form.privacy.retentionDays;
  const privacy =
    view.privacy.retentionDays.source !== 'environment' &&
    retentionDays !== (view.privacy.retentionDays.value ?? undefined)
      ? { retentionDays: retentionDays ?? ('' as const) }
      : undefined;

  const prices: NonNullable<SettingsUpdate['prices']> = {};
  for (const key of PRICE_KEYS) {
    const value = form.prices[key];
    if (view.prices[key].source !== 'environment' && value !== (view.prices[key].value ?? undefined))
      prices[key] = value ?? '';
  }

  // An emptied message, or one edited back to the default, goes back to following the default.
  const messages: Record<string, Record<string, string>> = {};
  for (const [language, texts] of Object.entries(view.messages)) {
    for (const [key, message] of Object.entries(texts)) {
      const value = (form.messages[language]?.[key] ?? '').trim();
      if (value === message.value) continue;
      (messages[language] ??= {})[key] = value === message.defaultValue ? '' : value;
    }
  }

  const tools = form.tools.map(toolFromDraft);
  const modelPrices = form.modelPrices.map(modelPriceFromDraft);
  if (Object.keys(twilio).length > 0) update.twilio = twilio;
  if (Object.keys(meta).length > 0) update.meta = meta;
  if (Object.keys(ai).length > 0) update.ai = ai;
  if (Object.keys(media).length > 0) update.media = media;
  if (privacy) update.privacy = privacy;
  const { enabled } = view.mcp;
  if (enabled.source !== 'environment' && form.mcp.enabled !== (enabled.value ?? 'off'))
    update.mcp = { enabled: form.mcp.enabled };
  const handoff = handoffUpdate(form.handoff, view.handoff);
  if (handoff) update.handoff = handoff;
  if (Object.keys(prices).length > 0) update.prices = prices;
  if (!sameModelPrices(view.modelPrices.value, modelPrices)) update.modelPrices = modelPrices;
  const transcriptionPrices = form.transcriptionPrices.map(transcriptionPriceFromDraft);
  if (!sameTranscriptionPrices(view.transcriptionPrices.value, transcriptionPrices))
    update.transcriptionPrices = transcriptionPrices;
  if (!sameTools(view.tools.value, tools)) update.tools = tools;
  const actions = actionsUpdate(form.actions, view.actions.value);
  if (actions) update.actions = actions;
  const templates = templateUpdates(form.templates, view.templates);
  if (templates) update.templates = templates;
  if (Object.keys(messages).length > 0) update.messages = messages;
  return update;
};

export const isEmptyUpdate = (update: SettingsUpdate) => Object.keys(update).length === 0;
