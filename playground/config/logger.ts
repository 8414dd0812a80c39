import { formats, winston } from '@strapi/logger';

// Strapi's request logger (`strapi::logger`) prints every path at `http` level, and the plugin's
// webhook path ends in its secret token: masked in every line before it is printed.
const hideWebhookToken = winston.format((info) => {
  if (typeof info.message === 'string')
    info.message = info.message.replace(/(\/webhooks\/[a-z]+\/)(?!<token>)[^/?\s]+/gi, '$1<token>');
  return info;
});

// LOG_LEVEL=warn keeps test output readable; the default shows one line per request.
export default ({ env }) => ({
  level: env('LOG_LEVEL', 'http'),
  format: winston.format.combine(hideWebhookToken(), formats.prettyPrint()),
});
