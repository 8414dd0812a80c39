import * as React from 'react';
import { FetchError, useFetchClient, type ErrorResponse } from '@strapi/strapi/admin';
import { z } from 'zod';
import type {
  ChannelListQuery,
  ChannelView,
  CheckResult,
  CommunitySummary,
  ContentTypeView,
  ConversationView,
  HandoffConversation,
  InboxFilter,
  InboxItem,
  ManagerRef,
  ManagerScope,
  ManagerScopesView,
  PaginationMeta,
  PlanUpdate,
  SenderInput,
  SendersView,
  SenderView,
  SettingsUpdate,
  SettingsView,
  SetupCheck,
  TemplateCheck,
  TestMessageResult,
  TwilioUsageView,
  UsageReport,
} from '../../../server/src/admin-api';
import { PLUGIN_ID } from '../pluginId';
import {
  handoffConversationSchema,
  inboxItemSchema,
  managerScopesViewSchema,
  managersSchema,
  waitingCountSchema,
} from './handoff-schemas';
import { setupCheckSchema, testMessageResultSchema } from './setup-schemas';
import {
  apiErrorBodySchema,
  changedPlanSchema,
  changedSettingsSchema,
  channelListSchema,
  channelViewSchema,
  checkResultSchema,
  communitySummarySchema,
  contentTypeViewSchema,
  conversationViewSchema,
  dataOf,
  sendersViewSchema,
  senderViewSchema,
  settingsViewSchema,
  templateCheckSchema,
  twilioUsageViewSchema,
  usageReportSchema,
} from './schemas';

/** The plugin's admin API (server/src/routes/admin.ts): every URL the panel calls is in this file. */
const BASE = `/${PLUGIN_ID}`;

type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** "ai.model", "[0].kind", "history[3].role": where in the answer's `data` (or `meta`) it went wrong. */
const issuePath = (path: readonly PropertyKey[]) => {
  const keys = path[0] === 'data' && path.length > 1 ? path.slice(1) : path;
  return (
    keys.reduce<string>(
      (out, key) =>
        typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key),
      ''
    ) || '(the answer)'
  );
};

const MAX_ISSUES = 3;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** `attachment; filename="usage-2026-11.csv"` → usage-2026-11.csv */
const attachmentName = (disposition: string | null | undefined) =>
  disposition ? /filename="?([^";]+)"?/i.exec(disposition)?.[1] : undefined;

/** An answer that does not have the shape the panel expects: the server and the panel are out of step. */
export class UnexpectedResponseError extends Error {
  readonly request: string;
  readonly issues: z.core.$ZodIssue[];

  constructor(request: string, issues: z.core.$ZodIssue[]) {
    const listed = issues.slice(0, MAX_ISSUES).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
    if (issues.length > MAX_ISSUES) listed.push(`and ${issues.length - MAX_ISSUES} more`);
    super(`The server answered an unexpected shape for ${request}: ${listed.join('; ')}`);
    this.name = 'UnexpectedResponseError';
    this.request = request;
    this.issues = issues;
  }
}

/**
 * The admin API as typed methods, each answer parsed against its schema (./schemas.ts, tied to
 * the shared types of server/src/admin-api.ts). Failed requests reject with the admin's
 * FetchError, as useFetchClient does (utils/api-errors.ts reads them); an answer of the wrong
 * shape rejects with an UnexpectedResponseError.
 */
