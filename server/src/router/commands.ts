/** Commands a member can send; answered without the LLM. */
export const COMMANDS = [
  'HELP',
  'UNLINK',
  'STOP',
  'UNDO',
  'RESET',
  'REMINDERS ON',
  'REMINDERS OFF',
  // The button offered after an RSVP: REMINDERS ON, given with the RSVP.
  'REMIND ME',
  'DIGEST ON',
  'DIGEST OFF',
] as const;

export type Command = (typeof COMMANDS)[number];

/** A command is a message of just that (any case, any spacing, trailing punctuation allowed). */
export const commandOf = (text: string): Command | undefined => {
  const words = text
    .trim()
    .replace(/[.!?]+$/, '')
    .split(/\s+/)
    .join(' ')
    .toUpperCase();
  return (COMMANDS as readonly string[]).includes(words) ? (words as Command) : undefined;
};
