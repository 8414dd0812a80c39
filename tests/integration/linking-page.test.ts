import { DEMO_USERS } from '../../playground/src/seed/users';
import { deepLinkText, login, say } from '../support/members';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

/**
 * The optional linking page: absent unless switched on; on, it serves its page and script under
 * a strict policy, and the calls its script makes (login, phrase, QR code, the member's phones,
 * unlink) work end to end with the phrase sent from a phone.
 */

const [, , chloe] = DEMO_USERS;
const PHONE = '+4917600000901';
let pipeline: Pipeline;
const request = () => pipeline.playground.request();

beforeAll(async () => {
  pipeline = await startPipeline();
});

afterAll(async () => {
  await pipeline?.stop();
});

test('off by default: the page, its script and its QR route answer 404', async () => {
  expect((await request().get('/api/whatsapp-agent/link')).status).toBe(404);
  expect((await request().get('/api/whatsapp-agent/link/app.js')).status).toBe(404);
  const qr = await request()
    .post('/api/whatsapp-agent/link/qr')
    .send({ deepLink: `https://wa.me/${SERVICE_NUMBER.slice(1)}?text=x` });
  expect(qr.status).toBe(404);
});

describe('switched on (WHATSAPP_AGENT_LINKING_PAGE=on)', () => {
  beforeAll(async () => {
    await pipeline.restart({
      WHATSAPP_AGENT_LINKING_PAGE: 'on',
      LINKING_PAGE_LOGO_URL: 'https://cdn.example.org/logo.svg',
    });
  });

  test('serves the themed page under its own policy: its script, its style, its logo, no inline code', async () => {
    const page = await request().get('/api/whatsapp-agent/link');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>Link WhatsApp to Climate Builders</title>');
    expect(page.text).toContain('--accent: #0b7a53');
    expect(page.text).toContain('<img src="https://cdn.example.org/logo.svg"');
    expect(page.text).toContain('<script src="/api/whatsapp-agent/link/app.js"></script>');
    expect(page.text).not.toMatch(/<script>|\son[a-z]+="/);

    const policy = page.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(policy).toContain("img-src 'self' data: https://cdn.example.org");
    expect(policy).toContain("connect-src 'self'");

    const script = await request().get('/api/whatsapp-agent/link/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript/);
    expect(script.text).toContain("'/whatsapp-agent/link-codes'");
  });

  test('the flow its script runs: log in, phrase, QR code, the phone links, listed, unlinked', async () => {
    const { jwt, refreshToken } = await login(pipeline, chloe.email);
    // Refresh mode: a short-lived access token plus the refresh token the page renews it with.
    expect(refreshToken).toEqual(expect.any(String));
    const auth = { Authorization: `Bearer ${jwt}` };

    const code = await request().post('/api/whatsapp-agent/link-codes').set(auth).send({});
    expect(code.status).toBe(201);

    const qr = await request().post('/api/whatsapp-agent/link/qr').send({ deepLink: code.body.deepLink });
    expect(qr.status).toBe(200);
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/);
    // supertest keeps an image's body as bytes.
    expect(Buffer.from(qr.body).toString('utf8')).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);

    expect((await request().get('/api/whatsapp-agent/channels/me').set(auth)).body.data).toEqual([]);
    expect(await say(pipeline, PHONE, deepLinkText(code.body.deepLink))).toMatch(/^Linked to /);

    const linked = await request().get('/api/whatsapp-agent/channels/me').set(auth);
    expect(linked.body.data).toEqual([
      expect.objectContaining({ kind: 'whatsapp', address: expect.stringMatching(/0901$/) }),
    ]);
    const unlink = await request()
      .delete(`/api/whatsapp-agent/channels/me/${linked.body.data[0].documentId}`)
      .set(auth);
    expect(unlink.status).toBe(204);
    expect((await request().get('/api/whatsapp-agent/channels/me').set(auth)).body.data).toEqual([]);

    // The page logs out with its refresh token: that browser session ends, nothing else.
    const logout = await request().post('/api/auth/logout').set(auth).send({ refreshToken });
    expect(logout.status).toBe(200);
    const renewed = await request().post('/api/auth/refresh').send({ refreshToken });
    expect(renewed.status).toBe(401);
  });

  test('draws only deep links to this community number: no open QR generator', async () => {
    const foreign = await request()
      .post('/api/whatsapp-agent/link/qr')
      .send({ deepLink: 'https://wa.me/4915112345678?text=hello' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toBe(
      "deepLink must be the wa.me link of this community's WhatsApp number"
    );
    const other = await request()
      .post('/api/whatsapp-agent/link/qr')
      .send({ deepLink: 'https://evil.example/' });
    expect(other.status).toBe(400);
    const tooLong = await request()
      .post('/api/whatsapp-agent/link/qr')
      .send({ deepLink: `https://wa.me/${SERVICE_NUMBER.slice(1)}?text=${'x'.repeat(600)}` });
    expect(tooLong.status).toBe(400);
  });
});
