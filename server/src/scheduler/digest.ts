import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../settings/plugin-config-schema';
import { createRepositories } from '../repositories';
import { toDate } from '../repositories/rows';
import { communityNameOf } from '../outbox/member-values';
import { getService } from '../utils/get-service';
import { digestScheduleOf } from './community-schedule';
import type { ProactiveSender } from './send-proactive';
import { formatDay, formatDayTime, latestWeekly } from './zoned-time';

/** A digest whose hour passed while no instance ran still goes out this long after it; later, it waits a week. */
export const DIGEST_CATCH_UP_MS = 12 * 60 * 60 * 1000;

export const STOP_DIGEST = 'Reply DIGEST OFF to stop the weekly digest.';

/** Whether any digest schedule (the default, or a community's own) had its hour within the catch-up time. */
const anyDigestDue = (digest: PluginConfig['proactive']['digest'], now: Date) =>
  [null, ...Object.keys(digest.communities)]
    .map((community) => digestScheduleOf(digest, community))
    .some(
      (schedule) =>
        schedule.enabled && now.getTime() - latestWeekly(schedule, now).at.getTime() <= DIGEST_CATCH_UP_MS
    );

/**
 * Sends each opted-in member their community's weekly digest once per week, at the community's
 * day and hour in its time zone: the upcoming events of their communities, found with the events
 * tool as the member (their role, their communities). Nothing to list, nothing sent. Outside every
 * schedule's catch-up time it reads nothing; inside it, a member whose digest this week was
 * already claimed is not looked at again by this process.
 */
export const createDigests = (strapi: Core.Strapi) => {
  /** Members whose digest of the week starting at this slot (ms) is claimed, by anyone. */
  const settled = new Map<number, number>();
  const { channels } = createRepositories(strapi);

  return {
    async sendDue(sender: ProactiveSender, now: Date) {
      const { proactive } = getService(strapi, 'pluginConfig').get();
      const { digest } = proactive;
      if (!anyDigestDue(digest, now)) return { sent: 0 };
      const eventTool = getService(strapi, 'settings')
        .agent()
        .tools.find((tool) => tool.name === proactive.eventTool);
      if (!eventTool?.dateField) return { sent: 0 };

      const due: Array<{ key: string; userId: number; channelId: number; at: Date }> = [];
      for (const { channelId, userId } of await channels.linkedOptedIn('digest')) {
        // Claimed this week already (a slot is a week apart from the next).
        if (now.getTime() - (settled.get(userId) ?? -Infinity) < 6 * 24 * 60 * 60 * 1000) continue;
        const account = await getService(strapi, 'usage').accountOf(userId);
        const schedule = digestScheduleOf(digest, account.community);
        if (!schedule.enabled) continue;
        const slot = latestWeekly(schedule, now);
        if (now.getTime() - slot.at.getTime() > DIGEST_CATCH_UP_MS) continue;
        due.push({ key: `digest:${slot.localDate}:${userId}`, userId, channelId, at: slot.at });
      }
      const claimed = await sender.claimedAmong(due.map((entry) => entry.key));
      let sent = 0;
      for (const entry of due) {
        if (claimed.has(entry.key)) {
          settled.set(entry.userId, entry.at.getTime());
          continue;
        }
        const outcome = await sender.send(
          {
            key: entry.key,
            kind: 'digest',
            userId: entry.userId,
            dueAt: entry.at,
            channelId: entry.channelId,
          },
          async (user, account) => {
            const to = new Date(now.getTime() + digest.days * 24 * 60 * 60 * 1000);
            const found = await getService(strapi, 'agent').readAs(user, `search_${eventTool.name}`, {
              from: now.toISOString(),
              to: to.toISOString(),
              limit: digest.maxEvents,
            });
            const events = (found[eventTool.name] ?? []) as Array<Record<string, unknown>>;
            if (!Array.isArray(events) || events.length === 0)
              return `No upcoming events the member can see${found.error ? `: ${String(found.error)}` : ''}`;
            const { timeZone } = digestScheduleOf(digest, account.community);
            const titleOf = (event: Record<string, unknown>) =>
              String(event[proactive.eventTitleField] ?? 'Event');
            const startOf = (event: Record<string, unknown>) => toDate(event[eventTool.dateField as string]);
            const communityName = communityNameOf(strapi, account);
            const lines = events.map((event) => {
              const start = startOf(event);
              return `• *${titleOf(event)}*${start ? ` — ${formatDayTime(start, timeZone)}` : ''}`;
            });
            const text = getService(strapi, 'settings').message('weeklyDigest', {
              community: communityName,
              events: lines.join('\n'),
            });
            return {
              text: `${text}\n\n${STOP_DIGEST}`,
              template: {
                purpose: 'weeklyDigest',
                values: {
                  eventCount: String(events.length),
                  eventList: events
                    .map((event) => {
                      const start = startOf(event);
                      return `${titleOf(event)}${start ? ` (${formatDay(start, timeZone)})` : ''}`;
                    })
                    .join(' · '),
                },
              },
            };
          }
        );
        if (outcome !== 'failed') settled.set(entry.userId, entry.at.getTime());
        if (outcome === 'sent') sent += 1;
      }
      return { sent };
    },
  };
};
