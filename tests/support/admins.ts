import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import type { Pipeline } from './pipeline';

/** An admin panel session token, through the real /admin/login. */
export const adminLogin = async (pipeline: Pipeline, email: string, password: string) => {
  const response = await pipeline.playground.request().post('/admin/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`Admin login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
};

/** The plugin's admin API (/whatsapp-agent/…) as one admin calls it. */
export const adminApi = (pipeline: Pipeline, token: string) => ({
  get: (path: string) =>
    pipeline.playground.request().get(`/whatsapp-agent${path}`).set('Authorization', `Bearer ${token}`),
  put: (path: string, body: unknown) =>
    pipeline.playground
      .request()
      .put(`/whatsapp-agent${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object),
  post: (path: string, body?: unknown) =>
    pipeline.playground
      .request()
      .post(`/whatsapp-agent${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object),
  delete: (path: string) =>
    pipeline.playground.request().delete(`/whatsapp-agent${path}`).set('Authorization', `Bearer ${token}`),
});

/**
 * A new admin whose only role holds exactly `actions` (plugin permissions such as
 * `plugin::whatsapp-agent.settings.read`); returns their session token.
 */
export const createAdmin = async (
  pipeline: Pipeline,
  { name, email, actions }: { name: string; email: string; actions: string[] }
) => {
  const strapi = pipeline.playground.strapi;
  const role = await strapi.service('admin::role').create({ name, description: actions.join(', ') });
  await strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  const credentials = { email, password: 'Admin-pass-2026!' };
  await strapi.service('admin::user').create({
    ...credentials,
    firstname: name,
    lastname: 'Admin',
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  return adminLogin(pipeline, credentials.email, credentials.password);
};

/**
 * Members without a profile share the community "default": a plan it never reaches (cost passed
 * through, no cap), so no limit answers in the model's place.
 */
export const liftDefaultPlan = async (pipeline: Pipeline) => {
  const admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  const response = await admin.put('/communities/default/plan', { kind: 'passthrough', margin: 0 });
  if (response.status !== 200) throw new Error(`Setting the default plan failed: ${response.status}`);
};
