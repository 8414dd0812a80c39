// LOG_LEVEL=warn keeps test output readable; the default shows one line per request.
export default ({ env }) => ({
  level: env('LOG_LEVEL', 'http'),
});
