import crypto from 'node:crypto';
import type { Button, ListPicker } from '../adapter';
import type { TwilioClient } from './client';

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
 * The chip-list resources: one per set of chip titles (found again by a name derived from them,
 * so that every process and restart reuses it), with the text `{{1}}` and the chips' ids as
 * variables (`{{2}}`…: a confirmation's ids name its proposal and differ every time).
 */
export const createRcsContent = (client: TwilioClient) => {
  const known = new Map<string, Promise<string>>();
  const idSlot = (index: number) => 2 + index;
  const friendlyName = (titles: string[]) =>
    `whatsapp_agent_rcs_choices_${crypto.createHash('sha256').update(JSON.stringify(titles)).digest('hex').slice(0, 12)}`;

  const findOrCreate = async (titles: string[]) => {
    const name = friendlyName(titles);
    const existing = (await client.content.v1.contents.list({ pageSize: 100 })).find(
      (content) => content.friendlyName === name
    );
    if (existing) return existing.sid;
    // The API's own field names: twilio-node posts this object as the JSON body, as it is.
    const created = await client.content.v1.contents.create({
      friendly_name: name,
      language: 'en',
      variables: {
        1: 'Your question',
        ...Object.fromEntries(titles.map((title, index) => [idSlot(index), title.toLowerCase()])),
      },
      types: {
        'twilio/card': {
          title: '{{1}}',
          actions: titles.map((title, index) => ({ type: 'QUICK_REPLY', id: `{{${idSlot(index)}}}`, title })),
        },
        'twilio/text': { body: '{{1}}' },
      },
    } as never);
    return created.sid;
  };

  return {
    /** The Content SID and variables that send `body` with these chips (looked up or created once per process). */
    async choices(body: string, choices: Button[]) {
      const titles = choices.map((choice) => cut(choice.title, MAX_CHOICE_TITLE));
      const key = JSON.stringify(titles);
      let sid = known.get(key);
      if (!sid) {
        sid = findOrCreate(titles);
        known.set(key, sid);
        // A failed lookup is tried again next time.
        sid.catch(() => known.delete(key));
      }
      const variables: Record<string, string> = { 1: body };
      choices.forEach((choice, index) => {
        variables[idSlot(index)] = choice.id;
      });
      return { contentSid: await sid, contentVariables: JSON.stringify(variables) };
    },
  };
};
