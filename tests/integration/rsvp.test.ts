import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed';
import { startPlayground, type Playground } from '../support/playground';

// The playground's RSVP API: the host app's own write routes, which the agent's action tools call
// with a member's token. The member is whoever the token belongs to; the body names only the answer.

let playground: Playground;
const [ada, bob] = DEMO_USERS;
const attendances = () => playground.strapi.db.query('api::attendance.attendance');

const tokenOf = async (email: string) => {
  const response = await playground
    .request()
    .post('/api/auth/local')
    .send({ identifier: email, password: DEMO_PASSWORD });
  expect(response.status).toBe(200);
  return response.body as { jwt: string; user: { id: number } };
};

const events = async (when: 'upcoming' | 'past') => {
  const now = new Date().toISOString();
  return playground.strapi.documents('api::event.event').findMany({
    filters: { startsAt: when === 'upcoming' ? { $gt: now } : { $lt: now } },
    sort: ['startsAt:asc'],
    status: 'published',
  }) as unknown as Promise<Array<{ documentId: string; title: string; startsAt: string }>>;
};

const rsvp = (token: string | null, documentId: string, body: unknown) => {
  const request = playground.request().post(`/api/events/${documentId}/rsvp`);
  return (token ? request.set('Authorization', `Bearer ${token}`) : request).send(body as object);
};

beforeAll(async () => {
  playground = await startPlayground();
});

afterAll(async () => {
  await playground?.stop();
});

it("records a member's answer from their token, changes it on a second answer, and lists what they go to", async () => {
  const { jwt, user } = await tokenOf(ada.email);
  const [first, second] = await events('upcoming');

  const going = await rsvp(jwt, first.documentId, { status: 'going' });
  expect(going.status).toBe(201);
  expect(going.body.data).toMatchObject({
    status: 'going',
    event: { documentId: first.documentId, title: first.title },
  });
  await rsvp(jwt, second.documentId, { status: 'going' });
  const changed = await rsvp(jwt, second.documentId, { status: 'not_going' });
  expect(changed.status).toBe(200);

  const rows = await attendances().findMany({ where: { user: { id: user.id } }, populate: ['event'] });
  expect(rows.map((row) => [row.event.documentId, row.status]).sort()).toEqual(
    [
      [first.documentId, 'going'],
      [second.documentId, 'not_going'],
    ].sort()
  );

  const mine = await playground.request().get('/api/events/mine').set('Authorization', `Bearer ${jwt}`);
  expect(mine.status).toBe(200);
  expect(mine.body.data).toEqual([
    {
      documentId: first.documentId,
      title: first.title,
      startsAt: first.startsAt,
      location: expect.anything(),
    },
  ]);
  // Another member's list is their own.
  const other = await tokenOf(bob.email);
  const theirs = await playground
    .request()
    .get('/api/events/mine')
    .set('Authorization', `Bearer ${other.jwt}`);
  expect(theirs.body.data).toEqual([]);
});

it('refuses a stranger, a wrong answer, an unknown or past event, and a body naming someone else', async () => {
  const { jwt, user } = await tokenOf(bob.email);
  const [, , upcoming] = await events('upcoming');
  const [past] = await events('past');
  const before = await attendances().count();

  expect((await rsvp(null, upcoming.documentId, { status: 'going' })).status).toBe(403);
  expect((await rsvp(jwt, upcoming.documentId, { status: 'maybe' })).status).toBe(400);
  expect((await rsvp(jwt, 'no-such-event', { status: 'going' })).status).toBe(404);
  const closed = await rsvp(jwt, past.documentId, { status: 'going' });
  expect(closed.status).toBe(400);
  expect(closed.body.error.message).toMatch(/has already started/);
  expect(await attendances().count()).toBe(before);

  // A user named in the body is ignored: the answer is the token's owner's.
  const adaUser = await playground.strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { email: ada.email } });
  await rsvp(jwt, upcoming.documentId, { status: 'going', user: adaUser.id });
  const row = await attendances().findOne({
    where: { event: { documentId: upcoming.documentId }, user: { id: user.id } },
  });
  expect(row).toMatchObject({ status: 'going' });
  expect(
    await attendances().count({
      where: { event: { documentId: upcoming.documentId }, user: { id: adaUser.id } },
    })
  ).toBe(0);
});
