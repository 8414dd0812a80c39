export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: {
    // Playground-only fallbacks so `npm run demo` works on a fresh machine.
    // A real deployment sets every secret in the environment.
    keys: env.array('APP_KEYS', ['playgroundKeyOne', 'playgroundKeyTwo']),
  },
});
