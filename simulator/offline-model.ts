import { picturesOf, type ChatRequest, type ScriptedAnswer } from './scripted-llm';

/**
 * The offline demo model: no intelligence, a few rules, so `npm run demo` shows real tool calls
 * over the seeded data without an API key. "Who should I meet (about X)?" → suggest_members with
 * the topic; people words → search_members; event and date words → search_events (with a date
 * range); a tool result → a short WhatsApp-style summary (with each suggestion's reason).
 */

export const OFFLINE_NOTICE =
  'Offline demo model: replies follow simple rules; set OPENAI_API_KEY / OPENAI_BASE_URL for a real model.';

const STOPWORDS = new Set(
  'a an and any anyone are at be can could do does for from here i in into is it know like looking me meet members member my near of on or people person please should some someone the there this to want we what when where which who whom with work works working you next week weekend month today tonight tomorrow events event happening happens meetup meetups going on'.split(
    ' '
  )
);

/** The words worth searching for; `keep` rescues stopwords that matter here ("meetup" when booking one). */
const keywords = (text: string, keep: ReadonlySet<string> = new Set()) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 2 && (keep.has(word) || !STOPWORDS.has(word)))
    .slice(0, 3)
    .join(' ');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const dateRange = (text: string) => {
  if (/\bnext week\b/i.test(text))
    return {
      from: day(7 - ((new Date().getUTCDay() + 6) % 7)),
      to: day(13 - ((new Date().getUTCDay() + 6) % 7)),
    };
  if (/\b(today|tonight)\b/i.test(text)) return { from: day(0), to: day(1) };
  if (/\bweekend\b/i.test(text)) return { from: day(0), to: day(7) };
  return { from: day(0), to: day(30) };
};

type Row = Record<string, unknown>;

