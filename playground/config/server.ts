export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Strapi's own MCP server (/mcp, admin tokens), where the plugin adds its tools for admins.
  mcp: { enabled: env.bool('STRAPI_MCP_ENABLED', false) },
  app: {
    // Playground-only fallbacks so `npm run demo` works on a fresh machine.
    // A real deployment sets every secret in the environment.
    keys: env.array('APP_KEYS', ['playgroundKeyOne', 'playgroundKeyTwo']),
  },
});
