import { configFromEnv } from '../../server/src/config';
import { pluginConfigSchema } from '../../server/src/settings/plugin-config-schema';
import { createTwilioInbound } from '../../server/src/channels/twilio/inbound';
import { twilioMediaRedirect, twilioMediaUrl } from '../../server/src/channels/twilio/media';
import { mediaKindOf } from '../../server/src/media/classify';
import { acceptsImages } from '../../server/src/media/image-part';
import { transcriptionMicros, type Prices } from '../../server/src/usage/prices';

describe('media', () => {
  it('classifies what WhatsApp sends by its announced content type', () => {
    expect(mediaKindOf('audio/ogg; codecs=opus')).toBe('voice');
    expect(mediaKindOf('audio/mpeg')).toBe('voice');
    expect(mediaKindOf('image/JPEG')).toBe('picture');
    expect(mediaKindOf('image/webp')).toBe('picture');
    expect(mediaKindOf('image/gif')).toBe('other');
    expect(mediaKindOf('video/mp4')).toBe('video');
    expect(mediaKindOf('application/pdf')).toBe('document');
    expect(mediaKindOf('text/vcard')).toBe('contact');
    expect(mediaKindOf('audio/wav')).toBe('other');
  });

  it('only ever fetches https URLs on twilio.com hosts, rewritten to the API URL override', () => {
    const url = `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1`;
    expect(twilioMediaUrl(url)?.href).toBe(url);
    expect(twilioMediaUrl(url, 'http://127.0.0.1:4000/')?.href).toBe(
      'http://127.0.0.1:4000/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1'
    );
    expect(twilioMediaUrl('https://api.dublin.ie1.twilio.com/x')).not.toBeNull();
    for (const foreign of [
      'http://api.twilio.com/x',
      'https://api.twilio.com.evil.example/x',
      'https://eviltwilio.com/x',
      'https://api.twilio.com:8443/x',
      'https://user:pass@api.twilio.com/x',
      'https://127.0.0.1/x',
      'https://169.254.169.254/latest/meta-data',
      'not a url',
    ])
      expect(twilioMediaUrl(foreign, 'http://127.0.0.1:4000')).toBeNull();
  });

  it('follows a media redirect only to Twilio’s CDN and hosts, or the API URL override', () => {
    const follows = (url: string, apiUrl?: string) => twilioMediaRedirect(new URL(url), apiUrl);
    expect(follows('https://mms.twiliocdn.com/AC1/abc?Expires=1')).toBe(true);
    expect(follows('https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc')).toBe(true);
    expect(follows('https://media.twiliocdn.com/AC1/abc')).toBe(true);
    expect(follows('https://api.twilio.com/x')).toBe(true);
    expect(follows('http://127.0.0.1:4000/media-cdn/ME1', 'http://127.0.0.1:4000/')).toBe(true);
    for (const elsewhere of [
      'https://127.0.0.1/x',
      'https://10.0.0.7/x',
      'https://[::1]/x',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/x',
      'https://s3-external-1.amazonaws.com/another-bucket/x',
      'https://mms.twiliocdn.com.evil.example/x',
      'http://mms.twiliocdn.com/x',
      'https://mms.twiliocdn.com:8443/x',
      'https://u:p@mms.twiliocdn.com/x',
      'http://127.0.0.1:4001/x',
    ])
      expect(follows(elsewhere, 'http://127.0.0.1:4000')).toBe(false);
  });

  it('prices transcription per minute by model family, and an unknown model at 0', () => {
    const prices = {
      transcription: [
        { model: 'whisper-1', perMinuteUsd: 0.006 },
        { model: 'gpt-4o-mini-transcribe', perMinuteUsd: 0.003 },
      ],
    } as Prices;
    expect(transcriptionMicros(prices, { model: 'whisper-1', seconds: 30 })).toBe(3_000);
    expect(transcriptionMicros(prices, { model: 'gpt-4o-mini-transcribe-2025-03-20', seconds: 60 })).toBe(
      3_000
    );
    expect(transcriptionMicros(prices, { model: 'local-whisper', seconds: 60 })).toBe(0);
  });

  it('sends pictures to known vision models in auto, always with on, never with off', () => {
    expect(acceptsImages('auto', 'gpt-4o-mini')).toBe(true);
    expect(acceptsImages('auto', 'openai/gpt-4.1')).toBe(true);
    expect(acceptsImages('auto', 'llama3.1')).toBe(false);
    expect(acceptsImages('on', 'llama3.1')).toBe(true);
    expect(acceptsImages('off', 'gpt-4o')).toBe(false);
  });

  it('reads the media settings from the environment, with defaults', () => {
    expect(pluginConfigSchema.parse(configFromEnv({})).media).toEqual({
      maxBytes: 16 * 1024 * 1024,
      maxImageBytes: 5 * 1024 * 1024,
      downloadTimeoutMs: 15_000,
      transcription: { model: 'whisper-1', maxSeconds: 180, secondsPerDay: 600, timeoutMs: 60_000 },
      vision: 'auto',
    });
    const media = pluginConfigSchema.parse(
      configFromEnv({
        WHATSAPP_AGENT_TRANSCRIPTION_MODEL: 'gpt-4o-mini-transcribe',
        WHATSAPP_AGENT_TRANSCRIPTION_BASE_URL: 'https://audio.example.com/v1/',
        WHATSAPP_AGENT_TRANSCRIPTION_API_KEY: 'audio-key',
        WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS: '60',
        WHATSAPP_AGENT_TRANSCRIPTION_SECONDS_PER_DAY: '0',
        WHATSAPP_AGENT_VISION: 'off',
        WHATSAPP_AGENT_MEDIA_MAX_BYTES: '1000000',
        WHATSAPP_AGENT_MEDIA_TIMEOUT_MS: '5000',
      })
    ).media;
    expect(media).toMatchObject({
      maxBytes: 1_000_000,
      downloadTimeoutMs: 5_000,
      vision: 'off',
      transcription: {
        model: 'gpt-4o-mini-transcribe',
        baseUrl: 'https://audio.example.com/v1',
        apiKey: 'audio-key',
        maxSeconds: 60,
        secondsPerDay: 0,
      },
    });
  });

  it('turns a shared location into a line of text for the model', () => {
    const inbound = createTwilioInbound({ accounts: () => new Map() });
    const params = {
      MessageSid: `SM${'2'.repeat(32)}`,
      AccountSid: `AC${'1'.repeat(32)}`,
      From: 'whatsapp:+4915112345678',
      To: 'whatsapp:+14155238886',
      Body: '',
      NumMedia: '0',
      Latitude: '52.5219',
      Longitude: '13.4132',
      Label: 'Alexanderplatz',
      Address: 'Alexanderplatz, 10178 Berlin',
    };
    const parsed = inbound.parse({ url: '', endpoint: '', header: () => undefined, params });
    expect(parsed.ok && parsed.value.messages[0].body).toBe(
      '[location] I am at Alexanderplatz, Alexanderplatz, 10178 Berlin (52.5219, 13.4132)'
    );
  });
});
