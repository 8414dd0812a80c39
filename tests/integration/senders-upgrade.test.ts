import type { Knex } from 'knex';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin, liftDefaultPlan } from '../support/admins';
import { linkPhone, registerMember, say } from '../support/members';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

// An upgrade from a database made before senders (one sender: the default number): its tables
// have no sender columns and there is no sender table. Strapi adds them on boot; every channel
// stays the default sender's and is answered from the default number, as before.

const NEW_TABLE = 'whatsapp_agent_senders';
const NEW_COLUMNS: Record<string, { column: string; indexes: string[] }> = {
  whatsapp_agent_channels: { column: 'sender_id', indexes: [] },
  whatsapp_agent_inbound_messages: { column: 'sender_id', indexes: [] },
  whatsapp_agent_usage_records: { column: 'sender_id', indexes: ['wa_agent_usage_sender_day_idx'] },
};

let pipeline: Pipeline;
let nextNumber = 4917700003100;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');

type StoredSchema = {
  tables: Array<{ name: string; columns: Array<{ name: string }>; indexes: Array<{ name: string }> }>;
};

/**
 * Turns the database into what the plugin before senders made: the sender table and columns
 * dropped, and Strapi's record of the schema it last synced rewritten to match (so that the next
 * boot sees a schema change, as it would after the upgrade).
 */
const asBeforeSenders = async () => {
  const db: Knex = strapi().db.connection;
  const tables = Object.fromEntries(
    Object.keys(NEW_COLUMNS).map((name) => [name, strapi().db.metadata.get(uidOf(name)).tableName])
  );
  for (const [table, { column, indexes }] of Object.entries(NEW_COLUMNS)) {
    await db.schema.alterTable(tables[table], (builder) => {
      for (const index of indexes) builder.dropIndex([], index);
      builder.dropColumn(column);
    });
  }
  await db.schema.dropTable(NEW_TABLE);
  const row = await db('strapi_database_schema').first();
  const stored = (typeof row.schema === 'string' ? JSON.parse(row.schema) : row.schema) as StoredSchema;
  stored.tables = stored.tables
    .filter((table) => table.name !== NEW_TABLE)
    .map((table) => {
      const added = NEW_COLUMNS[table.name];
      if (!added) return table;
      return {
        ...table,
        columns: table.columns.filter((column) => column.name !== added.column),
        indexes: table.indexes.filter((index) => !added.indexes.includes(index.name)),
      };
    });
  await db('strapi_database_schema').update({ schema: JSON.stringify(stored), hash: 'before-senders' });
};

const uidOf = (table: string) =>
  ({
    whatsapp_agent_channels: 'plugin::whatsapp-agent.channel',
    whatsapp_agent_inbound_messages: 'plugin::whatsapp-agent.inbound-message',
    whatsapp_agent_usage_records: 'plugin::whatsapp-agent.usage-record',
  })[table] as 'plugin::whatsapp-agent.channel';

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  await liftDefaultPlan(pipeline);
});

afterAll(async () => {
  await pipeline?.stop();
});

it('keeps every channel of a single-sender database answered from the default number', async () => {
  const members = [];
  for (let i = 0; i < 2; i += 1) {
    const member = await registerMember(pipeline);
    members.push({ ...member, phone: await linkPhone(pipeline, newPhone(), member.email, member.password) });
  }
  const unlinked = newPhone();
  await say(pipeline, unlinked, 'Hello?');

  await asBeforeSenders();
  await pipeline.restart();

  const columns = await strapi()
    .db.connection(strapi().db.metadata.get(uidOf('whatsapp_agent_channels')).tableName)
    .columnInfo();
  expect(columns).toHaveProperty('sender_id');
  for (const phone of [...members.map((member) => member.phone), unlinked]) {
    expect(await channels().findOne({ where: { address: phone } })).toMatchObject({ senderId: null });
  }

  for (const member of members) {
    pipeline.llm.script({ content: `Still here, ${member.username}` });
    expect(await say(pipeline, member.phone, 'Are you there?')).toBe(`Still here, ${member.username}`);
  }
  // The number that only asked before links now (its instructions are rate-limited, a phrase is not).
  const newcomer = await registerMember(pipeline);
  await linkPhone(pipeline, unlinked, newcomer.email, newcomer.password);
  const sent = [...members.map((member) => member.phone), unlinked].flatMap((phone) =>
    pipeline.twilio.sentTo(`whatsapp:${phone}`)
  );
  expect(new Set(sent.map((message) => message.from))).toEqual(new Set([`whatsapp:${SERVICE_NUMBER}`]));

  // The Senders page works on the upgraded database.
  const admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  expect((await admin.get('/senders')).body.data.senders).toEqual([]);
});
