import { field } from '../field';
import { fieldSchemas } from '../rules';

/** Where the openai client sends requests when no base URL is set. */
export const OPENAI_API_URL = 'https://api.openai.com/v1';

/**
 * The AI model's section of the panel's settings (see field.ts): the OpenAI-compatible endpoint,
 * its key (sent only to the base URL it was entered for), the model and the agent's loop and memory.
 */
export const AI_SETTINGS = {
  baseUrl: field(fieldSchemas.httpUrl, {
    label: { en: 'Base URL', de: 'Basis-URL', fr: 'URL de base', es: 'URL base' },
    help: {
      en: 'Empty for OpenAI',
      de: 'Leer für OpenAI',
      fr: 'Vide pour OpenAI',
      es: 'Vacía para OpenAI',
    },
    env: 'OPENAI_BASE_URL',
    fromConfig: (config) => config.llm.baseUrl,
  }),
  apiKey: field(fieldSchemas.secret, {
    label: { en: 'API key', de: 'API-Schlüssel', fr: 'Clé d’API', es: 'Clave de API' },
    secret: true,
    env: 'OPENAI_API_KEY',
    fromConfig: (config) => config.llm.apiKey,
    // Whoever may change the base URL must not thereby receive the key.
    boundTo: { field: 'baseUrl', whenUnset: OPENAI_API_URL },
  }),
  model: field(fieldSchemas.model, {
    label: { en: 'Model', de: 'Modell', fr: 'Modèle', es: 'Modelo' },
    env: 'WHATSAPP_AGENT_MODEL',
    fromConfig: (config) => config.llm.model,
  }),
  systemPrompt: field(fieldSchemas.systemPrompt, {
    multiline: true,
    label: { en: 'System prompt', de: 'System-Prompt', fr: 'Prompt système', es: 'Prompt de sistema' },
    help: {
      en: 'Replaces the default instructions; the community, date and member are always added',
      de: 'Ersetzt die Standardanweisungen; Community, Datum und Mitglied werden immer ergänzt',
      fr: 'Remplace les instructions par défaut ; la communauté, la date et le membre sont toujours ajoutés',
      es: 'Sustituye las instrucciones predeterminadas; la comunidad, la fecha y el miembro se añaden siempre',
    },
    fromConfig: (config) => config.agent.systemPrompt,
  }),
  maxToolRounds: field(fieldSchemas.maxToolRounds, {
    label: {
      en: 'Max tool rounds',
      de: 'Max. Werkzeugrunden',
      fr: 'Tours d’outils max.',
      es: 'Rondas de herramientas máx.',
    },
    help: {
      en: 'Tool calls per answer, 0–20',
      de: 'Werkzeugaufrufe pro Antwort, 0–20',
      fr: 'Appels d’outils par réponse, 0–20',
      es: 'Llamadas a herramientas por respuesta, 0–20',
    },
    fromConfig: (config) => config.agent.maxToolRounds,
  }),
  historyTurns: field(fieldSchemas.historyTurns, {
    label: {
      en: 'Memory turns',
      de: 'Gedächtnis (Runden)',
      fr: 'Tours en mémoire',
      es: 'Turnos en memoria',
    },
    help: {
      en: 'Turns of the conversation kept',
      de: 'Gespeicherte Runden der Unterhaltung',
      fr: 'Tours de la conversation conservés',
      es: 'Turnos de la conversación que se guardan',
    },
    fromConfig: (config) => config.agent.historyTurns,
  }),
  historyIdleMinutes: field(fieldSchemas.historyIdleMinutes, {
    label: {
      en: 'Idle minutes',
      de: 'Ruheminuten',
      fr: 'Minutes d’inactivité',
      es: 'Minutos de inactividad',
    },
    help: {
      en: 'Forget the conversation after this long without messages',
      de: 'Die Unterhaltung nach so langer Zeit ohne Nachrichten vergessen',
      fr: 'Oublier la conversation après ce délai sans message',
      es: 'Olvidar la conversación tras este tiempo sin mensajes',
    },
    fromConfig: (config) => config.agent.historyIdleMinutes,
  }),
};
