import type { Core } from '@strapi/strapi';
import type { LinkedIdentity } from '../identity';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { UnrecoverableTurnError, type Turn, type TurnAnswer } from '../worker/turn';
import { confirmButtons } from './actions/confirm-words';
import { eventChoices } from './choices';
import { timeZoneOf } from '../scheduler/community-schedule';
import { createLlmClient, type LlmClient, type LlmUsage } from './llm';
import { runAgentLoop, type LoopResult } from './loop';
import { activeHistory, trimHistory } from './memory';
import { memberTool, readOwnProfiles } from './member-context';
import { systemPrompt } from './prompt';
import { createMemberAuth } from './tools/member-auth';
import type { ToolContext, ToolResult } from './tools/collection-tool';
import { buildToolRegistry, type ToolRegistry } from './tools/registry';
import { addActionTools } from './actions/registry';
import type { Proposal } from './actions/action-tool';
import { createRepositories } from '../repositories';
import type { ActionToolConfig, CollectionToolConfig } from '../settings/tool-schemas';
import {
  HANDOFF_ACCEPTED,
  HANDOFF_GUIDANCE,
  HANDOFF_TOOL,
  HANDOFF_TOOL_NAME,
  handoffArgs,
} from '../conversation/handoff-tool';

/**
 * The agent for a linked member's turn: conversation memory from the channel, the LLM tool
 * loop with the exposed collections as tools, run with the member's own permissions.
 */
