import http from 'node:http';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { newSid, postSigned } from '../../simulator/twilio-emulator';
import { eventually } from '../support/eventually';
import { allowLogged } from '../support/log-capture';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  SERVICE_NUMBER,
  WEBHOOK_PATH,
  WEBHOOK_TOKEN,
  startPipeline,
  type Pipeline,
} from '../support/pipeline';

// Strapi sits behind a TLS-terminating proxy on a non-default port: Twilio signs the public URL.
const PUBLIC_URL = 'https://chat.community.example:8443';

let pipeline: Pipeline;
const inbound = () => pipeline.playground.strapi.db.query('plugin::whatsapp-agent.inbound-message');
const localWebhook = () => `${pipeline.playground.baseUrl}${WEBHOOK_PATH}`;

const params = (overrides: Record<string, string> = {}) => ({
  MessageSid: newSid('SM'),
  AccountSid: ACCOUNT_SID,
  From: 'whatsapp:+4915112340099',
  To: `whatsapp:${SERVICE_NUMBER}`,
  Body: 'Hello from the test',
  NumMedia: '0',
  ProfileName: 'Test Member',
  WaId: '4915112340099',
  ...overrides,
});

/** Posts to Strapi directly, signed for the public URL, as Twilio's request arrives through the proxy. */
const postThroughProxy = (body: Record<string, string>, path = WEBHOOK_PATH) =>
  postSigned(`${pipeline.playground.baseUrl}${path}`, AUTH_TOKEN, body, `${PUBLIC_URL}${path}`);

