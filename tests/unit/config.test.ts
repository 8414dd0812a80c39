import pluginConfig from '../../server/src/config';
import { configFromEnv } from '../../server/src/config';
import { pluginConfigSchema } from '../../server/src/settings/plugin-config-schema';

const validEnv = {
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'secret-token',
  TWILIO_WHATSAPP_NUMBER: '+14155238886',
  WHATSAPP_AGENT_PUBLIC_URL: 'https://community.example.org/',
  WHATSAPP_AGENT_WEBHOOK_TOKEN: 'x'.repeat(32),
  OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
  WHATSAPP_AGENT_MODEL: 'llama3.1',
};

describe('plugin config', () => {
  it('reads every documented environment variable', () => {
    const config = pluginConfigSchema.parse(configFromEnv(validEnv));
    expect(config.twilio).toMatchObject({
      accountSid: validEnv.TWILIO_ACCOUNT_SID,
      whatsappNumber: '+14155238886',
    });
    expect(config.webhook.publicUrl).toBe('https://community.example.org');
    expect(config.llm).toMatchObject({
      apiKey: undefined,
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
    });
    expect(config.queue.engine).toBe('embedded');
    expect(
      pluginConfigSchema.parse(configFromEnv({ WHATSAPP_AGENT_LEASE_TTL_MS: '3000' })).queue.leaseTtlMs
    ).toBe(3_000);
  });

  it('treats empty variables as unset', () => {
    const config = pluginConfigSchema.parse(
      configFromEnv({ TWILIO_ACCOUNT_SID: '', WHATSAPP_AGENT_QUEUE: '' })
    );
    expect(config.twilio.accountSid).toBeUndefined();
    expect(config.queue.engine).toBe('embedded');
  });

  it('reads the role, with the older WHATSAPP_AGENT_WORKER=off as a web instance', () => {
    const roleOf = (env: Record<string, string>) => pluginConfigSchema.parse(configFromEnv(env)).queue.role;
    expect(roleOf({})).toBe('all');
    expect(roleOf({ WHATSAPP_AGENT_ROLE: 'worker' })).toBe('worker');
    expect(roleOf({ WHATSAPP_AGENT_WORKER: 'off' })).toBe('web');
    expect(roleOf({ WHATSAPP_AGENT_ROLE: 'web', WHATSAPP_AGENT_WORKER: 'on' })).toBe('web');
    expect(() => pluginConfig.validator(configFromEnv({ WHATSAPP_AGENT_ROLE: 'both' }))).toThrow(
      /queue\.role/
    );
  });

  it('reads the early acknowledgement switch, on by default', () => {
    const earlyAckOf = (env: Record<string, string>) =>
      pluginConfigSchema.parse(configFromEnv(env)).webhook.earlyAck;
    expect(earlyAckOf({})).toBe('on');
    expect(earlyAckOf({ WHATSAPP_AGENT_WEBHOOK_EARLY_ACK: 'off' })).toBe('off');
    expect(() => pluginConfig.validator(configFromEnv({ WHATSAPP_AGENT_WEBHOOK_EARLY_ACK: 'no' }))).toThrow(
      /webhook\.earlyAck/
    );
  });

  it('reads the queue concurrency, within 1–100', () => {
    const concurrencyOf = (env: Record<string, string>) =>
      pluginConfigSchema.parse(configFromEnv(env)).queue.concurrency;
    expect(concurrencyOf({})).toBe(8);
    expect(concurrencyOf({ WHATSAPP_AGENT_QUEUE_CONCURRENCY: '64' })).toBe(64);
    expect(() => pluginConfig.validator(configFromEnv({ WHATSAPP_AGENT_QUEUE_CONCURRENCY: '500' }))).toThrow(
      /queue\.concurrency/
    );
  });

  it('reads the search index switch, on by default, with simple + english', () => {
    const searchOf = (env: Record<string, string>) => pluginConfigSchema.parse(configFromEnv(env)).search;
    expect(searchOf({})).toEqual({
      index: 'on',
      languages: ['simple', 'english'],
      checkIntervalSeconds: 300,
    });
    expect(searchOf({ WHATSAPP_AGENT_SEARCH_INDEX: 'off' }).index).toBe('off');
    expect(() => pluginConfig.validator(configFromEnv({ WHATSAPP_AGENT_SEARCH_INDEX: 'maybe' }))).toThrow(
      /search\.index/
    );
    expect(() =>
      pluginConfig.validator({ ...configFromEnv({}), search: { languages: ["english'; DROP"] } })
    ).toThrow(/search\.languages/);
  });

  it("reads the MCP endpoint's tool selection (all when unset) and the loopback switch for metadata documents", () => {
    const mcpOf = (env: Record<string, string>) => pluginConfigSchema.parse(configFromEnv(env)).mcp;
    expect(mcpOf({})).toMatchObject({ tools: undefined, metadataDocumentsFromLoopback: false });
    expect(
      mcpOf({
        WHATSAPP_AGENT_MCP_TOOLS: ' search_events, rsvp_event ,',
        WHATSAPP_AGENT_MCP_METADATA_DOCUMENTS_FROM_LOOPBACK: 'on',
      })
    ).toMatchObject({ tools: ['search_events', 'rsvp_event'], metadataDocumentsFromLoopback: true });
    expect(() =>
      pluginConfig.validator(configFromEnv({ WHATSAPP_AGENT_MCP_TOOLS: 'search events' }))
    ).toThrow(/mcp\.tools\.0: must be a tool name/);
  });

  it('rejects a bad value with a message naming the field', () => {
    expect(() => pluginConfig.validator(configFromEnv({ ...validEnv, TWILIO_ACCOUNT_SID: 'SK123' }))).toThrow(
      /twilio\.accountSid: must be "AC" followed by 32 hex characters/
    );
    expect(() =>
      pluginConfig.validator(configFromEnv({ ...validEnv, TWILIO_WHATSAPP_NUMBER: '0151 234' }))
    ).toThrow(/twilio\.whatsappNumber: must be an E\.164 number/);
    expect(() =>
      pluginConfig.validator(configFromEnv({ ...validEnv, WHATSAPP_AGENT_QUEUE: 'kafka' }))
    ).toThrow(/queue\.engine/);
  });
});
