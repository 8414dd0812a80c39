import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * The usage ledger as the e2e test needs it: rows for a month, written straight into the
 * playground's SQLite file (no API writes the ledger; only real traffic does, and a month of it
 * would take minutes to send). Fields as the ledger's repository writes them.
 */

export type LedgerRow = {
  kind: 'inbound' | 'outbound' | 'failed' | 'llm' | 'turn';
  /** A community's documentId, or "default". */
  community: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  userId?: number | null;
  channelId?: number | null;
  category?: string;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  twilioMicros?: number;
  metaMicros?: number;
  llmMicros?: number;
};

export const communitiesIn = (databaseFile: string) => {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare('SELECT document_id AS key, name FROM communities ORDER BY id').all() as Array<{
      key: string;
      name: string;
    }>;
  } finally {
    db.close();
  }
};

/** `count` copies of a row. */
export const times = (count: number, row: LedgerRow): LedgerRow[] => Array.from({ length: count }, () => row);

export const writeLedger = (databaseFile: string, rows: LedgerRow[]) => {
  const db = new Database(databaseFile);
  try {
    // Strapi's own rows on SQLite keep datetimes as epoch milliseconds.
    const insert = db.prepare(`
      INSERT INTO whatsapp_agent_usage_records (
        document_id, source_key, kind, community, day, occurred_at, units, user_id, channel_id, category,
        model, prompt_tokens, completion_tokens, cached_tokens, twilio_micros, meta_micros, llm_micros,
        cost_micros, created_at, updated_at, published_at
      ) VALUES (
        @documentId, @sourceKey, @kind, @community, @day, @occurredAt, 1, @userId, @channelId, @category,
        @model, @promptTokens, @completionTokens, @cachedTokens, @twilioMicros, @metaMicros, @llmMicros,
        @costMicros, @now, @now, @now
      )`);
    const now = Date.now();
    db.transaction(() => {
      for (const row of rows) {
        const twilioMicros = row.twilioMicros ?? 0;
        const metaMicros = row.metaMicros ?? 0;
        const llmMicros = row.llmMicros ?? 0;
        insert.run({
          documentId: randomUUID().replace(/-/g, '').slice(0, 24),
          sourceKey: `e2e:${randomUUID()}`,
          kind: row.kind,
          community: row.community,
          day: row.day,
          occurredAt: Date.parse(`${row.day}T12:00:00Z`),
          userId: row.userId ?? null,
          channelId: row.channelId ?? null,
          category: row.category ?? null,
          model: row.model ?? null,
          promptTokens: row.promptTokens ?? 0,
          completionTokens: row.completionTokens ?? 0,
          cachedTokens: row.cachedTokens ?? 0,
          twilioMicros,
          metaMicros,
          llmMicros,
          costMicros: twilioMicros + metaMicros + llmMicros,
          now,
        });
      }
    })();
  } finally {
    db.close();
  }
};
