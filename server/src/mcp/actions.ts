import type { Core } from '@strapi/strapi';
import type { ActionToolConfig } from '../../../config';
import type { Proposal } from '../agent/actions/action-tool';
import { callHostRoute, hostUrl } from '../agent/actions/host-route';
import type { ToolResult } from '../agent/tools/collection-tool';
import { createRepositories } from '../repositories';
import { getService } from '../utils/get-service';
import { confirmationToken, proposalOf } from './confirmation';
import type { McpCaller } from './tokens';

/**
 * The pending-action "channel" of an MCP client: its token's id, negated. Channel ids are
 * positive, so a client's proposals never meet a phone's; like a phone, a client has one open
 * question at a time (a new proposal replaces the last).
 */
export const proposalChannelOf = (caller: McpCaller) => -caller.token.id;

/**
 * Actions from the member's own assistant: proposed like WhatsApp's (the same question, stored
 * before it is asked, expiring after `agent.actionTtlSeconds`), confirmed either in the client
 * itself (MCP elicitation, when it can) or by a second call that passes the one-time confirmation
 * token, then run once by the host's own route with an access token of the client's session —
 * the member's permissions, the host's validation.
 */
export const createMcpActions = (strapi: Core.Strapi, caller: McpCaller, bearer: string) => {
  const { pendingActions } = createRepositories(strapi);
  const key = () => getService(strapi, 'crypto').hashingKey();
  const channelId = proposalChannelOf(caller);

  const stale = {
    error:
      'This confirmation token is not valid (expired, already used, replaced by a newer proposal, or not this action): propose the action again.',
  };

  /** Stored before it is asked, like WhatsApp's: the member may answer after a restart. */
  const store = async (proposal: Proposal) => {
    const { actionTtlSeconds } = getService(strapi, 'pluginConfig').get().agent;
    const stored = await pendingActions.propose({
      ...proposal,
      channelId,
      userId: caller.user.id,
      expiresAt: new Date(Date.now() + actionTtlSeconds * 1000),
    });
    return { stored, actionTtlSeconds };
  };

  const tokenAnswer = (question: string, proposalId: number, actionTtlSeconds: number): ToolResult => ({
    status: 'waiting_for_confirmation',
    question,
    confirmationToken: confirmationToken(key(), proposalId, caller.user.id, caller.token.id),
    expiresInSeconds: actionTtlSeconds,
    note: 'Nothing is written yet. Ask the member this question; only if they say yes, call this tool again with confirmationToken.',
  });

  /** Runs the proposal `id` once, if it is still this client's open proposal of this action. */
  const execute = async (action: ActionToolConfig, id: number): Promise<ToolResult> => {
    const open = await pendingActions.openOfChannel(channelId);
    if (!open || open.id !== id || open.tool !== action.name || open.userId !== caller.user.id) return stale;
    if (open.expiresAt.getTime() <= Date.now()) {
      await pendingActions.expire(open.id);
      return stale;
    }
    // Of two calls with the same token, one runs it.
    if (!(await pendingActions.claim(open.id))) return stale;
    const fail = async (reason: string) => {
      await pendingActions.finish(open.id, { ok: false, text: reason });
      return { error: `Not done: ${reason}` };
    };
    const accessToken = await getService(strapi, 'mcpTokens').accessToken(bearer, caller);
    if (!accessToken) return fail('this assistant is no longer signed in.');
    let result;
    try {
      result = await callHostRoute({
        baseUrl: hostUrl(strapi),
        method: action.method,
        path: action.path,
        args: open.args,
        accessToken,
      });
    } catch (error) {
      strapi.log.warn(
        `[whatsapp-agent] MCP action ${action.name} could not reach the host: ${String(error)}`
      );
      return fail('the community site did not answer; try again in a few minutes.');
    }
    if (!result.ok)
      return fail(
        result.status === 403 ? 'the member is not allowed to do that on the community site.' : result.message
      );
    await pendingActions.finish(open.id, { ok: true, text: `HTTP ${result.status}` });
    return { status: 'done', done: open.question.trim().replace(/[?？]+$/, '') };
  };

  return {
    /** The token path: the assistant asks the member in its chat, then calls again with the token. */
    async propose(proposal: Proposal): Promise<ToolResult> {
      const { stored, actionTtlSeconds } = await store(proposal);
      return tokenAnswer(proposal.question, stored.id, actionTtlSeconds);
    },

    async confirm(action: ActionToolConfig, token: string): Promise<ToolResult> {
      const id = proposalOf(key(), token, caller.user.id, caller.token.id);
      return id === null ? stale : execute(action, id);
    },

    /**
     * The elicitation path: the client itself asks the member (`ask`, an MCP elicitation) during
     * the call. Yes runs it once; no or a dismissed question cancels it, and nothing is written.
     * A client that cannot answer (an error, the time running out) gets the token path instead.
     */
    async proposeAndAsk(
      action: ActionToolConfig,
      proposal: Proposal,
      ask: (question: string, timeoutMs: number) => Promise<'accept' | 'decline' | 'cancel'>
    ): Promise<ToolResult> {
      const { stored, actionTtlSeconds } = await store(proposal);
      let answer: 'accept' | 'decline' | 'cancel';
      try {
        answer = await ask(proposal.question, actionTtlSeconds * 1000);
      } catch (error) {
        strapi.log.debug(
          `[whatsapp-agent] MCP elicitation not answered (${String(error)}): confirmation token`
        );
        return tokenAnswer(proposal.question, stored.id, actionTtlSeconds);
      }
      if (answer === 'accept') return execute(action, stored.id);
      await pendingActions.cancel(
        stored.id,
        answer === 'decline' ? 'the member said no' : 'the member dismissed the question'
      );
      return {
        status: 'not_done',
        note: `The member ${answer === 'decline' ? 'said no' : 'dismissed the question'}: nothing was written.`,
      };
    },
  };
};
