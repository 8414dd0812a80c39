import { configFromEnv } from '../../server/src/config';
import { pluginConfigSchema } from '../../server/src/settings/plugin-config-schema';
import { resolveFields } from '../../server/src/settings/effective';
import { storedSettingsSchema } from '../../server/src/settings/schema';

/** Which AI key goes where, resolved as the settings service does (the store holds plaintext here). */
const apiKeyFor = (env: Record<string, string>, ai: Record<string, string> = {}, hostConfig = {}) => {
  const config = pluginConfigSchema.parse({
    ...configFromEnv(env),
    llm: { ...configFromEnv(env).llm, ...hostConfig },
  });
  const stored = storedSettingsSchema.parse({ ai });
  const fields = resolveFields(config, stored, (sealed) => sealed, env);
  const { value, source, boundTo, usable } = fields.ai.apiKey;
  return { value, source, boundTo, usable };
};

describe('the base URL an AI key may be sent to', () => {
  it('binds the environment’s key to OpenAI when no base URL is set, and to the environment’s URL when one is', () => {
    expect(apiKeyFor({ OPENAI_API_KEY: 'env-key' })).toEqual({
      value: 'env-key',
      source: 'environment',
      boundTo: 'https://api.openai.com/v1',
      usable: true,
    });
    expect(
      apiKeyFor({ OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })
    ).toMatchObject({ boundTo: 'http://127.0.0.1:11434/v1', usable: true });
  });

  it('withholds the environment’s key from a base URL saved in the panel, on another host, port or path', () => {
    for (const baseUrl of [
      'https://evil.example/v1',
      'https://api.openai.com:8443/v1',
      'http://api.openai.com/v1',
      'https://api.openai.com/v2',
      'https://api.openai.com/',
      'https://api.openai.com/v1/attacker',
      'https://api.openai.com/V1',
    ])
      expect(apiKeyFor({ OPENAI_API_KEY: 'env-key' }, { baseUrl })).toMatchObject({
        source: 'environment',
        usable: false,
      });
    expect(
      apiKeyFor({ OPENAI_API_KEY: 'env-key' }, { baseUrl: 'https://API.openai.com:443/x/../v1/' })
    ).toMatchObject({ usable: true });
  });

  it('uses a key saved for the panel’s base URL there, and the environment’s own key on its own origin', () => {
    const saved = {
      baseUrl: 'https://llm.example/v1',
      apiKeyEncrypted: 'panel-key',
      apiKeyOrigin: 'https://llm.example/v1',
    };
    expect(apiKeyFor({ OPENAI_API_KEY: 'env-key' }, saved)).toMatchObject({
      value: 'panel-key',
      usable: true,
    });
    const { baseUrl: _cleared, ...backToOpenAi } = saved;
    expect(apiKeyFor({ OPENAI_API_KEY: 'env-key' }, backToOpenAi)).toMatchObject({
      value: 'env-key',
      source: 'environment',
      usable: true,
    });
  });

  it('binds a path-multi-tenant gateway’s key to its tenant’s path, not to the host', () => {
    const saved = {
      baseUrl: 'http://gateway.example/tenant-a/v1',
      apiKeyEncrypted: 'tenant-a-key',
      apiKeyOrigin: 'http://gateway.example/tenant-a/v1',
    };
    expect(apiKeyFor({}, saved)).toMatchObject({ value: 'tenant-a-key', usable: true });
    expect(apiKeyFor({}, { ...saved, baseUrl: 'http://gateway.example/attacker-tenant/v1' })).toEqual({
      value: 'tenant-a-key',
      source: 'admin',
      boundTo: 'http://gateway.example/tenant-a/v1',
      usable: false,
    });
  });

  it('reads a binding saved as an origin (before bindings had paths) as the host’s root only', () => {
    const saved = { apiKeyEncrypted: 'old-key', apiKeyOrigin: 'https://llm.example' };
    expect(apiKeyFor({}, { ...saved, baseUrl: 'https://llm.example/' })).toMatchObject({
      boundTo: 'https://llm.example',
      usable: true,
    });
    expect(apiKeyFor({}, { ...saved, baseUrl: 'https://llm.example/v1' })).toMatchObject({
      value: 'old-key',
      usable: false,
    });
  });

  it('sends a saved key nowhere when it has no origin (saved before keys were bound)', () => {
    expect(apiKeyFor({}, { apiKeyEncrypted: 'old-key' })).toEqual({
      value: 'old-key',
      source: 'admin',
      boundTo: null,
      usable: false,
    });
  });

  it('binds the host config’s key to the host config’s URL, below a key saved in the panel', () => {
    const hostConfig = { apiKey: 'config-key', baseUrl: 'https://azure.example/openai/v1' };
    expect(apiKeyFor({}, {}, hostConfig)).toMatchObject({ source: 'default', usable: true });
    expect(apiKeyFor({}, { baseUrl: 'https://evil.example/v1' }, hostConfig)).toMatchObject({
      usable: false,
    });
    expect(
      apiKeyFor(
        {},
        { apiKeyEncrypted: 'panel-key', apiKeyOrigin: 'https://azure.example/openai/v1' },
        hostConfig
      )
    ).toMatchObject({ value: 'panel-key', source: 'admin', usable: true });
  });

  it('has no key to withhold when none is set', () => {
    expect(apiKeyFor({}, { baseUrl: 'http://127.0.0.1:11434/v1' })).toEqual({
      value: null,
      source: 'default',
      boundTo: null,
      usable: false,
    });
  });
});

