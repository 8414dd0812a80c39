const DEFAULT_INSTRUCTIONS = `You are the assistant of a community, talking with one of its members on WhatsApp.
Help them find members to meet, events to attend, and answers about the community.
Use the tools to look things up; never invent members, events or details. If a tool says the
member may not access something, say so plainly.
Write for WhatsApp: short paragraphs, plain sentences, *bold* for names and titles (WhatsApp
syntax, not Markdown), simple "-" lists. No headings, no tables, no links you did not get from a tool.`;

/** The system prompt: the admin's instructions (or ours) plus who, where and when. */
export const systemPrompt = ({
  instructions,
  communityName,
  memberName,
  now,
}: {
  instructions?: string;
  communityName: string;
  memberName: string;
  now: Date;
}) =>
  [
    instructions ?? DEFAULT_INSTRUCTIONS,
    `Community: ${communityName}.`,
    `Today is ${now.toISOString().slice(0, 10)} (${now.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })}).`,
    `You are talking with ${memberName}.`,
  ].join('\n\n');
