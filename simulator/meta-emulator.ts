import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSentLog } from './sent-log';

/**
 * A stand-in for Meta's WhatsApp Cloud API on 127.0.0.1, spoken to by the plugin's Graph API
 * client (through WHATSAPP_AGENT_META_API_URL). It implements what the plugin calls — send a
 * message (text, reply buttons, lists, templates), mark read with the typing indicator, fetch the
 * phone number, list templates by name, media by id then its bytes — records every request, and
 * posts webhooks signed with the app secret (X-Hub-Signature-256 over the exact bytes) as Meta
 * does, statuses included. It keeps WhatsApp's 24-hour window by its own clock: a free-form
 * message to a member whose last message is older is accepted, then fails with 131047.
 */

export type MetaSentMessage = {
  id: string;
  /** E.164, with the +. */
  to: string;
  type: string;
  /** The text the member reads (a template's, filled). */
  body: string;
  buttons?: Array<{ id: string; title: string }>;
  list?: { button: string; items: Array<{ id: string; title: string; description?: string }> };
  template?: { name: string; language: string; parameters: string[] };
  status: string;
  errorCode?: number;
  createdAt: Date;
};

export type MetaAttachment = { contentType: string; data: Buffer };

export type MetaInbound = {
  /** E.164, with the +. */
  from: string;
  body?: string;
  messageId?: string;
  /** A voice note (`audio` with `voice: true`) or a picture, served by the emulator. */
  media?: MetaAttachment;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  interactive?: Record<string, unknown>;
  /** The id of our message this one answers (a tap or a pick): Meta posts it as `context`. */
  repliedTo?: string;
  /** Another phone number id than ours (a request for another number). */
  phoneNumberId?: string;
  /** Signed with another secret (a forged request). */
  appSecret?: string;
  profileName?: string;
};

const WINDOW_MS = 24 * 60 * 60 * 1000;

/** The templates every emulated business account has (one rejected), as WhatsApp Manager lists them. */
export const META_EMULATOR_TEMPLATES = [
  {
    name: 'event_reminder',
    body: 'Hi {{1}}, a reminder: *{{2}}* starts {{3}}. See you there! Reply REMINDERS OFF to stop event reminders.',
    status: 'APPROVED',
    category: 'UTILITY',
  },
  {
    name: 'weekly_digest',
    body: 'Hi {{1}}, this week in {{2}}: {{3}}. Ask me to book one! Reply DIGEST OFF to stop the weekly digest.',
    status: 'APPROVED',
    category: 'MARKETING',
  },
  {
    name: 'answer_waiting',
    body: 'Hi {{1}}, your answer from {{2}} is ready. Reply to this message to read it.',
    status: 'APPROVED',
    category: 'UTILITY',
  },
  {
    name: 'big_sale',
    body: 'Hi {{1}}, huge savings on tickets this week only!',
    status: 'REJECTED',
    category: 'MARKETING',
  },
] as const;

export const newWamid = () => `wamid.${crypto.randomBytes(24).toString('base64url')}`;

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const graphError = (res: http.ServerResponse, status: number, code: number, message: string) =>
  sendJson(res, status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'emulator' } });

