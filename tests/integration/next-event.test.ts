import type { SearchService } from '../../server/src/agent/search';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { linkPhone, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// "Book me into the next climate meetup" means the earliest upcoming climate meetup the member
// can see — not the one whose text matches best. The events below are seeded out of relevance
// order: the best match is two months away, a weaker one next week, and a strong one tomorrow
// belongs to another community (the member cannot see it).

const [ada] = DEMO_USERS;
const DAY_MS = 24 * 60 * 60 * 1000;
let pipeline: Pipeline;
let phone: string;
const strapi = () => pipeline.playground.strapi;

type Event = { documentId: string; title: string };
let weakNextWeek: Event;
let strongLater: Event;

const createEvent = async (community: string, title: string, description: string, inDays: number) => {
  const { documentId } = await strapi()
    .db.query('api::community.community')
    .findOne({ where: { slug: community } });
  const startsAt = new Date(Date.now() + inDays * DAY_MS);
  return (await strapi()
    .documents('api::event.event')
    .create({
      data: {
        title,
        description,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 60 * 60 * 1000).toISOString(),
        location: 'Test venue, Berlin',
        visibility: 'members',
        community: documentId,
      },
      status: 'published',
    } as never)) as unknown as Event;
};

/** The search's result the model got, then the RSVP it proposes for the first event of it. */
let lastResult: { events: Event[]; order?: string } | undefined;
const proposeFirst = (request: ChatRequest) => {
  lastResult = JSON.parse(request.messages.at(-1)?.content ?? '{}') as typeof lastResult;
  return {
    toolCalls: [
      { name: 'rsvp_event', arguments: { documentId: lastResult!.events[0].documentId, status: 'going' } },
    ],
  };
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  phone = await linkPhone(pipeline, '+4917700002601', ada.email);
  const other = await strapi()
    .db.query('api::community.community')
    .findOne({ where: { slug: { $ne: ada.community } } });
  strongLater = await createEvent(
    ada.community,
    'Climate meetup: the big climate meetup',
    'The climate meetup of the season: climate talks, climate people, climate everything.',
    60
  );
  weakNextWeek = await createEvent(
    ada.community,
    'Neighbourhood evening',
    'A relaxed meetup in the courtyard; one table will talk about climate.',
    7
  );
  await createEvent(
    other.slug,
    'Climate meetup: climate meetup for makers',
    'Climate meetup, climate talks, climate meetup again.',
    1
  );
  await createEvent(ada.community, 'Climate meetup: last week', 'A climate meetup that is over.', -3);
  await (strapi().plugin('whatsapp-agent').service('search') as SearchService).whenReady();
});

beforeEach(() => pipeline.llm.reset());

afterEach(async () => {
  // Leaves the proposal unanswered no longer: the next test starts without a question pending.
  pipeline.llm.script({ content: 'Fine.' });
  await say(pipeline, phone, 'no');
});

afterAll(async () => {
  await pipeline?.stop();
});

const expectProposalOf = (reply: string, event: Event) => {
  expect(reply).toContain(`RSVP *going* to *${event.title}* on `);
};

it('a search from today answers in date order: the next climate meetup is next week’s', async () => {
  pipeline.llm.script(
    {
      toolCalls: [
        { name: 'search_events', arguments: { query: 'climate meetup', from: new Date().toISOString() } },
      ],
    },
    proposeFirst
  );
  const reply = await say(pipeline, phone, 'Book me into the next climate meetup');
  expectProposalOf(reply, weakNextWeek);
  expect(lastResult?.order).toBe('date ascending (earliest first)');
  expect(lastResult?.events.map((event) => event.title)).toEqual([weakNextWeek.title, strongLater.title]);
});

it('"next" in the query means from now, earliest first, even without a date range', async () => {
  pipeline.llm.script(
    { toolCalls: [{ name: 'search_events', arguments: { query: 'next climate meetup' } }] },
    proposeFirst
  );
  const reply = await say(pipeline, phone, 'Book me into the next climate meetup');
  expectProposalOf(reply, weakNextWeek);
  expect(lastResult?.order).toBe('date ascending (earliest first)');
  expect(lastResult?.events[0].title).toBe(weakNextWeek.title);
});

it('without dates or "next", a search stays in relevance order and says so', async () => {
  let result: { events: Event[]; order?: string } | undefined;
  pipeline.llm.script(
    { toolCalls: [{ name: 'search_events', arguments: { query: 'climate meetup' } }] },
    (request: ChatRequest) => {
      result = JSON.parse(request.messages.at(-1)?.content ?? '{}') as typeof result;
      return { content: 'Found some.' };
    }
  );
  await say(pipeline, phone, 'Tell me about climate meetups');
  expect(result?.order).toBe('relevance (best match first)');
  expect(result?.events[0].title).toBe(strongLater.title);
});

it('the offline demo model books the next one too', async () => {
  // Nothing scripted: the scripted LLM follows the offline demo model's rules.
  const reply = await say(pipeline, phone, 'Book me into the next climate meetup');
  expectProposalOf(reply, weakNextWeek);
});
