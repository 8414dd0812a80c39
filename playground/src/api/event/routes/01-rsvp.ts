// Before the core routes (files load in name order): `GET /events/mine` must not be taken for
// `GET /events/:id`.
export default {
  routes: [
    {
      method: 'GET' as const,
      path: '/events/mine',
      handler: 'api::event.rsvp.mine',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/events/:documentId/rsvp',
      handler: 'api::event.rsvp.rsvp',
      config: { policies: [] },
    },
  ],
};
