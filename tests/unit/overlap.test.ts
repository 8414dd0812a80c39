import { overlap, profileTerms, searchText, topicTerms } from '../../server/src/agent/tools/overlap';
import { offlineModelReply } from '../../simulator/offline-model';

const FIELDS = ['interests', 'headline', 'bio', 'city', 'company'];
const ada = profileTerms(
  [
    {
      interests: 'climate tech, carbon accounting, fundraising',
      headline: 'Founder at Carbonwise · carbon accounting for small businesses',
      bio: 'Mathematician turned founder; analytical engines of every kind.',
      city: 'Berlin',
      company: 'Carbonwise',
    },
  ],
  FIELDS
);

describe('overlap of two profiles', () => {
  it('names what both share: interests, city, company', () => {
    const { score, reason } = overlap(
      ada,
      topicTerms(undefined),
      {
        interests: 'Carbon accounting, policy',
        headline: 'Analyst at GridCo',
        bio: 'A mathematician who likes maps.',
        city: 'Berlin',
        company: 'GridCo',
      },
      FIELDS
    );
    expect(reason).toBe('both into carbon accounting; both in Berlin');
    expect(score).toBe(3 + 2);
  });

  it('quotes interests, places and roles, never filler words of a bio', () => {
    const filler =
      'Product designer with 12 years of experience, currently mentoring newcomers. Happy to share what I learned.';
    const asker = profileTerms(
      [
        {
          interests: 'design systems, urban gardening',
          headline: 'Product designer at Solarly · climate fintech',
          bio: `${filler} Lately obsessed with heat pumps.`,
          city: 'Berlin',
        },
      ],
      FIELDS
    );
    const { score, reason } = overlap(
      asker,
      topicTerms(undefined),
      {
        interests: 'Heat pumps, solar',
        headline: 'Product designer at GridCo · climate fintech',
        bio: `${filler} Always up for a walk-and-talk in Hamburg.`,
        city: 'Hamburg',
      },
      FIELDS
    );
    // Their interest written in her bio, the focus both headlines name, the same role.
    expect(reason).toBe('both into climate fintech, heat pumps; same role: product designer');
    expect(score).toBe(3 * 2 + 2);
    for (const word of ['experience', 'currently', 'mentoring', 'newcomers', 'learned', 'years'])
      expect(reason).not.toContain(word);

    // Filler alone makes no suggestion.
    expect(
      overlap(
        asker,
        topicTerms(undefined),
        { bio: filler, city: 'Lisbon', headline: 'Engineer at X' },
        FIELDS
      )
    ).toEqual({ score: 0, reason: '' });
  });

  it('gives nothing for nothing shared', () => {
    expect(
      overlap(ada, topicTerms(undefined), { interests: 'rust, kubernetes', city: 'Lisbon' }, FIELDS)
    ).toEqual({
      score: 0,
      reason: '',
    });
  });

  it('with a topic, requires it and ranks the whole topic above part of it, above any profile overlap', () => {
    const topic = topicTerms('carbon removal');
    const whole = overlap(ada, topic, { headline: 'Engineer · carbon removal', city: 'Lisbon' }, FIELDS);
    const part = overlap(
      ada,
      topic,
      { interests: 'carbon accounting, climate tech, fundraising', city: 'Berlin', company: 'Carbonwise' },
      FIELDS
    );
    const none = overlap(ada, topic, { interests: 'climate tech, fundraising', city: 'Berlin' }, FIELDS);
    expect(whole.reason).toBe('works on carbon removal');
    expect(part.reason).toMatch(/^mentions carbon; both into climate tech, carbon accounting, fundraising/);
    expect(none).toEqual({ score: 0, reason: '' });
    expect(whole.score).toBeGreaterThan(part.score);
  });

  it('asks the index for the topic when there is one, else for the profile', () => {
    expect(searchText(ada, topicTerms('soil health'))).toBe('soil health');
    expect(searchText(ada, topicTerms(undefined)).split(' ').slice(0, 4)).toEqual([
      'climate',
      'tech',
      'carbon',
      'accounting',
    ]);
  });
});

describe('the offline demo model', () => {
  const tools = ['suggest_members', 'search_members', 'search_events'].map((name) => ({
    type: 'function' as const,
    function: { name, parameters: {} },
  }));
  const ask = (content: string) =>
    offlineModelReply({ model: 'offline', messages: [{ role: 'user', content }], tools } as never);

  it('answers "who should I meet?" with suggest_members, the topic when given', () => {
    expect(ask('Who should I meet?')).toEqual({
      toolCalls: [{ name: 'suggest_members', arguments: { limit: 5 } }],
    });
    expect(ask('who should I meet about carbon removal?')).toEqual({
      toolCalls: [{ name: 'suggest_members', arguments: { topic: 'carbon removal', limit: 5 } }],
    });
  });

  it('reads the reasons out', () => {
    const reply = offlineModelReply({
      model: 'offline',
      messages: [
        {
          role: 'tool',
          tool_call_id: 'x',
          content: JSON.stringify({
            members: [
              {
                displayName: 'Rosa Visser',
                city: 'Berlin',
                reason: 'both into climate tech; both in Berlin',
              },
            ],
            count: 1,
          }),
        },
      ],
    } as never);
    expect(reply).toEqual({
      content:
        'People you could meet (1):\n- *Rosa Visser* (Berlin)\n  _both into climate tech; both in Berlin_',
    });
  });
});
