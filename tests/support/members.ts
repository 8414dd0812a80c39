import { DEMO_PASSWORD } from '../../playground/src/seed/users';
import type { Pipeline } from './pipeline';
import { REPLIES } from '../../server/src/router/replies';
import { turnsEnded } from './turns';

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
 * What `phone` received in answer to `send` (a message, a tap or a pick the emulator posts), all
 * parts joined, once that turn has ended: what it stored (the conversation, its usage, what an
 * action wrote) can be read at once. '' when there was no reply (a reply is sent before the turn
 * ends, so none comes later).
 */
export const replyTo = async (
  pipeline: Pipeline,
  phone: string,
  send: () => Promise<{ status: number; messageSid: string }>
) => {
  const address = `whatsapp:${phone}`;
  const before = pipeline.twilio.sentTo(address).length;
  const { status, messageSid } = await send();
  if (status !== 200) throw new Error(`Webhook answered ${status}`);
  await turnsEnded(pipeline.playground.strapi, [messageSid]);
  return pipeline.twilio
    .sentTo(address)
    .slice(before)
    .map((message) => message.body)
    .join('\n');
};

/**
 * Sends a WhatsApp message from `phone` and returns the reply it gets, once its turn has ended
 * (`replyTo`): consecutive calls are consecutive turns. `expectReply: false` returns '' when
 * there was none.
 */
export const say = async (pipeline: Pipeline, phone: string, text: string, { expectReply = true } = {}) => {
  const reply = await replyTo(pipeline, phone, () =>
    pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: text })
  );
  if (expectReply && !reply) throw new Error(`${phone} got no reply to "${text}"`);
  return reply;
};

/** Links `phone` to the account through the real flow (web login → phrase → sent from the phone). */
export const linkPhone = async (pipeline: Pipeline, phone: string, email: string, password?: string) => {
  const { jwt } = await login(pipeline, email, password);
  const { code } = await requestLinkCode(pipeline, jwt);
  const reply = await say(pipeline, phone, code);
  // The confirmation is in the member's language (their profile's locale may name one).
  const confirmations = Object.values(REPLIES).map(({ messages }) => messages.linked.split('{')[0]);
  if (!confirmations.some((start) => reply.startsWith(start)))
    throw new Error(`Linking ${phone} failed: ${reply}`);
  return phone;
};

/**
 * A new member whose role may do only `actions` (plus ask for a linking phrase), with a profile
 * in `community` (by slug) when given — tools are scoped to the member's communities.
 */
export const memberWithRole = async (
  pipeline: Pipeline,
  actions: string[],
  { community }: { community?: string } = {}
) => {
  const strapi = pipeline.playground.strapi;
  const role = await strapi.db.query('plugin::users-permissions.role').create({
    data: {
      name: `Role ${actions.length} ${Date.now()}`,
      description: actions.join(', '),
      type: `role-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    },
  });
  for (const action of [...actions, 'plugin::whatsapp-agent.linkCodes.create'])
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  const member = await registerMember(pipeline);
  await strapi.db
    .query('plugin::users-permissions.user')
    .update({ where: { id: member.user.id }, data: { role: role.id } });
  if (community) {
    const { id } = await strapi.db.query('api::community.community').findOne({ where: { slug: community } });
    await strapi.db
      .query('api::member.member')
      .create({ data: { displayName: member.username, user: member.user.id, community: id } });
  }
  return member;
};
