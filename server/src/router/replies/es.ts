import type { Replies } from './types';

/**
 * The fixed replies in Spanish ("tú", as members write on WhatsApp). Command words stay English:
 * the router recognises only those (SÍ and NO also answer a question).
 */
export const es: Replies = {
  messages: {
    instructions:
      '¡Hola! Para chatear con el asistente de la comunidad, primero vincula este número a tu cuenta: inicia sesión {linkPage}, pide una frase de vinculación de WhatsApp y envíala aquí. Se parece a "amber-falcon-river-7342".',
    linked:
      'Vinculado a {name} ({email}). A partir de ahora respondo con los permisos de esa cuenta. Responde UNDO en los próximos {undoMinutes} minutos si no fuiste tú. Envía HELP para ver lo que puedo hacer.',
    wrongPhrase:
      'Esa frase de vinculación es incorrecta, ha caducado o ya se usó. Consigue una nueva {linkPage}: cada frase sirve una vez, durante 5 minutos.',
    lockedOut:
      'Demasiadas frases de vinculación incorrectas desde este número. Inténtalo de nuevo en {minutes} minutos.',
    relinkNeeded:
      '{reason} Para seguir chateando, envía una nueva frase de vinculación: consíguela {linkPage}.',
    unlinked:
      'Desvinculado de {name}: este número ya no actúa como tu cuenta y nuestra conversación se ha borrado. Puedes volver a vincularlo cuando quieras.',
    undone:
      'Deshecho: este número ya no está vinculado a {name} y la conversación se ha borrado. Si no pediste esa frase de vinculación, puede que alguien conozca tu contraseña: cámbiala y cierra tus otras sesiones.',
    undoExpired:
      'UNDO solo funciona en los {undoMinutes} minutos siguientes a la vinculación. Envía UNLINK para desvincular este número.',
    notLinked: 'Este número no está vinculado a ninguna cuenta.',
    reset: 'Hecho: he olvidado nuestra conversación. ¿Qué puedo hacer por ti?',
    help: '{status}\n\nComandos (en inglés): HELP (este mensaje), RESET (olvidar nuestra conversación), UNLINK o STOP (desvincular este número), UNDO (justo después de vincular, si no fuiste tú), REMINDERS ON/OFF (recordatorios de los eventos a los que vas), DIGEST ON/OFF (un resumen semanal de los próximos eventos).',
    eventReminder: 'Recordatorio: *{title}* empieza {startsIn} ({start}){place}. ¡Nos vemos allí!',
    weeklyDigest: 'Próximamente en {community}:\n{events}\n\nPídeme que te apunte a alguno.',
    remindersOn:
      'Los recordatorios están activados: te avisaré antes de los eventos a los que vas. Envía REMINDERS OFF para desactivarlos.',
    remindersOff:
      'Los recordatorios están desactivados: no te escribiré sobre eventos. Envía REMINDERS ON para volver a recibirlos.',
    digestOn:
      'El resumen semanal está activado: una vez por semana, los próximos eventos de tus comunidades. Envía DIGEST OFF para desactivarlo.',
    digestOff: 'El resumen semanal está desactivado. Envía DIGEST ON para volver a recibirlo.',
    actionQuestion: '{question}\n\nResponde SÍ para confirmar o NO para cancelar.',
    actionDone: 'Hecho: {what}.',
    offerReminders: '¿Quieres un recordatorio antes de que empiece? Toca *Remind me* o envía REMIND ME.',
    actionFailed: 'No se pudo hacer: {reason} No se ha cambiado nada.',
    actionCancelled: 'Cancelado: no se ha cambiado nada.',
    actionExpired:
      'Esa pregunta caducó ({minutes} minutos sin respuesta), así que no se ha cambiado nada. Vuelve a pedírmelo si todavía lo quieres.',
    actionStale:
      'Esa pregunta ya no está abierta (ya se respondió, se canceló o la sustituyó otra más reciente), así que no se ha cambiado nada. Vuelve a pedírmelo si todavía lo quieres.',
    apology:
      'Lo siento, ahora no puedo responder: el asistente tiene problemas. Inténtalo de nuevo en unos minutos.',
    notConfigured:
      'Lo siento, el asistente de la comunidad todavía no está activado (no hay ningún modelo de IA configurado).',
    overLimit:
      'Lo siento, el asistente de la comunidad ha alcanzado su límite por ahora ({limit}). Podré volver a responder {until}. Los comandos como HELP siguen funcionando.',
    mediaUnsupported: 'Lo siento, aquí no puedo abrir {what}. Entiendo {handled}.',
    picturesNotUnderstood:
      'Lo siento, todavía no puedo ver imágenes. Dime con palabras (o con una nota de voz) lo que necesitas.',
    voiceTooLong:
      'Tu nota de voz dura más de {minutes} minutos, es demasiado larga para mí. Envía una más corta o escribe tu pregunta.',
    voiceUnreadable:
      'Lo siento, no pude escuchar esa nota de voz: el archivo está dañado o en un formato que no puedo leer. Grábala de nuevo o escribe tu pregunta.',
    voiceBudget:
      'Ya has usado los {minutes} minutos de notas de voz de hoy, así que no he escuchado esta. Escribe tu pregunta; mañana podré volver a escuchar.',
    voiceEmpty: 'No he distinguido ninguna palabra en tu nota de voz. ¿Puedes repetirlo o escribirlo?',
    mediaTooLarge:
      'Ese archivo adjunto es demasiado grande para mí (más de {limit}). Envía uno más pequeño o escribe tu pregunta.',
    mediaRefused: 'Lo siento, no pude abrir ese archivo adjunto. Entiendo {handled}.',
    voiceNotConfigured:
      'Lo siento, todavía no puedo escuchar notas de voz (la transcripción no está configurada). Escribe tu pregunta.',
    voiceFailed:
      'Lo siento, ahora no pude escuchar tu nota de voz. Inténtalo de nuevo en unos minutos o escribe tu pregunta.',
    mediaUnavailable:
      'Lo siento, ahora no pude descargar tu archivo adjunto. Vuelve a enviarlo en unos minutos.',
    handoffRequested:
      'Alguien del equipo de la comunidad te responderá aquí, normalmente en pocas horas; fuera del horario lun.–vie. 9–18 h (Europe/Berlin), a partir de la mañana siguiente. Hasta entonces, el asistente no dirá nada. Envía {backWord} para volver con el asistente.',
    handoffPending:
      'El equipo de la comunidad tiene tu solicitud y te responderá aquí. Envía {backWord} para volver con el asistente.',
    handoffEnded:
      'Has vuelto con el asistente de la comunidad. Envía {requestWord} cuando quieras para pedir de nuevo una persona.',
    handoffTimedOut:
      'Nadie del equipo de la comunidad pudo responder en {hours} horas, así que vuelve el asistente. Envía {requestWord} para pedir de nuevo una persona.',
    managerReply: '*{name}* (equipo de la comunidad): {text}',
  },
  linkPage: {
    withUrl: 'en {url}',
    withoutUrl: 'en la web de la comunidad (en la configuración de tu cuenta)',
  },
  endReasons: {
    revoked: 'Tu vinculación de WhatsApp ha terminado (la sesión se cerró, se revocó o caducó).',
    blocked: 'Tu cuenta está bloqueada, así que este número ya no actúa como ella.',
    deleted: 'La cuenta a la que estaba vinculado este número ya no existe.',
  },
  helpStatus: {
    linked: 'Este número está vinculado a {name}. Pregúntame por los miembros y los eventos de la comunidad.',
    notLinked: 'Este número todavía no está vinculado a ninguna cuenta.',
  },
};
