/**
 * Which reminder of an event is due now, if any. Reminders go `beforeMinutes` before the start
 * (e.g. 24 h and 1 h). One whose time passed while no instance ran still goes out late, until
 * the next one is due — then that one supersedes it (nobody wants "tomorrow" 30 minutes before
 * the start); nothing goes out once the event has started.
 */
export const dueReminder = (start: Date, beforeMinutes: number[], now: Date): number | null => {
  if (start <= now) return null;
  const offsets = [...new Set(beforeMinutes)].sort((a, b) => b - a);
  for (let i = 0; i < offsets.length; i += 1) {
    const dueAt = start.getTime() - offsets[i] * 60_000;
    const nextDueAt = i + 1 < offsets.length ? start.getTime() - offsets[i + 1] * 60_000 : start.getTime();
    if (dueAt <= now.getTime() && now.getTime() < nextDueAt) return offsets[i];
  }
  return null;
};
