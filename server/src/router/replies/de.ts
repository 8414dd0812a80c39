import type { Replies } from './types';

/**
 * The fixed replies in German (informal "du", as members write to each other on WhatsApp).
 * Command words stay English: the router recognises only those (JA and NEIN also answer a
 * question).
 */
export const de: Replies = {
  messages: {
    instructions:
      'Hallo! Um mit dem Community-Assistenten zu chatten, verknüpfe zuerst diese Nummer mit deinem Konto: Melde dich {linkPage} an, fordere eine WhatsApp-Verknüpfungsphrase an und schicke sie hierher. Sie sieht so aus: "amber-falcon-river-7342".',
    linked:
      'Verknüpft mit {name} ({email}). Ab jetzt antworte ich mit den Rechten dieses Kontos. Antworte innerhalb von {undoMinutes} Minuten mit UNDO, falls du das nicht warst. Schicke HELP, um zu sehen, was ich kann.',
    wrongPhrase:
      'Diese Verknüpfungsphrase ist falsch, abgelaufen oder schon benutzt. Hol dir eine neue {linkPage}: Jede Phrase gilt einmal, für 5 Minuten.',
    lockedOut:
      'Zu viele falsche Verknüpfungsphrasen von dieser Nummer. Versuch es in {minutes} Minuten wieder.',
    relinkNeeded:
      '{reason} Um weiterzuchatten, schicke eine neue Verknüpfungsphrase: Du bekommst sie {linkPage}.',
    unlinked:
      'Verknüpfung mit {name} aufgehoben: Diese Nummer handelt nicht mehr für dein Konto, und unser Gespräch ist gelöscht. Du kannst sie jederzeit wieder verknüpfen.',
    undone:
      'Rückgängig gemacht: Diese Nummer ist nicht mehr mit {name} verknüpft, und das Gespräch ist gelöscht. Wenn du diese Verknüpfungsphrase nicht angefordert hast, kennt vielleicht jemand anderes dein Passwort: Ändere es und melde deine anderen Sitzungen ab.',
    undoExpired:
      'UNDO geht nur innerhalb von {undoMinutes} Minuten nach dem Verknüpfen. Schicke UNLINK, um die Verknüpfung dieser Nummer aufzuheben.',
    notLinked: 'Diese Nummer ist mit keinem Konto verknüpft.',
    reset: 'Erledigt: Ich habe unser bisheriges Gespräch vergessen. Was kann ich für dich tun?',
    help: '{status}\n\nBefehle (auf Englisch): HELP (diese Nachricht), RESET (unser Gespräch vergessen), UNLINK oder STOP (Verknüpfung dieser Nummer aufheben), UNDO (direkt nach dem Verknüpfen, falls du es nicht warst), REMINDERS ON/OFF (Erinnerungen an Veranstaltungen, zu denen du gehst), DIGEST ON/OFF (eine wöchentliche Übersicht kommender Veranstaltungen).',
    eventReminder: 'Erinnerung: *{title}* beginnt {startsIn} ({start}){place}. Bis dann!',
    weeklyDigest: 'Demnächst in {community}:\n{events}\n\nSag mir, wenn ich dich für eine anmelden soll.',
    remindersOn:
      'Erinnerungen sind an: Ich erinnere dich vor den Veranstaltungen, zu denen du gehst. Schicke REMINDERS OFF, um sie abzustellen.',
    remindersOff:
      'Erinnerungen sind aus: Ich schreibe dir nicht mehr wegen Veranstaltungen. Schicke REMINDERS ON, um sie wieder zu bekommen.',
    digestOn:
      'Die wöchentliche Übersicht ist an: einmal pro Woche die kommenden Veranstaltungen deiner Communitys. Schicke DIGEST OFF, um sie abzustellen.',
    digestOff: 'Die wöchentliche Übersicht ist aus. Schicke DIGEST ON, um sie wieder zu bekommen.',
    actionQuestion: '{question}\n\nAntworte JA zum Bestätigen oder NEIN zum Abbrechen.',
    actionDone: 'Erledigt: {what}.',
    offerReminders: 'Möchtest du vorher eine Erinnerung? Tippe auf *Remind me* oder schicke REMIND ME.',
    actionFailed: 'Das hat nicht geklappt: {reason} Es wurde nichts geändert.',
    actionCancelled: 'Abgebrochen: Es wurde nichts geändert.',
    actionExpired:
      'Diese Frage ist abgelaufen ({minutes} Minuten ohne Antwort), also wurde nichts geändert. Frag mich einfach noch einmal, wenn du es noch möchtest.',
    actionStale:
      'Diese Frage ist nicht mehr offen (schon beantwortet, abgebrochen oder durch eine neuere ersetzt), also wurde nichts geändert. Frag mich einfach noch einmal, wenn du es noch möchtest.',
    apology:
      'Entschuldige, ich kann gerade nicht antworten: Der Assistent hat Probleme. Bitte versuch es in ein paar Minuten noch einmal.',
    notConfigured:
      'Entschuldige, der Community-Assistent ist noch nicht eingeschaltet (es ist kein KI-Modell eingerichtet).',
    overLimit:
      'Entschuldige, der Community-Assistent hat sein Limit für den Moment erreicht ({limit}). Ich kann {until} wieder antworten. Befehle wie HELP funktionieren weiterhin.',
    mediaUnsupported: 'Entschuldige, {what} kann ich hier nicht öffnen. Ich verstehe {handled}.',
    picturesNotUnderstood:
      'Entschuldige, Bilder kann ich mir noch nicht ansehen. Sag mir in Worten (oder per Sprachnachricht), was du brauchst.',
    voiceTooLong:
      'Deine Sprachnachricht ist länger als {minutes} Minuten, zu lang für mich. Bitte schicke eine kürzere oder schreib deine Frage.',
    voiceUnreadable:
      'Entschuldige, ich konnte diese Sprachnachricht nicht anhören: Die Datei ist beschädigt oder in einem Format, das ich nicht lesen kann. Bitte nimm sie noch einmal auf oder schreib deine Frage.',
    voiceBudget:
      'Du hast die {minutes} Minuten Sprachnachrichten für heute aufgebraucht, deshalb habe ich mir diese nicht angehört. Bitte schreib deine Frage; morgen kann ich wieder zuhören.',
    voiceEmpty:
      'Ich konnte in deiner Sprachnachricht keine Worte verstehen. Kannst du es noch einmal sagen oder es schreiben?',
    mediaTooLarge:
      'Dieser Anhang ist zu groß für mich (über {limit}). Bitte schicke einen kleineren oder schreib deine Frage.',
    mediaRefused: 'Entschuldige, ich konnte diesen Anhang nicht öffnen. Ich verstehe {handled}.',
    voiceNotConfigured:
      'Entschuldige, Sprachnachrichten kann ich noch nicht anhören (die Transkription ist nicht eingerichtet). Bitte schreib deine Frage.',
    voiceFailed:
      'Entschuldige, ich konnte deine Sprachnachricht gerade nicht anhören. Bitte versuch es in ein paar Minuten noch einmal oder schreib deine Frage.',
    mediaUnavailable:
      'Entschuldige, ich konnte deinen Anhang gerade nicht abrufen. Bitte schicke ihn in ein paar Minuten noch einmal.',
    handoffRequested:
      'Jemand aus dem Community-Team antwortet dir hier, meist innerhalb weniger Stunden; außerhalb von Mo–Fr 9–18 Uhr (Europe/Berlin) ab dem nächsten Morgen. Bis dahin bleibt der Assistent still. Schicke {backWord}, um zum Assistenten zurückzukehren.',
    handoffPending:
      'Das Community-Team hat deine Anfrage und antwortet dir hier. Schicke {backWord}, um zum Assistenten zurückzukehren.',
    handoffEnded:
      'Du bist wieder beim Community-Assistenten. Schicke jederzeit {requestWord}, um wieder nach einem Menschen zu fragen.',
    handoffTimedOut:
      'Niemand aus dem Community-Team konnte innerhalb von {hours} Stunden antworten, deshalb ist der Assistent zurück. Schicke {requestWord}, um wieder nach einem Menschen zu fragen.',
    managerReply: '*{name}* (Community-Team): {text}',
  },
  linkPage: {
    withUrl: 'auf {url}',
    withoutUrl: 'auf der Community-Website (in deinen Kontoeinstellungen)',
  },
  endReasons: {
    revoked:
      'Deine WhatsApp-Verknüpfung ist beendet (die Sitzung wurde abgemeldet, widerrufen oder ist abgelaufen).',
    blocked: 'Dein Konto ist gesperrt, deshalb handelt diese Nummer nicht mehr dafür.',
    deleted: 'Das Konto, mit dem diese Nummer verknüpft war, gibt es nicht mehr.',
  },
  helpStatus: {
    linked:
      'Diese Nummer ist mit {name} verknüpft. Frag mich nach Mitgliedern und Veranstaltungen der Community.',
    notLinked: 'Diese Nummer ist noch mit keinem Konto verknüpft.',
  },
};
