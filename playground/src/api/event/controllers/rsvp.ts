import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

const ATTENDANCE = 'api::attendance.attendance';
const EVENT = 'api::event.event';
const STATUSES = ['going', 'not_going'] as const;
type RsvpStatus = (typeof STATUSES)[number];

type Event = { documentId: string; title: string; startsAt: string; location?: string | null };

const eventView = ({ documentId, title, startsAt, location }: Event) => ({
  documentId,
  title,
  startsAt,
  location: location ?? null,
});

/**
 * The community's RSVP API, as a host app would write it: the member is whoever the request's
 * token belongs to (`ctx.state.user`), never a field of the body, so nobody can answer for
 * someone else. The WhatsApp agent calls these routes with the member's own token.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/events/:documentId/rsvp `{ status: "going" | "not_going" }` */
  async rsvp(ctx: Context) {
    const user = ctx.state.user as { id: number; documentId: string } | undefined;
    if (!user) return ctx.unauthorized('Log in to answer an invitation');
    const status = (ctx.request.body as { status?: unknown } | undefined)?.status;
    if (!STATUSES.includes(status as RsvpStatus)) {
      return ctx.badRequest('status must be "going" or "not_going"');
    }
    const event = (await strapi
      .documents(EVENT)
      .findOne({ documentId: ctx.params.documentId, status: 'published' })) as unknown as Event | null;
    if (!event) return ctx.notFound('No such event');
    if (new Date(event.startsAt).getTime() <= Date.now()) {
      return ctx.badRequest(`"${event.title}" has already started: answers are closed`);
    }

    const attendances = strapi.documents(ATTENDANCE);
    const existing = await attendances.findFirst({
      filters: { event: { documentId: event.documentId }, user: { id: user.id } },
    });
    const saved = existing
      ? await attendances.update({ documentId: existing.documentId, data: { status } as never })
      : await attendances.create({
          data: { event: event.documentId, user: user.documentId, status } as never,
        });
    ctx.status = existing ? 200 : 201;
    ctx.body = { data: { status, event: eventView(event), answeredAt: saved.updatedAt } };
  },

  /** GET /api/events/mine — the upcoming events the member said they are going to, soonest first. */
  async mine(ctx: Context) {
    const user = ctx.state.user as { id: number } | undefined;
    if (!user) return ctx.unauthorized('Log in to see your events');
    const going = await strapi.documents(ATTENDANCE).findMany({
      filters: {
        user: { id: user.id },
        status: 'going',
        event: { startsAt: { $gt: new Date().toISOString() } },
      },
      populate: { event: { fields: ['documentId', 'title', 'startsAt', 'location'] } },
    });
    const events = going
      .map((attendance) => (attendance as unknown as { event: Event | null }).event)
      .filter((event): event is Event => event !== null)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    ctx.body = { data: events.map(eventView) };
  },
});
