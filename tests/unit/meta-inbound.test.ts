import { createMetaInbound, metaMediaUrl, parseMetaPayload } from '../../server/src/channels/meta/inbound';
import { metaFailureMessage, toSendError } from '../../server/src/channels/meta/errors';
import { MetaApiError } from '../../server/src/channels/meta/graph';
import { isMetaMediaHost, metaMediaId } from '../../server/src/channels/meta/media';
import { metaSignatureOf } from '../../server/src/channels/meta/signature';
import type { WebhookRequest } from '../../server/src/channels/adapter';

const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'app-secret-0123456789';
const inbound = createMetaInbound({
  appSecret: APP_SECRET,
  verifyToken: 'verify-me-123',
  phoneNumberId: PHONE_NUMBER_ID,
});

const change = (value: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) => ({
  field: 'messages',
  value: {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550001234', phone_number_id: phoneNumberId },
    ...value,
  },
});
const payload = (...changes: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes }],
});
const request = (
  body: unknown,
  raw = JSON.stringify(body),
  signature = metaSignatureOf(APP_SECRET, raw)
): WebhookRequest => ({
  url: 'https://example.com/api/whatsapp-agent/webhooks/meta/token',
  endpoint: '',
  header: (name) => (name === 'X-Hub-Signature-256' ? signature : undefined),
  params: body as Record<string, unknown>,
  rawBody: Buffer.from(raw),
});

describe("Meta's webhook signature", () => {
  const body = payload(change({ statuses: [{ id: 'wamid.1', status: 'read' }] }));

  it('accepts the HMAC-SHA256 of the exact bytes with the app secret', () => {
    expect(inbound.verify(request(body))).toEqual({ ok: true });
  });

  it('refuses the same JSON serialised differently: the signature covers bytes, not values', () => {
    const signedRaw = JSON.stringify(body);
    const spaced = JSON.stringify(body, null, 2);
    expect(inbound.verify(request(body, spaced, metaSignatureOf(APP_SECRET, signedRaw)))).toMatchObject({
      ok: false,
    });
  });

  it('refuses another secret, no signature, and a body for another phone number', () => {
    expect(
      inbound.verify(request(body, undefined, metaSignatureOf('another-secret', JSON.stringify(body))))
    ).toEqual({
      ok: false,
      error: expect.stringMatching(/^Invalid Cloud API signature: the body was not signed/),
    });
    expect(inbound.verify({ ...request(body), header: () => undefined })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no X-Hub-Signature-256/),
    });
    const other = payload(change({ statuses: [] }, '999999999999'));
    expect(inbound.verify(request(other))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/another phone number/),
    });
  });
});