const readBody = async (req: http.IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Signs and POSTs a webhook body as Meta does; returns the plugin's answer. */
export const postMetaWebhook = async (url: string, appSecret: string, payload: unknown) => {
  const body = JSON.stringify(payload);
  const signature = `sha256=${crypto.createHmac('sha256', appSecret).update(body).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
    body,
  });
  return { status: response.status, body: await response.text() };
};

export type MetaEmulatorOptions = {
  phoneNumberId: string;
  businessAccountId: string;
  displayPhoneNumber: string;
  accessToken: string;
  appSecret: string;
  port?: number;
  /** Other routes on the same server (the simulator's phone page); return true when handled. */
  extraHandler?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => Promise<boolean>;
};

export const createMetaEmulator = (options: MetaEmulatorOptions) => {
  const log = createSentLog<MetaSentMessage>();
  const { sent, notify } = log;
  const typing: string[] = [];
  const requests: Array<{ method: string; path: string; body?: unknown }> = [];
  const media = new Map<string, MetaAttachment>();
  const lastInboundAt = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const pendingFailures: Array<{ status: number; code: number; message: string }> = [];
  let webhookUrl: string | undefined;
  let clockOffsetMs = 0;
  let stopped = false;
  const now = () => Date.now() + clockOffsetMs;
  const metadata = () => ({
    display_phone_number: options.displayPhoneNumber.replace(/^\+/, ''),
    phone_number_id: options.phoneNumberId,
  });
  const envelope = (value: Record<string, unknown>, phoneNumberId = options.phoneNumberId) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: options.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              ...value,
              metadata: { ...metadata(), phone_number_id: phoneNumberId },
            },
          },
        ],
      },
    ],
  });

  const post = (payload: unknown, secret = options.appSecret) => {
    if (!webhookUrl) throw new Error('The emulator has no webhook URL: call setWebhookUrl first');
    return postMetaWebhook(webhookUrl, secret, payload);
  };

  /** Status webhooks for a sent message, in order, posted in the background like Meta's. */
  const postStatuses = (message: MetaSentMessage) => {
    const statuses = message.errorCode
      ? [
          {
            status: 'failed',
            errors: [
              {
                code: message.errorCode,
                title: 'Re-engagement message',
                message:
                  'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
              },
            ],
          },
        ]
      : [{ status: 'sent' }, { status: 'delivered' }];
    const run = (async () => {
      for (const status of statuses) {
        if (stopped || !webhookUrl) return;
        message.status = status.status;
        await post(
          envelope({
            statuses: [
              {
                id: message.id,
                recipient_id: message.to.replace(/^\+/, ''),
                timestamp: String(Math.floor(now() / 1000)),
                ...status,
              },
            ],
          })
        ).catch(() => undefined);
      }
    })();
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
  };

  const fill = (text: string, parameters: string[]) =>
    text.replace(/\{\{(\d+)\}\}/g, (_, n: string) => parameters[Number(n) - 1] ?? '');

  const acceptMessage = (
    body: Record<string, unknown>
  ): MetaSentMessage | { error: [number, number, string] } => {
    const to = `+${String(body.to ?? '')}`;
    const type = String(body.type ?? 'text');
    const base = { id: newWamid(), to, type, status: 'accepted', createdAt: new Date() };
    if (type === 'text') return { ...base, body: String((body.text as { body?: unknown })?.body ?? '') };
    if (type === 'interactive') {
      const interactive = body.interactive as {
        type: string;
        body: { text: string };
        action: Record<string, unknown>;
      };
      if (interactive.type === 'button') {
        const buttons = (interactive.action.buttons as Array<{ reply: { id: string; title: string } }>).map(
          ({ reply }) => reply
        );
        if (buttons.length > 3)
          return { error: [400, 131009, 'Parameter value is not valid: at most 3 buttons'] };
        return { ...base, body: interactive.body.text, buttons };
      }
      const [section] = interactive.action.sections as Array<{
        rows: Array<{ id: string; title: string; description?: string }>;
      }>;
      if (section.rows.length > 10)
        return { error: [400, 131009, 'Parameter value is not valid: at most 10 rows'] };
      return {
        ...base,
        body: interactive.body.text,
        list: { button: String(interactive.action.button), items: section.rows },
      };
    }
    if (type === 'template') {
      const template = body.template as {
        name: string;
        language: { code: string };
        components?: Array<{ parameters: Array<{ text: string }> }>;
      };
      const known = META_EMULATOR_TEMPLATES.find((candidate) => candidate.name === template.name);
      if (!known || known.status !== 'APPROVED')
        return { error: [404, 132001, `Template name does not exist in the translation: ${template.name}`] };
      const parameters = (template.components?.[0]?.parameters ?? []).map((parameter) => parameter.text);
      return {
        ...base,
        body: fill(known.body, parameters),
        template: { name: template.name, language: template.language.code, parameters },
      };
    }
    return { error: [400, 131051, `Unsupported message type: ${type}`] };
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = req.method === 'POST' ? await readBody(req) : '';
    if (options.extraHandler && (await options.extraHandler(req, res, raw))) return;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
    const authorized = req.headers.authorization === `Bearer ${options.accessToken}`;

    const mediaMatch = /^\/media\/(\d+)$/.exec(url.pathname);
    if (mediaMatch) {
      const attachment = media.get(mediaMatch[1]);
      if (!authorized) return graphError(res, 401, 190, 'Invalid OAuth access token.');
      if (!attachment) return graphError(res, 404, 100, 'Unknown media');
      res.writeHead(200, {
        'Content-Type': attachment.contentType,
        'Content-Length': attachment.data.length,
      });
      return res.end(attachment.data);
    }
    const [version, node, edge] = url.pathname.split('/').filter(Boolean);
    if (!/^v\d+\.\d$/.test(version ?? '')) return graphError(res, 404, 100, 'Unknown path');
    if (!authorized)
      return graphError(res, 401, 190, 'Invalid OAuth access token - Cannot parse access token');

    if (req.method === 'POST' && node === options.phoneNumberId && edge === 'messages' && body) {
      if (body.status === 'read') {
        typing.push(String(body.message_id));
        return sendJson(res, 200, { success: true });
      }
      const failure = pendingFailures.shift();
      if (failure) return graphError(res, failure.status, failure.code, failure.message);
      const accepted = acceptMessage(body);
      if ('error' in accepted)
        return graphError(res, accepted.error[0], accepted.error[1], accepted.error[2]);
      // Outside the window Meta accepts free-form text, then fails it (131047) in a status webhook.
      if (accepted.type !== 'template' && now() - (lastInboundAt.get(accepted.to) ?? -Infinity) >= WINDOW_MS)
        accepted.errorCode = 131047;
      sent.push(accepted);
      notify();
      sendJson(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: String(body.to), wa_id: String(body.to) }],
        messages: [{ id: accepted.id }],
      });
      return postStatuses(accepted);
    }
    if (req.method === 'GET' && node === options.phoneNumberId && !edge)
      return sendJson(res, 200, {
        id: options.phoneNumberId,
        display_phone_number: options.displayPhoneNumber,
        verified_name: 'Community Assistant',
        quality_rating: 'GREEN',
      });
    if (req.method === 'GET' && node === options.businessAccountId && edge === 'message_templates') {
      const name = url.searchParams.get('name');
      const data = META_EMULATOR_TEMPLATES.filter((template) => !name || template.name === name).map(
        (template) => ({
          id: String(1000 + META_EMULATOR_TEMPLATES.indexOf(template)),
          name: template.name,
          language: 'en',
          status: template.status,
          category: template.category,
          components: [{ type: 'BODY', text: template.body }],
        })
      );
      return sendJson(res, 200, { data });
    }
    if (req.method === 'GET' && node && media.has(node) && !edge) {
      const attachment = media.get(node)!;
      const base = `http://${req.headers.host}`;
      return sendJson(res, 200, {
        messaging_product: 'whatsapp',
        id: node,
        url: `${base}/media/${node}`,
        mime_type: attachment.contentType,
        file_size: String(attachment.data.length),
        sha256: crypto.createHash('sha256').update(attachment.data).digest('hex'),
      });
    }
    return graphError(res, 400, 100, `Unsupported ${req.method} request: ${url.pathname}`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => graphError(res, 500, 1, String(error)));
  });

  const emulator = {
    options,
    get url() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    sent,
    typing,
    requests,
    async start() {
      await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
      return emulator;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setWebhookUrl(url: string) {
      webhookUrl = url;
    },
    advanceClock(ms: number) {
      clockOffsetMs += ms;
    },
    /** The next `count` sends answer with this Graph API error (e.g. 429 / 130429). */
    failNextSends(count: number, status = 500, code = 1, message = 'An unknown error occurred') {
      for (let i = 0; i < count; i += 1) pendingFailures.push({ status, code, message });
    },
    /** The webhook body a member's message arrives as (for tests that post it themselves, e.g. twice). */
    inboundPayload(message: MetaInbound & { messageId: string }) {
      const from = message.from.replace(/^\+/, '');
      const content: Record<string, unknown> = message.interactive
        ? { type: 'interactive', interactive: message.interactive }
        : message.location
          ? { type: 'location', location: message.location }
          : message.media
            ? message.media.contentType.startsWith('audio/')
              ? {
                  type: 'audio',
                  audio: {
                    id: emulator.storeMedia(message.media),
                    mime_type: message.media.contentType,
                    voice: true,
                  },
                }
              : {
                  type: 'image',
                  image: {
                    id: emulator.storeMedia(message.media),
                    mime_type: message.media.contentType,
                    ...(message.body ? { caption: message.body } : {}),
                  },
                }
            : { type: 'text', text: { body: message.body ?? '' } };
      return envelope(
        {
          contacts: [{ profile: { name: message.profileName ?? 'Simulator' }, wa_id: from }],
          messages: [
            {
              from,
              id: message.messageId,
              timestamp: String(Math.floor(now() / 1000)),
              ...(message.repliedTo
                ? { context: { from: metadata().display_phone_number, id: message.repliedTo } }
                : {}),
              ...content,
            },
          ],
        },
        message.phoneNumberId
      );
    },
    storeMedia(attachment: MetaAttachment) {
      const id = `${crypto.randomInt(10 ** 6, 10 ** 7)}${crypto.randomInt(10 ** 8, 10 ** 9)}`;
      media.set(id, attachment);
      return id;
    },
    /** A member's message, POSTed to the plugin's webhook exactly as Meta would. */
    async sendInbound(message: MetaInbound) {
      const messageId = message.messageId ?? newWamid();
      const payload = emulator.inboundPayload({ ...message, messageId });
      if (!message.phoneNumberId && !message.appSecret) lastInboundAt.set(message.from, now());
      return { messageId, payload, ...(await post(payload, message.appSecret)) };
    },
    /** Posts an already built body again (a duplicate delivery). */
    repost(payload: unknown) {
      return post(payload);
    },
    /** The member taps a reply button of a message we sent. */
    tap(message: MetaSentMessage, title: string) {
      const button = message.buttons?.find((candidate) => candidate.title === title);
      if (!button) throw new Error(`The message ${message.id} has no button "${title}"`);
      return emulator.sendInbound({
        from: message.to,
        interactive: { type: 'button_reply', button_reply: button },
        repliedTo: message.id,
      });
    },
    /** The member picks a row of a list we sent. */
    pick(message: MetaSentMessage, title: string) {
      const item = message.list?.items.find((candidate) => candidate.title === title);
      if (!item) throw new Error(`The message ${message.id} has no list row "${title}"`);
      return emulator.sendInbound({
        from: message.to,
        interactive: { type: 'list_reply', list_reply: item },
        repliedTo: message.id,
      });
    },
    waitFor: log.waitFor,
    sentTo(address: string) {
      return sent.filter((message) => message.to === address);
    },
  };
  return emulator;
};

export type MetaEmulator = ReturnType<typeof createMetaEmulator>;
