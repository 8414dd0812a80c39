import { z } from 'zod';
import type { SetupCheck, TestMessageResult } from '../../../server/src/admin-api';

/** The answers of the setup checklist's routes, each exactly its shared type. */
export const setupCheckSchema = z.object({
  id: z.string(),
  status: z.enum(['ok', 'fail', 'skipped']),
  detail: z.string(),
  fix: z.string(),
}) satisfies z.ZodType<SetupCheck>;

export const testMessageResultSchema = z.object({
  to: z.string(),
  status: z.string(),
  providerSid: z.string().nullable(),
}) satisfies z.ZodType<TestMessageResult>;
