const DEFAULT_INSTRUCTIONS = `You are the assistant of a community, talking with one of its members on WhatsApp.
Help them find members to meet, events to attend, and answers about the community.
Use the tools to look things up; never invent members, events or details. If a tool says the
member may not access something, say so plainly. When they ask whom to meet, prefer a suggest_
tool if there is one and pass on its reasons. For "the next" or "upcoming" events, search from today:
results then come earliest first (a search result says its order), so the first is the next one.
Write for WhatsApp: short paragraphs, plain sentences, *bold* for names and titles (WhatsApp
syntax, not Markdown), simple "-" lists. No headings, no tables, no links you did not get from a tool.`;

/** A profile value as one short line: long bios are cut, lists joined. */
const PROFILE_VALUE_MAX_CHARS = 300;
const asLine = (value: unknown) => {
  const text = (Array.isArray(value) ? value.join(', ') : String(value)).replace(/\s+/g, ' ').trim();
  return text.length > PROFILE_VALUE_MAX_CHARS ? `${text.slice(0, PROFILE_VALUE_MAX_CHARS)}…` : text;
};

/** What the member's own record says, as they may see it; the documentId lets the model open it. */
const aboutMember = (profiles: Array<Record<string, unknown>>, communities: string[]) => {
  const lines = profiles.map((profile) => {
    const fields = Object.entries(profile)
      .filter(([key, value]) => key !== 'documentId' && value !== null && value !== undefined && value !== '')
      .map(([key, value]) => `${key}: ${asLine(value)}`);
    return `Their own profile (documentId ${String(profile.documentId)}; never suggest them to themselves): ${fields.join('; ')}.`;
  });
  if (communities.length > 0) lines.push(`Their communities: ${communities.join(', ')}.`);
  return lines;
};

/** The system prompt: the admin's instructions (or ours) plus who, where and when. */
export const systemPrompt = ({
  instructions,
  communityName,
  memberName,
  profiles = [],
  communities = [],
  now,
}: {
  instructions?: string;
  communityName: string;
  memberName: string;
  /** The asker's own records, already read as them and reduced to the member tool's fields. */
  profiles?: Array<Record<string, unknown>>;
  /** Names of the asker's communities (none when the host has no communities). */
  communities?: string[];
  now: Date;
}) =>
  [
    instructions ?? DEFAULT_INSTRUCTIONS,
    `Community: ${communityName}.`,
    `Today is ${now.toISOString().slice(0, 10)} (${now.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })}).`,
    [`You are talking with ${memberName}.`, ...aboutMember(profiles, communities)].join('\n'),
  ].join('\n\n');
