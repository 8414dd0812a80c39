import { z } from 'zod';
import { parseTwilioAddress, RCS_SENDER } from './address';

const MAX_MEDIA = 10;
const twilioSid = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}[0-9a-fA-F]{32}$`),
      `must be a Twilio SID (${prefix} followed by 32 hex characters)`
    );
const address = z
  .string()
  .refine(
    (value) => parseTwilioAddress(value) !== null,
    'must be an E.164 number, optionally prefixed with "whatsapp:" or "rcs:"'
  );
/** Where a member wrote to: one of our numbers, or (RCS) our RCS sender's id, `rcs:acme_agent`. */
const ourAddress = z
  .string()
  .refine(
    (value) => parseTwilioAddress(value) !== null || RCS_SENDER.test(value.trim()),
    'must be an E.164 number, optionally prefixed with "whatsapp:" or "rcs:", or an RCS sender ("rcs:<sender id>")'
  );

/**
 * The params of Twilio's inbound Messaging webhook that we use. Twilio adds params without
 * notice, so unknown ones pass through (and are kept with the message).
 */
export const inboundParamsSchema = z
  .looseObject({
    MessageSid: twilioSid('(?:SM|MM)'),
    AccountSid: twilioSid('AC'),
    From: address,
    To: ourAddress,
    // Set when the message came in through a Messaging Service (every RCS message does).
    MessagingServiceSid: twilioSid('MG').optional(),
    Body: z.string().max(4096, 'must be at most 4096 characters').default(''),
    NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
    ProfileName: z.string().max(256).optional(),
    WaId: z
      .string()
      .regex(/^\d{6,15}$/, "must be the sender's WhatsApp id (digits)")
      .optional(),
    // A shared location (WhatsApp): coordinates, and for a place its name and address.
    Latitude: z.coerce.number().min(-90).max(90).optional(),
    Longitude: z.coerce.number().min(-180).max(180).optional(),
    Address: z.string().max(1024).optional(),
    Label: z.string().max(1024).optional(),
    // A tap on one of our quick-reply buttons: the button's id (and its title).
    ButtonPayload: z.string().max(256).optional(),
    ButtonText: z.string().max(256).optional(),
  })
  .superRefine((params, context) => {
    for (let i = 0; i < params.NumMedia; i += 1) {
      const url = params[`MediaUrl${i}`];
      if (typeof url !== 'string' || !/^https:\/\//.test(url)) {
        context.addIssue({
          code: 'custom',
          path: [`MediaUrl${i}`],
          message: 'must be an https URL (NumMedia announces it)',
        });
      }
      if (typeof params[`MediaContentType${i}`] !== 'string') {
        context.addIssue({
          code: 'custom',
          path: [`MediaContentType${i}`],
          message: 'is required (NumMedia announces it)',
        });
      }
    }
  });

export type InboundParams = z.infer<typeof inboundParamsSchema>;

export const mediaOf = (params: InboundParams) =>
  Array.from({ length: params.NumMedia }, (_, i) => ({
    url: String(params[`MediaUrl${i}`]),
    contentType: String(params[`MediaContentType${i}`]),
  }));

/**
 * A shared location as a line of text the model can use (and the member would have typed):
 * locations carry no media and usually no Body, only these params.
 */
export const locationTextOf = (params: InboundParams): string | undefined => {
  if (params.Latitude === undefined || params.Longitude === undefined) return undefined;
  const place = [params.Label, params.Address].filter(Boolean).join(', ');
  const coordinates = `${params.Latitude}, ${params.Longitude}`;
  return `[location] I am at ${place ? `${place} (${coordinates})` : coordinates}`;
};

/** Twilio's delivery status callback. */
export const statusParamsSchema = z.looseObject({
  MessageSid: twilioSid('(?:SM|MM)'),
  // Not an enum: Twilio adds statuses; the outbox applies the ones it knows.
  MessageStatus: z.string().regex(/^[a-z_]{2,32}$/, 'must be a Twilio message status such as "delivered"'),
  ErrorCode: z.coerce.number().int().optional(),
  ErrorMessage: z.string().optional(),
  // Which channel carried the message: an RCS delivery is addressed `rcs:…`, its SMS fallback not.
  To: z.string().optional(),
  MessagingServiceSid: z.string().optional(),
});

export type StatusParams = z.infer<typeof statusParamsSchema>;
