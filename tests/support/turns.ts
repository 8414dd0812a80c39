import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE, type InboundStatus } from '../../server/src/constants';
import { eventually, HANG_GUARD_MS } from './eventually';

/** A message's states once its turn has ended: it is out of the inbox, answered or given up on. */
export const ENDED: InboundStatus[] = ['processed', 'failed'];

/**
 * Resolves once the turns that took these messages (by the provider's message id) have ended. A
 * turn sends its reply first, then marks its messages in the transaction that saves the
 * conversation and counts its usage (worker `finish`): a reply on the phone says the turn is
 * nearly done, this says it is done, with all it stores readable. A message sent back to wait for
 * a retry is waited for until that retry ends.
 */
export const turnsEnded = (strapi: Core.Strapi, messageSids: string[], timeoutMs = HANG_GUARD_MS) =>
  eventually(async () => {
    const rows: Array<{ messageSid: string; status: InboundStatus }> = await strapi.db
      .query(CONTENT_TYPE.inboundMessage)
      .findMany({ select: ['messageSid', 'status'], where: { messageSid: { $in: messageSids } } });
    const open = messageSids.filter(
      (sid) => !rows.some((row) => row.messageSid === sid && ENDED.includes(row.status))
    );
    if (open.length > 0) throw new Error(`The turns of ${open.join(', ')} have not ended`);
  }, timeoutMs);
