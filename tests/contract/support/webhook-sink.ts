import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands where the plugin's webhook would be, for contract tests without Strapi: it accepts every
 * body an emulator posts (200, empty) and keeps it, so the bodies can be checked afterwards.
 */
export type WebhookSink = Awaited<ReturnType<typeof startWebhookSink>>;

export const startWebhookSink = async () => {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    bodies,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
