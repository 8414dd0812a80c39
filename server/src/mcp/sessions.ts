import crypto from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** A session that nobody used for this long is closed (its client starts a new one when it needs to). */
const IDLE_MS = 15 * 60 * 1000;
/** No session outlives this: a change in the settings or the member's role shows at the next one. */
const MAX_AGE_MS = 60 * 60 * 1000;
/** Sessions one client (token) keeps open at once; a new one closes its oldest. */
const PER_CLIENT = 4;

type Session = {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  tokenId: number;
  createdAt: number;
  lastSeen: number;
};

const initializeWithElicitation = z.object({
  method: z.literal('initialize'),
  params: z.object({
    capabilities: z.object({
      // `{}` is form elicitation (the SDK reads it so); URL-only clients cannot answer a yes/no form.
      elicitation: z.union([
        z.object({ form: z.object({}).passthrough() }).passthrough(),
        z.object({}).strict(),
      ]),
    }),
  }),
});

/**
 * Whether an initialize request declares form elicitation: only such a client gets a session
 * (the server can then ask the member itself); every other client stays stateless.
 */
export const wantsSession = (body: unknown) => initializeWithElicitation.safeParse(body).success;

/**
 * The members' MCP sessions of this process, for clients that can answer a question during a
 * call (elicitation): the server sends `elicitation/create` on the stream of the POST carrying
 * the tools/call, and the client's answer comes back in a new POST with the same Mcp-Session-Id,
 * which has to find the same server — so sessions live in memory here. Behind several Strapi
 * processes, route by the Mcp-Session-Id header (sticky sessions); a request whose session this
 * process does not know is served statelessly, where actions answer with a confirmation token.
 * Each request is still authenticated on its own; a session answers only the token that opened it.
 */
export const createMcpSessionsService = () => {
  const sessions = new Map<string, Session>();

  const drop = (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    void session.transport.close();
    void session.server.close();
  };

  const sweep = (now: number) => {
    for (const [id, session] of sessions)
      if (now - session.lastSeen > IDLE_MS || now - session.createdAt > MAX_AGE_MS) drop(id);
  };

  return {
    /** The transport of a live session of this client; undefined for any other (unknown, expired, another's). */
    find(id: string, tokenId: number) {
      const now = Date.now();
      sweep(now);
      const session = sessions.get(id);
      if (!session || session.tokenId !== tokenId) return undefined;
      session.lastSeen = now;
      return session.transport;
    },

    /** A session-keeping transport for `server`: kept once the SDK has answered the client's initialize. */
    async open(server: McpServer, tokenId: number) {
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (id) => {
          const now = Date.now();
          const own = [...sessions].filter(([, session]) => session.tokenId === tokenId);
          own.slice(0, Math.max(0, own.length - PER_CLIENT + 1)).forEach(([old]) => drop(old));
          sessions.set(id, { transport, server, tokenId, createdAt: now, lastSeen: now });
        },
        onsessionclosed: (id) => drop(id),
      });
      await server.connect(transport);
      return transport;
    },

    /** How many sessions this process keeps (tests, metrics). */
    size: () => sessions.size,

    /** On shutdown: open streams would keep the HTTP server from closing. */
    closeAll() {
      [...sessions.keys()].forEach(drop);
    },
  };
};

export type McpSessionsService = ReturnType<typeof createMcpSessionsService>;
