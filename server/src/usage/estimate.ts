import type { MonthUsage } from './plans';
import { twilioMessageMicros, type Prices } from './prices';

/**
 * What a turn admitted now will probably cost, held against a cost cap until the turn is counted
 * at its real cost: the month's average turn so far, and never less than its two messages (the
 * question and the answer), so the first turns of a month hold something too.
 */
export const estimatedTurnMicros = ({ turns, costMicros }: MonthUsage, prices: Prices): number => {
  const messages = 2 * twilioMessageMicros(prices, 'whatsapp', '');
  return Math.max(messages, turns > 0 ? Math.ceil(costMicros / turns) : 0);
};
