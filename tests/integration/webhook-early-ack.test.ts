import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { newSid } from '../../simulator/twilio-emulator';
import { eventually } from '../support/eventually';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  SERVICE_NUMBER,
  WEBHOOK_PATH,
  WEBHOOK_TOKEN,
  startPipeline,
  type Pipeline,
} from '../support/pipeline';

/**
 * The early acknowledgement (server/src/middlewares/webhook-early-ack.ts): a webhook the route
 * would accept is answered before the host's middleware stack; anything else goes through the
 * stack to the route, as before. What tells them apart from outside is the host's middlewares'
 * work on the response: the playground's `strapi::security` headers.
 */
let pipeline: Pipeline;
const inbound = () => pipeline.playground.strapi.db.query('plugin::whatsapp-agent.inbound-message');
const webhookUrl = () => `${pipeline.playground.baseUrl}${WEBHOOK_PATH}`;

const params = (overrides: Record<string, string> = {}) => ({
  MessageSid: newSid('SM'),
  AccountSid: ACCOUNT_SID,
  From: 'whatsapp:+4915112340123',
  To: `whatsapp:${SERVICE_NUMBER}`,
  Body: 'Hello early',
  NumMedia: '0',
  ...overrides,
});

/** Posts `body` signed with `authToken` as Twilio does, keeping the whole response. */
const postSigned = (url: string, authToken: string, body: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': getExpectedTwilioSignature(authToken, url, body),
    },
    body: new URLSearchParams(body).toString(),
  });

/** The message of Strapi's error body. */
const errorMessageOf = async (response: Response) =>
  ((await response.json()) as { error: { message: string } }).error.message;

/** Answered through the host's middleware stack (`strapi::security` sets it on every response). */
const wentThroughTheStack = (response: Response) => response.headers.get('x-content-type-options') !== null;

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('a webhook the route would accept', () => {
  it('is stored once and answered with TwiML before the host middlewares, its log line masked', async () => {
    const http = jest.spyOn(pipeline.playground.strapi.log, 'http');
    const body = params();
    const response = await postSigned(webhookUrl(), AUTH_TOKEN, body);
    const lines = http.mock.calls.map((call) => String(call[0]));
    http.mockRestore();

    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<Response><\/Response>/);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(wentThroughTheStack(response)).toBe(false);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(/^POST \/api\/whatsapp-agent\/webhooks\/twilio\/<token> \(\d+ ms\) 200$/)
    );
    expect(lines.join('\n')).not.toContain(WEBHOOK_TOKEN);
    // It is answered like any other message.
    await eventually(() => expect(pipeline.twilio.sentTo(body.From).length).toBeGreaterThan(0));
  });

  it('is stored once when Twilio retries it, and the retry is acknowledged too', async () => {
    const body = params();
    const first = await postSigned(webhookUrl(), AUTH_TOKEN, body);
    const retry = await postSigned(webhookUrl(), AUTH_TOKEN, body);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(1);
  });
});

describe('anything else goes through the host middlewares to the route, answered as before', () => {
  it('a wrong signature: 403 with the reason, nothing stored', async () => {
    const body = params();
    const response = await postSigned(webhookUrl(), 'another-auth-token', body);
    expect(response.status).toBe(403);
    expect(wentThroughTheStack(response)).toBe(true);
    expect(await errorMessageOf(response)).toMatch(/Invalid Twilio signature/);
    expect(await inbound().count({ where: { messageSid: body.MessageSid } })).toBe(0);
  });

  it('a wrong path token: 404 like an unknown route', async () => {
    const response = await postSigned(
      webhookUrl().replace(WEBHOOK_TOKEN, `x${WEBHOOK_TOKEN}`),
      AUTH_TOKEN,
      params()
    );
    expect(response.status).toBe(404);
    expect(wentThroughTheStack(response)).toBe(true);
  });

  it('invalid params: 400 naming the field', async () => {
    const response = await postSigned(webhookUrl(), AUTH_TOKEN, params({ MessageSid: 'not-a-sid' }));
    expect(response.status).toBe(400);
    expect(wentThroughTheStack(response)).toBe(true);
    expect(await errorMessageOf(response)).toMatch(/MessageSid/);
  });

  it('a bracketed key (which Strapi parses as a nested object) is left to Strapi', async () => {
    const body = params({ 'Extra[key]': 'value' });
    const response = await postSigned(webhookUrl(), AUTH_TOKEN, body);
    expect(wentThroughTheStack(response)).toBe(true);
    expect(response.status).toBeLessThan(500);
  });
});
