import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createDescription, type OpenApiDocument } from './openapi';

/**
 * Meta's own OpenAPI description of the WhatsApp Cloud API (contracts/meta, from facebook/openapi),
 * with the places where it contradicts its own examples or Meta's real payloads corrected in
 * memory — here only, one comment per correction — and the requests it does not describe named.
 */

const FILE = path.join(__dirname, '..', '..', '..', 'contracts', 'meta', 'business-messaging-api_v23.0.yaml');

type Schema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const correct = (document: OpenApiDocument) => {
  const schemas = document.components!.schemas as Record<string, Schema>;
  const component = (name: string) => {
    if (!schemas[name]) throw new Error(`Meta's description has no component ${name} to correct`);
    return schemas[name];
  };
  const propertiesOf = (schema: Schema) => schema.properties as Record<string, Schema>;
  const member = (name: string) => (component(name).allOf as Schema[])[1];

  // Correction: members of an allOf carry `additionalProperties: false`, which rejects the
  // properties their sibling (BaseMessageProperties) adds — the description's own examples fail.
  // The combined schema is closed instead (openapi.ts closes every described object).
  const openAllOfMembers = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(openAllOfMembers);
    if (!node || typeof node !== 'object') return;
    const schema = node as Schema;
    if (Array.isArray(schema.allOf))
      for (const part of schema.allOf as Schema[])
        if (part.additionalProperties === false) delete part.additionalProperties;
    Object.values(schema).forEach(openAllOfMembers);
  };
  openAllOfMembers(document.components);

  // Correction: `recipient_type` is listed as required, but Meta defaults it to "individual" and
  // most of its own send examples (and its Postman collection) leave it out.
  const base = component('BaseMessageProperties');
  base.required = (base.required as string[]).filter((name) => name !== 'recipient_type');
  // Correction: a template's `language.policy` is required here, but "deterministic" is its only
  // value and Meta's template examples send `{ code }` alone.
  const language = component('LanguageObject');
  language.required = ((language.required as string[] | undefined) ?? []).filter((name) => name !== 'policy');

  // Correction: the webhook's messages (IncomingMessage) reuse the outgoing message schemas, whose
  // base requires `messaging_product`, `to`, … and lacks `from`, `id`, `timestamp`. Incoming
  // copies get the base Meta's webhook examples have.
  schemas.IncomingMessageProperties = {
    type: 'object',
    required: ['from', 'id', 'timestamp', 'type'],
    properties: {
      from: { type: 'string' },
      id: { type: 'string' },
      timestamp: { type: 'string' },
      type: { type: 'string' },
      context: { type: 'object', properties: { from: { type: 'string' }, id: { type: 'string' } } },
    },
  };
  const incoming = component('IncomingMessage');
  incoming.oneOf = (incoming.oneOf as Schema[]).map(({ $ref }) => {
    const name = String($ref).split('/').pop()!;
    const original = component(name);
    if (!Array.isArray(original.allOf)) return { $ref };
    schemas[`Incoming${name}`] = {
      allOf: (original.allOf as Schema[]).map((part) =>
        part.$ref === '#/components/schemas/BaseMessageProperties' ? ref('IncomingMessageProperties') : part
      ),
    };
    return ref(`Incoming${name}`);
  });
  delete incoming.discriminator;
  // Correction: an interactive reply's `interactive` names its variants only in a discriminator
  // (which JSON Schema does not apply): the variants are spelled out.
  const reply = propertiesOf(member('InteractiveMessageReply'));
  const variant = (type: string, content: string) => ({
    type: 'object',
    required: ['type', type],
    properties: { type: { const: type }, [type]: propertiesOf(component(content))[type] },
  });
  reply.interactive = {
    oneOf: [
      variant('list_reply', 'InteractiveListReplyContent'),
      variant('button_reply', 'InteractiveButtonReplyContent'),
    ],
  };
  // Correction: an incoming media message is described with the outgoing MediaObject ({ id } or
  // { link }); Meta posts the media's id with its mime_type, sha256, caption or voice flag.
  for (const [name, key] of [
    ['AudioMessage', 'audio'],
    ['ImageMessage', 'image'],
  ] as const) {
    const copy = schemas[`Incoming${name}`].allOf as Schema[];
    copy[1] = {
      ...copy[1],
      properties: {
        ...propertiesOf(copy[1]),
        [key]: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            mime_type: { type: 'string' },
            sha256: { type: 'string' },
            caption: { type: 'string' },
            voice: { type: 'boolean' },
          },
        },
      },
    };
  }
  // Correction: a location's latitude and longitude are described as strings, while the
  // description's own examples (and Meta's webhooks) carry numbers.
  const location = propertiesOf(propertiesOf(member('LocationMessage')).location);
  for (const axis of ['latitude', 'longitude'])
    location[axis] = { ...location[axis], type: ['number', 'string'] };

  // Correction: marking a message read (with the typing indicator) is a POST to /messages that the
  // description's Message schema does not list; its shape is Meta's "Mark messages as read" guide.
  schemas.ReadReceipt = {
    type: 'object',
    required: ['messaging_product', 'status', 'message_id'],
    properties: {
      messaging_product: { const: 'whatsapp' },
      status: { const: 'read' },
      message_id: { type: 'string' },
      typing_indicator: { type: 'object', required: ['type'], properties: { type: { const: 'text' } } },
    },
  };
  const message = component('Message');
  message.oneOf = [...(message.oneOf as Schema[]), ref('ReadReceipt')];
  delete message.discriminator;
  // …and it is answered `{ "success": true }`, not with the sent message's id.
  const sent = (
    document.paths['/{Version}/{Phone-Number-ID}/messages'].post as {
      responses: Record<string, { content: Record<string, { schema: Schema }> }>;
    }
  ).responses['200'].content['application/json'];
  sent.schema = {
    oneOf: [
      sent.schema,
      { type: 'object', required: ['success'], properties: { success: { type: 'boolean' } } },
    ],
  };
  return document;
};

/**
 * The file a media URL serves (Meta's lookaside CDN in production) is not a Graph API operation:
 * it answers bytes to the same access token.
 */
const UNDESCRIBED = [/^\/media\/\d+$/];

const documentOnce = (() => {
  let parsed: OpenApiDocument | undefined;
  return () => (parsed ??= YAML.parse(fs.readFileSync(FILE, 'utf8')) as OpenApiDocument);
})();

export const loadMetaDescription = () => {
  const description = createDescription([correct(structuredClone(documentOnce()))], {
    formats: { url: (value) => URL.canParse(value) },
    undescribed: UNDESCRIBED,
    // The Graph API's error body, as the description's own GraphAPIError component has it.
    checkError: (exchange, checkSchema) => checkSchema('GraphAPIError', JSON.parse(exchange.responseBody)),
  });
  return {
    ...description,
    /** Violations of one webhook body Meta would post (messages and statuses alike). */
    checkWebhook: (payload: unknown) => description.checkSchema('WebhookPayload', payload),
  };
};

export type MetaDescription = ReturnType<typeof loadMetaDescription>;