export const useApiClient = () => {
  const { get, put, post, del } = useFetchClient();

  return React.useMemo(() => {
    const request = async <S extends z.ZodType>(
      method: Method,
      path: string,
      schema: S,
      { body, params }: { body?: unknown; params?: Record<string, string | number | undefined> } = {}
    ): Promise<z.output<S>> => {
      const url = `${BASE}${path}`;
      const { data } =
        method === 'GET'
          ? await get<unknown>(url, { params })
          : method === 'PUT'
            ? await put<unknown>(url, body)
            : method === 'DELETE'
              ? await del<unknown>(url)
              : await post<unknown>(url, body);
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new UnexpectedResponseError(`${method} ${url}`, parsed.error.issues);
      return parsed.data;
    };

    const settings = dataOf(settingsViewSchema);
    const check = dataOf(checkResultSchema);
    const channel = dataOf(channelViewSchema);
    const channelPath = (documentId: string) => `/channels/${encodeURIComponent(documentId)}`;
    const communityPath = (key: string) => `/communities/${encodeURIComponent(key)}`;
    const handoffPath = (documentId: string) => `/conversations/${encodeURIComponent(documentId)}`;
    const handoff = dataOf(handoffConversationSchema);

    return {
      getSettings: async (): Promise<SettingsView> => (await request('GET', '/settings', settings)).data,

      /**
       * Any subset; answers the settings as saved (undefined to an admin who may change but not
       * read them). A 400 names each field at fault (api-errors.ts).
       */
      updateSettings: async (update: SettingsUpdate): Promise<SettingsView | undefined> =>
        (await request('PUT', '/settings', changedSettingsSchema, { body: update })).data,

      /** A new webhook path token; answers the settings with the new URLs (as updateSettings). */
      rotateWebhookToken: async (): Promise<SettingsView | undefined> =>
        (await request('POST', '/settings/webhook-token/rotate', changedSettingsSchema)).data,

      /** The default sender and the others (Settings → Senders); tokens never come back. */
      getSenders: async (): Promise<SendersView> =>
        (await request('GET', '/senders', dataOf(sendersViewSchema))).data,

      createSender: async (input: SenderInput): Promise<SenderView> =>
        (await request('POST', '/senders', dataOf(senderViewSchema), { body: input })).data,

      /** Any of its fields; without `authToken` the saved one is kept. */
      updateSender: async (id: number, input: Partial<SenderInput>): Promise<SenderView> =>
        (await request('PUT', `/senders/${id}`, dataOf(senderViewSchema), { body: input })).data,

      deleteSender: async (id: number): Promise<void> => {
        await request('DELETE', `/senders/${id}`, z.unknown());
      },

      /** Test connection: the sender's account, its parent and status, with its own credentials. */
      checkSender: async (id: number): Promise<CheckResult> =>
        (await request('POST', `/senders/${id}/check`, check)).data,

      /** Asks Twilio for the account with the saved credentials. */
      checkTwilio: async (): Promise<CheckResult> =>
        (await request('POST', '/settings/check-twilio', check)).data,

      /** Asks the Graph API for the phone number with the saved Cloud API settings. */
      checkMeta: async (): Promise<CheckResult> =>
        (await request('POST', '/settings/check-meta', check)).data,

      /** One tiny completion with the saved AI settings. */
      testLlm: async (): Promise<CheckResult> => (await request('POST', '/settings/test-llm', check)).data,

      /** Transcribes a second of silence with the saved transcription settings. */
      testTranscription: async (): Promise<CheckResult> =>
        (await request('POST', '/settings/test-transcription', check)).data,

      /**
       * What Twilio knows of a Content SID (as typed, saved or not): its text and WhatsApp's
       * verdict. A SID of the wrong form is a 400 (api-errors.ts reads its message).
       */
      checkTemplate: async (contentSid: string): Promise<TemplateCheck> =>
        (
          await request('POST', '/settings/templates/check', dataOf(templateCheckSchema), {
            body: { contentSid },
          })
        ).data,

      /** The setup checklist, every check run now against the saved settings. */
      getSetupChecks: async (): Promise<SetupCheck[]> =>
        (await request('GET', '/setup/checks', dataOf(z.array(setupCheckSchema)))).data,

      /** A WhatsApp test message to the number typed (E.164); a 400 says what is wrong with it. */
      sendTestMessage: async (to: string): Promise<TestMessageResult> =>
        (await request('POST', '/setup/test-message', dataOf(testMessageResultSchema), { body: { to } }))
          .data,

      /** The collection types an admin can expose as tools. */
      getContentTypes: async (): Promise<ContentTypeView[]> =>
        (await request('GET', '/content-types', dataOf(contentTypeViewSchema.array()))).data,

      /** Linked channels, newest first, one page. */
      getChannels: async ({ page, pageSize, q }: ChannelListQuery = {}): Promise<{
        channels: ChannelView[];
        pagination: PaginationMeta;
      }> => {
        // The admin's fetch client puts params in the URL unencoded: a search with & or # would cut it.
        const params = { page, pageSize, q: q ? encodeURIComponent(q) : undefined };
        const { data, meta } = await request('GET', '/channels', channelListSchema, { params });
        return { channels: data, pagination: meta.pagination };
      },

      /** Revokes the member's session and erases the conversation; answers the channel as it now is. */
      revokeChannel: async (documentId: string): Promise<ChannelView> =>
        (await request('POST', `${channelPath(documentId)}/revoke`, channel)).data,

      getConversation: async (documentId: string): Promise<ConversationView> =>
        (await request('GET', `${channelPath(documentId)}/conversation`, dataOf(conversationViewSchema)))
          .data,

      // People in the loop: the inbox, one conversation and a manager's actions (each answers the conversation).
      getInbox: async (filter: InboxFilter): Promise<InboxItem[]> =>
        (await request('GET', '/inbox', dataOf(z.array(inboxItemSchema)), { params: { filter } })).data,

      getWaitingCount: async (): Promise<number> =>
        (await request('GET', '/inbox/waiting', dataOf(waitingCountSchema))).data.waiting,

      getHandoff: async (documentId: string): Promise<HandoffConversation> =>
        (await request('GET', handoffPath(documentId), handoff)).data,

      assignConversation: async (
        documentId: string,
        body: { assigneeId?: number; expectedAssigneeId: number | null }
      ): Promise<HandoffConversation> =>
        (await request('POST', `${handoffPath(documentId)}/assign`, handoff, { body })).data,

      resolveConversation: async (
        documentId: string,
        body: { seenInboundId: number | null; note?: string }
      ): Promise<HandoffConversation> =>
        (await request('POST', `${handoffPath(documentId)}/resolve`, handoff, { body })).data,

      replyToConversation: async (
        documentId: string,
        body: { text: string } | { reengage: true }
      ): Promise<HandoffConversation> =>
        (await request('POST', `${handoffPath(documentId)}/reply`, handoff, { body })).data,

      addConversationNote: async (documentId: string, body: { text: string }): Promise<HandoffConversation> =>
        (await request('POST', `${handoffPath(documentId)}/notes`, handoff, { body })).data,

      /** Who may answer this conversation (holds the reply permission, not limited to other communities). */
      getAssignees: async (documentId: string): Promise<ManagerRef[]> =>
        (await request('GET', '/managers', managersSchema, { params: { conversation: documentId } })).data,

      getManagerScopes: async (): Promise<ManagerScopesView> =>
        request('GET', '/manager-scopes', managerScopesViewSchema),

      saveManagerScopes: async (scopes: ManagerScope[]): Promise<ManagerScope[]> =>
        (
          await request('PUT', '/manager-scopes', managerScopesViewSchema.pick({ data: true }), {
            body: { data: scopes },
          })
        ).data,

      /**
       * Twilio's own messaging figure for a month ("YYYY-MM"; this month in UTC when left out)
       * beside the ledger's, and the account it is for.
       */
      twilioUsage: async (month?: string): Promise<TwilioUsageView> =>
        (await request('GET', '/usage/twilio', dataOf(twilioUsageViewSchema), { params: { month } })).data,

      /** What one community (a key), or all, used in a UTC month ("YYYY-MM"), and what to bill. */
      getUsage: async ({ community, month }: { community: string; month: string }): Promise<UsageReport> =>
        (
          await request('GET', '/usage', dataOf(usageReportSchema), {
            params: { community: encodeURIComponent(community), month },
          })
        ).data,

      /** Every community of the host, with its plan and this month's state. */
      getCommunities: async (): Promise<CommunitySummary[]> =>
        (await request('GET', '/communities', dataOf(communitySummarySchema.array()))).data,

      /**
       * Sets a community's plan; answers its month (undefined to an admin who may change plans but
       * not see usage). A 400 names each field at fault (api-errors.ts).
       */
      updatePlan: async (community: string, plan: PlanUpdate): Promise<CommunitySummary | undefined> =>
        (await request('PUT', `${communityPath(community)}/plan`, changedPlanSchema, { body: plan })).data,

      /**
       * The month's statement as CSV: one line per community, or per community and day. Fetched
       * with the admin's token (a plain link would not carry it), for the page to save.
       */
      usageCsv: async ({
        month,
        by,
      }: {
        month: string;
        by?: 'day';
      }): Promise<{ filename: string; csv: Blob }> => {
        const url = `${BASE}/usage.csv`;
        const response = await get(url, {
          params: { month, by },
          responseType: 'blob',
          // The error body is JSON even here: read it instead of the client's bare "Server Error".
          validateStatus: () => true,
        });
        const status = response.status ?? 200;
        if (status >= 400) {
          const parsed = apiErrorBodySchema.safeParse(parseJson(await response.data.text()));
          // As the client's own JSON requests fail (Strapi types `error` as the union of its classes).
          const error = parsed.success
            ? new FetchError(parsed.data.error.message, { data: parsed.data as ErrorResponse['data'] })
            : new FetchError(`GET ${url} failed with status ${status}`);
          error.status = status;
          throw error;
        }
        const filename =
          attachmentName(response.headers?.get('Content-Disposition')) ??
          `whatsapp-agent-usage-${month}${by ? `-by-${by}` : ''}.csv`;
        return { filename, csv: response.data };
      },
    };
  }, [get, put, post, del]);
};

export type ApiClient = ReturnType<typeof useApiClient>;