export const createAgentService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Rebuilt only when the admin changes the settings they depend on, not per message.
  let llm: { fingerprint: string; client: LlmClient } | undefined;
  let tools: { fingerprint: string; registry: ToolRegistry } | undefined;
  const settings = () => getService(strapi, 'settings');
  const { pendingActions } = createRepositories(strapi);
  const memberAuth = createMemberAuth(strapi);

  let warned: string | undefined;

  /** The client for the current settings, or why there is none (said once in the log, not per message). */
  const llmClient = (): { client: LlmClient } | { reason: string } => {
    const endpoint = settings().llm();
    if (!endpoint.ok) {
      if (warned !== endpoint.reason)
        strapi.log.warn(`[whatsapp-agent] The AI model is not called: ${endpoint.reason}`);
      warned = endpoint.reason;
      return { reason: endpoint.reason };
    }
    warned = undefined;
    const fingerprint = JSON.stringify(endpoint.settings);
    if (llm?.fingerprint !== fingerprint) llm = { fingerprint, client: createLlmClient(endpoint.settings) };
    return { client: llm.client };
  };

  /**
   * The events a reply presents, as a list to pick from (WhatsApp's list picker, RCS's chips), when
   * the events tool has a date.
   */
  const listOfEvents = (result: LoopResult, turn: Turn) => {
    const { proactive } = getService(strapi, 'pluginConfig').get();
    const tool = settings()
      .agent()
      .tools.find((candidate) => candidate.name === proactive.eventTool);
    if (!tool?.dateField || turn.channel.kind === 'sms') return undefined;
    return eventChoices(result.messages, result.reply, {
      tool: tool.name,
      titleField: proactive.eventTitleField,
      dateField: tool.dateField,
      placeField: proactive.eventPlaceField,
      timeZone: timeZoneOf(proactive.digest, turn.account.community),
    });
  };

  const service = {
    /** At bootstrap: cached abilities follow permission changes. */
    watchPermissions: () => memberAuth.watchPermissions(),

    /** The tools as the LLM sees them, for the collections currently exposed. */
    tools(): ToolRegistry {
      const { tools: exposed, actions } = settings().agent();
      return service.registryFor(exposed, actions);
    },

    /** The tools these collections and actions give (the settings check a change against it before saving). */
    registryFor(exposed: CollectionToolConfig[], actions: ActionToolConfig[]): ToolRegistry {
      const fingerprint = JSON.stringify([exposed, actions]);
      if (tools?.fingerprint !== fingerprint) {
        const registry = buildToolRegistry(strapi, exposed);
        tools = { fingerprint, registry: addActionTools(strapi, registry, actions) };
      }
      return tools.registry;
    },

    /** What a tool runs with for this member outside a conversation: their role's ability and who they are. */
    async toolContext(user: LinkedIdentity['user']): Promise<ToolContext> {
      const { communities: _communities, ...asker } = await getService(strapi, 'identity').asker(user.id);
      return { auth: await memberAuth.of(user), asker };
    },

    /**
     * A read tool run as the member outside a conversation (their role, their communities): what
     * a reminder or digest tells them is what they could read through the REST API.
     */
    async readAs(user: LinkedIdentity['user'], toolName: string, args: unknown): Promise<ToolResult> {
      const tool = service.tools().get(toolName);
      if (!tool) return { error: `There is no tool called ${toolName}` };
      const asker = await getService(strapi, 'identity').asker(user.id);
      return tool.run(args, { auth: await memberAuth.of(user), asker });
    },

    /** The reply to the member's turn. A model that is missing or failing gets the member an apology (not retried). */
    async answer(turn: Turn, who: LinkedIdentity, channel: Channel): Promise<TurnAnswer> {
      const endpoint = llmClient();
      if ('reason' in endpoint) {
        throw new UnrecoverableTurnError(`No usable LLM endpoint: ${endpoint.reason}`, {
          reply: settings().message('notConfigured', {}),
        });
      }
      const { client } = endpoint;

      const agent = settings().agent();
      const limits = { maxTurns: agent.historyTurns, maxBytes: agent.historyMaxBytes };
      // A hand-back counts as activity: what the manager said is not forgotten as idle talk.
      const lastActivity =
        channel.handedBackAt && (!channel.lastInboundAt || channel.handedBackAt > channel.lastInboundAt)
          ? channel.handedBackAt
          : channel.lastInboundAt;
      const history = trimHistory(
        activeHistory(channel.history, lastActivity, agent.historyIdleMinutes),
        limits
      );
      const auth = await memberAuth.of(who.user);
      const identity = getService(strapi, 'identity');
      const { communities, ...asker } = await identity.asker(who.user.id);
      // An action the model proposes waits for the member's Yes; one per turn.
      let proposal: Proposal | undefined;
      const propose = (next: Proposal) => {
        if (proposal)
          return { ok: false as const, error: 'One action at a time: the member must answer the first.' };
        proposal = next;
        return { ok: true as const };
      };
      const registry = service.tools();
      // The member's own profile as they may see it, in the prompt: "who should I meet?" is personal.
      const ownTool = memberTool(agent.tools, getService(strapi, 'pluginConfig').get().member.contentType);
      const profiles =
        ownTool && registry.has(`get_${ownTool.name}`)
          ? await readOwnProfiles(strapi, ownTool, ownTool.returnedFields, { auth, asker })
          : [];
      const rows = getService(strapi, 'usage').rows();
      // The turn (what plans count) and every model call, counted however the turn ends.
      turn.writes.ledger.push(rows.turn(turn.account, turn.channel, turn.messages[0].messageSid));
      const memberName = await identity.displayName(who.user);
      // Only the model's failures get the member an apology; a database error before this point
      // is thrown as it is, and the worker retries the turn.
      let result: LoopResult;
      try {
        result = await runAgentLoop({
          llm: client,
          system: [
            systemPrompt({
              instructions: agent.systemPrompt,
              communityName: agent.communityName,
              memberName,
              profiles,
              communities: communities.filter((ref) => ref.key !== 'default').map((ref) => ref.name),
              now: new Date(),
            }),
            HANDOFF_GUIDANCE,
          ].join('\n\n'),
          history,
          userText: turn.text,
          images: turn.images,
          tools: [...[...registry.values()].map((tool) => tool.definition), HANDOFF_TOOL],
          runTool: async (name, args) => {
            // Handed over by the router once the turn is answered (README: People in the loop).
            if (name === HANDOFF_TOOL_NAME) {
              turn.writes.handoff = handoffArgs.parse(args ?? {});
              return HANDOFF_ACCEPTED;
            }
            const tool = registry.get(name);
            return tool
              ? tool.run(args, { auth, asker, propose })
              : { error: `There is no tool called ${name}` };
          },
          maxRounds: agent.maxToolRounds,
          maxToolCallsPerRound: agent.maxToolCallsPerRound,
          toolResultMaxChars: agent.toolResultMaxChars,
          onCall: (call: LlmUsage) => turn.writes.ledger.push(rows.llm(turn.account, turn.channel, call)),
        });
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        strapi.log.warn(
          `[whatsapp-agent] LLM call failed for channel ${channel.id}; the member gets an apology: ${message}`
        );
        throw new UnrecoverableTurnError(`LLM failed: ${message}`, {
          reply: settings().message('apology', {}),
        });
      }
      // Saved by the worker with the turn's end, in the same transaction as its ledger rows.
      turn.writes.history = trimHistory([...history, ...result.messages], limits);
      if (!proposal) return { text: result.reply, list: listOfEvents(result, turn) };
      // Stored before the question is sent: a Yes can only answer a proposal that exists.
      const proposed = await pendingActions.propose({
        ...proposal,
        channelId: channel.id,
        userId: who.user.id,
        expiresAt: new Date(
          Date.now() + getService(strapi, 'pluginConfig').get().agent.actionTtlSeconds * 1000
        ),
      });
      const question = settings().message('actionQuestion', { question: proposal.question });
      // Buttons where the channel has them, naming this proposal; the text asks for YES / NO either way (SMS).
      return {
        text: [result.reply, question].filter(Boolean).join('\n\n'),
        buttons: confirmButtons(proposed.id),
      };
    },
  };
  return service;
};

export type AgentService = ReturnType<typeof createAgentService>;
