const HOUR_MS = 3_600_000;

/**
 * Whether an unlinked sender may get one more reply: at most `perHour` in any rolling hour
 * (every reply is a paid message, and a stranger must not be able to make us send unlimited
 * ones). Returns the reply times to keep (the last hour's, plus now when allowed).
 */
export const nextUnlinkedReply = (sentAt: Date[], perHour: number, now = Date.now()) => {
  const recent = sentAt.filter((at) => now - at.getTime() < HOUR_MS);
  if (recent.length >= perHour) return { allowed: false, times: recent };
  return { allowed: true, times: [...recent, new Date(now)] };
};
