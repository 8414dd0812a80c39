import { isUniqueViolation } from '../../server/src/utils/db-errors';
import { startPlayground, type Playground } from '../support/playground';

const CONTENT_TYPES = {
  channel: [
    'user',
    'kind',
    'address',
    'status',
    'refreshTokenEncrypted',
    'history',
    'lastInboundAt',
    'linkedAt',
  ],
  'inbound-message': [
    'messageSid',
    'channelId',
    'from',
    'to',
    'body',
    'status',
    'attempts',
    'receivedAt',
    'processedAt',
  ],
  'outbound-message': [
    'channelId',
    'turnKey',
    'part',
    'partCount',
    'to',
    'body',
    'providerSid',
    'status',
    'errorCode',
  ],
  'link-code': ['user', 'codeHash', 'expiresAt', 'usedAt'],
  'usage-record': [
    'channelId',
    'userId',
    'community',
    'kind',
    'promptTokens',
    'completionTokens',
    'costMicros',
    'sourceKey',
    'occurredAt',
  ],
};

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground();
});

afterAll(async () => {
  await playground?.stop();
});

describe('the plugin inside the playground', () => {
  it('is loaded by Strapi under its id', () => {
    const plugin = playground.strapi.plugin('whatsapp-agent');
    expect(plugin).toBeDefined();
    expect(plugin.service('pluginConfig').get().queue.engine).toBe('embedded');
  });

  it.each(Object.entries(CONTENT_TYPES))(
    'registers the %s content type with its attributes',
    (name, attributes) => {
      const contentType = playground.strapi.contentType(`plugin::whatsapp-agent.${name}` as never);
      expect(contentType).toBeDefined();
      expect(Object.keys(contentType.attributes)).toEqual(expect.arrayContaining(attributes));
    }
  );

  it('never exposes the stored refresh token through the content API', () => {
    const { attributes } = playground.strapi.contentType('plugin::whatsapp-agent.channel');
    expect(attributes.refreshTokenEncrypted).toMatchObject({ private: true });
  });

  it('stores a channel history of nested JSON and reads it back unchanged', async () => {
    const history = [
      { role: 'user', content: 'Who works on climate tech in Berlin?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'search_members', arguments: '{"query":"climate"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '[{"displayName":"Ada"}]' },
    ];
    const channel = await playground.strapi
      .documents('plugin::whatsapp-agent.channel')
      .create({ data: { kind: 'whatsapp', address: '+4915112345678', history } });

    const stored = await playground.strapi
      .documents('plugin::whatsapp-agent.channel')
      .findOne({ documentId: channel.documentId });
    expect(stored?.history).toEqual(history);
    expect(stored?.status).toBe('unlinked');
  });

  it('refuses a second inbound message with the same MessageSid at the database level', async () => {
    const inbox = playground.strapi.db.query('plugin::whatsapp-agent.inbound-message');
    const message = {
      messageSid: `SM${'0'.repeat(32)}`,
      channelId: 1,
      from: '+4915112345678',
      to: 'whatsapp:+14155238886',
      receivedAt: new Date(),
    };
    await inbox.create({ data: message });
    // Asserted on the error's code: errors thrown by the database driver are not always `instanceof Error` under jest.
    const error = await inbox.create({ data: message }).then(
      () => undefined,
      (reason: unknown) => reason
    );
    expect(isUniqueViolation(error)).toBe(true);
    expect(await inbox.count({ where: { messageSid: message.messageSid } })).toBe(1);
  });

  it('keeps channel.history in a JSON column (jsonb on PostgreSQL)', async () => {
    const knex = playground.strapi.db.connection;
    if (playground.database.client === 'postgres') {
      const { rows } = await knex.raw(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'whatsapp_agent_channels' AND column_name = 'history'`
      );
      expect(rows).toEqual([{ data_type: 'jsonb' }]);
    } else {
      // SQLite has no jsonb; Strapi declares the column as json and the round trip above proves the content.
      const columns: Array<{ name: string; type: string }> = await knex.raw(
        `PRAGMA table_info('whatsapp_agent_channels')`
      );
      expect(columns.find((column) => column.name === 'history')?.type.toLowerCase()).toBe('json');
    }
  });
});

describe('the playground app', () => {
  it('serves its favicon (every admin page asks for it)', async () => {
    const response = await playground.request().get('/favicon.ico').buffer(true);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\//);
    // A PNG, as the admin's <link rel="icon"> expects.
    expect(
      Buffer.from(response.body as Buffer)
        .subarray(1, 4)
        .toString('latin1')
    ).toBe('PNG');
  });
});
