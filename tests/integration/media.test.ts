import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { DEFAULT_MESSAGES } from '../../server/src/router/replies';
import { picturesOf } from '../../simulator/scripted-llm';
import type { InboundAttachment } from '../../simulator/twilio-emulator';
import { eventually, settle } from '../support/eventually';
import { linkPhone } from '../support/members';
import { longOpusNote, oggPage } from '../support/ogg';
import { ACCOUNT_SID, startPipeline, type Pipeline } from '../support/pipeline';

/**
 * Voice notes, pictures and other attachments from a linked member, through the real pipeline:
 * the emulator keeps each attachment and serves it as Twilio does (basic auth, then a redirect to
 * its CDN), the plugin downloads it, the scripted model's /audio/transcriptions transcribes it
 * (from the sample's TRANSCRIPT= comment) and its chat endpoint records what the model received.
 */

const [ada, ben, chloe] = DEMO_USERS;
const samples = path.join(__dirname, '../../simulator/samples');
const voiceNote = (name = 'who-should-i-meet.ogg'): InboundAttachment => ({
  contentType: 'audio/ogg',
  data: fs.readFileSync(path.join(samples, name)),
});
const picture = (): InboundAttachment => ({
  contentType: 'image/png',
  data: fs.readFileSync(path.join(samples, 'picture.png')),
});

let pipeline: Pipeline;
let phone: string;
const strapi = () => pipeline.playground.strapi;
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const repliesTo = () => pipeline.twilio.sentTo(`whatsapp:${phone}`);
/** What the model was asked in each call: the call's latest user message (earlier ones are history). */
const userMessages = () =>
  pipeline.llm.requests.map((request) =>
    request.messages.filter((message) => message.role === 'user').at(-1)
  );

/** Sends one message (with attachments) from the member's phone and returns the reply it gets. */
const send = async (body: string, media: InboundAttachment[] = [], extra: Record<string, string> = {}) => {
  const result = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body, media, extra });
  expect(result.status).toBe(200);
  return result;
};
const nextReply = async (before: number) => {
  await pipeline.twilio.waitFor(() => repliesTo().length > before);
  await settle(400);
  return repliesTo()
    .slice(before)
    .map((message) => message.body);
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_VISION: 'on', WHATSAPP_AGENT_MAX_ATTEMPTS: '2' } });
  phone = await linkPhone(pipeline, '+4917600000501', ada.email);
});

