import { DEMO_PASSWORD } from '../../playground/src/seed/users';
import type { Pipeline } from './pipeline';
import { settle } from './eventually';

/** A member's web session (users-permissions login), as the host's website would hold it. */
export const login = async (pipeline: Pipeline, email: string, password = DEMO_PASSWORD) => {
  const response = await pipeline.playground
    .request()
    .post('/api/auth/local')
    .send({ identifier: email, password });
  if (response.status !== 200)
    throw new Error(`Login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as {
    jwt: string;
    refreshToken: string;
    user: { id: number; documentId: string; email: string };
  };
};

let registered = 0;
/** A new member with no profile: for tests that must not share rate limits with the demo users. */
export const registerMember = async (pipeline: Pipeline) => {
  registered += 1;
  const stamp = `${Date.now()}${registered}`;
  const credentials = {
    username: `member${stamp}`,
    email: `member${stamp}@example.com`,
    password: 'Member-pass-1',
  };
  const response = await pipeline.playground.request().post('/api/auth/local/register').send(credentials);
  if (response.status !== 200)
    throw new Error(`Registration failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...credentials, ...(response.body as { jwt: string; user: { id: number; documentId: string } }) };
};

export type LinkCode = { code: string; expiresAt: string; channel: string; number: string; deepLink: string };

export const requestLinkCode = async (pipeline: Pipeline, jwt: string) => {
  const response = await pipeline.playground
    .request()
    .post('/api/whatsapp-agent/link-codes')
    .set('Authorization', `Bearer ${jwt}`);
  if (response.status !== 201)
    throw new Error(`Link code request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as LinkCode;
};

/** The text a member's phone pre-fills from the deep link. */
export const deepLinkText = (deepLink: string) => new URL(deepLink).searchParams.get('text') ?? '';

/**
 * Sends a WhatsApp message from `phone` and returns the reply it gets (all parts, joined).
 * Waits for the reply before returning, so consecutive calls are consecutive turns.
 */
export const say = async (pipeline: Pipeline, phone: string, text: string, { expectReply = true } = {}) => {
  const before = pipeline.twilio.sentTo(`whatsapp:${phone}`).length;
  const { status } = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: text });
  if (status !== 200) throw new Error(`Webhook answered ${status}`);
  if (!expectReply) {
    await settle();
    return pipeline.twilio
      .sentTo(`whatsapp:${phone}`)
      .slice(before)
      .map((message) => message.body)
      .join('\n');
  }
  await pipeline.twilio.waitFor(() => pipeline.twilio.sentTo(`whatsapp:${phone}`).length > before);
  await settle(300);
  return pipeline.twilio
    .sentTo(`whatsapp:${phone}`)
    .slice(before)
    .map((message) => message.body)
    .join('\n');
};
