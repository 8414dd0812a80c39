import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange } from './openapi';

/**
 * An HTTP proxy on 127.0.0.1 in front of an emulator: the plugin's real clients are pointed at it
 * instead of the emulator, and every request and answer passing through is recorded, untouched,
 * for the contract tests to check against the provider's description. The emulator needs no hook
 * of its own, so what is checked is exactly what went over the wire.
 */
export const startRecordingProxy = async () => {
  const exchanges: Exchange[] = [];
  let target: string | undefined;

  const read = (stream: http.IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });

  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!target) {
      res.writeHead(503).end('The recording proxy has no target yet');
      return;
    }
    const body = await read(req);
    const upstream = http.request(`${target}${req.url ?? '/'}`, {
      method: req.method,
      // The Host header stays the proxy's: URLs an emulator builds from it (Meta's media URL) lead back here.
      headers: req.headers,
    });
    upstream.on('response', (answer) => void record(answer));
    const record = async (answer: http.IncomingMessage) => {
      const answerBody = await read(answer);
      const type = answer.headers['content-type'];
      // Binary files (media) are recorded by size only: no schema describes their bytes.
      const text = !type || /json|text|xml|x-www-form-urlencoded/.test(type);
      exchanges.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        requestType: req.headers['content-type'],
        requestBody: body.toString('utf8'),
        status: answer.statusCode ?? 0,
        responseType: type,
        responseBody: text ? answerBody.toString('utf8') : `<${answerBody.length} bytes>`,
      });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(answerBody);
    };
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    upstream.end(body);
  };
  const server = http.createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    exchanges,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Where requests go (the emulator's URL, known once it started). */
    forwardTo(url: string) {
      target = url.replace(/\/+$/, '');
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type RecordingProxy = Awaited<ReturnType<typeof startRecordingProxy>>;
