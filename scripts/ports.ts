import net from 'node:net';

/** A port the demo listens on, and the variable that moves it (all three in the README's demo section). */
export type DemoPort = {
  variable: 'PORT' | 'SIMULATOR_PORT' | 'OFFLINE_MODEL_PORT';
  port: number;
  host: string;
  /** What listens there, in words. */
  what: string;
};

/** Whether something already listens on `port` of `host` (binding fails with EADDRINUSE). */
export const portTaken = (port: number, host: string) =>
  new Promise<boolean>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(true) : reject(error)
    );
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });

/**
 * The first of `ports` already in use, checked before anything is built or started: a second
 * `npm run demo` answers with one line instead of a stack trace minutes later.
 */
export const firstTakenPort = async (ports: DemoPort[]) => {
  for (const candidate of ports) if (await portTaken(candidate.port, candidate.host)) return candidate;
  return undefined;
};

export const portInUseMessage = ({ variable, port, what }: DemoPort) =>
  `Port ${port} (${what}) is already in use — is a demo still running? Stop it, or start on another port: ${variable}=<free port> npm run demo`;
