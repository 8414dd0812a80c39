import { field } from '../field';
import { fieldSchemas } from '../rules';

/**
 * Privacy (see field.ts): how long message texts are kept.
 */
export const PRIVACY_SETTINGS = {
  retentionDays: field(fieldSchemas.retentionDays, {
    label: {
      en: 'Keep message texts (days)',
      de: 'Nachrichtentexte behalten (Tage)',
      fr: 'Conserver les textes (jours)',
      es: 'Conservar textos (días)',
    },
    help: {
      en: '1–3650; default 30',
      de: '1–3650; Standard 30',
      fr: '1–3650 ; par défaut 30',
      es: '1–3650; por defecto 30',
    },
    env: 'WHATSAPP_AGENT_RETENTION_DAYS',
    fromConfig: (config) => config.privacy.retentionDays,
  }),
};
