import type { Button } from '../../channels/adapter';

export type Answer = 'yes' | 'no';

/**
 * The member's answer to a confirmation: a tap on a button (its payload) or a word, in the
 * languages our communities write in. Anything else is neither (and cancels the proposal).
 */
const YES = new Set([
  'yes',
  'yeah',
  'yep',
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

/**
 * A confirmation's buttons. Each names the proposal it answers (`confirm:yes:<id>`): a tap on an
 * older question (answered, cancelled, replaced by a newer one) cannot confirm the current one.
 * A tap sends the title as the message's text and the id as its payload.
 */
export const confirmButtons = (proposalId: number): Button[] => [
  { id: `confirm:yes:${proposalId}`, title: 'Yes' },
  { id: `confirm:no:${proposalId}`, title: 'No' },
];

export type ConfirmationTap = { answer: Answer; proposalId: number | null };

/**
 * A tap on a confirmation's button: its answer and the proposal it names (null for a payload
 * naming none, as buttons sent before they were bound carry). Any other payload is no tap of ours.
 */
export const confirmationTap = (payload: string | undefined): ConfirmationTap | null => {
  const match = /^confirm:(yes|no)(?::(\d{1,15}))?$/.exec(payload ?? '');
  if (!match) return null;
  return { answer: match[1] as Answer, proposalId: match[2] ? Number(match[2]) : null };
};

/**
 * How the media stage marks a transcribed voice note in the turn's text (media/index.ts): a spoken
 * "Yes." is the line `[voice note] Yes.`, and answers as the word it carries.
 */
const VOICE_NOTE = /^\[voice note\]\s*/i;

/** A typed (or transcribed) line as an answer. */
export const confirmationAnswer = (text: string): Answer | null => {
  const word = text
    .trim()
    .replace(VOICE_NOTE, '')
    .toLowerCase()
    .replace(/^[¡¿]+|[.,!?👍👎]+$/gu, '')
    .trim();
  if (YES.has(word)) return 'yes';
  if (NO.has(word)) return 'no';
  return null;
};

/**
 * The answer of a burst of answers (two taps that arrived together are one turn): the same answer
 * repeated is that answer; a Yes and a No is a No (nothing is written on a doubt); anything else
 * among them (or nothing) is no answer.
 */
export const burstAnswer = (answers: Array<Answer | null>): Answer | null => {
  if (answers.length === 0 || answers.includes(null)) return null;
  return answers.every((answer) => answer === 'yes') ? 'yes' : 'no';
};
