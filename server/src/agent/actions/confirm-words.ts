/**
 * The member's answer to a confirmation: a tap on a button (its payload) or a word, in the
 * languages our communities write in. Anything else is neither (and cancels the proposal).
 */
const YES = new Set([
  'yes',
  'y',
  'ok',
  'okay',
  'sure',
  'ja',
  'jo',
  'si',
  'sí',
  'oui',
  'sim',
  'tak',
  'da',
  'evet',
]);
const NO = new Set(['no', 'n', 'nope', 'nein', 'non', 'não', 'nao', 'nie', 'ne', 'hayır', 'hayir']);

/** Button payloads of our confirmations. */
export const CONFIRM_PAYLOAD = { yes: 'confirm:yes', no: 'confirm:no' } as const;

/** A confirmation's buttons: a tap sends the title as the message's text (and the id as its payload). */
export const CONFIRM_BUTTONS = [
  { id: CONFIRM_PAYLOAD.yes, title: 'Yes' },
  { id: CONFIRM_PAYLOAD.no, title: 'No' },
];

export const confirmationAnswer = (text: string, buttonPayload?: string): 'yes' | 'no' | null => {
  if (buttonPayload === CONFIRM_PAYLOAD.yes) return 'yes';
  if (buttonPayload === CONFIRM_PAYLOAD.no) return 'no';
  const word = text
    .trim()
    .toLowerCase()
    .replace(/^[¡¿]+|[.!?👍👎]+$/gu, '')
    .trim();
  if (YES.has(word)) return 'yes';
  if (NO.has(word)) return 'no';
  return null;
};
