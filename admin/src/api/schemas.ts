import { z } from 'zod';
import type {
  ActionTool,
  TemplateCheck,
  TemplateSetting,
  TemplateView,
  ApiErrorBody,
  BoundSecretSetting,
  ChannelList,
  ChannelView,
  CheckResult,
  CollectionTool,
  ContentTypeView,
  CommunityRef,
  CommunitySummary,
  CommunityUsage,
  ConversationView,
  DailyUsage,
  FieldIssue,
  HistoryMessage,
  LimitState,
  ModelPrice,
  PaginationMeta,
  Plan,
  SecretSetting,
  SettingsView,
  Source,
  TranscriptionPrice,
  TwilioAccountView,
  SendersView,
  SenderUsage,
  SenderView,
  TwilioUsageView,
  UndeliveredReply,
  UsageReport,
  UsageTotals,
  ValidationErrorDetails,
} from '../../../server/src/admin-api';
import type { FieldSpec } from '../../../server/src/settings/field';
import { fieldKind, type FieldKind } from '../../../server/src/settings/field-kind';
import { LANGUAGES } from '../../../server/src/languages/supported';
import {
  SETTINGS_FIELDS,
  type SectionsView,
  type SettingsSection,
} from '../../../server/src/settings/fields';

/**
 * The admin API's answers as zod schemas, each tied to its type in server/src/admin-api.ts so
 * the two cannot drift: `satisfies` fails the build (at the schema) when the schema's output is
 * not a valid value of the type, and `SchemaContract` below when the two are not identical
 * (a field the type gains, even an optional one, must be checked here too).
 */

const source = z.enum(['environment', 'admin', 'default']) satisfies z.ZodType<Source>;

const valueSetting = <T extends z.ZodType>(value: T) => z.object({ value: value.nullable(), source });

const secret = z.object({
  set: z.boolean(),
  hint: z.string().nullable(),
  source,
}) satisfies z.ZodType<SecretSetting>;

const boundSecret = secret.extend({
  boundTo: z.string().nullable(),
  usable: z.boolean(),
}) satisfies z.ZodType<BoundSecretSetting>;

export const collectionToolSchema = z.object({
  contentType: z.string(),
  name: z.string(),
  description: z.string(),
  searchableFields: z.array(z.string()),
  returnedFields: z.array(z.string()),
  dateField: z.string().optional(),
  communityField: z.string().optional(),
  suggestFields: z.array(z.string()).optional(),
}) satisfies z.ZodType<CollectionTool>;

export const modelPriceSchema = z.object({
  model: z.string(),
  promptPerMillionUsd: z.number(),
  completionPerMillionUsd: z.number(),
  cachedPerMillionUsd: z.number(),
}) satisfies z.ZodType<ModelPrice>;

export const transcriptionPriceSchema = z.object({
  model: z.string(),
  perMinuteUsd: z.number(),
}) satisfies z.ZodType<TranscriptionPrice>;

export const actionToolSchema = z.object({
  name: z.string(),
  description: z.string(),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string(),
  parameters: z.looseObject({
    type: z.literal('object'),
    properties: z.record(z.string(), z.record(z.string(), z.unknown())),
    required: z.array(z.string()).optional(),
  }),
  confirm: z.string(),
  record: z.object({ collection: z.string(), idArgument: z.string() }).optional(),
  offerReminders: z.boolean(),
}) satisfies z.ZodType<ActionTool>;

const templateCategorySchema = z.enum(['utility', 'marketing']);

export const templateSettingSchema = z.object({
  contentSid: z.string(),
  category: templateCategorySchema,
  variables: z.record(z.string(), z.string()),
  byLanguage: z.partialRecord(z.enum(LANGUAGES), z.string()).optional(),
}) satisfies z.ZodType<TemplateSetting>;

const templateViewSchema = z.object({
  value: templateSettingSchema.nullable(),
  source,
  defaultCategory: templateCategorySchema,
  sources: z.array(z.object({ name: z.string(), description: z.string() })),
}) satisfies z.ZodType<TemplateView>;

export const templateCheckSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  template: z
    .object({
      sid: z.string(),
      friendlyName: z.string(),
      language: z.string(),
      body: z.string(),
      types: z.array(z.string()),
      variables: z.record(z.string(), z.string()),
      approval: z.object({
        status: z.string(),
        category: z.string().nullable(),
        rejectionReason: z.string().nullable(),
      }),
    })
    .optional(),
}) satisfies z.ZodType<TemplateCheck>;

/** The shape of a plain field's value in the view, by its kind (not its rule: the server applied that). */
const valueShape = (kind: FieldKind) => {
  switch (kind.kind) {
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'list':
      return z.array(z.string());
    case 'select':
      return z.enum(kind.options as [string, ...string[]]);
    default:
      return z.string();
  }
};

/**
 * Every section of the settings table (server/src/settings/fields.ts), as the view carries it:
 * derived from the table, so a new plain setting is checked here without a line of its own.
 */