const summarize = (content: string) => {
  let result: Row;
  try {
    result = JSON.parse(content.replace(/… \[cut:.*$/s, '')) as Row;
  } catch {
    return 'I found something, but it was too long to read out here. Try a narrower question.';
  }
  if (typeof result.error === 'string') return `I could not look that up: ${result.error}`;
  const rows = Object.values(result).find(Array.isArray) as Row[] | undefined;
  if (!rows || rows.length === 0) return 'I found nothing matching that. Try other words?';
  const lines = rows.slice(0, 5).map((row) => {
    if (row.title)
      return `- *${row.title}*${row.startsAt ? ` · ${String(row.startsAt).slice(0, 10)}` : ''}${row.location ? ` · ${row.location}` : ''}`;
    const person = `- *${row.displayName ?? row.name ?? row.documentId}*${row.headline ? ` · ${row.headline}` : ''}${row.city ? ` (${row.city})` : ''}`;
    return row.reason ? `${person}\n  _${String(row.reason)}_` : person;
  });
  if (rows.some((row) => row.reason))
    return `People you could meet (${rows.length > 5 ? 'the first 5' : rows.length}):\n${lines.join('\n')}`;
  return `Here is what I found (${rows.length}${rows.length > 5 ? ', the first 5' : ''}):\n${lines.join('\n')}`;
};

const BOOK = /\b(book|rsvp|sign me up|register me|count me in)\b/i;
/** What kind of event to book says which one: "the next climate meetup" is a meetup about climate. */
const EVENT_KINDS: ReadonlySet<string> = new Set(['meetup', 'meetups', 'workshop', 'workshops']);
/** What the plugin makes of a pick from a list picker (channels/twilio/list-pick.ts). */
const PICK = /^I pick ".*" \(events documentId ([\w-]+)\)$/;

/** What marks a voice note's transcript, a picture or a location in the turn's text ("[voice note] …"). */
const MARKERS = /\[(voice note|pictures?(: \d+)?|location)\]\s*/gi;

/** The member's latest question (the text before this turn's tool rounds), markers left out. */
const lastUserText = (request: ChatRequest) =>
  String([...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '').replace(
    MARKERS,
    ''
  );

/** A picture: this model cannot look at it, but says what it got (a real vision model would describe it). */
const pictureReply = (request: ChatRequest): ScriptedAnswer | null => {
  const pictures = picturesOf(request);
  if (pictures.length === 0) return null;
  const kilobytes = Math.round((pictures[0].length * 3) / 4 / 1024);
  const caption = lastUserText(request).trim();
  return {
    content: `I can see your picture (${pictures[0].slice(5, pictures[0].indexOf(';'))}, about ${kilobytes} KB)${caption ? `, captioned "${caption}"` : ''}. I am the offline demo model, so I cannot tell what is in it: a real vision model (OPENAI_API_KEY) would describe it.`,
  };
};

/**
 * "Book me into the next climate meetup": search the events, then propose an RSVP to the first
 * one (the member is then asked to confirm, by the plugin, not by this model). An event picked
 * from a list is proposed at once.
 */
const bookingStep = (request: ChatRequest, last: ChatRequest['messages'][number]): ScriptedAnswer | null => {
  // A pick from the list of events a reply offered: book that one.
  const picked = PICK.exec(lastUserText(request));
  if (!BOOK.test(lastUserText(request)) && !picked) return null;
  if (last.role !== 'tool' && picked) {
    return { toolCalls: [{ name: 'rsvp_event', arguments: { documentId: picked[1], status: 'going' } }] };
  }
  if (last.role !== 'tool') {
    const query = keywords(lastUserText(request).replace(BOOK, ' '), EVENT_KINDS);
    // Upcoming only (a past event cannot be booked), earliest first: the first one is "the next".
    const from = new Date().toISOString();
    return {
      toolCalls: [
        {
          name: 'search_events',
          arguments: { ...(query ? { query } : {}), from, order: 'date', limit: 3 },
        },
      ],
    };
  }
  let result: Row;
  try {
    result = JSON.parse(last.content ?? '{}') as Row;
  } catch {
    return null;
  }
  if (result.status === 'waiting_for_confirmation') return { content: 'Shall I? Just confirm below.' };
  const first = (result.events as Row[] | undefined)?.[0];
  if (!first?.documentId) return null;
  return {
    toolCalls: [{ name: 'rsvp_event', arguments: { documentId: first.documentId, status: 'going' } }],
  };
};

export const offlineModelReply = (request: ChatRequest): ScriptedAnswer => {
  const last = request.messages[request.messages.length - 1];
  const tools = new Set((request.tools ?? []).map((tool) => tool.function.name));
  const booking = tools.has('rsvp_event') && last ? bookingStep(request, last) : null;
  if (booking) return booking;
  // The answer of handoff_to_person: a community manager takes over after this reply.
  if (last?.role === 'tool' && /community manager will take over/.test(String(last.content ?? '')))
    return { content: 'Sure: I am passing you to a community manager.' };
  if (last?.role === 'tool') return { content: summarize(last.content ?? '') };
  const picture = pictureReply(request);
  if (picture) return picture;

  const text = String(last?.content ?? '').replace(MARKERS, '');
  if (
    tools.has('handoff_to_person') &&
    /\b(talk|speak|chat|write) (to|with) (a |an |some )?(real )?(person|human|someone|manager|people)\b|\breal person\b/i.test(
      text
    )
  ) {
    return {
      toolCalls: [
        { name: 'handoff_to_person', arguments: { reason: 'member_asked', summary: text.slice(0, 200) } },
      ],
    };
  }
  const meet = /\bwho should i (meet|talk to)\b(?:.*?\babout\s+(.+?))?[?.!]*$/i.exec(text.trim());
  if (tools.has('suggest_members') && meet) {
    const topic = meet[2]?.trim();
    return { toolCalls: [{ name: 'suggest_members', arguments: { ...(topic ? { topic } : {}), limit: 5 } }] };
  }
  if (
    tools.has('search_events') &&
    /\b(events?|happening|meetups?|workshops?|talks?|week|weekend|tonight|today|tomorrow|month|when)\b/i.test(
      text
    )
  ) {
    const query = keywords(text);
    return {
      toolCalls: [
        { name: 'search_events', arguments: { ...(query ? { query } : {}), ...dateRange(text), limit: 5 } },
      ],
    };
  }
  if (
    tools.has('search_members') &&
    /\b(who|members?|people|person|someone|anyone|meet|works?|working|into|founders?|designers?|engineers?)\b/i.test(
      text
    )
  ) {
    return { toolCalls: [{ name: 'search_members', arguments: { query: keywords(text), limit: 5 } }] };
  }
  return {
    content:
      'I am the offline demo model. Ask me "who should I meet?", "who works on climate tech in Berlin?", "any events next week?" or "book me into the next meetup".',
  };
};
