export default ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Strapi's parser refuses forms over 56 KB (koa-body's default); the webhook tests raise it to
  // reach the plugin's own 64 KB cap behind it.
  { name: 'strapi::body', config: { formLimit: env('BODY_FORM_LIMIT', '56kb') } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
