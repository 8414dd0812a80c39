/**
 * The fixed replies in English: the reference every other language follows (same keys, same
 * placeholders, checked by tests/unit/replies-languages.test.ts). Command words (HELP, UNLINK,
 * STOP, UNDO, RESET, YES, NO, REMINDERS ON…) stay English in every language: the router
 * recognises only those.
 */
export const en = {
  messages: {
    instructions:
      'Hi! To chat with the community assistant, link this number to your account first: log in {linkPage}, ask for a WhatsApp linking phrase and send it here. It looks like "amber-falcon-river-7342".',
    linked:
      "Linked to {name} ({email}). From now on I answer with that account's access. Reply UNDO within {undoMinutes} minutes if this was not you. Send HELP for what I can do.",
    wrongPhrase:
      'That linking phrase is wrong, expired or already used. Get a new one {linkPage}: each phrase works once, for 5 minutes.',
    lockedOut: 'Too many wrong linking phrases from this number. Try again in {minutes} minutes.',
    relinkNeeded: '{reason} To keep chatting, send a new linking phrase: get one {linkPage}.',
    unlinked:
      'Unlinked from {name}: this number no longer acts as your account and our conversation is erased. You can link again any time.',
    undone:
      'Undone: this number is no longer linked to {name}, and the conversation is erased. If you did not ask for that linking phrase, someone else may know your password: change it and log out your other sessions.',
    undoExpired:
      'UNDO only works within {undoMinutes} minutes of linking. Send UNLINK to unlink this number.',
    notLinked: 'This number is not linked to an account.',
    reset: 'Done: I forgot our conversation so far. What can I do for you?',
    help: '{status}\n\nCommands: HELP (this message), RESET (forget our conversation), UNLINK or STOP (unlink this number), UNDO (right after linking, if it was not you), REMINDERS ON/OFF (reminders of events you are going to), DIGEST ON/OFF (a weekly digest of upcoming events).',
    eventReminder: 'Reminder: *{title}* starts {startsIn} ({start}){place}. See you there!',
    weeklyDigest: 'Coming up in {community}:\n{events}\n\nAsk me to book you into one.',
    remindersOn:
      'Reminders are on: I will remind you before the events you are going to. Send REMINDERS OFF to stop them.',
    remindersOff:
      'Reminders are off: I will not write to you about events. Send REMINDERS ON to get them again.',
    digestOn:
      "The weekly digest is on: once a week, your communities' upcoming events. Send DIGEST OFF to stop it.",
    digestOff: 'The weekly digest is off. Send DIGEST ON to get it again.',
    actionQuestion: '{question}\n\nReply YES to confirm or NO to cancel.',
    actionDone: 'Done: {what}.',
    offerReminders: 'Want a reminder before it starts? Tap *Remind me* or send REMIND ME.',
    actionFailed: 'That did not go through: {reason} Nothing was changed.',
    actionCancelled: 'Cancelled: nothing was changed.',
    actionExpired:
      'That question expired ({minutes} minutes without an answer), so nothing was changed. Ask me again if you still want it.',
    actionStale:
      'That question expired (it was already answered, cancelled or replaced by a newer one), so nothing was changed. Ask me again if you still want it.',
    apology:
      'Sorry, I cannot answer right now: the assistant is having trouble. Please try again in a few minutes.',
    notConfigured: 'Sorry, the community assistant is not switched on yet (no AI model is configured).',
    overLimit:
      'Sorry, the community assistant has reached its limit for now ({limit}). I can answer again {until}. Commands such as HELP still work.',
    mediaUnsupported: 'Sorry, I cannot open {what} here. I understand {handled}.',
    picturesNotUnderstood:
      'Sorry, I cannot look at pictures yet. Tell me in words (or in a voice note) what you need.',
    voiceTooLong:
      'Your voice note is longer than {minutes} minutes, too long for me. Please send a shorter one, or type your question.',
    voiceUnreadable:
      'Sorry, I could not listen to that voice note: the file is damaged or in a format I cannot read. Please record it again, or type your question.',
    voiceBudget:
      'You have used today’s {minutes} minutes of voice notes, so I did not listen to this one. Please type your question; I can listen again tomorrow.',
    voiceEmpty: 'I could not make out any words in your voice note. Could you say it again, or type it?',
    mediaTooLarge:
      'That attachment is too large for me (over {limit}). Please send a smaller one, or type your question.',
    mediaRefused: 'Sorry, I could not open that attachment. I understand {handled}.',
    voiceNotConfigured:
      'Sorry, I cannot listen to voice notes yet (transcription is not set up). Please type your question.',
    voiceFailed:
      'Sorry, I could not listen to your voice note just now. Please try again in a few minutes, or type your question.',
    mediaUnavailable:
      'Sorry, I could not fetch your attachment just now. Please send it again in a few minutes.',
    handoffRequested:
      'A community manager will answer here, usually within a few hours; outside Mon–Fri 9–18 (Europe/Berlin), from the next morning. Until then the assistant stays quiet. Send {backWord} to go back to the assistant.',
    handoffPending:
      'A community manager has your request and will answer here. Send {backWord} to go back to the assistant.',
    handoffEnded:
      'You are back with the community assistant. Send {requestWord} any time to ask for a person again.',
    handoffTimedOut:
      'No community manager could answer within {hours} hours, so the assistant is back. Send {requestWord} to ask for a person again.',
    managerReply: '*{name}* (community team): {text}',
  },
  /** `{linkPage}`: where members get a phrase. */
  linkPage: {
    withUrl: 'on {url}',
    withoutUrl: 'on the community website (your account settings)',
  },
  /** `{reason}` of the relinkNeeded reply: why a link ended. */
  endReasons: {
    // An expired session is indistinguishable from a revoked one here: both say "revoked".
    revoked: 'Your WhatsApp link has ended (the session was logged out, revoked or expired).',
    blocked: 'Your account is blocked, so this number no longer acts as it.',
    deleted: 'The account this number was linked to no longer exists.',
  },
  /** `{status}` of the help reply. */
  helpStatus: {
    linked: 'This number is linked to {name}. Ask me about members and events of the community.',
    notLinked: 'This number is not linked to an account yet.',
  },
} as const;
