/**
 * The fixed replies (no LLM involved). One place, so the admin panel can later make them
 * editable and translations have one file to follow.
 */
const where = (pageUrl?: string) => (pageUrl ? `on ${pageUrl}` : 'on the community website (your account settings)');

export const messages = {
  instructions: (pageUrl?: string) =>
    `Hi! To chat with the community assistant, link this number to your account first: log in ${where(pageUrl)}, ask for a WhatsApp linking phrase and send it here. It looks like "amber-falcon-river-7342".`,
  linked: ({ name, email, undoMinutes }: { name: string; email?: string; undoMinutes: number }) =>
    `Linked to ${name}${email ? ` (${email})` : ''}. From now on I answer with that account's access. Reply UNDO within ${undoMinutes} minutes if this was not you. Send HELP for what I can do.`,
  wrongPhrase: (pageUrl?: string) => `That linking phrase is wrong, expired or already used. Get a new one ${where(pageUrl)}: each phrase works once, for 5 minutes.`,
  lockedOut: (minutes: number) => `Too many wrong linking phrases from this number. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  relinkNeeded: (reason: string, pageUrl?: string) => `${reason} To keep chatting, send a new linking phrase from ${where(pageUrl).replace(/^on /, '')}.`,
  unlinked: (name?: string) => `Unlinked${name ? ` from ${name}` : ''}: this number no longer acts as your account and our conversation is erased. You can link again any time.`,
  undone: (name: string) =>
    `Undone: this number is no longer linked to ${name}, and the conversation is erased. If you did not ask for that linking phrase, someone else may know your password: change it and log out your other sessions.`,
  undoExpired: (minutes: number) => `UNDO only works within ${minutes} minutes of linking. Send UNLINK to unlink this number.`,
  notLinked: 'This number is not linked to an account.',
  reset: 'Done: I forgot our conversation so far. What can I do for you?',
  help: (linkedTo?: string) =>
    [
      linkedTo ? `This number is linked to ${linkedTo}. Ask me about members and events of the community.` : 'This number is not linked to an account yet.',
      'Commands: HELP (this message), RESET (forget our conversation), UNLINK or STOP (unlink this number), UNDO (right after linking, if it was not you).',
    ].join('\n\n'),
};

export const endReasons = {
  revoked: 'Your WhatsApp link has ended (the session was logged out or revoked).',
  expired: 'Your WhatsApp link has expired.',
  blocked: 'Your account is blocked, so this number no longer acts as it.',
  deleted: 'The account this number was linked to no longer exists.',
} as const;

export type EndReason = keyof typeof endReasons;
