import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { seedTemplates } from './emulator-templates';
import { contentProblem } from './twilio-content-rules';
import { createTwilioRcs, type RcsOptions } from './twilio-rcs';
import { createTwilioNumbers } from './twilio-numbers';
import { createUsageRecords, type UsageEntry } from './twilio-usage';
import { createSentLog } from './sent-log';

/**
 * A stand-in for Twilio on 127.0.0.1, spoken to by the plugin's real `twilio` client (through
 * WHATSAPP_AGENT_TWILIO_API_URL). It implements what the plugin calls — send a message, the
 * WhatsApp typing indicator, fetch the account, list usage records — records every request,
 * signs status callbacks and inbound messages exactly as Twilio does, counts the usage Twilio
 * would bill (twilio-usage.ts), and can be told to fail the next sends. It keeps WhatsApp's
 * 24-hour window by its own clock, which tests can move forward: a free-form message to a member
 * whose last message is older is accepted, then fails with 63016, as Twilio does.
 */

export type SentMessage = {
  sid: string;
  /** The (sub-)account whose credentials sent it: Twilio bills it there. */
  accountSid: string;
  from: string;
  to: string;
  body: string;
  statusCallback?: string;
  status: string;
  /** Set when Twilio would fail it (63016 outside the 24-hour window). */
  errorCode?: number;
  /** Sent as a Content API resource (quick reply): its SID and the buttons the member sees. */
  contentSid?: string;
  buttons?: Array<{ id: string; title: string }>;
  /** Sent as a list picker: the button that opens it and the items to pick from. */
  list?: { button: string; items: Array<{ id: string; title: string; description: string }> };
  /** Sent through the RCS Messaging Service: the channel that carried it (RCS, or the SMS fallback). */
  deliveredOver?: 'rcs' | 'sms';
  messagingServiceSid?: string;
  createdAt: Date;
};

/** WhatsApp's customer-service window. */
const WINDOW_MS = 24 * 60 * 60 * 1000;
const OUTSIDE_WINDOW = {
  code: 63016,
  message:
    'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
};

/** An attachment a member sends: the emulator keeps it and serves it as Twilio serves media. */
export type InboundAttachment = {
  contentType: string;
  data: Buffer;
  /** Served with another Content-Type than the webhook announces (a mislabelled file). */
  servedAs?: string;
  /** Where its media URL redirects instead of the CDN (a redirect to a host that is not Twilio's). */
  redirectTo?: string;
};

/** A request for a member's attachment: whether it carried the account's credentials. */
export type MediaRequest = { path: string; authorized: boolean };

export type InboundMessage = {
  /** As Twilio sends it: `whatsapp:+4915112345678` for WhatsApp, `rcs:+4915112345678` for RCS, `+4915112345678` for SMS. */
  from: string;
  body: string;
  /** Attachments, announced as NumMedia / MediaUrl{N} / MediaContentType{N}. */
  media?: InboundAttachment[];
  to?: string;
  profileName?: string;
  messageSid?: string;
  extra?: Record<string, string>;
  /** The (sub-)account the number written to belongs to (default: the main account): it signs the webhook. */
  accountSid?: string;
};

/** One of the emulated accounts: the main one, or a sub-account with its own SID, token and usage. */
type EmulatedAccount = {
  sid: string;
  authToken: string;
  friendlyName: string;
  status: string;
  type: string;
  parentSid?: string;
  usage: ReturnType<typeof createUsageRecords>;
};