const sectionsViewShape = Object.fromEntries(
  Object.entries(SETTINGS_FIELDS).map(([section, fields]) => [
    section,
    z.object(
      Object.fromEntries(
        Object.entries(fields as Record<string, FieldSpec>).map(([name, spec]) => [
          name,
          spec.secret ? (spec.boundTo ? boundSecret : secret) : valueSetting(valueShape(fieldKind(spec))),
        ])
      )
    ),
  ])
) as unknown as { [Section in SettingsSection]: z.ZodType<SectionsView[Section]> };

export const settingsViewSchema = z.object({
  ...sectionsViewShape,
  webhook: z.object({ inboundUrl: z.string(), statusUrl: z.string(), tokenSource: source }),
  modelPrices: z.object({ value: z.array(modelPriceSchema), source }),
  transcriptionPrices: z.object({ value: z.array(transcriptionPriceSchema), source }),
  tools: z.object({ value: z.array(collectionToolSchema), source }),
  actions: z.object({ value: z.array(actionToolSchema), source }),
  agentTools: z.array(z.object({ name: z.string(), action: z.boolean() })),
  templates: z.object({
    eventReminder: templateViewSchema,
    weeklyDigest: templateViewSchema,
    reengagement: templateViewSchema,
  }),
  messages: z.record(
    z.string(),
    z.record(z.string(), z.object({ value: z.string(), defaultValue: z.string(), source }))
  ),
}) satisfies z.ZodType<SettingsView>;

export const twilioAccountSchema = z.object({
  sid: z.string(),
  friendlyName: z.string(),
  status: z.string(),
  type: z.string(),
  parentSid: z.string().nullable(),
}) satisfies z.ZodType<TwilioAccountView>;

export const checkResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  account: twilioAccountSchema.optional(),
}) satisfies z.ZodType<CheckResult>;

export const senderViewSchema = z.object({
  id: z.number(),
  displayName: z.string(),
  provider: z.literal('twilio'),
  kind: z.enum(['whatsapp', 'sms']),
  address: z.string(),
  accountSid: z.string(),
  authToken: z.object({ set: z.boolean(), usable: z.boolean() }),
  region: z.string().nullable(),
  edge: z.string().nullable(),
  community: z.string().nullable(),
  messagesPerSecond: z.number().nullable(),
}) satisfies z.ZodType<SenderView>;

const communityRefSchema = z.object({ key: z.string(), name: z.string() }) satisfies z.ZodType<CommunityRef>;

export const sendersViewSchema = z.object({
  default: z
    .object({
      accountSid: z.string(),
      whatsappNumber: z.string().nullable(),
      smsNumber: z.string().nullable(),
    })
    .nullable(),
  senders: z.array(senderViewSchema),
  communities: z.array(communityRefSchema),
}) satisfies z.ZodType<SendersView>;

export const twilioUsageViewSchema = z.object({
  month: z.string(),
  account: twilioAccountSchema,
  categories: z.array(
    z.object({ category: z.string(), description: z.string(), count: z.number(), priceMicros: z.number() })
  ),
  twilioMicros: z.number(),
  ledgerTwilioMicros: z.number(),
}) satisfies z.ZodType<TwilioUsageView>;

export const contentTypeViewSchema = z.object({
  uid: z.string(),
  displayName: z.string(),
  attributes: z.array(z.object({ name: z.string(), type: z.string() })),
  relations: z.array(z.object({ name: z.string(), target: z.string() })),
}) satisfies z.ZodType<ContentTypeView>;

export const channelViewSchema = z.object({
  documentId: z.string(),
  kind: z.enum(['whatsapp', 'sms', 'rcs']),
  address: z.string(),
  status: z.enum(['linked', 'unlinked']),
  member: z.object({ id: z.number(), username: z.string(), email: z.string() }).nullable(),
  linkedAt: z.string().nullable(),
  lastActiveAt: z.string().nullable(),
  messages: z.number(),
}) satisfies z.ZodType<ChannelView>;

export const paginationMetaSchema = z.object({
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
}) satisfies z.ZodType<PaginationMeta>;

const toolCall = z.object({
  id: z.string(),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const historyMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'tool']),
  content: z.string().nullable(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
}) satisfies z.ZodType<HistoryMessage>;

export const undeliveredReplySchema = z.object({
  at: z.string(),
  body: z.string().nullable(),
  status: z.enum(['failed', 'undelivered', 'not_sent_window_closed']),
  reason: z.string().nullable(),
  errorCode: z.number().nullable(),
}) satisfies z.ZodType<UndeliveredReply>;

export const conversationViewSchema = z.object({
  channel: channelViewSchema,
  history: z.array(historyMessageSchema),
  undelivered: z.array(undeliveredReplySchema),
}) satisfies z.ZodType<ConversationView>;

// ---- Usage, plans and communities.

const planSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free'), turnsPerMonth: z.number(), memberTurnsPerDay: z.number() }),
  z.object({
    kind: z.literal('passthrough'),
    margin: z.number(),
    capUsd: z.number().nullable(),
    memberTurnsPerDay: z.number(),
  }),
  z.object({
    kind: z.literal('flat'),
    feeUsd: z.number(),
    turnsPerMonth: z.number(),
    memberTurnsPerDay: z.number(),
  }),
]) satisfies z.ZodType<Plan>;

