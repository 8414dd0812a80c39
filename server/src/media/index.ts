import type { Core } from '@strapi/strapi';
import type { ChatCompletionContentPartImage } from 'openai/resources/chat/completions';
import type { DownloadedMedia, InboundMedia } from '../channels/adapter';
import { MediaDownloadError } from '../channels/errors';
import type { MessageKey } from '../router/replies';
import { getService } from '../utils/get-service';
import { UnrecoverableTurnError, type Turn } from '../worker/turn';
import { allowedTypesOf, MEDIA_NAMES, mediaKindOf } from './classify';
import { createTranscriptionBudget } from './budget';
import { audioSeconds } from './duration';
import { acceptsImages, imagePart } from './image-part';
import { createTranscriber, type Transcriber, type TranscriptionSettings } from './transcribe';

type Budget = ReturnType<ReturnType<typeof createTranscriptionBudget>>;
type Say = (key: MessageKey, values?: Record<string, string | number | undefined>) => string;

/** The stage's verdict: a fixed reply and no model call, or on to the agent with these notes added to its answer. */
export type MediaVerdict = { reply: string } | { notices: string[] };

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * A linked member's attachments, made into what the agent can use before the turn runs (so the
 * answer is to the voice note, not to an empty message): voice notes are transcribed into the
 * turn's text (`[voice note] …`, in the same burst as typed messages), pictures become image parts
 * of the user message when the model accepts images, and anything else — or a picture for a model
 * that does not — gets a short fixed reply naming what the agent handles. Downloads live in memory
 * for this call only; nothing is stored but the transcript in the conversation.
 */
