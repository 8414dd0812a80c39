import type { Admission } from '../usage';

const dayAndMonth = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/** `{limit}` and `{until}` of the over-limit reply: which limit, and when answers resume (UTC). */
export const overLimitWording = (admission: Admission & { allowed: false }, now: Date) => {
  const { plan } = admission;
  if (admission.reason === 'member')
    return { limit: `${plan.memberTurnsPerDay} questions per member per day`, until: 'tomorrow' };
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return {
    limit: plan.kind === 'passthrough' ? "this month's budget" : `${plan.turnsPerMonth} questions this month`,
    until: `on ${dayAndMonth.format(next)}`,
  };
};