beforeEach(() => {
  pipeline.llm.reset();
  pipeline.twilio.mediaRequests.length = 0;
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('voice notes', () => {
  it('transcribes a voice note before the turn and answers it as its text', async () => {
    pipeline.llm.script({ content: 'Meet *Ben*: you share climate tech.' });
    const before = repliesTo().length;
    const { messageSid } = await send('', [voiceNote()]);
    expect(await nextReply(before)).toEqual(['Meet *Ben*: you share climate tech.']);

    expect(pipeline.llm.transcriptions).toEqual([
      expect.objectContaining({
        model: 'whisper-1',
        responseFormat: 'verbose_json',
        fileName: 'voice-note.ogg',
      }),
    ]);
    expect(userMessages()).toEqual([{ role: 'user', content: '[voice note] Who should I meet?' }]);
    // Twilio's media URL with the account's credentials, its CDN without them.
    expect(pipeline.twilio.mediaRequests).toEqual([
      {
        path: expect.stringMatching(`^/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM\\w+/Media/ME\\w+$`),
        authorized: true,
      },
      { path: expect.stringMatching(/^\/media-cdn\/ME\w+$/), authorized: false },
    ]);
    await eventually(async () =>
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' })
    );
    const [row] = await ledger().findMany({
      where: { kind: 'transcription', channelId: (await channel()).id },
    });
    expect(row).toMatchObject({ model: 'whisper-1', units: expect.any(Number), userId: expect.any(Number) });
    expect(row.units).toBeGreaterThanOrEqual(1);
    // whisper-1 at $0.006 a minute: a second or two is a few hundred micro-dollars.
    expect(row.llmMicros).toBeGreaterThan(0);
    expect(row.llmMicros).toBeLessThan(1_000);
    expect((await channel()).history).toContainEqual({
      role: 'user',
      content: '[voice note] Who should I meet?',
    });
  });

  it('answers typed text and a voice note of one burst in one turn', async () => {
    pipeline.llm.script({ content: 'One answer to both.' });
    const before = repliesTo().length;
    await send('Hi, quick question');
    await send('', [voiceNote('events-next-week.ogg')]);
    expect(await nextReply(before)).toEqual(['One answer to both.']);
    expect(pipeline.llm.requests).toHaveLength(1);
    expect(userMessages()).toEqual([
      { role: 'user', content: 'Hi, quick question\n[voice note] Any events next week?' },
    ]);
  });

  it('answers a voice note over the length limit politely, without transcribing it', () =>
    // A real note of 140 × 1.37 s (3.2 minutes), every page valid.
    expectNotTranscribed(
      { contentType: 'audio/ogg', data: longOpusNote(voiceNote().data, 140) },
      DEFAULT_MESSAGES.voiceTooLong.replace('{minutes}', '3')
    ));

  it('measures a note from its audio: a forged last page does not make a long note short', () =>
    // 276 s of real audio whose last page claims one second (its CRC valid): the old reading of
    // the last granule position said 1 s and sent all of it to be transcribed.
    expectNotTranscribed(
      { contentType: 'audio/ogg', data: longOpusNote(voiceNote().data, 200, { granule: 48_000n }) },
      DEFAULT_MESSAGES.voiceUnreadable
    ));

  it('refuses a file that is not a voice note, whatever its last bytes say', () => {
    // The sample's first page, 600 KB of filler and a 29-byte page claiming half a second.
    const data = voiceNote().data;
    const firstPage = data.subarray(0, 27 + data[26] + data[27]);
    const fake = oggPage({ packets: [Buffer.from([0x08])], granule: 24_000n, sequence: 1, flags: 0x04 });
    return expectNotTranscribed(
      { contentType: 'audio/ogg', data: Buffer.concat([firstPage, Buffer.alloc(600_000, 0x55), fake]) },
      DEFAULT_MESSAGES.voiceUnreadable
    );
  });

  it('apologises when transcription fails, and marks the message failed but answered', async () => {
    // The openai client tries twice.
    pipeline.llm.scriptTranscription({ status: 500 }, { status: 500 });
    const before = repliesTo().length;
    const { messageSid } = await send('', [voiceNote()]);
    expect(await nextReply(before)).toEqual([DEFAULT_MESSAGES.voiceFailed]);
    expect(pipeline.llm.requests).toHaveLength(0);
    await eventually(async () =>
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^Transcription failed/),
      })
    );
    await settle(1_000);
    expect(repliesTo()).toHaveLength(before + 1);
  });
});

