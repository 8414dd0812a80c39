import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../settings/plugin-config-schema';
import { toDate, toNumber } from '../repositories/rows';
import { getService } from '../utils/get-service';
import { timeZoneOf } from './community-schedule';
import { dueReminder } from './reminder-due';
import type { ProactiveSender } from './send-proactive';
import { formatDayTime, formatStartsIn } from './zoned-time';

type Proactive = PluginConfig['proactive'];
type Rsvp = NonNullable<Proactive['rsvp']>;

/** One member going to one event whose reminder `beforeMinutes` is due now. */
type DueReminder = { userId: number; eventDocumentId: string; start: Date; beforeMinutes: number };

export const STOP_REMINDERS = 'Reply REMINDERS OFF to stop event reminders.';

/**
 * Where the events have drafts, only their published version counts: a draft's date is an
 * editor's work in progress (an RSVP relates to both versions), and a reminder from it would tell
 * members of an unpublished reschedule — and use up the real reminder's key.
 */
const publishedOnly = (strapi: Core.Strapi, rsvp: Rsvp) => {
  const attribute = strapi.contentType(rsvp.contentType as never)?.attributes[rsvp.eventAttribute] as
    | { target?: string }
    | undefined;
  const events = attribute?.target ? strapi.contentType(attribute.target as never) : undefined;
  return events?.options?.draftAndPublish ? { publishedAt: { $notNull: true } } : {};
};

/**
 * The members going to an event whose published version starts within the largest reminder
 * offset, from the host's RSVP collection (the system reads it: it is the member's own RSVP the
 * reminder is about; what the reminder then says of the event is read as the member).
 */
const findDue = async (
  strapi: Core.Strapi,
  rsvp: Rsvp,
  dateField: string,
  proactive: Proactive,
  now: Date
) => {
  const horizon = new Date(now.getTime() + Math.max(...proactive.reminders.beforeMinutes) * 60_000);
  const published = publishedOnly(strapi, rsvp);
  const rows = (await strapi.db.query(rsvp.contentType as never).findMany({
    where: {
      [rsvp.statusAttribute]: rsvp.goingValue,
      [rsvp.eventAttribute]: { [dateField]: { $gt: now, $lte: horizon }, ...published },
    },
    populate: {
      [rsvp.eventAttribute]: { select: ['documentId', dateField], where: published },
      [rsvp.userAttribute]: { select: ['id'] },
    },
  })) as Array<Record<string, Record<string, unknown> | null>>;
  const due = new Map<string, DueReminder>();
  for (const row of rows) {
    const event = row[rsvp.eventAttribute];
    const user = row[rsvp.userAttribute];
    const start = toDate(event?.[dateField]);
    if (!event || !user || !start) continue;
    const beforeMinutes = dueReminder(start, proactive.reminders.beforeMinutes, now);
    if (beforeMinutes === null) continue;
    const reminder = {
      userId: toNumber(user.id),
      eventDocumentId: String(event.documentId),
      start,
      beforeMinutes,
    };
    // One reminder per member and event, however many rows relate the two.
    due.set(`${reminder.userId}:${reminder.eventDocumentId}`, reminder);
  }
  return [...due.values()];
};

/** Sends the event reminders that are due, each once, to members going who opted in. */
export const sendDueReminders = async (strapi: Core.Strapi, sender: ProactiveSender, now: Date) => {
  const { proactive } = getService(strapi, 'pluginConfig').get();
  if (!proactive.rsvp) return { sent: 0 };
  const eventTool = getService(strapi, 'settings')
    .agent()
    .tools.find((tool) => tool.name === proactive.eventTool);
  if (!eventTool?.dateField) {
    strapi.log.warn(
      `[whatsapp-agent] Event reminders are off: no read tool "${proactive.eventTool}" with a dateField (proactive.eventTool)`
    );
    return { sent: 0 };
  }
  const due = await findDue(strapi, proactive.rsvp, eventTool.dateField, proactive, now);
  const keyOf = (reminder: DueReminder) =>
    `reminder:${reminder.beforeMinutes}:${reminder.userId}:${reminder.eventDocumentId}`;
  const claimed = await sender.claimedAmong(due.map(keyOf));
  let sent = 0;
  for (const reminder of due) {
    const key = keyOf(reminder);
    if (claimed.has(key)) continue;
    const channel = await sender.channelFor(reminder.userId, 'reminders');
    if (!channel) continue;
    const outcome = await sender.send(
      {
        key,
        kind: 'reminder',
        userId: reminder.userId,
        dueAt: new Date(reminder.start.getTime() - reminder.beforeMinutes * 60_000),
        channelId: channel.id,
      },
      async (user, account) => {
        const read = await getService(strapi, 'agent').readAs(user, `get_${eventTool.name}`, {
          documentId: reminder.eventDocumentId,
        });
        const event = read[eventTool.name] as Record<string, unknown> | undefined;
        if (!event) return `The member cannot read the event now: ${String(read.error ?? 'not found')}`;
        const timeZone = timeZoneOf(proactive.digest, account.community);
        const title = String(event[proactive.eventTitleField] ?? 'Your event');
        const start = toDate(event[eventTool.dateField as string]) ?? reminder.start;
        const place = proactive.eventPlaceField ? event[proactive.eventPlaceField] : undefined;
        const values = {
          eventTitle: title,
          eventStart: formatDayTime(start, timeZone),
          startsIn: formatStartsIn(start, now, timeZone),
          ...Object.fromEntries(
            Object.entries(event).map(([field, value]) => [
              `event.${field}`,
              value == null ? undefined : String(value),
            ])
          ),
        };
        const text = getService(strapi, 'settings').message('eventReminder', {
          title,
          startsIn: values.startsIn,
          start: values.eventStart,
          place: typeof place === 'string' && place ? `, at ${place}` : '',
        });
        return { text: `${text}\n\n${STOP_REMINDERS}`, template: { purpose: 'eventReminder', values } };
      }
    );
    if (outcome === 'sent') sent += 1;
  }
  return { sent };
};
