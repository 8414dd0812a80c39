import type { ChatRequest } from '../../simulator/scripted-llm';
import { startAgentStack } from './agent-stack';
import { cpuSnapshot, cpuSpent } from './cpu';

const lastUserText = (request: ChatRequest) =>
  [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';

/** What one run of the agent benchmark measured. */
export type AgentFigures = {
  messages: number;
  seconds: number;
  endToEnd: number[];
  overhead: number[];
  cpuPerMessage: number;
  /** CPU of the benchmark database's PostgreSQL backends per message, ms (0 on SQLite). */
  databaseCpuPerMessage: number;
  /** Bytes the Strapi process wrote to storage per message, KB (on SQLite: the WAL and its checkpoints). */
  writtenKbPerMessage: number;
  llmCalls: number;
  /** Members who did not get exactly one reply per message. */
  wrong: number;
};

/**
 * The agent benchmark's stack, booted and its members linked, answering rounds of messages on
 * demand: bench:growth alternates rounds between an empty and a filled database so that both
 * meet the same load. `database` points Strapi at a prepared database, `built` skips the build,
 * `postgresDatabase` names the database whose backends' CPU is counted. Members and phones are
 * new on every start (a kept database has the earlier runs' members).
 */
export const startAgentRounds = async ({
  members: MEMBERS,
  database,
  built,
  postgresDatabase,
}: {
  members: number;
  database?: Record<string, string>;
  built?: boolean;
  postgresDatabase?: string;
}) => {
  const stack = await startAgentStack({
    name: 'agent',
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' },
    database,
    built,
  });
  const { baseUrl, twilio, llm, stop, liftUsageLimits, pids } = stack;
  try {
    await liftUsageLimits();
  } catch (error) {
    await stop();
    throw error;
  }
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

  // Link N members through the real flow: web login → phrase → sent from the phone.
  const run = Date.now();
  const phones: string[] = [];
  try {
    for (let i = 0; i < MEMBERS; i += 1) {
      const phone = `+4915${String((run + i) % 1e9).padStart(9, '0')}`;
      const credentials = {
        username: `bench${run.toString(36)}${i}`,
        email: `bench${run.toString(36)}${i}@example.com`,
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
        60_000
      );
      phones.push(phone);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  let rounds = 0;
  /** Each member sends `messages` messages, one after the other, all members at once. */
  const round = async (messages: number): Promise<AgentFigures> => {
    rounds += 1;
    const tag = `${rounds}`;
    llm.script(...Array.from({ length: MEMBERS * messages * 2 }, () => answer));
    const repliesBefore = phones.map(
      (phone) =>
        twilio.sentTo(`whatsapp:${phone}`).filter((message) => message.body.startsWith('Here is who I found'))
          .length
    );
    const endToEnd: number[] = [];
    const overhead: number[] = [];
    const started = performance.now();
    const cpuBefore = cpuSnapshot(pids, postgresDatabase);
    await Promise.all(
      phones.map(async (phone, member) => {
        for (let i = 0; i < messages; i += 1) {
          const text = `bench question ${tag}-${member}-${i}`;
          const before = twilio.sentTo(`whatsapp:${phone}`).length;
          const sentAt = performance.now();
          await twilio.sendInbound({ from: `whatsapp:${phone}`, body: text });
          await twilio.waitFor(() => twilio.sentTo(`whatsapp:${phone}`).length > before, 60_000);
          const elapsed = performance.now() - sentAt;
          endToEnd.push(elapsed);
          await new Promise((resolve) => setImmediate(resolve));
          overhead.push(elapsed - (llmTime.get(text) ?? 0));
        }
      })
    );
    const seconds = (performance.now() - started) / 1000;
    const spent = cpuSpent(cpuBefore, cpuSnapshot(pids, postgresDatabase));
    const strapiSeconds = spent.strapi.reduce((sum, value) => sum + value, 0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const wrong = phones.filter(
      (phone, member) =>
        twilio.sentTo(`whatsapp:${phone}`).filter((message) => message.body.startsWith('Here is who I found'))
          .length -
          repliesBefore[member] !==
        messages
    ).length;
    return {
      messages: MEMBERS * messages,
      seconds,
      endToEnd,
      overhead,
      cpuPerMessage: (strapiSeconds * 1000) / (MEMBERS * messages),
      databaseCpuPerMessage: (spent.postgres * 1000) / (MEMBERS * messages),
      writtenKbPerMessage: spent.strapiWriteBytes / 1024 / (MEMBERS * messages),
      llmCalls: llm.requests.length,
      wrong,
    };
  };
  return { round, stop };
};

/**
 * N members (linked through the real linking flow) each send M messages, one after the other,
 * through the whole pipeline; see bench/agent.ts. `database` points Strapi at a prepared
 * database, `built` skips the build.
 */
export const runAgentBench = async ({
  members,
  messages,
  database,
  built,
}: {
  members: number;
  messages: number;
  database?: Record<string, string>;
  built?: boolean;
}): Promise<AgentFigures> => {
  const rounds = await startAgentRounds({ members, database, built });
  try {
    return await rounds.round(messages);
  } finally {
    await rounds.stop();
  }
};
