import { z } from 'zod';

/** Meta's ids: a message's `wamid.…`, a media's digits. */
const wamid = z.string().min(1).max(256);
const mediaSchema = z.looseObject({
  id: z.string().regex(/^\d{1,40}$/),
  mime_type: z.string().min(1).max(100),
});

/** One message of a webhook (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). */
export const metaMessageSchema = z.looseObject({
  id: wamid,
  from: z.string().regex(/^[1-9]\d{6,14}$/, 'must be a WhatsApp id (the number without +)'),
  timestamp: z.string().optional(),
  type: z.string().min(1).max(40),
  text: z.looseObject({ body: z.string().max(4096) }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string().max(256), title: z.string().max(256) }).optional(),
      list_reply: z
        .looseObject({
          id: z.string().max(200),
          title: z.string().max(256),
          description: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  /** A template's quick-reply button. */
  button: z.looseObject({ payload: z.string().max(256).optional(), text: z.string().max(256) }).optional(),
  audio: mediaSchema.optional(),
  image: mediaSchema.extend({ caption: z.string().max(4096).optional() }).optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
});

export type MetaMessage = z.infer<typeof metaMessageSchema>;

export const metaStatusSchema = z.looseObject({
  id: wamid,
  status: z.string().regex(/^[a-z_]{2,32}$/, 'must be a status such as "delivered"'),
  recipient_id: z.string().optional(),
  errors: z
    .array(
      z.looseObject({ code: z.number().int(), title: z.string().optional(), message: z.string().optional() })
    )
    .optional(),
});

const valueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string().min(1),
  }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      })
    )
    .optional(),
  messages: z.array(metaMessageSchema).max(100).optional(),
  statuses: z.array(metaStatusSchema).max(100).optional(),
});

export type MetaChangeValue = z.infer<typeof valueSchema>;

/** A webhook's body: several entries, each with several changes; only `messages` changes matter here. */
export const metaPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.looseObject({
        id: z.string(),
        changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).max(100),
      })
    )
    .min(1)
    .max(100),
});
export const metaChangeValueSchema = valueSchema;
