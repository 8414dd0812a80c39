// Public baselines the webhook benchmark compares against (bench/webhook.ts): a bare route, and
// one that only stores the posted form durably (the fair floor of a durable acknowledgement).
export default {
  routes: [
    {
      method: 'POST',
      path: '/noop',
      handler: 'noop.answer',
      config: { auth: false },
    },
    {
      method: 'POST',
      path: '/noop/insert',
      handler: 'noop.insert',
      config: { auth: false },
    },
  ],
};