export type TwilioEmulatorOptions = {
  accountSid: string;
  authToken: string;
  /** The plugin's inbound webhook URL, for `sendInbound`. Settable later with `setWebhookUrl`. */
  webhookUrl?: string;
  /** The number members write to, e.g. whatsapp:+14155238886. */
  serviceNumber?: string;
  /** Status callbacks sent after each accepted message, in order. */
  callbackStatuses?: string[];
  /**
   * Keep WhatsApp's 24-hour window (default on). Off where inbound messages reach the plugin
   * without passing through the emulator, which then never saw the members write.
   */
  enforceWindow?: boolean;
  /** A Messaging Service with an RCS sender and an SMS fallback number (twilio-rcs.ts). */
  rcs?: RcsOptions;
  /** The account as Twilio describes it; a `parentSid` makes it a sub-account of that account. */
  account?: { friendlyName?: string; status?: string; type?: string; parentSid?: string };
  port?: number;
  /** Extra routes (the simulator page mounts itself here). */
  extraHandler?: (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: string
  ) => boolean | Promise<boolean>;
};

/** WhatsApp's MessageType for a message with this attachment. */
const messageTypeOf = (contentType: string) =>
  contentType.startsWith('audio/')
    ? 'audio'
    : contentType.startsWith('image/')
      ? 'image'
      : contentType.startsWith('video/')
        ? 'video'
        : 'document';

export const newSid = (prefix: string) => `${prefix}${crypto.randomBytes(16).toString('hex')}`;

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * POSTs form params to `url`, signed like Twilio signs its webhooks. `signedUrl` is the URL
 * Twilio was configured with when a proxy stands between it and `url`.
 */
export const postSigned = async (
  url: string,
  authToken: string,
  params: Record<string, string>,
  signedUrl = url
) => {
  const signature = getExpectedTwilioSignature(authToken, signedUrl, params);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text() };
};

