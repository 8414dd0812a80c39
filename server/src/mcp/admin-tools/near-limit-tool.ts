import { z } from 'zod';
import { ACTION } from '../../permissions';
import { getService } from '../../utils/get-service';
import { permissionGatedTool } from './gated-tool';
import type { StrapiMcp } from './types';

const input = z.object({
  thresholdPercent: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe("Communities at or over this share of their plan's limit, in %; 80 when left out"),
});

const output = z.object({
  month: z.string(),
  thresholdPercent: z.number(),
  communities: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      percent: z.number(),
      used: z.number(),
      max: z.number(),
      unit: z.enum(['turns', 'micros']),
      state: z.enum(['ok', 'near', 'reached']),
    })
  ),
});

/**
 * "Which communities are over 80 % this month?": from the running monthly totals the limit check
 * itself reads (one row per community), so the answer is the limit's own view, and cheap.
 * Communities without a limit never appear.
 */
export const registerNearLimitTool = (mcp: StrapiMcp) =>
  permissionGatedTool(mcp, {
    name: 'whatsapp_agent_communities_near_limit',
    title: 'WhatsApp agent: communities near their limit',
    description:
      "The communities that used at least thresholdPercent (default 80) of their plan's monthly limit this month (UTC), most used first: percent, used and max (in turns or millionths of the currency), state near/reached.",
    action: ACTION.usageRead,
    allows: 'see usage',
    input,
    output,
    async run(strapi, _context, args) {
      const threshold = args.thresholdPercent ?? 80;
      const summaries = await getService(strapi, 'usage').communities();
      const communities = summaries
        .flatMap(({ community, limit }) =>
          limit.percent !== null && limit.max !== null && limit.unit !== null && limit.percent >= threshold
            ? [
                {
                  ...community,
                  percent: limit.percent,
                  used: limit.used,
                  max: limit.max,
                  unit: limit.unit,
                  state: limit.state,
                },
              ]
            : []
        )
        .sort((a, b) => b.percent - a.percent);
      return {
        month: summaries[0]?.month ?? new Date().toISOString().slice(0, 7),
        thresholdPercent: threshold,
        communities,
      };
    },
  });
