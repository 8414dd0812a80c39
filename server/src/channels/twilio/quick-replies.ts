import crypto from 'node:crypto';
import type { Button, ListPicker } from '../adapter';
import type { TwilioClient } from './client';

/** WhatsApp's limit for a quick-reply message's text (longer ones go out as plain text). */
export const QUICK_REPLY_MAX_BODY = 1024;

/**
 * The Content API resources that carry quick-reply buttons and list pickers: one per set of
 * button titles, its text and the buttons' ids variables (`{{1}}`, then `{{2}}`… — a
 * confirmation's ids name its proposal, so they differ every time), found by a name derived
 * from the titles — so every process and restart reuses the same resource instead of creating
 * one each (the account's content list stays short). Quick replies inside the 24-hour window
 * need no approval.
 */
export const createQuickReplies = (client: TwilioClient) => {
  const known = new Map<string, Promise<string>>();

  /** `{{n}}` of the i-th button's id: after the text's `{{1}}`. */
  const idSlot = (index: number) => 2 + index;
  const friendlyName = (titles: string[]) =>
    `whatsapp_agent_quick_reply_ids_${crypto.createHash('sha256').update(JSON.stringify(titles)).digest('hex').slice(0, 12)}`;

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
        'twilio/quick-reply': {
          body: '{{1}}',
          actions: titles.map((title, index) => ({ id: `{{${idSlot(index)}}}`, title })),
        },
        'twilio/text': { body: '{{1}}' },
      },
    } as never);
    return created.sid;
  };

  /**
   * A list picker of `count` items, everything a variable: body {{1}}, button {{2}}, then per
   * item its title, id and description. One resource per item count serves every list.
   */
  const findOrCreateList = async (count: number) => {
    const name = `whatsapp_agent_list_picker_${count}`;
    const existing = (await client.content.v1.contents.list({ pageSize: 100 })).find(
      (content) => content.friendlyName === name
    );
    if (existing) return existing.sid;
    const slot = (item: number, field: number) => `{{${3 + item * 3 + field}}}`;
    const created = await client.content.v1.contents.create({
      friendly_name: name,
      language: 'en',
      variables: { 1: 'Which one?', 2: 'Choose' },
      types: {
        'twilio/list-picker': {
          body: '{{1}}',
          button: '{{2}}',
          items: Array.from({ length: count }, (_, item) => ({
            item: slot(item, 0),
            id: slot(item, 1),
            description: slot(item, 2),
          })),
        },
        'twilio/text': { body: '{{1}}' },
      },
    } as never);
    return created.sid;
  };

  const cached = (key: string, find: () => Promise<string>) => {
    let sid = known.get(key);
    if (!sid) {
      sid = find();
      known.set(key, sid);
      // A failed lookup is tried again next time.
      sid.catch(() => known.delete(key));
    }
    return sid;
  };

  return {
    /** The Content SID and variables that send `body` with this list to pick from. */
    async listPicker(body: string, list: ListPicker) {
      const contentSid = await cached(`list:${list.items.length}`, () => findOrCreateList(list.items.length));
      const variables: Record<string, string> = { 1: body, 2: list.button };
      list.items.forEach((item, index) => {
        variables[3 + index * 3] = item.title;
        variables[4 + index * 3] = item.id;
        variables[5 + index * 3] = item.description;
      });
      return { contentSid, contentVariables: JSON.stringify(variables) };
    },

    /** The Content SID and variables that send `body` with these buttons (looked up or created once per process). */
    async quickReply(body: string, buttons: Button[]) {
      const titles = buttons.map((button) => button.title);
      const contentSid = await cached(`quick-reply:${JSON.stringify(titles)}`, () => findOrCreate(titles));
      const variables: Record<string, string> = { 1: body };
      buttons.forEach((button, index) => {
        variables[idSlot(index)] = button.id;
      });
      return { contentSid, contentVariables: JSON.stringify(variables) };
    },
  };
};