export const createTwilioEmulator = (options: TwilioEmulatorOptions) => {
  const log = createSentLog<SentMessage>();
  const { sent, notify } = log;
  const typing: Array<{ channel: string; messageId: string }> = [];
  // Members' attachments by media SID, and every request for one (the API URL and the CDN's).
  const media = new Map<string, InboundAttachment>();
  const mediaRequests: MediaRequest[] = [];
  const pendingFailures: Array<{ status: number; code: number; message: string }> = [];
  // Several URLs are Strapi instances behind one load balancer: inbound messages go round-robin.
  let webhookUrls = options.webhookUrl ? [options.webhookUrl] : [];
  let nextWebhook = 0;
  let webhookSignedUrl: string | undefined;
  const serviceNumber = options.serviceNumber ?? 'whatsapp:+14155238886';
  const callbackStatuses = options.callbackStatuses ?? ['sent', 'delivered'];
  // The main account and its sub-accounts (addSubAccount), each signing and billing on its own.
  const accounts = new Map<string, EmulatedAccount>([
    [
      options.accountSid,
      {
        sid: options.accountSid,
        authToken: options.authToken,
        friendlyName: options.account?.friendlyName ?? 'Emulated account',
        status: options.account?.status ?? 'active',
        type: options.account?.type ?? 'Full',
        parentSid: options.account?.parentSid,
        usage: createUsageRecords({ accountSid: options.accountSid }),
      },
    ],
  ]);
  const mainAccount = accounts.get(options.accountSid)!;
  const usage = mainAccount.usage;
  const accountOf = (sid: string | undefined) => (sid ? accounts.get(sid) : undefined) ?? mainAccount;
  // The emulator's clock (moved by tests) and each member's last message by it, for the window.
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const lastInboundAt = new Map<string, number>();
  const outsideWindow = (to: string) =>
    options.enforceWindow !== false &&
    to.startsWith('whatsapp:') &&
    now() - (lastInboundAt.get(to) ?? -Infinity) >= WINDOW_MS;

  // Content API resources: the account's approved templates, and quick replies as created through it.
  const { contents, approvals } = seedTemplates(options.accountSid);
  const rcs = options.rcs ? createTwilioRcs(options.rcs) : undefined;
  const numbers = createTwilioNumbers(options.accountSid, serviceNumber);
  if (options.webhookUrl) numbers.setServiceNumberWebhook(options.webhookUrl);
  /** Outside the window WhatsApp takes only a template it approved. */
  const isApprovedTemplate = (sid: string | undefined) => !!sid && approvals.get(sid)?.status === 'approved';
  const contentView = (sid: string) => ({
    ...contents.get(sid),
    url: `https://content.twilio.com/v1/Content/${sid}`,
  });
  /**
   * A content resource as the member sees it on a channel: the richest of its types the channel
   * takes (RCS: a card, whose quick-reply actions are chips; SMS: text), its text with the
   * variables filled in, and its buttons.
   */
  const renderContent = (sid: string, variables: string, channel: 'whatsapp' | 'rcs' | 'sms') => {
    const types = (contents.get(sid)?.types ?? {}) as Record<
      string,
      {
        body?: string;
        /** A card's text (RCS shows it as the card's title or, past 200 characters, its description). */
        title?: string;
        button?: string;
        actions?: Array<{ id: string; title: string }>;
        items?: Array<{ item: string; id: string; description?: string }>;
      }
    >;
    const rich = {
      whatsapp: types['twilio/quick-reply'] ?? types['twilio/list-picker'],
      rcs: types['twilio/card'],
      sms: undefined,
    }[channel];
    const type = rich ?? types['twilio/text'] ?? {};
    const values = JSON.parse(variables || '{}') as Record<string, string>;
    const fill = (text = '') => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
    return {
      body: fill(type.body ?? type.title),
      buttons: type.actions?.map(({ id, title }) => ({ id: fill(id), title: fill(title) })),
      list: type.items
        ? {
            button: fill(type.button),
            items: type.items.map((item) => ({
              id: fill(item.id),
              title: fill(item.item),
              description: fill(item.description),
            })),
          }
        : undefined,
    };
  };

  const cdnSignature = (mediaSid: string) =>
    crypto.createHmac('sha256', options.authToken).update(mediaSid).digest('hex').slice(0, 16);

  /** The account whose credentials the request carries (HTTP basic auth), if any. */
  const callerOf = (req: http.IncomingMessage) =>
    [...accounts.values()].find(
      (account) =>
        req.headers.authorization ===
        `Basic ${Buffer.from(`${account.sid}:${account.authToken}`).toString('base64')}`
    );

  let stopped = false;
  const inFlight = new Set<Promise<void>>();

  const sendStatusCallbacks = async (message: SentMessage) => {
    if (!message.statusCallback) return;
    const statuses = message.errorCode ? ['failed'] : callbackStatuses;
    for (const status of statuses) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (stopped) return;
      message.status = status;
      const account = accountOf(message.accountSid);
      if (status === 'failed') account.usage.countFailedMessage();
      await postSigned(message.statusCallback, account.authToken, {
        ...(message.errorCode === OUTSIDE_WINDOW.code
          ? { ErrorCode: String(OUTSIDE_WINDOW.code), ErrorMessage: OUTSIDE_WINDOW.message }
          : {}),
        AccountSid: account.sid,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: status,
        SmsStatus: status,
        From: message.from,
        To: message.to,
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        ApiVersion: '2010-04-01',
      }).catch(() => undefined);
    }
  };

  const twilioError = (res: http.ServerResponse, status: number, code: number, message: string) =>
    sendJson(res, status, {
      code,
      message,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    });

  const createMessage = (res: http.ServerResponse, params: URLSearchParams, account: EmulatedAccount) => {
    const serviceSid = params.get('MessagingServiceSid') ?? undefined;
    if (params.get('FallbackFrom') && !serviceSid)
      return twilioError(res, 400, 21666, "'FallbackFrom' requires MessagingServiceSid");
    if (serviceSid && serviceSid !== rcs?.messagingServiceSid)
      return twilioError(res, 400, 21701, 'The Messaging Service does not exist');
    // Through the service: RCS where the device has it, else the SMS fallback from the pool's number.
    const route = serviceSid && rcs ? rcs.route(params.get('To') ?? '') : undefined;
    const failure = pendingFailures.shift();
    if (failure) {
      sendJson(res, failure.status, {
        code: failure.code,
        message: failure.message,
        more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
        status: failure.status,
      });
      return;
    }
    const contentSid = params.get('ContentSid') ?? undefined;
    if (contentSid && !contents.has(contentSid)) {
      sendJson(res, 400, {
        code: 21655,
        message: `The ContentSid ${contentSid} is invalid`,
        more_info: 'https://www.twilio.com/docs/errors/21655',
        status: 400,
      });
      return;
    }
    const to = route?.to ?? params.get('To') ?? '';
    const channel = route?.channel ?? (to.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
    const rendered = contentSid
      ? renderContent(contentSid, params.get('ContentVariables') ?? '', channel)
      : undefined;
    const message: SentMessage = {
      sid: newSid('SM'),
      accountSid: account.sid,
      from: route?.from ?? params.get('From') ?? '',
      to,
      body: rendered?.body ?? params.get('Body') ?? '',
      ...(contentSid ? { contentSid, buttons: rendered?.buttons, list: rendered?.list } : {}),
      ...(route ? { deliveredOver: route.channel, messagingServiceSid: serviceSid } : {}),
      statusCallback: params.get('StatusCallback') ?? undefined,
      status: 'queued',
      createdAt: new Date(now()),
    };
    // Accepted, then failed: Twilio finds the window closed after it queued the message.
    if (!isApprovedTemplate(contentSid) && outsideWindow(message.to)) message.errorCode = OUTSIDE_WINDOW.code;
    sent.push(message);
    // Twilio's usage category for RCS is not one we know: only the SMS fallback is counted.
    if (message.deliveredOver !== 'rcs') account.usage.countMessage('outbound', message.to);
    notify();
    // Through a Messaging Service Twilio answers before it picks the sender: no From yet, `accepted`.
    sendJson(res, 201, {
      sid: message.sid,
      account_sid: account.sid,
      from: route ? null : message.from,
      to: route ? params.get('To') : message.to,
      body: message.body,
      status: route ? 'accepted' : 'queued',
      messaging_service_sid: serviceSid ?? null,
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      api_version: '2010-04-01',
      date_created: message.createdAt.toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${account.sid}/Messages/${message.sid}.json`,
    });
    // Tracked, so that stop() waits for the callbacks already on their way.
    const callbacks = sendStatusCallbacks(message).finally(() => inFlight.delete(callbacks));
    inFlight.add(callbacks);
  };

  /** As Twilio answers it, Auth Token included: what the plugin passes on must be picked from it. */
  const accountView = (account: EmulatedAccount) => ({
    sid: account.sid,
    owner_account_sid: account.parentSid ?? account.sid,
    friendly_name: account.friendlyName,
    status: account.status,
    type: account.type,
    auth_token: account.authToken,
    date_created: 'Thu, 01 Jan 2026 00:00:00 +0000',
    date_updated: 'Thu, 01 Jan 2026 00:00:00 +0000',
    uri: `/2010-04-01/Accounts/${account.sid}.json`,
    subresource_uris: {},
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    // The account the path names (a sub-account's resources are under its own SID), else the caller's.
    const pathAccount = accounts.get(/^\/2010-04-01\/Accounts\/(AC\w+)/.exec(url.pathname)?.[1] ?? '');
    const caller = callerOf(req);
    const accountPath = `/2010-04-01/Accounts/${(pathAccount ?? caller ?? mainAccount).sid}`;

    // Twilio's CDN: the short-lived URL a media URL redirects to, signed in itself (no credentials).
    const cdn = /^\/media-cdn\/(ME\w+)$/.exec(url.pathname);
    if (req.method === 'GET' && cdn) {
      mediaRequests.push({ path: url.pathname, authorized: req.headers.authorization !== undefined });
      const attachment = media.get(cdn[1]);
      if (!attachment || url.searchParams.get('signature') !== cdnSignature(cdn[1])) {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': attachment.servedAs ?? attachment.contentType,
        'Content-Length': attachment.data.length,
      });
      res.end(attachment.data);
      return;
    }

    if (/^\/(2010-04-01|v1|v2)\//.test(url.pathname)) {
      const mediaPath = new RegExp(`^${accountPath}/Messages/(?:MM|SM)\\w+/Media/(ME\\w+)$`).exec(
        url.pathname
      );
      // A parent account's credentials open its sub-accounts' resources too, as Twilio's do.
      const authorized =
        caller !== undefined &&
        (!pathAccount || pathAccount === caller || pathAccount.parentSid === caller.sid);
      if (mediaPath) mediaRequests.push({ path: url.pathname, authorized });
      if (!authorized) {
        sendJson(res, 401, {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        });
        return;
      }
      if (req.method === 'POST' && url.pathname === `${accountPath}/Messages.json`)
        return createMessage(res, new URLSearchParams(body), pathAccount ?? caller);
      // A media URL answers with a redirect to the CDN, as Twilio's does.
      if (req.method === 'GET' && mediaPath && media.has(mediaPath[1])) {
        res.writeHead(307, {
          Location:
            media.get(mediaPath[1])!.redirectTo ??
            `/media-cdn/${mediaPath[1]}?signature=${cdnSignature(mediaPath[1])}`,
        });
        res.end();
        return;
      }
      if (req.method === 'GET' && url.pathname === `${accountPath}.json`)
        return sendJson(res, 200, accountView(pathAccount ?? caller));
      if (req.method === 'GET' && url.pathname === `${accountPath}/Usage/Records.json`)
        return sendJson(res, 200, (pathAccount ?? caller).usage.list(url.searchParams));
      if (req.method === 'POST' && url.pathname === '/v1/Content') {
        const created = JSON.parse(body || '{}') as Record<string, unknown>;
        const problem = contentProblem((created.types ?? {}) as Record<string, unknown>);
        if (problem) return twilioError(res, 400, 20001, `Invalid content: ${problem}`);
        const sid = newSid('HX');
        contents.set(sid, {
          sid,
          account_sid: options.accountSid,
          friendly_name: created.friendly_name ?? null,
          language: created.language ?? 'en',
          variables: created.variables ?? {},
          types: created.types ?? {},
          date_created: new Date().toISOString(),
          date_updated: new Date().toISOString(),
        });
        return sendJson(res, 201, contentView(sid));
      }
      if (req.method === 'GET' && url.pathname === '/v1/Content') {
        return sendJson(res, 200, {
          contents: [...contents.keys()].map(contentView),
          meta: { page: 0, page_size: 100, key: 'contents', next_page_url: null, previous_page_url: null },
        });
      }
      const contentPath = /^\/v1\/Content\/(HX\w+)$/.exec(url.pathname);
      if (req.method === 'GET' && contentPath && contents.has(contentPath[1]))
        return sendJson(res, 200, contentView(contentPath[1]));
      const approvalPath = /^\/v1\/Content\/(HX\w+)\/ApprovalRequests$/.exec(url.pathname);
      const approval = approvalPath && approvals.get(approvalPath[1]);
      if (req.method === 'GET' && approvalPath && approval) {
        return sendJson(res, 200, {
          sid: approvalPath[1],
          account_sid: options.accountSid,
          whatsapp: {
            type: 'whatsapp',
            name: contents.get(approvalPath[1])?.friendly_name,
            category: approval.category,
            content_type: 'twilio/text',
            status: approval.status,
            rejection_reason: approval.rejectionReason,
            allow_category_change: false,
          },
          url: `https://content.twilio.com/v1/Content/${approvalPath[1]}/ApprovalRequests`,
        });
      }
      const numbersAnswer = numbers.handle(req.method ?? 'GET', url, body);
      if (numbersAnswer) return sendJson(res, numbersAnswer.status, numbersAnswer.body);
      if (req.method === 'POST' && url.pathname === '/v2/Indicators/Typing.json') {
        const params = new URLSearchParams(body);
        typing.push({ channel: params.get('channel') ?? '', messageId: params.get('messageId') ?? '' });
        return sendJson(res, 200, { success: true });
      }
      return sendJson(res, 404, {
        code: 20404,
        message: 'The requested resource was not found',
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
    }

    if (options.extraHandler && (await options.extraHandler(req, res, body))) return;
    res.writeHead(404).end();
  };

  // A handler that throws answers 500 rather than leaving the request hanging.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });

  return {
    sent,
    typing,
    mediaRequests,
    get url() {
      const address = server.address() as AddressInfo;
      return `http://127.0.0.1:${address.port}`;
    },
    serviceNumber,
    /**
     * A sub-account of the main account, as Twilio's Accounts API creates one: its own SID and
     * Auth Token, which sign its webhooks; messages sent with its credentials are recorded and
     * billed under it (`SentMessage.accountSid`, its own Usage Records).
     */
    addSubAccount({
      friendlyName = 'Emulated sub-account',
      sid = `AC${crypto.randomBytes(16).toString('hex')}`,
      authToken = crypto.randomBytes(16).toString('hex'),
    }: {
      friendlyName?: string;
      /** Fixed credentials (the demo's, kept in its database across runs); random by default. */
      sid?: string;
      authToken?: string;
    } = {}) {
      accounts.set(sid, {
        sid,
        authToken,
        friendlyName,
        status: 'active',
        type: 'Full',
        parentSid: options.accountSid,
        usage: createUsageRecords({ accountSid: sid }),
      });
      return { sid, authToken };
    },
    /** The account's numbers, Messaging Services and WhatsApp senders (where Twilio keeps the inbound webhook). */
    numbers,
    async start() {
      await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
      return this;
    },
    /** Resolves once the status callbacks on their way are answered (before a test stops its Strapi). */
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      stopped = true;
      // A callback posted before the stop is answered before the caller stops its Strapi.
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /**
     * Where inbound messages are posted, and (behind a proxy) the public URL they are signed for.
     * A list is posted to round-robin, one message each, as a load balancer spreads them over
     * several instances; `signedUrl` is then the balancer's address.
     */
    setWebhookUrl(url: string | string[], signedUrl?: string) {
      webhookUrls = Array.isArray(url) ? [...url] : [url];
      nextWebhook = 0;
      webhookSignedUrl = signedUrl;
      // The URL Twilio is configured with: the number's "A message comes in" webhook.
      const configured = signedUrl ?? webhookUrls[0];
      if (configured) numbers.setServiceNumberWebhook(configured);
    },
    /** Moves the emulator's clock (WhatsApp's 24-hour window) forward, e.g. 25 hours. */
    advanceClock(ms: number) {
      clockOffsetMs += ms;
    },
    /** The next `count` sends answer with this HTTP status (e.g. 500, 429) instead of succeeding. */
    failNextSends(count: number, status = 500, code = 20500, message = 'Internal Server Error') {
      for (let i = 0; i < count; i += 1) pendingFailures.push({ status, code, message });
    },
    /**
     * Usage Twilio would have recorded besides what the emulator counts itself (a category it
     * never meets, another day, a sub-account's); served by the Usage Records list.
     */
    seedUsage(entries: UsageEntry[]) {
      usage.entries.push(...entries);
    },
    /**
     * A member's message, POSTed to the plugin's webhook exactly as Twilio would (and billed as it would).
     * Several webhook URLs take turns; `webhook` sends this one message to a given one instead.
     */
    async sendInbound(message: InboundMessage, webhook?: { url: string; signedUrl?: string }) {
      if (!webhook && webhookUrls.length === 0)
        throw new Error('The emulator has no webhook URL: call setWebhookUrl first');
      const webhookUrl = webhook ? webhook.url : webhookUrls[nextWebhook++ % webhookUrls.length];
      const signedUrl = webhook ? webhook.signedUrl : webhookSignedUrl;
      const { from } = message;
      const viaRcs = from.startsWith('rcs:');
      if (viaRcs && !rcs) throw new Error('The emulator has no RCS sender: pass the `rcs` option');
      const account = accountOf(message.accountSid);
      if (!viaRcs) account.usage.countMessage('inbound', from);
      lastInboundAt.set(from, now());
      const attachments = message.media ?? [];
      const messageSid = message.messageSid ?? newSid(attachments.length > 0 ? 'MM' : 'SM');
      const mediaParams: Record<string, string> = {};
      attachments.forEach((attachment, i) => {
        const mediaSid = newSid('ME');
        media.set(mediaSid, attachment);
        mediaParams[`MediaUrl${i}`] =
          `https://api.twilio.com/2010-04-01/Accounts/${account.sid}/Messages/${messageSid}/Media/${mediaSid}`;
        mediaParams[`MediaContentType${i}`] = attachment.contentType;
      });
      const params: Record<string, string> = {
        SmsMessageSid: messageSid,
        MessageSid: messageSid,
        SmsSid: messageSid,
        AccountSid: account.sid,
        From: from,
        To: message.to ?? (viaRcs ? rcs!.sender : serviceNumber),
        // Through the service: RCS to its sender, or an SMS to its fallback number.
        ...(viaRcs || (rcs && message.to === rcs.fallbackNumber)
          ? { MessagingServiceSid: rcs!.messagingServiceSid }
          : {}),
        Body: message.body,
        NumMedia: String(attachments.length),
        ...mediaParams,
        NumSegments: '1',
        MessageType: attachments.length > 0 ? messageTypeOf(attachments[0].contentType) : 'text',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        ...(from.startsWith('whatsapp:')
          ? { WaId: from.replace('whatsapp:+', ''), ProfileName: message.profileName ?? 'Simulator' }
          : {}),
        ...message.extra,
      };
      return {
        messageSid,
        params,
        webhookUrl,
        ...(await postSigned(webhookUrl, account.authToken, params, signedUrl)),
      };
    },
    /** The member taps a button of a quick reply we sent: Twilio posts its title as the text, its id as the payload. */
    tap(message: SentMessage, title: string) {
      const button = message.buttons?.find((candidate) => candidate.title === title);
      if (!button) throw new Error(`The message ${message.sid} has no button "${title}"`);
      return this.sendInbound({
        from: message.to,
        body: button.title,
        extra: {
          ButtonText: button.title,
          ButtonPayload: button.id,
          MessageType: 'button',
          OriginalRepliedMessageSid: message.sid,
        },
      });
    },
    /** The member picks an item of a list picker we sent: Twilio posts its title as the text, with ListId and ListTitle. */
    pick(message: SentMessage, title: string) {
      const item = message.list?.items.find((candidate) => candidate.title === title);
      if (!item) throw new Error(`The message ${message.sid} has no list item "${title}"`);
      return this.sendInbound({
        from: message.to,
        body: item.title,
        extra: {
          ListId: item.id,
          ListTitle: item.title,
          MessageType: 'interactive',
          OriginalRepliedMessageSid: message.sid,
        },
      });
    },
    /** Resolves once `predicate` holds for the recorded messages; rejects after `timeoutMs`. */
    waitFor: log.waitFor,
    /** Messages sent to one address (with or without the whatsapp: or rcs: prefix). */
    sentTo(address: string) {
      return sent.filter(
        (message) =>
          message.to === address || message.to === `whatsapp:${address}` || message.to === `rcs:${address}`
      );
    },
    /** The RCS Messaging Service (with `setCapable` to say which devices have RCS), if one was given. */
    rcs,
  };
};

export type TwilioEmulator = ReturnType<typeof createTwilioEmulator>;
