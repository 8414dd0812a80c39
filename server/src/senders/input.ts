import { z } from 'zod';
import { SENDER_KINDS } from '../constants';
import { fieldSchemas } from '../settings/rules';

/**
 * A sender as the admin enters it (POST /senders; PUT takes any part of it). The Auth Token is
 * write-only: it is sealed on save and never sent back.
 */
export const senderInputSchema = z
  .object({
    displayName: z.string().trim().min(1, 'is required').max(100),
    kind: z.enum(SENDER_KINDS),
    address: fieldSchemas.e164,
    accountSid: fieldSchemas.accountSid,
    authToken: fieldSchemas.secret,
    region: fieldSchemas.region.nullable().optional(),
    edge: fieldSchemas.edge.nullable().optional(),
    community: z.string().trim().min(1).max(200).nullable().optional(),
    messagesPerSecond: z.number().positive().max(1_000).nullable().optional(),
  })
  .strict();

export const senderUpdateSchema = senderInputSchema.partial().strict();

export type SenderInput = z.infer<typeof senderInputSchema>;