const FORM = 'application/x-www-form-urlencoded';
const signedForPublicUrl = (body: Record<string, string>) =>
  getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${WEBHOOK_PATH}`, body);

/**
 * A request written by hand, as fetch would not: `target` goes into the request line as it is
 * (an absolute URL too), and the body is sent in 16 KB chunks without a Content-Length.
 */
const rawPost = (
  target: string,
  { contentType, body, signature }: { contentType: string; body: string; signature?: string }
) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(pipeline.playground.baseUrl);
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (signature) headers['X-Twilio-Signature'] = signature;
    const request = http.request({ hostname, port, method: 'POST', path: target, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    for (let offset = 0; offset < body.length; offset += 16 * 1024)
      request.write(body.slice(offset, offset + 16 * 1024));
    request.end();
  });

/** Spies on every level but `http` (Strapi's own request lines, see README "Connect Twilio"). */
const spyOnLogs = () => {
  const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(pipeline.playground.strapi.log, level)
  );
  const lines = () => spies.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call)));
  return {
    lines,
    /** Stops spying; returns every line logged meanwhile. */
    stop: () => {
      const logged = lines();
      spies.forEach((spy) => spy.mockRestore());
      return logged;
    },
  };
};

/** Undoes percent-encoding, however much of a text uses it and in which case. */
const percentDecoded = (text: string) =>
  text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

// Strapi logs each refused request (403, 415) at error level: what these tests send on purpose.
allowLogged(
  'error',
  /Invalid Twilio signature|Unsupported content type|not this plugin's (SMS|WhatsApp) sender|another Twilio account/
);

beforeAll(async () => {
  // Strapi's body parser lets forms up to 1 MB through here, so the plugin's own 64 KB cap is
  // what refuses an oversized body (with Strapi's default, 56 KB, the parser refuses it first).
  pipeline = await startPipeline({ publicUrl: PUBLIC_URL, env: { BODY_FORM_LIMIT: '1mb' } });
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('the Twilio webhook behind a proxy', () => {
  it('accepts a message signed for the public URL: 200 with empty TwiML, stored once', async () => {
    const body = params();
    const response = await postThroughProxy(body);
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/<Response><\/Response>/);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(1);
  });

  it('answers a wrong path token exactly like an unknown webhook route (404)', async () => {
    const body = params();
    const wrongToken = await postThroughProxy(
      body,
      WEBHOOK_PATH.replace(/[^/]+$/, 'wrong-token-0123456789abcdefghijkl')
    );
    for (const unknownPath of [
      '/api/whatsapp-agent/webhooks/twilio',
      '/api/whatsapp-agent/webhooks/nope/x',
      `${WEBHOOK_PATH}/extra/segments`,
    ]) {
      const unknownRoute = await postThroughProxy(body, unknownPath);
      expect(unknownRoute.status).toBe(404);
      expect(unknownRoute.body).toBe(wrongToken.body);
    }
    expect(wrongToken.status).toBe(404);
    expect(JSON.parse(wrongToken.body).error.name).toBe('NotFoundError');
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });

  it.each([
    ['missing', undefined],
    [
      'signed with another auth token',
      (url: string, body: Record<string, string>) => getExpectedTwilioSignature('another-token', url, body),
    ],
    [
      'signed for the URL Strapi sees instead of the public one',
      (_url: string, body: Record<string, string>) =>
        getExpectedTwilioSignature(AUTH_TOKEN, localWebhook(), body),
    ],
  ])('refuses a %s signature with 403, stores nothing and logs no body', async (_label, sign) => {
    const body = params({ Body: 'secret-body-that-must-not-be-logged' });
    const warn = jest.spyOn(pipeline.playground.strapi.log, 'warn');
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (sign) headers['X-Twilio-Signature'] = sign(`${PUBLIC_URL}${WEBHOOK_PATH}`, body);

    const response = await fetch(localWebhook(), {
      method: 'POST',
      headers,
      body: new URLSearchParams(body).toString(),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /Invalid Twilio signature/
    );
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/Rejected a webhook request/));
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret-body-that-must-not-be-logged');
    warn.mockRestore();
  });

  it('refuses a param added after signing (the signature covers every param)', async () => {
    const body = params();
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${WEBHOOK_PATH}`, body);
    const response = await fetch(localWebhook(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams({ ...body, Injected: 'yes' }).toString(),
    });
    expect(response.status).toBe(403);
  });

  it('keeps params Twilio adds without notice (they are signed too)', async () => {
    const body = params({ NewTwilioParam: 'surprise', ButtonPayload: 'yes' });
    expect((await postThroughProxy(body)).status).toBe(200);
    const stored = await inbound().findOne({ where: { messageSid: body.MessageSid } });
    expect(stored.params).toMatchObject({ NewTwilioParam: 'surprise', ButtonPayload: 'yes' });
  });

  it.each([
    ['MessageSid', { MessageSid: 'not-a-sid' }],
    ['From', { From: 'whatsapp:0151-not-e164' }],
    ['NumMedia', { NumMedia: 'many' }],
    ['MediaUrl0', { NumMedia: '1' }],
  ])('answers malformed %s with 400 naming the field, storing nothing', async (field, overrides) => {
    const body = params(overrides);
    const response = await postThroughProxy(body);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.message).toContain(`${field}:`);
    expect(await inbound().count({ where: { from: '+4915112340099', messageSid: body.MessageSid } })).toBe(0);
  });

  it('refuses an oversized body with 413', async () => {
    const body = params({ Body: 'x'.repeat(70 * 1024) });
    const response = await postThroughProxy(body);
    expect(response.status).toBe(413);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });

  it('stores a replayed MessageSid once, also when both copies arrive at the same moment', async () => {
    const body = params();
    const first = await postThroughProxy(body);
    const replay = await postThroughProxy(body);
    expect([first.status, replay.status]).toEqual([200, 200]);

    const concurrent = params();
    const responses = await Promise.all(Array.from({ length: 5 }, () => postThroughProxy(concurrent)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);

    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(1);
    expect(await inbound().count({ where: { messageSid: concurrent.MessageSid } })).toBe(1);
  });
});

describe('what the webhook reads', () => {
  it('refuses anything but a form with 415, even a validly signed chunked JSON body (Twilio posts forms)', async () => {
    const body = params({ Padding: 'x'.repeat(200 * 1024) });
    const response = await rawPost(WEBHOOK_PATH, {
      contentType: 'application/json',
      body: JSON.stringify(body),
      signature: signedForPublicUrl(body),
    });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body).error.message).toContain(FORM);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });

  it('refuses a chunked form over 64 KB with 413: the cap counts what was read, not Content-Length', async () => {
    const body = params({ Padding: 'x'.repeat(200 * 1024) });
    const response = await rawPost(WEBHOOK_PATH, {
      contentType: FORM,
      body: new URLSearchParams(body).toString(),
      signature: signedForPublicUrl(body),
    });
    expect(response.status).toBe(413);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });
});

