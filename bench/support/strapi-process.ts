import { spawn, type ChildProcess } from 'node:child_process';
import { PLAYGROUND_DIR, PLAYGROUND_DIST_DIR } from '../../tests/support/paths';

/**
 * Runs the compiled playground in its own process, as in production: the load generator in the
 * benchmark's process must not share Strapi's event loop. `output` receives everything the
 * process writes (stdout and stderr), for a test that reads its logs. BENCH_STRAPI_NODE_ARGS
 * passes Node options to it (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU profile).
 */
export const startStrapiProcess = async ({
  port,
  env,
  output,
  // BENCH_BOOT_TIMEOUT_S: on a machine shared with other test runs, a boot can take minutes.
  bootTimeoutMs = Number(process.env.BENCH_BOOT_TIMEOUT_S ?? 60) * 1000,
}: {
  port: number;
  env: Record<string, string>;
  output?: (text: string) => void;
  bootTimeoutMs?: number;
}) => {
  const boot = `require('@strapi/strapi').createStrapi({ appDir: ${JSON.stringify(PLAYGROUND_DIR)}, distDir: ${JSON.stringify(PLAYGROUND_DIST_DIR)} }).start()`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.BENCH_STRAPI_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '-e', boot],
    {
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
      stdio: output
        ? ['ignore', 'pipe', 'pipe']
        : ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
    }
  );
  if (output) {
    child.stdout?.setEncoding('utf8').on('data', output);
    child.stderr?.setEncoding('utf8').on('data', output);
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + bootTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Strapi exited with code ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/_health`).then(
      (response) => response.ok,
      () => false
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`Strapi did not start within ${bootTimeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Answering /_health, it was spawned: it has a pid.
  const pid = child.pid as number;
  return {
    baseUrl,
    /** For reading the process's CPU time (/proc/<pid>/stat, see cpu.ts). */
    pid,
    /** Ends the process (SIGTERM: a clean shutdown; SIGKILL: a crash) and waits until it is gone. */
    stop,
  };
};

export type StrapiProcess = Awaited<ReturnType<typeof startStrapiProcess>>;
