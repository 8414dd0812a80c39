import type { Button, ChannelAdapter, ListPicker, OutgoingMessage, TemplateContent } from '../adapter';
import { toSendError } from './errors';
import type { GraphClient } from './graph';

/** The Cloud API's limits on interactive messages (reply buttons: 3 of 20 characters; lists: 10 rows). */
const LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  interactiveBody: 1024,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
};

/** `event_reminder:en_US` → the template's name and language (`en` when none is given). */
export const parseTemplateReference = (reference: string) => {
  const [name, language] = reference.split(':');
  return { name, language: language || 'en' };
};

const templateOf = ({ reference, variables }: TemplateContent) => {
  const { name, language } = parseTemplateReference(reference);
  // Positional parameters: {{1}}, {{2}}… in order.
  const parameters = Object.entries(variables)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, text]) => ({ type: 'text', text }));
  return {
    type: 'template',
    template: {
      name,
      language: { code: language },
      ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
    },
  };
};

const buttonsOf = (body: string, buttons: Button[]) => ({
  type: 'interactive',
  interactive: {
    type: 'button',
    body: { text: body },
    action: {
      buttons: buttons.slice(0, LIMITS.buttons).map(({ id, title }) => ({
        type: 'reply',
        reply: { id, title: title.slice(0, LIMITS.buttonTitle) },
      })),
    },
  },
});

const listOf = (body: string, list: ListPicker) => ({
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: body },
    action: {
      button: list.button.slice(0, LIMITS.buttonTitle),
      sections: [
        {
          rows: list.items.slice(0, LIMITS.listRows).map(({ id, title, description }) => ({
            id,
            title: title.slice(0, LIMITS.rowTitle),
            ...(description ? { description: description.slice(0, LIMITS.rowDescription) } : {}),
          })),
        },
      ],
    },
  },
});

/** What goes out: a template, native buttons or a list where they fit, else the text alone. */
const contentOf = ({ body, buttons, list, template }: OutgoingMessage) => {
  if (template) return templateOf(template);
  if (body.length <= LIMITS.interactiveBody) {
    if (buttons?.length) return buttonsOf(body, buttons);
    if (list?.items.length) return listOf(body, list);
  }
  return { type: 'text', text: { body, preview_url: false } };
};

type SendAnswer = { messages?: Array<{ id?: unknown; message_status?: unknown }> };

/**
 * WhatsApp through Meta's Cloud API: `POST /{phone-number-id}/messages`. Buttons and lists are
 * native (no content to create first), templates go by name and language.
 */
export const createMetaWhatsAppAdapter = ({
  graph,
  phoneNumberId,
}: {
  graph: GraphClient;
  phoneNumberId: string;
}): ChannelAdapter => {
  let contact: Promise<string | undefined> | undefined;
  const post = async (payload: object) => {
    try {
      return (await graph.post(`${phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        ...payload,
      })) as SendAnswer;
    } catch (error) {
      throw toSendError(error);
    }
  };
  return {
    kind: 'whatsapp',
    maxMessageLength: 4096,
    // Meta's default throughput per business number.
    messagesPerSecond: 80,
    bspFeePerMessage: false,
    senderAddress: () => phoneNumberId,
    async contactNumber() {
      // Meta addresses the number by its id; the digits members write to are the number's own.
      contact ??= graph
        .get(`${phoneNumberId}?fields=display_phone_number`)
        .then((answer) => {
          const digits = String(
            (answer as { display_phone_number?: unknown }).display_phone_number ?? ''
          ).replace(/\D/g, '');
          return digits ? `+${digits}` : undefined;
        })
        .catch((error: unknown) => {
          contact = undefined;
          throw error;
        });
      return contact;
    },
    async send(message) {
      const answer = await post({
        recipient_type: 'individual',
        to: message.to.replace(/^\+/, ''),
        ...contentOf(message),
      });
      const id = answer.messages?.[0]?.id;
      if (typeof id !== 'string') throw toSendError(new Error('The Cloud API answered without a message id'));
      return { providerSid: id, status: 'sent' };
    },
    async showTyping(inboundMessageId) {
      // Marks the member's message read and shows "typing…" until the reply (or 25 s).
      await post({ status: 'read', message_id: inboundMessageId, typing_indicator: { type: 'text' } });
    },
  };
};
