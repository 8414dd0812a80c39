import { field } from '../field';
import { fieldSchemas } from '../rules';

/**
 * People in the loop (see field.ts): the words that ask for a person and hand back, the
 * hand-back time, e-mails to managers and how a manager is named to the member.
 */
export const HANDOFF_SETTINGS = {
  requestWords: field(fieldSchemas.handoffWords, {
    label: {
      en: 'Words that ask for a person',
      de: 'Wörter für „einen Menschen bitte“',
      fr: 'Mots pour demander une personne',
      es: 'Palabras para pedir una persona',
    },
    help: {
      en: 'Comma-separated, any case; a message of just one of them',
      de: 'Durch Kommas getrennt, Groß-/Kleinschreibung egal; eine Nachricht aus genau einem davon',
      fr: 'Séparés par des virgules, casse indifférente ; un message composé d’un seul d’entre eux',
      es: 'Separadas por comas, sin distinguir mayúsculas; un mensaje con solo una de ellas',
    },
    fromConfig: (config) => config.handoff.requestWords,
  }),
  backWords: field(fieldSchemas.handoffWords, {
    label: {
      en: 'Words that go back to the assistant',
      de: 'Wörter für „zurück zum Assistenten“',
      fr: 'Mots pour revenir à l’assistant',
      es: 'Palabras para volver al asistente',
    },
    help: {
      en: 'Comma-separated, any case',
      de: 'Durch Kommas getrennt, Groß-/Kleinschreibung egal',
      fr: 'Séparés par des virgules, casse indifférente',
      es: 'Separadas por comas, sin distinguir mayúsculas',
    },
    fromConfig: (config) => config.handoff.backWords,
  }),
  timeoutHours: field(fieldSchemas.handoffTimeoutHours, {
    label: {
      en: 'Hand back after (hours without a reply)',
      de: 'Zurückgeben nach (Stunden ohne Antwort)',
      fr: 'Rendre après (heures sans réponse)',
      es: 'Devolver tras (horas sin respuesta)',
    },
    help: {
      en: 'Up to 720; default 24; the member is told',
      de: 'Bis 720; Standard 24; das Mitglied wird informiert',
      fr: 'Jusqu’à 720 ; 24 par défaut ; le membre est prévenu',
      es: 'Hasta 720; 24 por defecto; se avisa al miembro',
    },
    env: 'WHATSAPP_AGENT_HANDOFF_TIMEOUT_HOURS',
    fromConfig: (config) => config.handoff.timeoutHours,
  }),
  emailManagers: field(fieldSchemas.emailManagers, {
    label: {
      en: 'Email managers on a request',
      de: 'Manager bei einer Anfrage per E-Mail benachrichtigen',
      fr: 'Prévenir les managers par e-mail lors d’une demande',
      es: 'Avisar por correo a los responsables ante una solicitud',
    },
    help: {
      en: 'To the managers limited to the member’s community, when Strapi’s email plugin is set up',
      de: 'An die Manager, die auf die Community des Mitglieds beschränkt sind, wenn Strapis E-Mail-Plugin eingerichtet ist',
      fr: 'Aux managers limités à la communauté du membre, si le plugin e-mail de Strapi est configuré',
      es: 'A los responsables limitados a la comunidad del miembro, si el plugin de correo de Strapi está configurado',
    },
    fromConfig: (config) => config.handoff.emailManagers,
  }),
  managerName: field(fieldSchemas.managerName, {
    label: {
      en: 'Members see the manager’s',
      de: 'Mitglieder sehen vom Manager',
      fr: 'Les membres voient du manager',
      es: 'Los miembros ven del responsable',
    },
    options: {
      firstName: { en: 'First name', de: 'Vorname', fr: 'Le prénom', es: 'El nombre' },
      fullName: {
        en: 'Full name',
        de: 'Vollständiger Name',
        fr: 'Le nom complet',
        es: 'El nombre completo',
      },
      team: {
        en: 'Only “community team”',
        de: 'Nur „Community-Team“',
        fr: 'Seulement « l’équipe de la communauté »',
        es: 'Solo «el equipo de la comunidad»',
      },
    },
    fromConfig: (config) => config.handoff.managerName,
  }),
};
