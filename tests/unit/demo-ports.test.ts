import net, { type AddressInfo } from 'node:net';
import { firstTakenPort, portInUseMessage, type DemoPort } from '../../scripts/ports';

const listening = () =>
  new Promise<net.Server>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });

describe('the demo’s ports', () => {
  it('finds the one already in use and answers in one line naming the variable that moves it', async () => {
    const busy = await listening();
    const free = await listening();
    const freePort = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    try {
      const ports: DemoPort[] = [
        { variable: 'PORT', port: freePort, host: '127.0.0.1', what: 'the playground Strapi' },
        {
          variable: 'SIMULATOR_PORT',
          port: (busy.address() as AddressInfo).port,
          host: '127.0.0.1',
          what: 'the WhatsApp simulator',
        },
      ];
      const taken = await firstTakenPort(ports);
      expect(taken).toBe(ports[1]);
      const message = portInUseMessage(taken!);
      expect(message).toBe(
        `Port ${ports[1].port} (the WhatsApp simulator) is already in use — is a demo still running? Stop it, or start on another port: SIMULATOR_PORT=<free port> npm run demo`
      );
      expect(message).not.toContain('\n');
      expect(await firstTakenPort([ports[0]])).toBeUndefined();
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
