import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { createMetaEmulator, type MetaEmulator } from '../../simulator/meta-emulator';
import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import { newSid, postSigned } from '../../simulator/twilio-emulator';
import { settle } from './eventually';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  SERVICE_NUMBER,
  startPipeline,
  WEBHOOK_PATH,
  WEBHOOK_TOKEN,
  type Pipeline,
} from './pipeline';
import { freePort, startPlayground, type Playground } from './playground';

/** A message the member's phone received, whichever provider carried it. */

/** Meta's subscription handshake with a wrong verify token, to any provider's webhook URL. */
const wrongHandshake = async (webhookUrl: string) => {
  const query = new URLSearchParams({
    'hub.mode': 'subscribe',
    'hub.verify_token': 'wrong-token',
    'hub.challenge': '12345',
  });
  const response = await fetch(`${webhookUrl}?${query}`);
  return { status: response.status, body: await response.text() };
};

export type Received = {
  id: string;
  body: string;
  status: string;
  buttons?: Array<{ id: string; title: string }>;
  list?: { items: Array<{ id: string; title: string }> };
  /** The template it went out as, in the provider's own terms (a Content SID, a name). */
  template?: string;
  errorCode?: number;
};

/**
 * One provider with its emulator and a playground Strapi wired to it, driven the same way by the
 * parameterised provider suite: a member's phone that sends, taps, picks, speaks, and reads.
 */
