/**
 * Vocabulary for events. Titles are "<format>: <topic>" or a numbered recurring social, which
 * gives distinct, believable titles without hand-writing 64 of them.
 */
import type { Weighted } from './profiles';

export type EventFlavour = {
  socialName: string;
  /** [title prefix, phrase with article for descriptions] */
  formats: ReadonlyArray<readonly [string, string]>;
  topics: ReadonlyArray<string>;
  cities: Weighted<string>;
};

export const EVENT_FLAVOURS: Readonly<Record<string, EventFlavour>> = {
  'climate-builders': {
    socialName: 'Climate Builders Social',
    formats: [
      ['Workshop', 'a workshop'],
      ['Lightning talks', 'an evening of lightning talks'],
      ['Panel', 'a panel'],
      ['Breakfast', 'a breakfast'],
      ['Hack night', 'a hack night'],
      ['Field trip', 'a field trip'],
      ['Reading circle', 'a reading circle'],
      ['Pitch night', 'a pitch night'],
    ],
    topics: [
      'carbon accounting for startups',
      'heat pumps in old buildings',
      'community solar',
      'the EU taxonomy',
      'life-cycle assessment',
      'urban gardening on rooftops',
      'cargo-bike logistics',
      'grid storage',
      'raising a climate seed round',
      'circular packaging',
      'climate data APIs',
      'biodiversity credits',
      'building retrofits',
      'green hydrogen hype vs. reality',
      'repairing electronics',
      'climate policy 101',
      'measuring scope 3 emissions',
      'regenerative agriculture',
    ],
    cities: [
      ['Berlin', 80],
      ['Hamburg', 8],
      ['Munich', 6],
      ['Copenhagen', 6],
    ],
  },
  'open-source-makers': {
    socialName: 'Makers Meetup',
    formats: [
      ['Workshop', 'a workshop'],
      ['Lightning talks', 'an evening of lightning talks'],
      ['Hack night', 'a hack night'],
      ['Maintainer circle', 'a maintainer circle'],
      ['Code review clinic', 'a code review clinic'],
      ['Show & tell', 'a show & tell'],
      ['Install party', 'an install party'],
    ],
    topics: [
      'Rust for TypeScript developers',
      'your first open source contribution',
      'WebAssembly outside the browser',
      'home automation with open hardware',
      'funding open source',
      'accessible design systems',
      'Postgres internals',
      'supply-chain security',
      'writing docs people read',
      '3D printing enclosures',
      'local-first apps',
      'on-device machine learning',
      'Kubernetes without tears',
      'maintainer burnout',
      'fuzzing',
      'open data portals',
    ],
    cities: [
      ['Berlin', 45],
      ['Amsterdam', 20],
      ['London', 15],
      ['Warsaw', 10],
      ['Lisbon', 10],
    ],
  },
};

export const VENUES: Readonly<Record<string, ReadonlyArray<string>>> = {
  Berlin: [
    'Impact Hub Berlin',
    'Betahaus Kreuzberg',
    'c-base',
    'Prinzessinnengarten',
    'Factory Görlitzer Park',
    'Holzmarkt 25',
    'TU Berlin, Room H 104',
  ],
  Hamburg: ['Betahaus Hamburg', 'Hamburg Hub'],
  Munich: ['Werk1', 'Impact Hub Munich'],
  Copenhagen: ['BLOXHUB'],
  Amsterdam: ['Pakhuis de Zwijger', 'B. Amsterdam', 'OBA Oosterdok'],
  London: ['Newspeak House', 'The Trampery'],
  Warsaw: ['Google for Startups Campus Warsaw', 'Hackerspace Warszawa'],
  Lisbon: ['Second Home Lisboa', 'LACS Anjos'],
};

/** First sentence of a description; {format} (with its article) and {topic} are filled in. */
export const DESCRIPTION_OPENERS: ReadonlyArray<string> = [
  'Join us for {format} on {topic} with people who actually ship things.',
  'We dig into {topic}: what works, what does not, and what we wish we had known earlier.',
  'Join us for {format} about {topic}.',
  'Three members share what they learned about {topic}, followed by open discussion.',
  'A hands-on session around {topic}, no prior experience needed.',
  'This is {format} on {topic}, informal and newcomer-friendly.',
];

export const DESCRIPTION_EXTRAS: ReadonlyArray<string> = [
  'Bring a laptop.',
  'Snacks and drinks provided.',
  'Talks are in English.',
  'Free, but spots are limited to 40.',
  'Hosted by members of the community.',
  'Childcare available on request.',
  'Step-free access to the venue.',
  'We will share slides afterwards.',
];

export const SOCIAL_DESCRIPTIONS: ReadonlyArray<string> = [
  'Our regular get-together: no talks, no agenda, just good people.',
  'Come meet other members over drinks; first-timers get a name tag and an intro.',
  'The monthly social, as relaxed as ever.',
];

export const ONLINE_NOTE = 'We meet on Jitsi; the link goes out to registered attendees.';
