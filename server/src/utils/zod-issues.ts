import type { z } from 'zod';

export type FieldIssue = { path: Array<string | number>; message: string };

/** A zod error as one issue per field: the `details.errors` of a Strapi ValidationError. */
export const zodIssues = (error: z.ZodError): FieldIssue[] =>
  error.issues.map((issue) => ({ path: issue.path as Array<string | number>, message: issue.message }));

/** `twilio.accountSid: must be "AC" followed by…; Body: …` — names each field at fault, in one line. */
export const describeIssues = (issues: FieldIssue[], rootName = '(root)') =>
  issues.map((issue) => `${issue.path.join('.') || rootName}: ${issue.message}`).join('; ');

export const describeZodError = (error: z.ZodError, rootName?: string) =>
  describeIssues(zodIssues(error), rootName);