describe('the daily transcription budget', () => {
  const settings = () => strapi().plugin('whatsapp-agent').service('settings');
  const transcribedFor = async (userId: number) =>
    ledger().findMany({ where: { kind: 'transcription', userId }, orderBy: { id: 'asc' } });
  const userOf = async (email: string) =>
    (await strapi().db.query('plugin::users-permissions.user').findOne({ where: { email } })).id;
  const budgetReply = (seconds: number) =>
    DEFAULT_MESSAGES.voiceBudget.replace('{minutes}', String(Math.round((seconds / 60) * 10) / 10));

  afterAll(async () => {
    await settings().update({ media: { transcriptionSecondsPerDay: null } });
  });

  it('counts the seconds the provider reports, and transcribes nothing over the budget', async () => {
    await settings().update({ media: { transcriptionSecondsPerDay: 60 } });
    const benPhone = await linkPhone(pipeline, '+4917600000502', ben.email);
    const benReplies = () => pipeline.twilio.sentTo(`whatsapp:${benPhone}`);
    // The provider counts 100 s for this 1.4 s note (and bills them): the budget follows its count.
    pipeline.llm.scriptTranscription({ text: 'Who should I meet?', seconds: 100 });
    pipeline.llm.script({ content: 'Meet *Chloe*.' });
    let before = benReplies().length;
    await pipeline.twilio.sendInbound({ from: `whatsapp:${benPhone}`, body: '', media: [voiceNote()] });
    await pipeline.twilio.waitFor(() => benReplies().length > before);
    expect(benReplies().at(-1)?.body).toBe('Meet *Chloe*.');

    before = benReplies().length;
    await pipeline.twilio.sendInbound({ from: `whatsapp:${benPhone}`, body: '', media: [voiceNote()] });
    await pipeline.twilio.waitFor(() => benReplies().length > before);
    await settle(400);
    expect(pipeline.llm.transcriptions).toHaveLength(1);
    expect(pipeline.llm.requests).toHaveLength(1);
    expect(
      benReplies()
        .slice(before)
        .map((message) => message.body)
    ).toEqual([budgetReply(60)]);
    expect(await transcribedFor(await userOf(ben.email))).toEqual([expect.objectContaining({ units: 100 })]);
  });

  it('checks the budget before each voice note of a message', async () => {
    // Each 1.37 s note counts 2 s (whole seconds, as the ledger keeps them): two fit in 5 s.
    await settings().update({ media: { transcriptionSecondsPerDay: 5 } });
    const chloePhone = await linkPhone(pipeline, '+4917600000503', chloe.email);
    const chloeReplies = () => pipeline.twilio.sentTo(`whatsapp:${chloePhone}`);
    const before = chloeReplies().length;
    await pipeline.twilio.sendInbound({
      from: `whatsapp:${chloePhone}`,
      body: '',
      media: Array.from({ length: 4 }, () => voiceNote()),
    });
    await pipeline.twilio.waitFor(() => chloeReplies().length > before);
    await settle(400);
    expect(pipeline.llm.transcriptions).toHaveLength(2);
    expect(pipeline.llm.requests).toHaveLength(0);
    expect(
      chloeReplies()
        .slice(before)
        .map((message) => message.body)
    ).toEqual([budgetReply(5)]);
    await eventually(async () =>
      expect(await transcribedFor(await userOf(chloe.email))).toEqual([
        expect.objectContaining({ units: 2 }),
        expect.objectContaining({ units: 2 }),
      ])
    );
  });
});

