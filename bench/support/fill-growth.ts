import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { insertBulkMembers } from './bulk-members';

/**
 * Fills the plugin's tables and the playground's members to the size of a grown community,
 * straight through knex in batches (seconds for a hundred thousand rows, where the Document
 * Service would take hours), through the column names Strapi's metadata gives the attributes the
 * repositories use. Old traffic: messages answered and (past 30 days) redacted, a ledger over the
 * current month — what the message path must never scan.
 */
export type GrowthSize = {
  /** Inbound messages, spread over the channels and the last 60 days. */
  inbound: number;
  /** Outbound messages, likewise. */
  outbound: number;
  /** Ledger rows, in the current month. */
  ledger: number;
  /** Users (Authenticated), each with one linked channel (no session: never asked to answer). */
  channels: number;
  /** Members of the playground's communities; the first `channels` of them are those users' profiles. */
  members: number;
};

const BATCH = 500;
const DAY_MS = 86_400_000;

type Meta = {
  tableName: string;
  attributes: Record<
    string,
    {
      columnName?: string;
      joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    }
  >;
};

export const fillGrowth = async (
  strapi: Core.Strapi,
  size: GrowthSize,
  log: (line: string) => void = () => {}
) => {
  const knex = strapi.db.connection;
  const meta = (uid: string) => strapi.db.metadata.get(uid) as unknown as Meta;
  /** Attribute names to column names (absent attributes dropped: a typo fails loudly below). */
  const columns = (m: Meta, row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([attribute, value]) => {
        if (!(attribute in m.attributes)) throw new Error(`${m.tableName} has no attribute ${attribute}`);
        return [m.attributes[attribute].columnName ?? attribute, value];
      })
    );
  /** Inserts `count` rows made by `make(i)` in batches; returns the new ids in order. */
  const insert = async (uid: string, count: number, make: (i: number) => Record<string, unknown>) => {
    const m = meta(uid);
    const ids: number[] = [];
    const started = performance.now();
    for (let done = 0; done < count; done += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - done) }, (_, j) =>
        columns(m, make(done + j))
      );
      const inserted: Array<{ id: number } | number> = await knex(m.tableName).insert(rows).returning('id');
      ids.push(...inserted.map((row) => (typeof row === 'number' ? row : row.id)));
    }
    log(`${uid}: ${count} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return ids;
  };
  const link = async (uid: string, attribute: string, pairs: Array<[number, number]>) => {
    const table = meta(uid).attributes[attribute].joinTable!;
    for (let done = 0; done < pairs.length; done += BATCH)
      await knex(table.name).insert(
        pairs
          .slice(done, done + BATCH)
          .map(([from, to]) => ({ [table.joinColumn.name]: from, [table.inverseJoinColumn.name]: to }))
      );
  };
  const now = Date.now();
  const documentId = () => crypto.randomBytes(12).toString('hex');
  const stamp = { createdAt: new Date(now), updatedAt: new Date(now) };

  const userIds = await insert('plugin::users-permissions.user', size.channels, (i) => ({
    documentId: documentId(),
    username: `grown${i}`,
    email: `grown${i}@example.com`,
    provider: 'local',
    confirmed: true,
    blocked: false,
    publishedAt: new Date(now),
    ...stamp,
  }));
  const [role] = await strapi.db
    .query('plugin::users-permissions.role')
    .findMany({ select: ['id'], where: { type: 'authenticated' } });
  await link(
    'plugin::users-permissions.user',
    'role',
    userIds.map((id) => [id, role.id])
  );
  const channelIds = await insert('plugin::whatsapp-agent.channel', size.channels, (i) => ({
    documentId: documentId(),
    kind: 'whatsapp',
    address: `+4930${String(i).padStart(8, '0')}`,
    status: 'linked',
    linkedAt: new Date(now - 90 * DAY_MS),
    publishedAt: new Date(now),
    ...stamp,
  }));
  await link(
    'plugin::whatsapp-agent.channel',
    'user',
    channelIds.map((id, i) => [id, userIds[i]])
  );

  await fillSessions(strapi, userIds, log);

  const membersBefore = (await strapi.db.query('api::member.member').findMany({ select: ['id'] })).length;
  const seconds = await insertBulkMembers(strapi, size.members);
  log(`api::member.member: ${size.members} rows in ${seconds.toFixed(1)} s`);
  const memberIds = (
    await knex(meta('api::member.member').tableName).select('id').orderBy('id').offset(membersBefore)
  ).map((row: { id: number }) => row.id);
  await link(
    'api::member.member',
    'user',
    userIds.slice(0, memberIds.length).map((userId, i) => [memberIds[i], userId])
  );

  const communities = (
    await strapi.db.query('api::community.community').findMany({ select: ['documentId'] })
  ).map((row) => String(row.documentId));
  const channelOf = (i: number) => channelIds[i % channelIds.length];
  /** Spread over the last 60 days, oldest first. */
  const at = (i: number, count: number) =>
    new Date(now - 60 * DAY_MS + Math.floor((i * 60 * DAY_MS) / count));
  const redactedIfOld = (date: Date) => (now - date.getTime() > 30 * DAY_MS ? new Date(now) : null);

  await insert('plugin::whatsapp-agent.inbound-message', size.inbound, (i) => {
    const receivedAt = at(i, size.inbound);
    const redactedAt = redactedIfOld(receivedAt);
    return {
      messageSid: `SMgrown${String(i).padStart(26, '0')}`,
      channelId: channelOf(i),
      from: `whatsapp:+4930${String(i % channelIds.length).padStart(8, '0')}`,
      to: 'whatsapp:+14155238886',
      body: redactedAt ? null : `Who is in Berlin? (${i})`,
      status: i % 50 === 0 ? 'failed' : 'processed',
      attempts: 1,
      receivedAt,
      processedAt: receivedAt,
      nextAttemptAt: receivedAt,
      redactedAt,
      ...stamp,
    };
  });
  await insert('plugin::whatsapp-agent.outbound-message', size.outbound, (i) => {
    const createdAt = at(i, size.outbound);
    const redactedAt = redactedIfOld(createdAt);
    return {
      channelId: channelOf(i),
      turnKey: `grown:${i}`,
      part: 1,
      partCount: 1,
      from: 'whatsapp:+14155238886',
      to: `whatsapp:+4930${String(i % channelIds.length).padStart(8, '0')}`,
      body: redactedAt ? '' : `Here is who I found (${i})`,
      providerSid: `SMout${String(i).padStart(28, '0')}`,
      status: 'delivered',
      attempts: 1,
      sentAt: createdAt,
      redactedAt,
      createdAt,
      updatedAt: createdAt,
    };
  });
  const kinds = ['inbound', 'turn', 'llm', 'llm', 'outbound'] as const;
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  await insert('plugin::whatsapp-agent.usage-record', size.ledger, (i) => {
    const occurredAt = new Date(monthStart + Math.floor(((now - monthStart) * i) / size.ledger));
    const channel = i % channelIds.length;
    return {
      channelId: channelIds[channel],
      userId: userIds[channel],
      community: communities[channel % communities.length] ?? 'default',
      kind: kinds[i % kinds.length],
      units: 1,
      twilioMicros: 5_000,
      costMicros: 5_000,
      sourceKey: `grown:${i}`,
      occurredAt,
      day: occurredAt.toISOString().slice(0, 10),
      ...stamp,
    };
  });
  return { userIds, channelIds };
};

/**
 * One users-permissions refresh session per grown user, as linking leaves behind (the channel's
 * session, named by its device id): every message resolves its member through one, by
 * `session_id`, in Strapi's own sessions table. `userIds`: the grown users, in channel order.
 */
export const fillSessions = async (strapi: Core.Strapi, userIds: number[], log: (line: string) => void) => {
  const m = strapi.db.metadata.get('admin::session') as unknown as Meta;
  const column = (attribute: string) => m.attributes[attribute].columnName ?? attribute;
  const now = Date.now();
  const started = performance.now();
  for (let done = 0; done < userIds.length; done += BATCH)
    await strapi.db.connection(m.tableName).insert(
      userIds.slice(done, done + BATCH).map((userId, j) => ({
        [column('documentId')]: crypto.randomBytes(12).toString('hex'),
        [column('userId')]: String(userId),
        [column('sessionId')]: crypto.randomBytes(16).toString('hex'),
        [column('deviceId')]: `whatsapp:+4930${String(done + j).padStart(8, '0')}`,
        [column('origin')]: 'users-permissions',
        [column('type')]: 'refresh',
        [column('status')]: 'active',
        [column('expiresAt')]: new Date(now + 30 * DAY_MS),
        [column('absoluteExpiresAt')]: new Date(now + 90 * DAY_MS),
        [column('createdAt')]: new Date(now),
        [column('updatedAt')]: new Date(now),
      }))
    );
  log(`admin::session: ${userIds.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
};
