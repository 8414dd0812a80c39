import { field } from '../field';
import { fieldSchemas } from '../rules';

/**
 * The base URL a transcription key is bound to when no transcription base URL is set beside it: one
 * that cannot exist (RFC 2606 reserves `.invalid`). Without its own base URL, voice notes go to
 * the AI model's endpoint with the AI key, so such a key is sent nowhere — not to OpenAI, not to
 * a base URL set later — until it is entered again for a base URL.
 */
export const NO_TRANSCRIPTION_URL = 'https://no-transcription-base-url.invalid';

/**
 * Voice notes and pictures (see field.ts): the transcription endpoint, its key (bound to its base
 * URL like the AI key), its limits, and whether pictures go to the model.
 */
export const MEDIA_SETTINGS = {
  transcriptionModel: field(fieldSchemas.model, {
    label: {
      en: 'Transcription model',
      de: 'Transkriptionsmodell',
      fr: 'Modèle de transcription',
      es: 'Modelo de transcripción',
    },
    help: {
      en: 'whisper-1, gpt-4o-mini-transcribe…',
      de: 'whisper-1, gpt-4o-mini-transcribe…',
      fr: 'whisper-1, gpt-4o-mini-transcribe…',
      es: 'whisper-1, gpt-4o-mini-transcribe…',
    },
    env: 'WHATSAPP_AGENT_TRANSCRIPTION_MODEL',
    fromConfig: (config) => config.media.transcription.model,
  }),
  transcriptionBaseUrl: field(fieldSchemas.httpUrl, {
    label: {
      en: 'Transcription base URL',
      de: 'Basis-URL der Transkription',
      fr: 'URL de base de la transcription',
      es: 'URL base de transcripción',
    },
    help: {
      en: 'Empty: the AI model’s endpoint and key',
      de: 'Leer: Endpunkt und Schlüssel des KI-Modells',
      fr: 'Vide : le point d’accès et la clé du modèle d’IA',
      es: 'Vacía: el endpoint y la clave del modelo de IA',
    },
    env: 'WHATSAPP_AGENT_TRANSCRIPTION_BASE_URL',
    fromConfig: (config) => config.media.transcription.baseUrl,
  }),
  transcriptionApiKey: field(fieldSchemas.secret, {
    label: {
      en: 'Transcription API key',
      de: 'API-Schlüssel der Transkription',
      fr: 'Clé d’API de la transcription',
      es: 'Clave de API de transcripción',
    },
    secret: true,
    env: 'WHATSAPP_AGENT_TRANSCRIPTION_API_KEY',
    fromConfig: (config) => config.media.transcription.apiKey,
    boundTo: { field: 'transcriptionBaseUrl', whenUnset: NO_TRANSCRIPTION_URL },
  }),
  transcriptionMaxSeconds: field(fieldSchemas.transcriptionMaxSeconds, {
    label: {
      en: 'Longest voice note (seconds)',
      de: 'Längste Sprachnachricht (Sekunden)',
      fr: 'Message vocal le plus long (secondes)',
      es: 'Nota de voz más larga (segundos)',
    },
    help: {
      en: '5–3600; longer ones get a polite reply and cost nothing',
      de: '5–3600; längere bekommen eine höfliche Antwort und kosten nichts',
      fr: '5–3600 ; les plus longs reçoivent une réponse polie et ne coûtent rien',
      es: '5–3600; las más largas reciben una respuesta amable y no cuestan nada',
    },
    env: 'WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS',
    fromConfig: (config) => config.media.transcription.maxSeconds,
  }),
  transcriptionSecondsPerDay: field(fieldSchemas.transcriptionSecondsPerDay, {
    label: {
      en: 'Voice notes per member per day (seconds)',
      de: 'Sprachnachrichten pro Mitglied und Tag (Sekunden)',
      fr: 'Messages vocaux par membre et par jour (secondes)',
      es: 'Notas de voz por miembro y día (segundos)',
    },
    help: {
      en: '0–86400, as the provider counts them; over it, a polite reply and no transcription',
      de: '0–86400, so wie der Anbieter sie zählt; darüber eine höfliche Antwort und keine Transkription',
      fr: '0–86400, comme le fournisseur les compte ; au-delà, une réponse polie et pas de transcription',
      es: '0–86400, tal como las cuenta el proveedor; por encima, una respuesta amable y sin transcripción',
    },
    env: 'WHATSAPP_AGENT_TRANSCRIPTION_SECONDS_PER_DAY',
    fromConfig: (config) => config.media.transcription.secondsPerDay,
  }),
  vision: field(fieldSchemas.vision, {
    label: {
      en: 'Pictures to the model',
      de: 'Bilder an das Modell',
      fr: 'Images au modèle',
      es: 'Imágenes al modelo',
    },
    help: {
      en: 'Auto: when the model’s name is a known vision model',
      de: 'Automatisch: wenn der Name des Modells ein bekanntes Bildmodell ist',
      fr: 'Auto : quand le nom du modèle est celui d’un modèle de vision connu',
      es: 'Auto: cuando el nombre del modelo es el de un modelo de visión conocido',
    },
    options: {
      auto: { en: 'Auto', de: 'Automatisch', fr: 'Auto', es: 'Auto' },
      on: { en: 'Always', de: 'Immer', fr: 'Toujours', es: 'Siempre' },
      off: { en: 'Never', de: 'Nie', fr: 'Jamais', es: 'Nunca' },
    },
    env: 'WHATSAPP_AGENT_VISION',
    fromConfig: (config) => config.media.vision,
  }),
};
