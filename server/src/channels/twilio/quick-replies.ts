import type { ListPicker } from '../adapter';
import type { TwilioClient } from './client';
import { createChoicesContent, createContentNamed } from './content-resources';

/** WhatsApp's limit for a quick-reply message's text (longer ones go out as plain text). */
export const QUICK_REPLY_MAX_BODY = 1024;

/**
 * The Content API resources that carry quick-reply buttons and list pickers, found by a name
 * (content-resources.ts) so that every process and restart reuses them. Quick replies inside the
 * 24-hour window need no approval.
 */
export const createQuickReplies = (client: TwilioClient) => {
  const contentNamed = createContentNamed(client);
  const quickReply = createChoicesContent(contentNamed, 'whatsapp_agent_quick_reply_ids_', (actions) => ({
    'twilio/quick-reply': { body: '{{1}}', actions },
    'twilio/text': { body: '{{1}}' },
  }));

  /**
   * A list picker of `count` items, everything a variable: body {{1}}, button {{2}}, then per
   * item its title, id and description. One resource per item count serves every list.
   */
  const listPickerSid = (count: number) => {
    const slot = (item: number, field: number) => `{{${3 + item * 3 + field}}}`;
    return contentNamed(`whatsapp_agent_list_picker_${count}`, () => ({
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
    }));
  };

  return {
    /** The Content SID and variables that send `body` with this list to pick from. */
    async listPicker(body: string, list: ListPicker) {
      const contentSid = await listPickerSid(list.items.length);
      const variables: Record<string, string> = { 1: body, 2: list.button };
      list.items.forEach((item, index) => {
        variables[3 + index * 3] = item.title;
        variables[4 + index * 3] = item.id;
        variables[5 + index * 3] = item.description;
      });
      return { contentSid, contentVariables: JSON.stringify(variables) };
    },

    /** The Content SID and variables that send `body` with these buttons (looked up or created once per process). */
    quickReply,
  };
};