describe('pictures and other attachments', () => {
  it('shows a picture with its caption to a vision model as an image part', async () => {
    pipeline.llm.script({ content: 'A teal square.' });
    const before = repliesTo().length;
    await send('What is this?', [picture()]);
    expect(await nextReply(before)).toEqual(['A teal square.']);
    const [request] = pipeline.llm.requests;
    expect(picturesOf(request)).toEqual([`data:image/png;base64,${picture().data.toString('base64')}`]);
    expect(request.parts?.[0].parts[0]).toEqual({ type: 'text', text: '[picture] What is this?' });
    // The conversation keeps the words, not the picture.
    const history = JSON.stringify((await channel()).history);
    expect(history).toContain('[picture] What is this?');
    expect(history).not.toContain('base64');
  });

  it('never fetches a media URL on a foreign host, and tells the member', async () => {
    const connections: string[] = [];
    const foreign = http.createServer((req, res) => res.end('secret'));
    foreign.on('connection', (socket) => connections.push(String(socket.remoteAddress)));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = foreign.address() as AddressInfo;
      const before = repliesTo().length;
      await send('', [], {
        NumMedia: '1',
        MediaUrl0: `https://127.0.0.1:${port}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM1/Media/ME1`,
        MediaContentType0: 'audio/ogg',
      });
      expect(await nextReply(before)).toEqual([
        DEFAULT_MESSAGES.mediaRefused.replace(
          '{handled}',
          'text, voice notes, pictures and shared locations'
        ),
      ]);
      await settle(500);
      expect(connections).toEqual([]);
      expect(pipeline.llm.transcriptions).toHaveLength(0);
      expect(pipeline.llm.requests).toHaveLength(0);
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it('follows a media redirect only to Twilio’s media hosts, never to a loopback address', async () => {
    const connections: string[] = [];
    const loopback = net.createServer((socket) => {
      connections.push(String(socket.remoteAddress));
      socket.destroy();
    });
    await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = loopback.address() as AddressInfo;
      const before = repliesTo().length;
      await send('', [{ ...voiceNote(), redirectTo: `https://127.0.0.1:${port}/internal/secret` }]);
      expect(await nextReply(before)).toEqual([
        DEFAULT_MESSAGES.mediaRefused.replace(
          '{handled}',
          'text, voice notes, pictures and shared locations'
        ),
      ]);
      await settle(500);
      expect(connections).toEqual([]);
      // Twilio's media URL was asked (with the credentials); the redirect was not followed.
      expect(pipeline.twilio.mediaRequests).toEqual([
        { path: expect.stringMatching(/\/Media\/ME\w+$/), authorized: true },
      ]);
      expect(pipeline.llm.transcriptions).toHaveLength(0);
    } finally {
      await new Promise((resolve) => loopback.close(resolve));
    }
  });

  it('refuses an attachment over the size limit, or served as another type, storing nothing but the inbox row', async () => {
    const historyBefore = (await channel()).history;
    const before = repliesTo().length;
    const { messageSid } = await send('', [
      { contentType: 'audio/ogg', data: Buffer.alloc(16 * 1024 * 1024 + 1, 1) },
    ]);
    expect(await nextReply(before)).toEqual([DEFAULT_MESSAGES.mediaTooLarge.replace('{limit}', '16 MB')]);

    const next = repliesTo().length;
    await send('', [{ ...voiceNote(), servedAs: 'text/html' }]);
    expect(await nextReply(next)).toEqual([
      DEFAULT_MESSAGES.mediaRefused.replace('{handled}', 'text, voice notes, pictures and shared locations'),
    ]);

    expect(pipeline.llm.transcriptions).toHaveLength(0);
    expect(pipeline.llm.requests).toHaveLength(0);
    expect((await channel()).history).toEqual(historyBefore);
    const row = await inbound().findOne({ where: { messageSid } });
    expect(row).toMatchObject({ status: 'processed' });
    expect(row.media).toEqual([
      { url: expect.stringMatching(/^https:\/\/api\.twilio\.com\//), contentType: 'audio/ogg' },
    ]);
  });

  it('names what it can handle when sent a video, without downloading it', async () => {
    const before = repliesTo().length;
    await send('Look!', [{ contentType: 'video/mp4', data: Buffer.from('not really a video') }]);
    expect(await nextReply(before)).toEqual([
      'Sorry, I cannot open videos here. I understand text, voice notes, pictures and shared locations.',
    ]);
    expect(pipeline.twilio.mediaRequests).toEqual([]);
    expect(pipeline.llm.requests).toHaveLength(0);
  });

  it('gives the model a shared location as text', async () => {
    pipeline.llm.script({ content: 'Near you: *Climate Social*.' });
    const before = repliesTo().length;
    await send('', [], { Latitude: '52.5219', Longitude: '13.4132', Address: 'Alexanderplatz, Berlin' });
    expect(await nextReply(before)).toEqual(['Near you: *Climate Social*.']);
    expect(userMessages()).toEqual([
      { role: 'user', content: '[location] I am at Alexanderplatz, Berlin (52.5219, 13.4132)' },
    ]);
  });

  it('answers a picture with the fixed reply, and no model call, when the model does not see images', async () => {
    await pipeline.restart({ WHATSAPP_AGENT_VISION: 'auto' });
    const before = repliesTo().length;
    await send('What is this?', [picture()]);
    expect(await nextReply(before)).toEqual([DEFAULT_MESSAGES.picturesNotUnderstood]);
    expect(pipeline.llm.requests).toHaveLength(0);
    expect(pipeline.twilio.mediaRequests).toEqual([]);
  });
});

const channel = async () => channels().findOne({ where: { address: phone } });

/** Sends one voice note that must not be transcribed, and expects `reply` and no model call. */
const expectNotTranscribed = async (note: InboundAttachment, reply: string) => {
  const before = repliesTo().length;
  const { messageSid } = await send('', [note]);
  expect(await nextReply(before)).toEqual([reply]);
  expect(pipeline.llm.transcriptions).toHaveLength(0);
  expect(pipeline.llm.requests).toHaveLength(0);
  await eventually(async () =>
    expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' })
  );
};
