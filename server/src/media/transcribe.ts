import OpenAI, { toFile } from 'openai';
import type { DownloadedMedia } from '../channels/adapter';

export type TranscriptionSettings = {
  /** Only ever given with the base URL it was set for (as the chat model's key). */
  apiKey?: string;
  baseUrl: string;
  model: string;
  timeoutMs: number;
};

export type Transcript = {
  text: string;
  /** As the provider detected it (whisper's `verbose_json`); the member is never asked. */
  language?: string;
  /** Seconds the provider counted, when it says (it bills them). */
  seconds?: number;
};

/** The file name tells the provider the format; it sniffs the bytes too. */
const EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
};

/**
 * Voice notes to text through the OpenAI-compatible `/audio/transcriptions` endpoint, with the
 * official client. The language is left for the model to detect. `whisper-*` models answer
 * `verbose_json` (language and duration); the gpt-4o transcribe models only `json`.
 */
export const createTranscriber = (settings: TranscriptionSettings) => {
  const client = new OpenAI({
    apiKey: settings.apiKey ?? 'no-key',
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
    maxRetries: 1,
  });
  const verbose = /^whisper/i.test(settings.model);

  return {
    model: settings.model,
    async transcribe(audio: DownloadedMedia): Promise<Transcript> {
      const file = await toFile(audio.data, `voice-note.${EXTENSIONS[audio.contentType] ?? 'ogg'}`, {
        type: audio.contentType,
      });
      const result = (await client.audio.transcriptions.create({
        file,
        model: settings.model,
        response_format: verbose ? 'verbose_json' : 'json',
      })) as {
        text?: string;
        language?: string;
        duration?: number;
        usage?: { type?: string; seconds?: number };
      };
      return {
        text: (result.text ?? '').trim(),
        language: result.language,
        seconds: result.duration ?? (result.usage?.type === 'duration' ? result.usage.seconds : undefined),
      };
    },
  };
};

export type Transcriber = ReturnType<typeof createTranscriber>;