const limitStateSchema = z.object({
  unit: z.enum(['turns', 'micros']).nullable(),
  used: z.number(),
  max: z.number().nullable(),
  percent: z.number().nullable(),
  state: z.enum(['ok', 'near', 'reached']),
}) satisfies z.ZodType<LimitState>;

const usageTotalsSchema = z.object({
  memberTurns: z.number(),
  messagesIn: z.number(),
  messagesOut: z.number(),
  messagesFailed: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cachedTokens: z.number(),
  activeMembers: z.number(),
  costMicros: z.object({ twilio: z.number(), meta: z.number(), llm: z.number(), total: z.number() }),
}) satisfies z.ZodType<UsageTotals>;

const dailyUsageSchema = z.object({
  date: z.string(),
  messagesIn: z.number(),
  messagesOut: z.number(),
  memberTurns: z.number(),
  costMicros: z.number(),
}) satisfies z.ZodType<DailyUsage>;

const planSource = z.enum(['admin', 'default']);

export const senderUsageSchema = z.object({
  senderId: z.number().nullable(),
  displayName: z.string().nullable(),
  address: z.string().nullable(),
  accountSid: z.string().nullable(),
  totals: usageTotalsSchema,
}) satisfies z.ZodType<SenderUsage>;

export const usageReportSchema = z.object({
  month: z.string(),
  senders: z.array(senderUsageSchema),
  communities: z.array(
    z.object({
      community: communityRefSchema,
      plan: planSchema,
      planSource,
      totals: usageTotalsSchema,
      billableMicros: z.number(),
      limit: limitStateSchema,
      daily: z.array(dailyUsageSchema),
    }) satisfies z.ZodType<CommunityUsage>
  ),
  totals: usageTotalsSchema,
  billableMicros: z.number(),
  daily: z.array(dailyUsageSchema),
}) satisfies z.ZodType<UsageReport>;

export const communitySummarySchema = z.object({
  community: communityRefSchema,
  plan: planSchema,
  planSource,
  month: z.string(),
  memberTurns: z.number(),
  costMicros: z.number(),
  billableMicros: z.number(),
  limit: limitStateSchema,
}) satisfies z.ZodType<CommunitySummary>;

/** Every answer is wrapped in `data`. */
export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

/** A change's answer: the settings as saved, or nothing (204) to an admin who may not read them. */
export const changedSettingsSchema = z.object({ data: settingsViewSchema.optional() });

/** A plan's answer: the community's month, or nothing (204) to an admin who may not see usage. */
export const changedPlanSchema = z.object({ data: communitySummarySchema.optional() });

export const channelListSchema = z.object({
  data: z.array(channelViewSchema),
  meta: z.object({ pagination: paginationMetaSchema }),
}) satisfies z.ZodType<ChannelList>;

/** Strapi's error body; a ValidationError's `details.errors` names each field at fault. */
export const apiErrorBodySchema = z.object({
  data: z.null(),
  error: z.object({
    status: z.number(),
    name: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
}) satisfies z.ZodType<ApiErrorBody>;

export const validationDetailsSchema = z.object({
  errors: z.array(
    z.object({
      path: z.array(z.union([z.string(), z.number()])),
      message: z.string(),
    }) satisfies z.ZodType<FieldIssue>
  ),
}) satisfies z.ZodType<ValidationErrorDetails>;

/** True only when A and B are the same type (optional fields and nullability included). */
type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** Compile-time only: each parsed answer is exactly its shared type. */
export type SchemaContract = [
  Assert<Same<z.output<typeof settingsViewSchema>, SettingsView>>,
  Assert<Same<z.output<typeof twilioAccountSchema>, TwilioAccountView>>,
  Assert<Same<z.output<typeof checkResultSchema>, CheckResult>>,
  Assert<Same<z.output<typeof templateCheckSchema>, TemplateCheck>>,
  Assert<Same<z.output<typeof twilioUsageViewSchema>, TwilioUsageView>>,
  Assert<Same<z.output<typeof senderViewSchema>, SenderView>>,
  Assert<Same<z.output<typeof sendersViewSchema>, SendersView>>,
  Assert<Same<z.output<typeof contentTypeViewSchema>, ContentTypeView>>,
  Assert<Same<z.output<typeof channelViewSchema>, ChannelView>>,
  Assert<Same<z.output<typeof channelListSchema>, ChannelList>>,
  Assert<Same<z.output<typeof conversationViewSchema>, ConversationView>>,
  Assert<Same<z.output<typeof usageReportSchema>, UsageReport>>,
  Assert<Same<z.output<typeof communitySummarySchema>, CommunitySummary>>,
  Assert<Same<z.output<typeof apiErrorBodySchema>, ApiErrorBody>>,
  Assert<Same<z.output<typeof validationDetailsSchema>, ValidationErrorDetails>>,
];