/** Which transcription key goes where, resolved as the settings service does. */
const transcriptionKeyFor = (env: Record<string, string>, media: Record<string, string> = {}) => {
  const fields = resolveFields(
    pluginConfigSchema.parse(configFromEnv(env)),
    storedSettingsSchema.parse({ media }),
    (sealed) => sealed,
    env
  );
  const { value, source, boundTo, usable } = fields.media.transcriptionApiKey;
  return { value, source, boundTo, usable };
};

describe('the base URL a transcription key may be sent to', () => {
  it('binds a key set without a transcription base URL to no real origin: not OpenAI’s, not one set later', () => {
    const env = { WHATSAPP_AGENT_TRANSCRIPTION_API_KEY: 'env-transcription-key' };
    expect(transcriptionKeyFor(env)).toMatchObject({
      boundTo: 'https://no-transcription-base-url.invalid',
    });
    for (const transcriptionBaseUrl of ['https://api.openai.com/v1', 'https://evil.example/v1'])
      expect(transcriptionKeyFor(env, { transcriptionBaseUrl })).toMatchObject({
        source: 'environment',
        usable: false,
      });
  });

  it('sends the environment’s key to the environment’s transcription base URL, a panel key to the one it was saved for', () => {
    expect(
      transcriptionKeyFor({
        WHATSAPP_AGENT_TRANSCRIPTION_API_KEY: 'env-transcription-key',
        WHATSAPP_AGENT_TRANSCRIPTION_BASE_URL: 'https://audio.example/v1',
      })
    ).toMatchObject({ boundTo: 'https://audio.example/v1', usable: true });
    const saved = {
      transcriptionBaseUrl: 'https://audio.example/v1',
      transcriptionApiKeyEncrypted: 'panel-key',
      transcriptionApiKeyOrigin: 'https://audio.example/v1',
    };
    expect(transcriptionKeyFor({}, saved)).toMatchObject({ value: 'panel-key', usable: true });
    for (const transcriptionBaseUrl of ['https://evil.example/v1', 'https://audio.example/other-tenant/v1'])
      expect(transcriptionKeyFor({}, { ...saved, transcriptionBaseUrl })).toMatchObject({
        value: 'panel-key',
        usable: false,
      });
  });
});
