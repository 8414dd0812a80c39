import type http from 'node:http';
import { phonePage } from './phone-page';
import { createTwilioEmulator, type TwilioEmulatorOptions } from './twilio-emulator';

type Entry = {
  direction: 'in' | 'out' | 'error';
  body: string;
  at: Date;
  status?: string;
  /** A reply's quick-reply buttons, and its SID for a tap. */
  sid?: string;
  buttons?: Array<{ id: string; title: string }>;
  /** A reply's list to pick from. */
  list?: { button: string; items: Array<{ id: string; title: string; description: string }> };
};

export type SimulatorOptions = Omit<TwilioEmulatorOptions, 'extraHandler'> & {
  /** Numbers offered in the page's "Write as" list. */
  phones: Array<{ number: string; label: string }>;
  /** Shown above the conversation (e.g. that the demo runs an offline model). */
  notice?: string;
  /** The Strapi the page's "link a demo account" panel logs in to, standing in for the community website. */
  strapiUrl?: string;
};

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * The local WhatsApp simulator: the Twilio emulator plus a web page where a person writes as a
 * member. What they type is POSTed to the plugin's webhook signed exactly like Twilio does;
 * the plugin's replies arrive through the emulated Messages API and show up on the page.
 */
export const createSimulator = (options: SimulatorOptions) => {
  const typed = new Map<string, Entry[]>();

  const conversation = (phone: string): Entry[] => {
    const replies: Entry[] = emulator.sentTo(`whatsapp:${phone}`).map((message) => ({
      direction: 'out',
      body: message.body,
      at: message.createdAt,
      status: message.status,
      ...(message.buttons ? { sid: message.sid, buttons: message.buttons } : {}),
      ...(message.list ? { sid: message.sid, list: message.list } : {}),
    }));
    return [...(typed.get(phone) ?? []), ...replies].sort((a, b) => a.at.getTime() - b.at.getTime());
  };

  const extraHandler = async (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        phonePage({ phones: options.phones, notice: options.notice, canLink: Boolean(options.strapiUrl) })
      );
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/simulator/messages') {
      json(res, 200, { messages: conversation(url.searchParams.get('phone') ?? '') });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/simulator/link-code' && options.strapiUrl) {
      // What the community website does for a logged-in member: log in, ask for a phrase.
      const { email, password } = JSON.parse(body || '{}') as { email?: string; password?: string };
      const login = await fetch(`${options.strapiUrl}/api/auth/local`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: email, password }),
      });
      const session = (await login.json()) as { jwt?: string; error?: { message: string } };
      if (!session.jwt) {
        json(res, 401, { error: session.error?.message ?? 'Login failed' });
        return true;
      }
      const code = await fetch(`${options.strapiUrl}/api/whatsapp-agent/link-codes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.jwt}` },
      });
      const result = (await code.json()) as { deepLink?: string; error?: { message: string } };
      json(
        res,
        code.status,
        result.deepLink
          ? { ...result, text: new URL(result.deepLink).searchParams.get('text') }
          : { error: result.error?.message ?? 'No phrase' }
      );
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/simulator/tap') {
      const { phone, sid, title } = JSON.parse(body || '{}') as {
        phone?: string;
        sid?: string;
        title?: string;
      };
      const message = emulator.sentTo(`whatsapp:${phone}`).find((candidate) => candidate.sid === sid);
      if (!phone || !message || !title) {
        json(res, 400, { error: 'No such message with buttons or a list for this phone' });
        return true;
      }
      const entries = typed.get(phone) ?? [];
      typed.set(phone, entries);
      entries.push({ direction: 'in', body: title, at: new Date() });
      // A button of a quick reply, or an item of a list picker.
      const result = message.buttons?.some((button) => button.title === title)
        ? await emulator.tap(message, title)
        : await emulator.pick(message, title);
      json(res, 200, { webhookStatus: result.status });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/simulator/send') {
      const { phone, body: text } = JSON.parse(body || '{}') as { phone?: string; body?: string };
      if (!phone || !/^\+[1-9]\d{6,14}$/.test(phone) || !text) {
        json(res, 400, { error: 'Give an E.164 phone number (+4915…) and a message' });
        return true;
      }
      const entries = typed.get(phone) ?? [];
      typed.set(phone, entries);
      entries.push({ direction: 'in', body: text, at: new Date() });
      try {
        const result = await emulator.sendInbound({
          from: `whatsapp:${phone}`,
          body: text,
          profileName: options.phones.find((p) => p.number === phone)?.label,
        });
        if (result.status !== 200)
          entries.push({
            direction: 'error',
            body: `The webhook answered ${result.status}: ${result.body.slice(0, 300)}`,
            at: new Date(),
          });
        json(res, 200, { webhookStatus: result.status });
      } catch (error) {
        const message = `Strapi is not reachable: ${(error as Error).message}`;
        entries.push({ direction: 'error', body: message, at: new Date() });
        json(res, 502, { error: message });
      }
      return true;
    }
    return false;
  };

  const emulator = createTwilioEmulator({ ...options, extraHandler });
  return emulator;
};