export type ProviderHarness = {
  name: 'twilio' | 'meta';
  playground: () => Playground;
  llm: ScriptedLlm;
  /** The window's error code at this provider and the template reference the admin sets for `reengagement`. */
  windowClosedCode: number;
  reengagementTemplate: string;
  /** What the ledger adds on top of Meta's prices for each message (a BSP's fee). */
  bspFeeMicros: number;
  send(phone: string, body: string): Promise<{ status: number; messageId: string }>;
  sendVoiceNote(phone: string, audio: Buffer): Promise<{ status: number; messageId: string }>;
  /** Posts one message twice, as a provider retrying a delivery does. */
  sendTwice(phone: string, body: string): Promise<{ statuses: number[]; messageId: string }>;
  /** A message signed with the wrong secret. */
  sendForged(phone: string, body: string): Promise<{ status: number; messageId: string }>;
  /**
   * A subscription handshake (Meta's GET with `hub.challenge`) with a wrong verify token: the
   * status and body. Sent to a provider without a handshake (Twilio) as well.
   */
  handshakeWithWrongToken(): Promise<{ status: number; body: string }>;
  /** How a wrong handshake is refused: 403 where the provider has one, 404 where it has none. */
  handshakeRefusal: number;
  tap(received: Received, title: string): Promise<{ status: number; messageId: string }>;
  pick(received: Received, title: string): Promise<{ status: number; messageId: string }>;
  received(phone: string): Received[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<unknown>;
  /** Moves the provider's clock (its 24-hour window) forward. */
  advanceClock(ms: number): void;
  /** The inbound message ids the typing indicator was shown for. */
  typing(): string[];
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

const BASE_ENV = { WHATSAPP_AGENT_BURST_WINDOW_MS: '0', WHATSAPP_AGENT_SCHEDULER: 'off' };

const startTwilio = async (): Promise<ProviderHarness> => {
  const pipeline: Pipeline = await startPipeline({ env: BASE_ENV });
  const { twilio } = pipeline;
  const toReceived = (message: (typeof twilio.sent)[number]): Received => ({
    id: message.sid,
    body: message.body,
    status: message.status,
    buttons: message.buttons,
    list: message.list,
    template: message.contentSid && !message.buttons && !message.list ? message.contentSid : undefined,
    errorCode: message.errorCode,
  });
  const address = (phone: string) => `whatsapp:${phone}`;
  const sentAs = (received: Received) => twilio.sent.find((message) => message.sid === received.id)!;
  /** What the emulator answers to a post, with its MessageSid under the harness's name. */
  const posted = ({ status, messageSid }: { status: number; messageSid: string }) => ({
    status,
    messageId: messageSid,
  });
  return {
    name: 'twilio',
    playground: () => pipeline.playground,
    llm: pipeline.llm,
    windowClosedCode: 63016,
    bspFeeMicros: 5_000,
    reengagementTemplate: EMULATOR_TEMPLATES.reengagement,
    send: async (phone, body) => posted(await twilio.sendInbound({ from: address(phone), body })),
    sendVoiceNote: async (phone, audio) =>
      posted(
        await twilio.sendInbound({
          from: address(phone),
          body: '',
          media: [{ contentType: 'audio/ogg', data: audio }],
        })
      ),
    async sendTwice(phone, body) {
      const messageSid = newSid('SM');
      const first = await twilio.sendInbound({ from: address(phone), body, messageSid });
      const second = await twilio.sendInbound({ from: address(phone), body, messageSid });
      return { statuses: [first.status, second.status], messageId: messageSid };
    },
    async sendForged(phone, body) {
      // What Twilio would post, signed with another Auth Token. Built here, not copied from a real
      // message's post: that message's reply would still be on its way when the file stops its
      // emulators (an ECONNREFUSED at teardown).
      const messageSid = newSid('SM');
      const forged = {
        SmsMessageSid: messageSid,
        MessageSid: messageSid,
        SmsSid: messageSid,
        AccountSid: ACCOUNT_SID,
        From: address(phone),
        To: `whatsapp:${SERVICE_NUMBER}`,
        Body: body,
        NumMedia: '0',
        NumSegments: '1',
        MessageType: 'text',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        WaId: phone.replace('+', ''),
        ProfileName: 'Simulator',
      };
      const webhookUrl = `${pipeline.playground.baseUrl}${WEBHOOK_PATH}`;
      const { status } = await postSigned(webhookUrl, `${AUTH_TOKEN}-wrong`, forged);
      return { status, messageId: messageSid };
    },
    handshakeWithWrongToken: () => wrongHandshake(`${pipeline.playground.baseUrl}${WEBHOOK_PATH}`),
    handshakeRefusal: 404,
    tap: async (received, title) => posted(await twilio.tap(sentAs(received), title)),
    pick: async (received, title) => posted(await twilio.pick(sentAs(received), title)),
    received: (phone) => twilio.sentTo(address(phone)).map(toReceived),
    waitFor: (predicate, timeoutMs) => twilio.waitFor(predicate, timeoutMs),
    advanceClock: (ms) => twilio.advanceClock(ms),
    typing: () => twilio.typing.map((entry) => entry.messageId),
    restart: (env) => pipeline.restart(env),
    stop: () => pipeline.stop(),
  };
};

export const META_PHONE_NUMBER_ID = '106540352242922';
const META = {
  phoneNumberId: META_PHONE_NUMBER_ID,
  businessAccountId: '102290129340398',
  displayPhoneNumber: '+15550001234',
  accessToken: 'EAAtest-access-token-0123456789',
  appSecret: 'test-app-secret-0123456789',
  verifyToken: 'test-verify-token-0123456789',
};

/**
 * Where the plugin reaches the provider's API and where the emulator posts its webhooks, when a
 * test puts something between them (the contract tests' recording proxies).
 */
export type ProviderRouting = {
  apiUrl?: (emulatorUrl: string) => string;
  webhookUrl?: (strapiUrl: string) => string;
};

const startMeta = async (routing: ProviderRouting = {}): Promise<ProviderHarness> => {
  const meta: MetaEmulator = await createMetaEmulator(META).start();
  const llm = await createScriptedLlm().start();
  const port = await freePort();
  const localUrl = `http://127.0.0.1:${port}`;
  const webhookPath = `/api/whatsapp-agent/webhooks/meta/${WEBHOOK_TOKEN}`;
  const env = {
    ...BASE_ENV,
    META_WHATSAPP_PHONE_NUMBER_ID: META.phoneNumberId,
    META_WHATSAPP_BUSINESS_ACCOUNT_ID: META.businessAccountId,
    META_WHATSAPP_ACCESS_TOKEN: META.accessToken,
    META_APP_SECRET: META.appSecret,
    META_WEBHOOK_VERIFY_TOKEN: META.verifyToken,
    WHATSAPP_AGENT_META_API_URL: routing.apiUrl?.(meta.url) ?? meta.url,
    WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    WHATSAPP_AGENT_PUBLIC_URL: localUrl,
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'test-key',
    WHATSAPP_AGENT_MODEL: 'scripted-model',
  };
  meta.setWebhookUrl(`${routing.webhookUrl?.(localUrl) ?? localUrl}${webhookPath}`);
  let playground = await startPlayground({ env, port });
  const toReceived = (message: MetaEmulator['sent'][number]): Received => ({
    id: message.id,
    body: message.body,
    status: message.status,
    buttons: message.buttons,
    list: message.list,
    template: message.template ? `${message.template.name}:${message.template.language}` : undefined,
    errorCode: message.errorCode,
  });
  return {
    name: 'meta',
    playground: () => playground,
    llm,
    windowClosedCode: 131047,
    bspFeeMicros: 0,
    reengagementTemplate: 'answer_waiting:en',
    send: (phone, body) => meta.sendInbound({ from: phone, body }),
    sendVoiceNote: (phone, audio) =>
      meta.sendInbound({ from: phone, media: { contentType: 'audio/ogg; codecs=opus', data: audio } }),
    async sendTwice(phone, body) {
      const first = await meta.sendInbound({ from: phone, body });
      const second = await meta.repost(first.payload);
      return { statuses: [first.status, second.status], messageId: first.messageId };
    },
    sendForged: (phone, body) =>
      meta.sendInbound({ from: phone, body, appSecret: `${META.appSecret}-wrong` }),
    handshakeWithWrongToken: () => wrongHandshake(`${localUrl}${webhookPath}`),
    handshakeRefusal: 403,
    tap: (received, title) => meta.tap(meta.sent.find((message) => message.id === received.id)!, title),
    pick: (received, title) => meta.pick(meta.sent.find((message) => message.id === received.id)!, title),
    received: (phone) => meta.sentTo(phone).map(toReceived),
    waitFor: (predicate, timeoutMs) => meta.waitFor(predicate, timeoutMs),
    advanceClock: (ms) => meta.advanceClock(ms),
    typing: () => [...meta.typing],
    async restart(extraEnv = {}) {
      await meta.idle();
      await playground.stop({ keepDatabase: true });
      playground = await startPlayground({
        env: { ...env, ...extraEnv },
        database: playground.database,
        port,
      });
    },
    async stop() {
      await meta.stop();
      await llm.stop();
      await settle(300);
      await playground.stop();
    },
  };
};

export const startProvider = (name: ProviderHarness['name'], routing?: ProviderRouting) =>
  name === 'meta' ? startMeta(routing) : startTwilio();