export const createMediaStage = (strapi: Core.Strapi, say: Say) => {
  const settings = () => getService(strapi, 'settings');
  const options = () => settings().media();
  let transcriber: { fingerprint: string; client: Transcriber } | undefined;
  const budgetOf = createTranscriptionBudget(strapi);

  const model = () => {
    const endpoint = settings().llm();
    return endpoint.ok ? endpoint.settings.model : '';
  };
  const seesPictures = () => acceptsImages(options().vision, model());
  const handled = () =>
    seesPictures()
      ? 'text, voice notes, pictures and shared locations'
      : 'text, voice notes and shared locations';

  /** The transcription endpoint (settings: its own base URL and key, else the AI model's). */
  const endpoint = (): TranscriptionSettings => {
    const transcription = settings().transcription();
    if (!transcription.ok)
      throw new UnrecoverableTurnError(`No usable endpoint to transcribe with: ${transcription.reason}`, {
        reply: say('voiceNotConfigured'),
      });
    return transcription.settings;
  };

  /** One client per endpoint, rebuilt when the settings change (not per voice note). */
  const transcriberFor = (): Transcriber => {
    const settingsNow = endpoint();
    const fingerprint = JSON.stringify(settingsNow);
    if (transcriber?.fingerprint !== fingerprint)
      transcriber = { fingerprint, client: createTranscriber(settingsNow) };
    return transcriber.client;
  };

  /** A download, or the note the member gets instead; a provider failing is an apology (not retried). */
  const download = async (
    media: InboundMedia,
    kind: 'voice' | 'picture'
  ): Promise<DownloadedMedia | { notice: string }> => {
    const downloader = getService(strapi, 'adapters').media();
    const maxBytes = kind === 'picture' ? options().maxImageBytes : options().maxBytes;
    try {
      if (!downloader)
        throw new MediaDownloadError('The messaging provider is not configured', 'unavailable');
      return await downloader.download(media.url, {
        maxBytes,
        timeoutMs: options().downloadTimeoutMs,
        allowedTypes: allowedTypesOf(kind),
      });
    } catch (error) {
      if (!(error instanceof MediaDownloadError)) throw error;
      strapi.log.warn(`[whatsapp-agent] Attachment not used (${error.reason}): ${error.message}`);
      if (error.reason === 'too-large')
        return { notice: say('mediaTooLarge', { limit: megabytes(maxBytes) }) };
      if (error.reason !== 'unavailable') return { notice: say('mediaRefused', { handled: handled() }) };
      throw new UnrecoverableTurnError(`Attachment not downloaded: ${error.message}`, {
        reply: say(kind === 'voice' ? 'voiceFailed' : 'mediaUnavailable'),
      });
    }
  };

  /**
   * A voice note as text, or the note the member gets instead. Its length is measured from the
   * file (a file that cannot be measured is not sent anywhere), checked against the length cap
   * and the member's daily budget, and counted in the ledger — at the seconds the provider
   * reports, else at ours — when transcribed.
   */
  const listen = async (
    turn: Turn,
    media: InboundMedia,
    budget: Budget
  ): Promise<{ text: string } | { notice: string }> => {
    const audio = await download(media, 'voice');
    if ('notice' in audio) return audio;
    const { maxSeconds, secondsPerDay } = options().transcription;
    const measured = audioSeconds(audio.data, audio.contentType);
    if (measured === undefined) {
      strapi.log.warn(
        `[whatsapp-agent] Voice note not transcribed: ${audio.data.length} bytes that do not parse as ${audio.contentType}`
      );
      return { notice: say('voiceUnreadable') };
    }
    if (measured > maxSeconds)
      return { notice: say('voiceTooLong', { minutes: Math.round((maxSeconds / 60) * 10) / 10 }) };
    if (!(await budget.fits(measured)))
      return { notice: say('voiceBudget', { minutes: Math.round((secondsPerDay / 60) * 10) / 10 }) };
    const client = transcriberFor();
    let transcript;
    try {
      transcript = await client.transcribe(audio);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      strapi.log.warn(`[whatsapp-agent] Voice note not transcribed; the member gets an apology: ${message}`);
      throw new UnrecoverableTurnError(`Transcription failed: ${message}`, { reply: say('voiceFailed') });
    }
    const seconds = transcript.seconds ?? measured;
    budget.spend(seconds);
    turn.writes.ledger.push(
      getService(strapi, 'usage')
        .rows()
        .transcription(turn.account, turn.channel, { model: client.model, seconds })
    );
    return transcript.text ? { text: `[voice note] ${transcript.text}` } : { notice: say('voiceEmpty') };
  };

  return {
    hasMedia: (turn: Turn) => turn.messages.some((message) => message.media.length > 0),

    /**
     * Rewrites the turn's text (and sets its images) from its messages and their attachments. A
     * message whose attachment cannot be used adds nothing, caption included (the caption is about
     * it), so its later attachments are not even fetched; when nothing of the turn is left for
     * the model, the notes are the reply.
     */
    async prepare(turn: Turn): Promise<MediaVerdict> {
      const budget = budgetOf(turn.account.userId, options().transcription.secondsPerDay);
      const notices = new Set<string>();
      const lines: string[] = [];
      const images: ChatCompletionContentPartImage[] = [];
      for (const message of turn.messages) {
        const parts: string[] = [];
        const pictures: ChatCompletionContentPartImage[] = [];
        let usable = true;
        for (const media of message.media) {
          if (!usable) break;
          const kind = mediaKindOf(media.contentType);
          if (kind === 'voice') {
            const heard = await listen(turn, media, budget);
            if ('notice' in heard) {
              notices.add(heard.notice);
              usable = false;
            } else parts.push(heard.text);
          } else if (kind === 'picture' && seesPictures()) {
            const picture = await download(media, 'picture');
            if ('notice' in picture) {
              notices.add(picture.notice);
              usable = false;
            } else pictures.push(imagePart(picture));
          } else {
            notices.add(
              kind === 'picture'
                ? say('picturesNotUnderstood')
                : say('mediaUnsupported', { what: MEDIA_NAMES[kind], handled: handled() })
            );
            usable = false;
          }
        }
        if (!usable) continue;
        const caption = message.body.trim();
        if (pictures.length > 0)
          parts.unshift(
            `[picture${pictures.length > 1 ? `s: ${pictures.length}` : ''}]${caption ? ` ${caption}` : ''}`
          );
        else if (caption) parts.unshift(caption);
        lines.push(...parts);
        images.push(...pictures);
      }
      turn.text = lines.join('\n');
      turn.images = images;
      if (!turn.text && images.length === 0) return { reply: [...notices].join('\n\n') };
      return { notices: [...notices] };
    },
  };
};

export type MediaStage = ReturnType<typeof createMediaStage>;
