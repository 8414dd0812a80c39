// A bare public route: the baseline the webhook benchmark compares against (bench/webhook.ts).
export default {
  routes: [
    {
      method: 'POST',
      path: '/noop',
      handler: 'noop.answer',
      config: { auth: false },
    },
  ],
};
