import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

type Route = { status?: number; headers?: Record<string, string>; body: unknown };

/**
 * A real HTTPS server on 127.0.0.1 with a certificate made for this run (openssl), serving JSON
 * documents by path — where an MCP client hosts its client ID metadata document. The process
 * trusts the certificate through https.globalAgent (the plugin fetches with it) until `close`.
 */
export const startHttpsDocuments = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'https-documents-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-days',
      '1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' }
  );
  const cert = fs.readFileSync(path.join(dir, 'cert.pem'));
  const key = fs.readFileSync(path.join(dir, 'key.pem'));
  fs.rmSync(dir, { recursive: true, force: true });

  const routes = new Map<string, Route>();
  const hits: string[] = [];
  const server = https.createServer({ cert, key }, (request, response) => {
    hits.push(request.url ?? '');
    const route = routes.get(request.url ?? '');
    if (!route) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(route.status ?? 200, { 'Content-Type': 'application/json', ...route.headers });
    response.end(typeof route.body === 'string' ? route.body : JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const previousCa = https.globalAgent.options.ca;
  https.globalAgent.options.ca = [cert];

  return {
    url: (pathname: string) => `${origin}${pathname}`,
    serve: (pathname: string, route: Route) => routes.set(pathname, route),
    /** The paths requested so far, in order. */
    hits,
    async close() {
      https.globalAgent.options.ca = previousCa;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
