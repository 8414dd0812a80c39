import fs from 'node:fs';
import path from 'node:path';

/**
 * The plugin is the repository this app sits in. Its path is found by walking up from here
 * (this file runs from `config/` in development and from `dist/config/` once compiled).
 */
const findPluginRoot = (from: string): string => {
  const manifest = path.join(from, 'package.json');
  if (
    fs.existsSync(manifest) &&
    JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'strapi-plugin-whatsapp-agent'
  ) {
    return from;
  }
  const parent = path.dirname(from);
  if (parent === from) throw new Error('strapi-plugin-whatsapp-agent not found above the playground');
  return findPluginRoot(parent);
};

export default ({ env }) => ({
  // Strapi's default email provider (direct SMTP); tests point it at a local SMTP server
  // (tests/support/smtp-inbox.ts) to read the managers' handoff emails.
  email: {
    config: {
      provider: 'sendmail',
      providerOptions: env('EMAIL_SMTP_DEV_PORT')
        ? { devHost: '127.0.0.1', devPort: env.int('EMAIL_SMTP_DEV_PORT') }
        : {},
      settings: { defaultFrom: env('EMAIL_FROM', 'community@playground.localhost') },
    },
  },
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET', 'playground-jwt-secret'),
      // Short-lived access tokens + refresh tokens backed by server-side sessions: the mode the
      // WhatsApp agent binds channels to.
      jwtManagement: 'refresh',
      sessions: {
        // A WhatsApp link is a refresh session too. The plugin renews its idle window as the
        // member writes; the absolute limit below is when every session, web or WhatsApp, must
        // log in again. Six months, not the 30-day default, so a link does not die monthly.
        idleRefreshTokenLifespan: 30 * 24 * 3600,
        maxRefreshTokenLifespan: 180 * 24 * 3600,
      },
      ratelimit: { interval: 60_000, max: env.int('UP_RATELIMIT_MAX', 10) },
    },
  },
  'whatsapp-agent': {
    enabled: true,
    resolve: findPluginRoot(__dirname),
    config: {
      // Names in replies, and the community each member is billed to, come from the member profile.
      member: {
        contentType: 'api::member.member',
        userAttribute: 'user',
        nameAttribute: 'displayName',
        communityAttribute: 'community',
        // Fixed replies in the member's language ("de", "fr-CA"…) when their profile names one.
        localeAttribute: 'locale',
      },
      agent: {
        communityName: env('COMMUNITY_NAME', 'Climate Builders Berlin & Open Source Makers'),
        // The collections the agent may search, always as the member through their own role.
        tools: [
          {
            contentType: 'api::member.member',
            name: 'members',
            description: 'Members of the community: who they are, what they work on, where they live.',
            searchableFields: ['displayName', 'headline', 'bio', 'interests', 'city', 'company'],
            returnedFields: ['displayName', 'headline', 'bio', 'interests', 'city', 'company'],
            // Members see the people of their own communities only.
            communityField: 'community',
            // suggest_members: "who should I meet?", ranked by overlap with the asker's profile.
            suggestFields: ['interests', 'headline', 'bio', 'city', 'company'],
          },
          {
            contentType: 'api::event.event',
            name: 'events',
            description: 'Events of the community: meetups, talks, workshops, past and upcoming.',
            searchableFields: ['title', 'description', 'location'],
            returnedFields: ['title', 'description', 'startsAt', 'endsAt', 'location', 'visibility'],
            dateField: 'startsAt',
            communityField: 'community',
          },
        ],
        // Writes the agent may propose; each runs through the app's own route, as the member,
        // only after they answered Yes.
        actions: [
          {
            name: 'rsvp_event',
            description:
              "Answer an event's invitation for the member: going or not going (the event's documentId from search_events).",
            method: 'POST',
            path: '/api/events/{documentId}/rsvp',
            parameters: {
              type: 'object',
              properties: {
                documentId: { type: 'string', description: 'The event, by its documentId' },
                status: { type: 'string', enum: ['going', 'not_going'] },
              },
              required: ['documentId', 'status'],
            },
            record: { collection: 'events', idArgument: 'documentId' },
            confirm: 'RSVP *{status}* to *{title}* on {startsAt:date}?',
            offerReminders: true,
          },
        ],
      },
      // The ready-made page where members link their phone (on with WHATSAPP_AGENT_LINKING_PAGE=on,
      // as `npm run demo` does), in the community's colours.
      linkingPage: {
        title: 'Link WhatsApp to Climate Builders',
        accentColor: '#0b7a53',
        logoUrl: env('LINKING_PAGE_LOGO_URL', undefined),
      },
      // Reminders before the events a member RSVP'd `going` to, and a weekly digest, each only
      // to members who opted in (REMINDERS ON, DIGEST ON, or the Remind me button of an RSVP).
      proactive: {
        rsvp: { contentType: 'api::attendance.attendance' },
        eventPlaceField: 'location',
        digest: { enabled: true, day: 'monday', hour: 9, timeZone: 'Europe/Berlin' },
      },
    },
  },
});