describe('an absolute URL in the request line', () => {
  const absolute = `http://evil.example${WEBHOOK_PATH}`;

  it.each([
    ['unsigned', () => undefined],
    [
      'signed for that URL',
      (body: Record<string, string>) => getExpectedTwilioSignature(AUTH_TOKEN, absolute, body),
    ],
  ])('is refused with 403 when %s, never a 500', async (_label, sign) => {
    const body = params();
    const response = await rawPost(absolute, {
      contentType: FORM,
      body: new URLSearchParams(body).toString(),
      signature: sign(body),
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.message).toMatch(/Invalid Twilio signature/);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });

  it('is checked against the public URL, like any request: its host plays no part', async () => {
    const body = params();
    const response = await rawPost(absolute, {
      contentType: FORM,
      body: new URLSearchParams(body).toString(),
      signature: signedForPublicUrl(body),
    });
    expect(response.status).toBe(200);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(1);
  });
});

describe("the plugin's log", () => {
  it.each([
    ['its dashes percent-encoded', WEBHOOK_TOKEN.replace(/-/g, '%2D')],
    [
      'every character percent-encoded in lower case',
      [...WEBHOOK_TOKEN].map((char) => `%${char.charCodeAt(0).toString(16)}`).join(''),
    ],
  ])('never shows the webhook token, also with %s in the path', async (_label, encodedToken) => {
    const logs = spyOnLogs();
    const body = params();
    const response = await fetch(`${localWebhook().replace(WEBHOOK_TOKEN, encodedToken)}`, {
      method: 'POST',
      headers: { 'Content-Type': FORM, 'X-Twilio-Signature': 'not-a-valid-signature' },
      body: new URLSearchParams(body).toString(),
    });
    const lines = logs.stop();
    // The router decoded the path: the token was accepted, the signature was not (and logged).
    expect(response.status).toBe(403);
    expect(lines.join('\n')).toMatch(/Rejected a webhook request/);
    for (const line of lines) expect(percentDecoded(line)).not.toContain(WEBHOOK_TOKEN);
  });

  it("never shows the webhook token when Twilio's refusal quotes the status callback URL", async () => {
    const statusUrl = `${PUBLIC_URL}${WEBHOOK_PATH}/status`.replace(/-/g, '%2D');
    pipeline.twilio.failNextSends(1, 400, 21609, `The StatusCallback URL ${statusUrl} is not a valid URL.`);
    const logs = spyOnLogs();
    // A stranger's first message is answered with linking instructions: that send is refused.
    await pipeline.twilio.sendInbound({ from: 'whatsapp:+4915112340777', body: 'Hello?' });
    await eventually(() => expect(logs.lines().join('\n')).toMatch(/provider refused part 1\/1/));
    const lines = logs.stop();
    for (const line of lines) expect(percentDecoded(line)).not.toContain(WEBHOOK_TOKEN);
  });
});

describe('whose message it is', () => {
  const OTHER_ACCOUNT = `AC${'2'.repeat(32)}`;

  it.each([
    ['another Twilio account', { AccountSid: OTHER_ACCOUNT }, /another Twilio account/],
    ['a WhatsApp number that is not our sender', { To: 'whatsapp:+14155550123' }, /not .*sender/],
    [
      'our number by SMS while no SMS sender is configured',
      { From: '+4915112340099', To: SERVICE_NUMBER },
      /not .*sender/,
    ],
  ])(
    'refuses a validly signed message for %s with 403, storing nothing',
    async (_label, overrides, reason) => {
      const body = params(overrides);
      const response = await postThroughProxy(body);
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body).error.message).toMatch(reason);
      expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
    }
  );

  it('refuses a validly signed status callback for another Twilio account with 403', async () => {
    const response = await postThroughProxy(
      { AccountSid: OTHER_ACCOUNT, MessageSid: newSid('SM'), MessageStatus: 'delivered' },
      `${WEBHOOK_PATH}/status`
    );
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).error.message).toMatch(/another Twilio account/);
  });
});
