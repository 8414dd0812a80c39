/**
 * The Content API's rules for the types the plugin creates, as Twilio's content type pages state
 * them: a quick reply has a body of at most 1,024 characters and 1 to 10 buttons, each with an id
 * and a title; a card has a title or a body and at least one more field, its quick-reply actions
 * an id and a title; RCS shows a card's suggestions with at most 25 characters. Values that are
 * variables (`{{2}}`) are checked when they are filled in, not here.
 */

type Action = { type?: string; id?: string; title?: string };
type ContentType = { body?: string; title?: string; subtitle?: string; media?: unknown; actions?: Action[] };

const isVariable = (text: string) => /\{\{\w+\}\}/.test(text);
const longerThan = (text: string | undefined, max: number) =>
  text !== undefined && !isVariable(text) && [...text].length > max;

const quickReplyProblem = (type: ContentType) => {
  if (!type.body) return 'twilio/quick-reply needs a body';
  if (longerThan(type.body, 1024)) return 'twilio/quick-reply body is longer than 1,024 characters';
  const actions = type.actions ?? [];
  if (actions.length < 1 || actions.length > 10) return 'twilio/quick-reply needs 1 to 10 actions';
  if (actions.some((action) => !action.id || !action.title))
    return 'every quick reply needs an id and a title';
  return undefined;
};

const cardProblem = (type: ContentType) => {
  if (!type.title && !type.body) return 'twilio/card needs a title or a body';
  const others = [type.title && type.body, type.subtitle, type.media, type.actions?.length].filter(Boolean);
  if (others.length === 0) return 'twilio/card needs at least one field besides its title or body';
  for (const action of type.actions ?? []) {
    if (action.type === 'QUICK_REPLY' && (!action.id || !action.title))
      return 'every QUICK_REPLY action needs an id and a title';
    if (longerThan(action.title, 25)) return 'an RCS suggestion title is at most 25 characters';
  }
  return undefined;
};

/** Why Twilio would refuse these content types, or undefined when it takes them. */
export const contentProblem = (types: Record<string, unknown>): string | undefined => {
  const quickReply = types['twilio/quick-reply'] as ContentType | undefined;
  const card = types['twilio/card'] as ContentType | undefined;
  return (quickReply && quickReplyProblem(quickReply)) || (card && cardProblem(card)) || undefined;
};
