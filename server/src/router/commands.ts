/** Commands a member can send; answered without the LLM. */
export const COMMANDS = ['HELP', 'UNLINK', 'STOP', 'UNDO', 'RESET'] as const;

export type Command = (typeof COMMANDS)[number];

/** A command is a message of just that word (any case, trailing punctuation allowed). */
export const commandOf = (text: string): Command | undefined => {
  const word = text
    .trim()
    .replace(/[.!?]+$/, '')
    .toUpperCase();
  return (COMMANDS as readonly string[]).includes(word) ? (word as Command) : undefined;
};
