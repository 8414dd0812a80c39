import type { Button, ListPicker } from '../adapter';
import type { TwilioClient } from './client';
import { createChoicesContent, createContentNamed } from './content-resources';

/**
 * Buttons and lists on RCS, through the Content API. Twilio's `twilio/quick-reply` serves WhatsApp
 * and Messenger only; RCS takes a `twilio/card` with quick-reply actions: the text with suggested
 * replies under it. The text is the card's title, as Twilio's API description has it (a card has
 * a title and at least one more field; Twilio shows a title over 200 characters as the card's
 * description). Each resource also carries `twilio/text`, which is what a device without RCS
 * gets in the SMS Twilio falls back to (Twilio sends the richest type the channel takes).
 */

/** RCS shows at most 4 suggestions on a card, each at most 25 characters. */
export const RCS_MAX_CHOICES = 4;
const MAX_CHOICE_TITLE = 25;
/** A card's text; longer replies go out as plain text. */
export const RCS_CHOICES_MAX_BODY = 1024;

/** A list item's id travels as its chip's payload behind this prefix: a tap is then a pick. */
const LIST_PAYLOAD = 'list:';

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * A tap on one of a list's chips as the params of a list pick (list-pick.ts reads them): Twilio
 * posts the chip's payload as `ButtonPayload` and its title as `ButtonText`.
 */
export const rcsListPick = (params: Record<string, unknown>): Record<string, unknown> => {
  const payload = typeof params.ButtonPayload === 'string' ? params.ButtonPayload : '';
  if (!payload.startsWith(LIST_PAYLOAD)) return {};
  return { ListId: payload.slice(LIST_PAYLOAD.length), ListTitle: params.ButtonText, Body: params.Body };
};

/** The chips a reply offers on RCS: its buttons, else its list's items (as many as fit). */
export const rcsChoicesOf = (buttons?: Button[], list?: ListPicker): Button[] | undefined => {
  if (buttons?.length) return buttons.slice(0, RCS_MAX_CHOICES);
  // More items than chips: the reply names them all, and reads well as text (as on SMS).
  if (!list?.items.length || list.items.length > RCS_MAX_CHOICES) return undefined;
  return list.items.map((item) => ({ id: `${LIST_PAYLOAD}${item.id}`, title: item.title }));
};

/**
 * The chip-list resources: one per set of chip titles (content-resources.ts), the card's title the
 * text. A title too long for a chip is cut.
 */
export const createRcsContent = (client: TwilioClient) => {
  const card = createChoicesContent(createContentNamed(client), 'whatsapp_agent_rcs_choices_', (actions) => ({
    'twilio/card': { title: '{{1}}', actions: actions.map((action) => ({ type: 'QUICK_REPLY', ...action })) },
    'twilio/text': { body: '{{1}}' },
  }));

  return {
    /** The Content SID and variables that send `body` with these chips (looked up or created once per process). */
    choices: (body: string, choices: Button[]) =>
      card(
        body,
        choices.map((choice) => ({ ...choice, title: cut(choice.title, MAX_CHOICE_TITLE) }))
      ),
  };
};
