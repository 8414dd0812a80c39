import type { Core } from '@strapi/strapi';
import { createLlmClient, type LlmClient, type LlmUsage } from '../agent/llm';
import { runAgentLoop } from '../agent/loop';
import { activeHistory, trimHistory } from '../agent/memory';
import { systemPrompt } from '../agent/prompt';
import { uid } from '../plugin-id';
import { memberAuth } from '../tools/member-auth';
import { buildToolRegistry, type ToolRegistry } from '../tools/registry';
import { getService } from '../utils/get-service';
import type { ChannelRow, Identity } from './identity';
import type { Turn, TurnReply } from './worker/turn';

const CHANNEL = uid('channel');

/**
 * The agent for a linked member's turn: conversation memory from the channel, the LLM tool
 * loop with the exposed collections as tools, run with the member's own permissions.
 */
export const createAgentService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Rebuilt only when the admin changes the settings they depend on, not per message.
  let llm: { fingerprint: string; client: LlmClient } | undefined;
  let tools: { fingerprint: string; registry: ToolRegistry } | undefined;
  const settings = () => getService(strapi, 'settings');

  const llmClient = () => {
    const current = settings().llm();
    if (!current.apiKey && !current.baseUrl) return undefined;
    const fingerprint = JSON.stringify(current);
    if (llm?.fingerprint !== fingerprint) llm = { fingerprint, client: createLlmClient(current) };
    return llm.client;
  };

  const recordUsage = async (channel: ChannelRow, userId: number, usage: LlmUsage[]) => {
    if (usage.length === 0) return;
    const occurredAt = new Date();
    await strapi.db.query(uid('usage-record')).createMany({
      data: usage.map((call) => ({ channelId: channel.id, userId, kind: 'llm', model: call.model, promptTokens: call.promptTokens, completionTokens: call.completionTokens, cachedTokens: call.cachedTokens, occurredAt })),
    });
  };

  return {
    /** The tools as the LLM sees them, for the collections currently exposed. */
    tools(): ToolRegistry {
      const exposed = settings().agent().tools;
      const fingerprint = JSON.stringify(exposed);
      if (tools?.fingerprint !== fingerprint) tools = { fingerprint, registry: buildToolRegistry(strapi, exposed) };
      return tools.registry;
    },

    async answer(turn: Turn, who: Extract<Identity, { linked: true }>, channel: ChannelRow & { history?: unknown; lastInboundAt?: string | Date | null }): Promise<TurnReply> {
      const client = llmClient();
      if (!client) return { reply: settings().message('notConfigured', {}), error: 'No LLM endpoint configured (OPENAI_API_KEY / OPENAI_BASE_URL)' };

      const agent = settings().agent();
      const history = trimHistory(activeHistory(channel.history, channel.lastInboundAt, agent.historyIdleMinutes), agent.historyTurns);
      const auth = await memberAuth(strapi, who.user);
      const registry = this.tools();
      const usage: LlmUsage[] = [];
      try {
        const result = await runAgentLoop({
          llm: client,
          system: systemPrompt({ instructions: agent.systemPrompt, communityName: agent.communityName, memberName: await getService(strapi, 'identity').displayName(who.user), now: new Date() }),
          history,
          userText: turn.text,
          tools: [...registry.values()].map((tool) => tool.definition),
          runTool: async (name, args) => {
            const tool = registry.get(name);
            return tool ? tool.run(args, auth) : { error: `There is no tool called ${name}` };
          },
          maxRounds: agent.maxToolRounds,
          toolResultMaxChars: agent.toolResultMaxChars,
        });
        usage.push(...result.usage);
        await strapi.db.query(CHANNEL).update({ where: { id: channel.id }, data: { history: trimHistory([...history, ...result.messages], agent.historyTurns) } });
        return result.reply;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        strapi.log.warn(`[whatsapp-agent] LLM call failed for channel ${channel.id}; the member gets an apology: ${message}`);
        return { reply: settings().message('apology', {}), error: `LLM failed: ${message}` };
      } finally {
        await recordUsage(channel, who.user.id, usage);
      }
    },
  };
};

export type AgentService = ReturnType<typeof createAgentService>;
