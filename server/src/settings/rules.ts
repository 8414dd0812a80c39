import { z } from 'zod';

/**
 * The rule of each setting's value, shared by the plugin config (config/plugins.ts, the
 * environment) and the admin panel's settings: one place says what an Account SID looks like.
 */

export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155238886');
export const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));
export const blankAsUndefined = (value: unknown) => (value === '' ? undefined : value);
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());

/** Field rules shared by the plugin config and the admin panel's settings. */
export const fieldSchemas = {
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be "AC" followed by 32 hex characters'),
  secret: z.string().min(8, 'looks too short'),
  /** Meta's ids (a phone number's, a WhatsApp Business Account's) are digits. */
  metaId: z.string().regex(/^\d{5,20}$/, "must be Meta's numeric id (WhatsApp Manager → API setup)"),
  /** A Graph API version such as v23.0. */
  graphVersion: z.string().regex(/^v\d{1,3}\.\d$/, 'must look like "v23.0"'),
  e164,
  messagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must be "MG" followed by 32 hex characters (a Messaging Service SID)'),
  /** An RCS sender's id as Twilio shows it (`acme_agent`), without the `rcs:` prefix. */
  rcsSenderId: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,127}$/, 'must be the RCS sender id without "rcs:", e.g. acme_agent'),
  region: z.string().regex(/^[a-z]{2}\d$/, 'must look like "ie1" or "au1"'),
  edge: z.string().regex(/^[a-z-]+$/, 'must look like "dublin"'),
  httpUrl,
  model: z.string().min(1).max(200),
  systemPrompt: z.string().min(1).max(20_000),
  maxToolRounds: z.number().int().min(0).max(20),
  historyTurns: z.number().int().min(1).max(200),
  historyIdleMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  retentionDays: z.number().int().min(1).max(3650),
  /** Longer voice notes get a polite reply instead of a transcript (and cost nothing). */
  transcriptionMaxSeconds: z.number().int().min(5).max(3_600),
  /** Seconds of voice notes a member may have transcribed per day (UTC); 0: none. */
  transcriptionSecondsPerDay: z.number().int().min(0).max(86_400),
  vision: z.enum(['auto', 'on', 'off']),
  /** The members' MCP endpoint (README: Use it from ChatGPT, Claude or Cursor). */
  mcp: z.enum(['on', 'off']),
  /** The agent's tools the MCP endpoint lists, by name (checked against the tool registry when saved). */
  mcpTools: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a tool name such as search_events'))
    .max(200),
  /** A price in USD (per message, per segment or per million tokens). */
  priceUsd: z.number().min(0).max(1_000),
  /** The words of a handoff command (a message of just one of them, any case). */
  handoffWords: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
  handoffTimeoutHours: z
    .number()
    .min(0.001)
    .max(24 * 30),
  emailManagers: z.boolean(),
  managerName: z.enum(['firstName', 'fullName', 'team']),
};
