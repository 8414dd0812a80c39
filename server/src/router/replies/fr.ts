import type { Replies } from './types';

/**
 * The fixed replies in French ("vous"). Command words stay English: the router recognises only
 * those (OUI and NON also answer a question).
 */
export const fr: Replies = {
  messages: {
    instructions:
      'Bonjour ! Pour discuter avec l’assistant de la communauté, associez d’abord ce numéro à votre compte : connectez-vous {linkPage}, demandez une phrase d’association WhatsApp et envoyez-la ici. Elle ressemble à "amber-falcon-river-7342".',
    linked:
      'Associé à {name} ({email}). Désormais, je réponds avec les droits de ce compte. Répondez UNDO dans les {undoMinutes} minutes si ce n’était pas vous. Envoyez HELP pour voir ce que je sais faire.',
    wrongPhrase:
      'Cette phrase d’association est erronée, expirée ou déjà utilisée. Obtenez-en une nouvelle {linkPage} : chaque phrase ne sert qu’une fois, pendant 5 minutes.',
    lockedOut: 'Trop de phrases d’association erronées depuis ce numéro. Réessayez dans {minutes} minutes.',
    relinkNeeded:
      '{reason} Pour continuer à discuter, envoyez une nouvelle phrase d’association : obtenez-la {linkPage}.',
    unlinked:
      'Dissocié de {name} : ce numéro n’agit plus pour votre compte et notre conversation est effacée. Vous pouvez l’associer à nouveau à tout moment.',
    undone:
      'Annulé : ce numéro n’est plus associé à {name} et la conversation est effacée. Si vous n’avez pas demandé cette phrase d’association, quelqu’un d’autre connaît peut-être votre mot de passe : changez-le et déconnectez vos autres sessions.',
    undoExpired:
      'UNDO ne fonctionne que dans les {undoMinutes} minutes qui suivent l’association. Envoyez UNLINK pour dissocier ce numéro.',
    notLinked: 'Ce numéro n’est associé à aucun compte.',
    reset: 'C’est fait : j’ai oublié notre conversation. Que puis-je faire pour vous ?',
    help: '{status}\n\nCommandes (en anglais) : HELP (ce message), RESET (oublier notre conversation), UNLINK ou STOP (dissocier ce numéro), UNDO (juste après l’association, si ce n’était pas vous), REMINDERS ON/OFF (rappels des événements auxquels vous participez), DIGEST ON/OFF (un récapitulatif hebdomadaire des événements à venir).',
    eventReminder: 'Rappel : *{title}* commence {startsIn} ({start}){place}. À bientôt !',
    weeklyDigest: 'Prochainement dans {community} :\n{events}\n\nDemandez-moi de vous y inscrire.',
    remindersOn:
      'Les rappels sont activés : je vous préviendrai avant les événements auxquels vous participez. Envoyez REMINDERS OFF pour les arrêter.',
    remindersOff:
      'Les rappels sont désactivés : je ne vous écrirai plus au sujet des événements. Envoyez REMINDERS ON pour les réactiver.',
    digestOn:
      'Le récapitulatif hebdomadaire est activé : une fois par semaine, les événements à venir de vos communautés. Envoyez DIGEST OFF pour l’arrêter.',
    digestOff: 'Le récapitulatif hebdomadaire est désactivé. Envoyez DIGEST ON pour le réactiver.',
    actionQuestion: '{question}\n\nRépondez OUI pour confirmer ou NON pour annuler.',
    actionDone: 'C’est fait : {what}.',
    offerReminders: 'Voulez-vous un rappel avant le début ? Touchez *Remind me* ou envoyez REMIND ME.',
    actionFailed: 'Cela n’a pas abouti : {reason} Rien n’a été modifié.',
    actionCancelled: 'Annulé : rien n’a été modifié.',
    actionExpired:
      'Cette question a expiré ({minutes} minutes sans réponse), donc rien n’a été modifié. Redemandez-moi si vous le souhaitez toujours.',
    actionStale:
      'Cette question n’est plus ouverte (déjà répondue, annulée ou remplacée par une plus récente), donc rien n’a été modifié. Redemandez-moi si vous le souhaitez toujours.',
    apology:
      'Désolé, je ne peux pas répondre pour le moment : l’assistant rencontre un problème. Réessayez dans quelques minutes.',
    notConfigured:
      'Désolé, l’assistant de la communauté n’est pas encore activé (aucun modèle d’IA n’est configuré).',
    overLimit:
      'Désolé, l’assistant de la communauté a atteint sa limite pour le moment ({limit}). Je pourrai de nouveau répondre {until}. Les commandes comme HELP fonctionnent toujours.',
    mediaUnsupported: 'Désolé, je ne peux pas ouvrir {what} ici. Je comprends {handled}.',
    picturesNotUnderstood:
      'Désolé, je ne sais pas encore regarder les images. Dites-moi par écrit (ou par message vocal) ce dont vous avez besoin.',
    voiceTooLong:
      'Votre message vocal dure plus de {minutes} minutes, c’est trop long pour moi. Envoyez-en un plus court, ou écrivez votre question.',
    voiceUnreadable:
      'Désolé, je n’ai pas pu écouter ce message vocal : le fichier est endommagé ou dans un format que je ne sais pas lire. Enregistrez-le à nouveau, ou écrivez votre question.',
    voiceBudget:
      'Vous avez utilisé les {minutes} minutes de messages vocaux d’aujourd’hui, je n’ai donc pas écouté celui-ci. Écrivez votre question ; je pourrai de nouveau écouter demain.',
    voiceEmpty: 'Je n’ai distingué aucun mot dans votre message vocal. Pouvez-vous le redire, ou l’écrire ?',
    mediaTooLarge:
      'Cette pièce jointe est trop volumineuse pour moi (plus de {limit}). Envoyez-en une plus petite, ou écrivez votre question.',
    mediaRefused: 'Désolé, je n’ai pas pu ouvrir cette pièce jointe. Je comprends {handled}.',
    voiceNotConfigured:
      'Désolé, je ne sais pas encore écouter les messages vocaux (la transcription n’est pas configurée). Écrivez votre question.',
    voiceFailed:
      'Désolé, je n’ai pas pu écouter votre message vocal pour l’instant. Réessayez dans quelques minutes, ou écrivez votre question.',
    mediaUnavailable:
      'Désolé, je n’ai pas pu récupérer votre pièce jointe pour l’instant. Renvoyez-la dans quelques minutes.',
    handoffRequested:
      'Un membre de l’équipe de la communauté vous répondra ici, généralement en quelques heures ; en dehors du lun.–ven. 9 h–18 h (Europe/Berlin), à partir du lendemain matin. D’ici là, l’assistant reste silencieux. Envoyez {backWord} pour revenir à l’assistant.',
    handoffPending:
      'L’équipe de la communauté a bien reçu votre demande et vous répondra ici. Envoyez {backWord} pour revenir à l’assistant.',
    handoffEnded:
      'Vous êtes de retour avec l’assistant de la communauté. Envoyez {requestWord} à tout moment pour demander à nouveau une personne.',
    handoffTimedOut:
      'Personne de l’équipe de la communauté n’a pu répondre en {hours} heures, l’assistant reprend donc la main. Envoyez {requestWord} pour demander à nouveau une personne.',
    managerReply: '*{name}* (équipe de la communauté) : {text}',
  },
  linkPage: {
    withUrl: 'sur {url}',
    withoutUrl: 'sur le site de la communauté (dans les paramètres de votre compte)',
  },
  endReasons: {
    revoked: 'Votre association WhatsApp a pris fin (la session a été déconnectée, révoquée ou a expiré).',
    blocked: 'Votre compte est bloqué, ce numéro n’agit donc plus pour lui.',
    deleted: 'Le compte auquel ce numéro était associé n’existe plus.',
  },
  helpStatus: {
    linked:
      'Ce numéro est associé à {name}. Posez-moi vos questions sur les membres et les événements de la communauté.',
    notLinked: 'Ce numéro n’est encore associé à aucun compte.',
  },
};
