import type { Core } from '@strapi/strapi';
import { createUsageRecordRepository } from '../repositories/usage-record';
import { utcDay } from '../usage/period';

/**
 * A member's daily budget of transcription seconds, so that even honestly measured voice notes
 * cannot run up the bill: what the ledger holds for them today (UTC) — the seconds the provider
 * reported, or our measurement when it reported none — plus what this turn has transcribed and
 * not yet written. A note is transcribed only if it fits in what is left; ten notes in one
 * message are ten checks. One ledger read per turn with voice notes, none for other turns.
 */
export const createTranscriptionBudget = (strapi: Core.Strapi) => {
  const ledger = createUsageRecordRepository(strapi);

  /** The budget of one turn's member: `fits` before each note, `spend` after each transcription. */
  return (userId: number | null, secondsPerDay: number, now = new Date()) => {
    let used: Promise<number> | undefined;
    const usedToday = () =>
      (used ??= userId === null ? Promise.resolve(0) : ledger.transcribedSeconds(userId, utcDay(now)));
    return {
      async fits(seconds: number) {
        return (await usedToday()) + seconds <= secondsPerDay;
      },
      /** As the ledger counts it: whole seconds, rounded up. */
      spend(seconds: number) {
        used = usedToday().then((total) => total + Math.ceil(seconds));
      },
    };
  };
};
