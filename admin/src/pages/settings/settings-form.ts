import type {
  CollectionTool,
  ModelPrice,
  SettingsUpdate,
  SettingsView,
  TranscriptionPrice,
} from '../../../../server/src/admin-api';
import { actionsUpdate, newActionDraft, type ActionDraft } from './action-form';
import { plainFormFromView, plainUpdate, type PlainForm } from './plain-fields';
import { handoffFormFromView, handoffUpdate, type HandoffForm } from './handoff-form';
import { templateDraftsFromView, templateUpdates, type TemplateDrafts } from './template-form';

/** A price per message, of one provider or another (channels/<provider>/settings.ts). */
export type PriceKey = keyof SettingsView['prices'];
export const MODEL_PRICE_KEYS = [
  'promptPerMillionUsd',
  'completionPerMillionUsd',
  'cachedPerMillionUsd',
] as const;

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
  twilio: PlainForm<'twilio'>;
  meta: PlainForm<'meta'>;
  ai: PlainForm<'ai'>;
  media: PlainForm<'media'>;
  privacy: PlainForm<'privacy'>;
  /** tools null: every tool of the agent. */
  mcp: { enabled: 'on' | 'off'; tools: string[] | null };
  handoff: HandoffForm;
  prices: PlainForm<'prices'>;
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
  twilio: plainFormFromView('twilio', view.twilio),
  meta: plainFormFromView('meta', view.meta),
  ai: plainFormFromView('ai', view.ai),
  media: plainFormFromView('media', view.media),
  privacy: plainFormFromView('privacy', view.privacy),
  prices: plainFormFromView('prices', view.prices),
  mcp: { enabled: view.mcp.enabled.value ?? 'off', tools: view.mcp.tools.value },
  handoff: handoffFormFromView(view.handoff),
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

const sameSelection = (a: string[] | null, b: string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((name) => b.includes(name));

/** The MCP switch and tool selection the admin changed (null tools: back to all of them). */
const mcpUpdate = (form: SettingsForm['mcp'], view: SettingsView['mcp']): SettingsUpdate['mcp'] => {
  const update: NonNullable<SettingsUpdate['mcp']> = {};
  if (view.enabled.source !== 'environment' && form.enabled !== (view.enabled.value ?? 'off'))
    update.enabled = form.enabled;
  if (view.tools.source !== 'environment' && !sameSelection(form.tools, view.tools.value))
    update.tools = form.tools;
  return Object.keys(update).length > 0 ? update : undefined;
};

/**
 * Only what the admin changed: a value the environment sets is never sent (the server would
 * refuse it), and a field left alone keeps whatever the server resolves it to.
 */
export const updateFromForm = (form: SettingsForm, view: SettingsView): SettingsUpdate => {
  const update: SettingsUpdate = {};
  const twilio = plainUpdate('twilio', form.twilio, view.twilio);
  const meta = plainUpdate('meta', form.meta, view.meta);
  const ai = plainUpdate('ai', form.ai, view.ai, () => aiKeyLocked(form.ai, view.ai));
  const media = plainUpdate('media', form.media, view.media, () =>
    transcriptionKeyLocked(form.media, view.media)
  );
  const privacy = plainUpdate('privacy', form.privacy, view.privacy);
  const prices = plainUpdate('prices', form.prices, view.prices);

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
  if (twilio) update.twilio = twilio;
  if (meta) update.meta = meta;
  if (ai) update.ai = ai;
  if (media) update.media = media;
  if (privacy) update.privacy = privacy;
  const mcp = mcpUpdate(form.mcp, view.mcp);
  if (mcp) update.mcp = mcp;
  const handoff = handoffUpdate(form.handoff, view.handoff);
  if (handoff) update.handoff = handoff;
  if (prices) update.prices = prices;
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
