import { z } from 'zod';
import type { LimitState } from '../../admin-api';
import { ACTION } from '../../permissions';
import { monthParam } from '../../usage/month-param';
import { getService } from '../../utils/get-service';
import { permissionGatedTool } from './gated-tool';
import type { StrapiMcp } from './types';

export const limitSchema = z.object({
  unit: z.enum(['turns', 'micros']).nullable(),
  used: z.number(),
  max: z.number().nullable(),
  percent: z.number().nullable(),
  state: z.enum(['ok', 'near', 'reached']),
});

const limitOf = ({ unit, used, max, percent, state }: LimitState) => ({ unit, used, max, percent, state });

const input = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('The month as YYYY-MM (UTC); this month when left out'),
  community: z
    .string()
    .max(64)
    .optional()
    .describe('One community (its documentId, or "default"); every community when left out'),
});

const output = z.object({
  month: z.string(),
  communities: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      memberTurns: z.number(),
      messagesIn: z.number(),
      messagesOut: z.number(),
      activeMembers: z.number(),
      costMicros: z.number(),
      billableMicros: z.number(),
      limit: limitSchema,
    })
  ),
});

/**
 * Usage per community and month, as the Usage page shows it. Allowlisted fields only: figures
 * and names, never a member's number or a plan's internals beyond its limit.
 */
export const registerUsageTool = (mcp: StrapiMcp) =>
  permissionGatedTool(mcp, {
    name: 'whatsapp_agent_usage',
    title: 'WhatsApp agent: usage per community',
    description:
      "The WhatsApp agent's usage in one month, per community: member turns, messages in and out, active members, cost and billable amount (in millionths of the currency), and the plan's limit (used, max, percent, state ok/near/reached).",
    action: ACTION.usageRead,
    allows: 'see usage',
    input,
    output,
    async run(strapi, _context, args) {
      const report = await getService(strapi, 'usage').usageReport({
        period: monthParam(args.month),
        community: args.community,
      });
      return {
        month: report.month,
        communities: report.communities.map(({ community, totals, billableMicros, limit }) => ({
          key: community.key,
          name: community.name,
          memberTurns: totals.memberTurns,
          messagesIn: totals.messagesIn,
          messagesOut: totals.messagesOut,
          activeMembers: totals.activeMembers,
          costMicros: totals.costMicros.total,
          billableMicros,
          limit: limitOf(limit),
        })),
      };
    },
  });
