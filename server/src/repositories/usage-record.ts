import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';

/** One model call's token counts. */
export type LlmCallUsage = {
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
};

/** The only code that writes the usage-record table: counts and costs, never message content. */
export const createUsageRecordRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.usageRecord);

  return {
    async recordLlmCalls({
      channelId,
      userId,
      calls,
    }: {
      channelId: number;
      userId: number;
      calls: LlmCallUsage[];
    }) {
      if (calls.length === 0) return;
      const occurredAt = new Date();
      await query().createMany({
        data: calls.map(({ model, promptTokens, completionTokens, cachedTokens }) => ({
          channelId,
          userId,
          kind: 'llm',
          model,
          promptTokens,
          completionTokens,
          cachedTokens,
          occurredAt,
        })),
      });
    },
  };
};

export type UsageRecordRepository = ReturnType<typeof createUsageRecordRepository>;
