import type { Core } from '@strapi/strapi';
import { createAdaptersService } from '../../server/src/channels';
import type { TwilioSettings } from '../../server/src/channels/twilio';

const settingsOf = (authToken: string): TwilioSettings => ({
  accountSid: `AC${'a'.repeat(32)}`,
  authToken,
  whatsappNumber: 'whatsapp:+14155238886',
  apiUrl: 'http://127.0.0.1:9',
});

/** The adapters service over a settings service that hands out whatever `current` holds. */
const adaptersOver = (current: { settings: TwilioSettings | undefined }) => {
  const strapi = {
    plugin: () => ({ service: () => ({ twilio: () => current.settings }) }),
  } as unknown as Core.Strapi;
  return createAdaptersService({ strapi });
};

describe('the Twilio provider, kept between requests', () => {
  it('is built once for the same settings, also when they are reloaded unchanged', () => {
    const current = { settings: settingsOf('token-one') as TwilioSettings | undefined };
    const adapters = adaptersOver(current);
    const first = adapters.twilio();
    expect(adapters.twilio()).toBe(first);
    current.settings = settingsOf('token-one');
    expect(adapters.twilio()).toBe(first);
  });

  it('is rebuilt when a setting changes, and gone while the credentials are missing', () => {
    const current = { settings: settingsOf('token-one') as TwilioSettings | undefined };
    const adapters = adaptersOver(current);
    const first = adapters.twilio();
    current.settings = settingsOf('token-two');
    const second = adapters.twilio();
    expect(second).not.toBe(first);
    expect(
      second?.inbound.verify({ url: 'https://x', endpoint: '', header: () => 'bad', params: {} }).ok
    ).toBe(false);
    current.settings = undefined;
    expect(adapters.twilio()).toBeUndefined();
  });
});
