import { startPlayground, type Playground } from '../support/playground';

// The seeded demo user (see playground/src/seed).
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed';

let playground: Playground;
const ada = DEMO_USERS[0];

beforeAll(async () => {
  playground = await startPlayground();
});

afterAll(async () => {
  await playground?.stop();
});

const login = async () => {
  const response = await playground
    .request()
    .post('/api/auth/local')
    .send({ identifier: ada.email, password: DEMO_PASSWORD });
  expect(response.status).toBe(200);
  return response.body as { jwt: string; refreshToken: string; user: { email: string } };
};

describe('users-permissions in refresh mode', () => {
  it('logs a demo user in with an access token and a refresh token', async () => {
    const session = await login();
    expect(session.user.email).toBe(ada.email);
    expect(session.jwt).toEqual(expect.any(String));
    expect(session.refreshToken).toEqual(expect.any(String));

    const me = await playground.request().get('/api/users/me').set('Authorization', `Bearer ${session.jwt}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ada.email);
  });

  it('rejects a wrong password', async () => {
    const response = await playground
      .request()
      .post('/api/auth/local')
      .send({ identifier: ada.email, password: 'not-the-password' });
    expect(response.status).toBe(400);
    expect(response.body).not.toHaveProperty('jwt');
  });

  it('refreshes: a new access token works, the rotated refresh token is spent', async () => {
    const session = await login();
    const refreshed = await playground
      .request()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.jwt).toEqual(expect.any(String));

    const me = await playground
      .request()
      .get('/api/users/me')
      .set('Authorization', `Bearer ${refreshed.body.jwt}`);
    expect(me.body.email).toBe(ada.email);

    const replay = await playground
      .request()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(replay.status).toBe(401);
  });

  it('logging out ends the session behind the refresh token', async () => {
    const session = await login();
    const logout = await playground
      .request()
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${session.jwt}`)
      .send({ refreshToken: session.refreshToken });
    expect(logout.status).toBe(200);

    const refreshed = await playground
      .request()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(401);
  });
});

describe('the seeded community over the REST API', () => {
  it('lists members to a logged-in member, without their private fields', async () => {
    const { jwt } = await login();
    const response = await playground
      .request()
      .get('/api/members?pagination[pageSize]=100')
      .set('Authorization', `Bearer ${jwt}`);
    expect(response.status).toBe(200);
    expect(response.body.meta.pagination.total).toBeGreaterThanOrEqual(300);
    for (const member of response.body.data) {
      expect(member.displayName).toEqual(expect.any(String));
      expect(member).not.toHaveProperty('email');
      expect(member).not.toHaveProperty('phone');
    }
  });

  it('lists at least 60 events spread over the past and the future', async () => {
    const { jwt } = await login();
    const response = await playground
      .request()
      .get('/api/events?pagination[pageSize]=100')
      .set('Authorization', `Bearer ${jwt}`);
    expect(response.status).toBe(200);
    const starts = response.body.data.map((event: { startsAt: string }) => Date.parse(event.startsAt));
    expect(starts.length).toBeGreaterThanOrEqual(60);
    expect(starts.some((time: number) => time < Date.now())).toBe(true);
    expect(starts.some((time: number) => time > Date.now())).toBe(true);
  });

  it('refuses members to an anonymous visitor', async () => {
    const response = await playground.request().get('/api/members');
    expect(response.status).toBe(403);
  });
});

describe('the plugin in Users & Permissions', () => {
  it('offers the member routes as permissions, never the webhooks nor the MCP endpoint (they authenticate themselves)', async () => {
    // What the Roles page (GET /users-permissions/permissions) lists to tick.
    const actions = (await playground.strapi
      .plugin('users-permissions')
      .service('users-permissions')
      .getActions()) as Record<string, { controllers: Record<string, Record<string, unknown>> }>;
    const ours = actions['plugin::whatsapp-agent'].controllers;
    expect(Object.keys(ours).sort()).toEqual(['linkCodes', 'mcpTokens', 'memberChannels']);
    expect(ours.webhook).toBeUndefined();
    expect(ours.mcp).toBeUndefined();
  });
});
