import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioClient } from '../../server/src/channels/twilio/client';

const ACCOUNT_SID = `AC${'2'.repeat(32)}`;

describe('createTwilioClient', () => {
  it('honours TWILIO_REGION / TWILIO_EDGE when talking to Twilio itself', () => {
    const client = createTwilioClient({
      accountSid: ACCOUNT_SID,
      authToken: 't',
      region: 'ie1',
      edge: 'dublin',
    });
    expect(client.region).toBe('ie1');
    expect(client.edge).toBe('dublin');
  });

  it('sends every Twilio host (api., messaging.) to the configured API URL instead', async () => {
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(req.url?.includes('Typing') ? 200 : 201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.includes('Typing') ? { success: true } : { sid: `SM${'3'.repeat(32)}`, status: 'queued' }
        )
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = createTwilioClient({
        accountSid: ACCOUNT_SID,
        authToken: 't',
        region: 'ie1',
        edge: 'dublin',
        apiUrl,
      });
      await client.messages.create({
        from: 'whatsapp:+14155238886',
        to: 'whatsapp:+4915100000001',
        body: 'hi',
      });
      await client.messaging.v2.typingIndicator.create({
        channel: 'whatsapp',
        messageId: `SM${'4'.repeat(32)}`,
      });
      expect(paths).toEqual([
        `POST /2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
        'POST /v2/Indicators/Typing.json',
      ]);
    } finally {
      server.close();
    }
  });
});