describe("Meta's webhook payload", () => {
  it('reads every message and status of every change, normalised', () => {
    const parsed = parseMetaPayload(
      payload(
        change({
          contacts: [{ wa_id: '4915112345678', profile: { name: 'Ada' } }],
          messages: [
            { from: '4915112345678', id: 'wamid.A', type: 'text', text: { body: 'Hi' } },
            {
              from: '4915112345678',
              id: 'wamid.B',
              type: 'interactive',
              interactive: { type: 'button_reply', button_reply: { id: 'confirm:yes', title: 'Yes' } },
            },
          ],
        }),
        change({
          messages: [
            {
              from: '4915112345678',
              id: 'wamid.C',
              type: 'interactive',
              interactive: {
                type: 'list_reply',
                list_reply: { id: 'events:abc123', title: 'Climate meetup' },
              },
            },
            {
              from: '4915112345678',
              id: 'wamid.D',
              type: 'audio',
              audio: { id: '1234567', mime_type: 'audio/ogg; codecs=opus', voice: true },
            },
            {
              from: '4915112345678',
              id: 'wamid.E',
              type: 'location',
              location: { latitude: 52.52, longitude: 13.41, name: 'Alexanderplatz' },
            },
            {
              from: '4915112345678',
              id: 'wamid.F',
              type: 'reaction',
              reaction: { message_id: 'wamid.X', emoji: '👍' },
            },
          ],
          statuses: [
            { id: 'wamid.OUT', status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] },
          ],
        })
      )
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(
      parsed.value.messages.map(({ messageId, from, to, body, buttonPayload }) => ({
        messageId,
        from,
        to,
        body,
        buttonPayload,
      }))
    ).toEqual([
      {
        messageId: 'wamid.A',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: 'Hi',
        buttonPayload: undefined,
      },
      {
        messageId: 'wamid.B',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: 'Yes',
        buttonPayload: 'confirm:yes',
      },
      {
        messageId: 'wamid.C',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: 'I pick "Climate meetup" (events documentId abc123)',
        buttonPayload: undefined,
      },
      {
        messageId: 'wamid.D',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: '',
        buttonPayload: undefined,
      },
      {
        messageId: 'wamid.E',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: '[location] I am at Alexanderplatz (52.52, 13.41)',
        buttonPayload: undefined,
      },
      {
        messageId: 'wamid.F',
        from: '+4915112345678',
        to: PHONE_NUMBER_ID,
        body: '',
        buttonPayload: undefined,
      },
    ]);
    expect(parsed.value.messages[0].profileName).toBe('Ada');
    expect(parsed.value.messages[3].media).toEqual([
      { url: metaMediaUrl('1234567'), contentType: 'audio/ogg; codecs=opus' },
    ]);
    expect(parsed.value.statuses).toEqual([
      {
        messageId: 'wamid.OUT',
        status: 'failed',
        error: { code: 131047, message: 'Re-engagement message', reason: 'window-closed' },
      },
    ]);
  });

  it('says what is wrong with a body that is not a Cloud API webhook', () => {
    expect(parseMetaPayload({ object: 'page', entry: [] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid Cloud API webhook: /),
    });
  });
});

describe("Meta's subscription handshake", () => {
  it('answers the challenge for the right verify token only', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': 'verify-me-123',
      'hub.challenge': '1158201444',
    };
    expect(inbound.handshake?.(query)).toEqual({ ok: true, value: '1158201444' });
    expect(inbound.handshake?.({ ...query, 'hub.verify_token': 'wrong' })).toMatchObject({ ok: false });
  });
});

describe("the Cloud API's errors and media", () => {
  it('maps its error codes to the plugin’s reasons', () => {
    const reasonOf = (code: number, status = 400) => toSendError(new MetaApiError('x', { status, code }));
    expect(reasonOf(131047)).toMatchObject({ reason: 'window-closed', transient: false });
    expect(reasonOf(130429, 429)).toMatchObject({ reason: 'rate-limited', transient: true });
    expect(reasonOf(131056)).toMatchObject({ reason: 'rate-limited', transient: true });
    expect(reasonOf(131026)).toMatchObject({ reason: 'undeliverable', transient: false });
    expect(reasonOf(190, 401)).toMatchObject({ reason: 'auth-failed', transient: false });
    expect(metaFailureMessage(new MetaApiError('expired', { status: 401, code: 190 }))).toMatch(
      /access token .*expired or revoked/
    );
  });

  it('fetches media only from the Graph API’s ids and Meta’s hosts', () => {
    expect(metaMediaId(metaMediaUrl('1234567'))).toBe('1234567');
    expect(metaMediaId('https://evil.example/v23.0/1234567')).toBeNull();
    expect(isMetaMediaHost(new URL('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1'))).toBe(
      true
    );
    expect(isMetaMediaHost(new URL('https://fbsbx.com.evil.example/x'))).toBe(false);
    expect(isMetaMediaHost(new URL('http://lookaside.fbsbx.com/x'))).toBe(false);
    expect(isMetaMediaHost(new URL('http://127.0.0.1:4000/media/1'), 'http://127.0.0.1:4000')).toBe(true);
  });
});
