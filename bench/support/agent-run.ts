import type { ChatRequest } from '../../simulator/scripted-llm';
import { startAgentStack } from './agent-stack';

const lastUserText = (request: ChatRequest) =>
  [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';

/** What one run of the agent benchmark measured. */
export type AgentFigures = {
  messages: number;
  seconds: number;
  endToEnd: number[];
  overhead: number[];
  cpuPerMessage: number;
  llmCalls: number;
  /** Members who did not get exactly one reply per message. */
  wrong: number;
};

/**
 * N members (linked through the real linking flow) each send M messages, one after the other,
 * through the whole pipeline; see bench/agent.ts. `database` points Strapi at a prepared
 * database (bench:growth), `built` skips the build.
 */
export const runAgentBench = async ({
  members: MEMBERS,
  messages: MESSAGES,
  database,
  built,
}: {
  members: number;
  messages: number;
  database?: Record<string, string>;
  built?: boolean;
}): Promise<AgentFigures> => {
  const { baseUrl, twilio, llm, stop, liftUsageLimits, strapiCpuMs } = await startAgentStack({
    name: 'agent',
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' },
    database,
    built,
  });
  await liftUsageLimits();
  const llmTime = new Map<string, number>();

  // Every conversation: one search_members round, then a short answer. The LLM's own time is
  // measured where it answers, per message (the text of the member's question).
  const answer = (request: ChatRequest) => {
    const started = performance.now();
    const last = request.messages[request.messages.length - 1];
    const reply =
      last.role === 'tool'
        ? { content: `Here is who I found for: ${lastUserText(request)}` }
        : { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] };
    const key = lastUserText(request);
    setImmediate(() => llmTime.set(key, (llmTime.get(key) ?? 0) + (performance.now() - started)));
    return reply;
  };

  try {
    // Link N members through the real flow: web login → phrase → sent from the phone.
    const phones: string[] = [];
    for (let i = 0; i < MEMBERS; i += 1) {
      const phone = `+4915200${String(i).padStart(6, '0')}`;
      const credentials = {
        username: `bench${i}`,
        email: `bench${i}@example.com`,
        password: 'Bench-pass-2026!',
      };
      const login = (await (
        await fetch(`${baseUrl}/api/auth/local/register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(credentials),
        })
      ).json()) as { jwt: string };
      const code = (await (
        await fetch(`${baseUrl}/api/whatsapp-agent/link-codes`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${login.jwt}` },
        })
      ).json()) as { code: string };
      await twilio.sendInbound({ from: `whatsapp:${phone}`, body: code.code });
      await twilio.waitFor(
        () => twilio.sentTo(`whatsapp:${phone}`).some((message) => message.body.startsWith('Linked to')),
        20_000
      );
      phones.push(phone);
    }
    llm.script(...Array.from({ length: MEMBERS * MESSAGES * 2 }, () => answer));

    const endToEnd: number[] = [];
    const overhead: number[] = [];
    const started = performance.now();
    const cpuBefore = strapiCpuMs();
    await Promise.all(
      phones.map(async (phone, member) => {
        for (let i = 0; i < MESSAGES; i += 1) {
          const text = `bench question ${member}-${i}`;
          const before = twilio.sentTo(`whatsapp:${phone}`).length;
          const sentAt = performance.now();
          await twilio.sendInbound({ from: `whatsapp:${phone}`, body: text });
          await twilio.waitFor(() => twilio.sentTo(`whatsapp:${phone}`).length > before, 30_000);
          const elapsed = performance.now() - sentAt;
          endToEnd.push(elapsed);
          await new Promise((resolve) => setImmediate(resolve));
          overhead.push(elapsed - (llmTime.get(text) ?? 0));
        }
      })
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuPerMessage = (strapiCpuMs() - cpuBefore) / (MEMBERS * MESSAGES);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const replies = phones.map(
      (phone) =>
        twilio.sentTo(`whatsapp:${phone}`).filter((message) => message.body.startsWith('Here is who I found'))
          .length
    );
    const wrong = replies.filter((count) => count !== MESSAGES).length;
    return {
      messages: MEMBERS * MESSAGES,
      seconds,
      endToEnd,
      overhead,
      cpuPerMessage,
      llmCalls: llm.requests.length,
      wrong,
    };
  } finally {
    await stop();
  }
};
