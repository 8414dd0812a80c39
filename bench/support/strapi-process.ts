import { spawn, type ChildProcess } from 'node:child_process';
import { PLAYGROUND_DIR, PLAYGROUND_DIST_DIR } from '../../tests/support/paths';

/**
 * Runs the compiled playground in its own process, as in production: the load generator in the
 * benchmark's process must not share Strapi's event loop.
 */
export const startStrapiProcess = async ({ port, env }: { port: number; env: Record<string, string> }) => {
  const boot = `require('@strapi/strapi').createStrapi({ appDir: ${JSON.stringify(PLAYGROUND_DIR)}, distDir: ${JSON.stringify(PLAYGROUND_DIST_DIR)} }).start()`;
  const child: ChildProcess = spawn(process.execPath, ['-e', boot], {
    cwd: PLAYGROUND_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVE_ADMIN: 'false',
      LOG_LEVEL: 'warn',
      PLAYGROUND_SEED: 'false',
      ...env,
    },
    // Strapi's startup banner would bury the figures; warnings and errors still show.
    stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Strapi exited with code ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/_health`).then(
      (response) => response.ok,
      () => false
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error('Strapi did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Answering /_health, it was spawned: it has a pid.
  const pid = child.pid as number;
  return {
    baseUrl,
    /** For reading the process's CPU time (/proc/<pid>/stat). */
    pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
};
