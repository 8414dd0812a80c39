/**
 * `npm run demo`: builds the plugin and the playground app, then runs the playground with the
 * plugin on http://localhost:1337 (SQLite, seeded on first boot). Variables already set in the
 * environment win over the demo's defaults, so the same command runs against PostgreSQL or a
 * real Twilio account.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEMO_ADMIN } from '../playground/src/demo-admin';
import { DEMO_PASSWORD, DEMO_USERS } from '../playground/src/seed/users';

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, 'playground');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

const env: NodeJS.ProcessEnv = { PORT: '1337', NODE_ENV: 'development', ...process.env };
const port = env.PORT;
const publicUrl = `http://localhost:${port}`;

const run = (step: string, command: string, args: string[], cwd: string) => {
  console.log(`\n▶ ${step}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${step} failed (exit code ${result.status}).`);
    process.exit(result.status ?? 1);
  }
};

const waitForHealth = async (timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${publicUrl}/_health`);
      if (response.ok || response.status === 204) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
};

const printBanner = () => {
  const users = DEMO_USERS.map((user) => `    ${user.email.padEnd(24)} ${DEMO_PASSWORD}`).join('\n');
  console.log(`
──────────────────────────────────────────────────────────────────────
  WhatsApp agent demo is running
  Admin panel     ${publicUrl}/admin
    login         ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}
  REST API        ${publicUrl}/api
  Demo members (users-permissions logins):
${users}
  Try:
    JWT=$(curl -s ${publicUrl}/api/auth/local -H 'Content-Type: application/json' \\
      -d '{"identifier":"${DEMO_USERS[0].email}","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).jwt')
    curl -sg "${publicUrl}/api/members?pagination[pageSize]=3" -H "Authorization: Bearer $JWT"
  Stop with Ctrl+C.
──────────────────────────────────────────────────────────────────────
`);
};

const main = async () => {
  run('Building the plugin', bin('strapi-plugin'), ['build'], ROOT);
  run('Building the playground (server and admin panel)', bin('strapi'), ['build'], PLAYGROUND);

  console.log('\n▶ Starting the playground');
  const strapi = spawn(bin('strapi'), ['start'], { cwd: PLAYGROUND, env, stdio: 'inherit' });
  const stop = () => strapi.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  strapi.on('exit', (code) => process.exit(code ?? 0));

  if (await waitForHealth(120_000)) printBanner();
  else console.error(`✖ The playground did not answer on ${publicUrl} within 2 minutes; see its log above.`);
};

void main();
