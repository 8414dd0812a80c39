/**
 * Vocabulary for member profiles. Each community gets its own skew (cities, interests, roles) so
 * searches like "climate tech in Berlin" have many hits while a few values stay deliberately rare
 * (see RARE_*), which is what exercises the agent's "no / one match" paths.
 */
export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

export type CommunityFlavour = {
  cities: Weighted<string>;
  interests: Weighted<string>;
  roles: ReadonlyArray<string>;
  focuses: ReadonlyArray<string>;
  startups: ReadonlyArray<string>;
};

export const COMMUNITY_FLAVOURS: Readonly<Record<string, CommunityFlavour>> = {
  'climate-builders': {
    cities: [
      ['Berlin', 55], ['Hamburg', 8], ['Munich', 6], ['Amsterdam', 6], ['Copenhagen', 5],
      ['Lisbon', 4], ['Paris', 4], ['London', 4], ['Vienna', 3], ['Warsaw', 2], ['Remote', 5],
    ],
    interests: [
      ['climate tech', 30], ['carbon accounting', 14], ['renewable energy', 14], ['circular economy', 12],
      ['urban gardening', 8], ['policy', 10], ['fundraising', 9], ['impact investing', 8],
      ['sustainable mobility', 10], ['heat pumps', 6], ['community building', 9], ['hardware', 6],
      ['machine learning', 7], ['product management', 6], ['design systems', 3], ['data engineering', 6],
      ['biodiversity', 6], ['grid storage', 5], ['regenerative agriculture', 5], ['public speaking', 4],
    ],
    roles: [
      'Product designer', 'Product manager', 'Founder', 'Co-founder', 'Energy analyst', 'Software engineer',
      'Data scientist', 'Sustainability consultant', 'Policy advisor', 'Hardware engineer',
      'Researcher', 'Operations lead', 'Climate investor', 'Frontend developer', 'Community manager',
    ],
    focuses: [
      'climate fintech', 'carbon removal', 'solar for housing co-ops', 'heat pump installs', 'EV charging',
      'grid flexibility', 'supply-chain emissions', 'circular packaging', 'urban cooling', 'green hydrogen',
      'climate risk data', 'food waste', 'battery recycling', 'building retrofits', 'nature-based solutions',
    ],
    startups: [
      'Solarly', 'Carbonwise', 'GridBloom', 'HeatShift', 'Rewild Labs', 'Kreislauf', 'VoltCommons',
      'LoopPack', 'Terrafirm Analytics', 'Windrose Energy', 'CoolBlock', 'Fernwärme Digital', 'Moorland',
    ],
  },
  'open-source-makers': {
    cities: [
      ['Berlin', 22], ['Amsterdam', 12], ['London', 12], ['Paris', 9], ['Warsaw', 9], ['Lisbon', 7],
      ['Munich', 6], ['Vienna', 5], ['Copenhagen', 4], ['Hamburg', 4], ['Remote', 14],
    ],
    interests: [
      ['rust', 18], ['typescript', 18], ['community building', 12], ['machine learning', 12],
      ['hardware', 10], ['design systems', 10], ['developer experience', 10], ['security', 9],
      ['databases', 9], ['webassembly', 7], ['open data', 8], ['documentation', 8], ['python', 12],
      ['kubernetes', 7], ['accessibility', 7], ['3d printing', 6], ['climate tech', 5],
      ['maintainer wellbeing', 5], ['fundraising', 4], ['embedded systems', 6],
    ],
    roles: [
      'Software engineer', 'Staff engineer', 'Open source maintainer', 'Developer advocate', 'SRE',
      'Security engineer', 'Frontend developer', 'Backend developer', 'Engineering manager',
      'Technical writer', 'Embedded engineer', 'ML engineer', 'Designer', 'CTO', 'Student',
    ],
    focuses: [
      'developer tooling', 'WebAssembly runtimes', 'observability', 'accessible UI components',
      'Postgres extensions', 'supply-chain security', 'home automation', 'open hardware', 'edge computing',
      'local-first apps', 'compilers', 'CI infrastructure', 'open data pipelines', 'on-device ML',
    ],
    startups: [
      'Forgeline', 'Patchwork Labs', 'Tidepool Systems', 'Crate & Co', 'Lumen DB', 'Oxbow', 'Brickyard',
      'Sprocket.dev', 'Nullpointer', 'Quill Docs', 'Heliotrope', 'Kestrel Security',
    ],
  },
};

/** Large, familiar employers so not every member works at an invented startup. */
export const GENERIC_EMPLOYERS: ReadonlyArray<string> = [
  'Siemens', 'SAP', 'Deutsche Bahn', 'Zalando', 'Booking.com', 'Spotify', 'Vattenfall', 'Allianz',
  'TU Berlin', 'Fraunhofer', 'City of Berlin', 'Bosch', 'ING', 'Philips', 'Red Hat', 'GitHub',
];

/** Each rare value is given to exactly one or two members, so "who is into X?" has a tiny answer. */
export const RARE_INTERESTS: ReadonlyArray<string> = [
  'beekeeping', 'ocaml', 'tidal energy', 'quantum computing', 'sign language', 'competitive rowing',
];
export const RARE_CITIES: ReadonlyArray<string> = ['Reykjavík', 'Tallinn', 'Porto', 'Ljubljana'];

/** E.164 prefixes for mobiles, per city, so phone numbers look plausible for where people live. */
type PhonePlan = { prefixes: ReadonlyArray<string>; digits: number };
const DE: PhonePlan = { prefixes: ['+49151', '+49152', '+49157', '+49160', '+49170', '+49176'], digits: 8 };
export const PHONE_PLANS: Readonly<Record<string, PhonePlan>> = {
  Berlin: DE,
  Hamburg: DE,
  Munich: DE,
  Remote: DE,
  Amsterdam: { prefixes: ['+316'], digits: 8 },
  Lisbon: { prefixes: ['+35191', '+35193', '+35196'], digits: 7 },
  Porto: { prefixes: ['+35191', '+35192'], digits: 7 },
  Paris: { prefixes: ['+336', '+337'], digits: 8 },
  London: { prefixes: ['+447'], digits: 9 },
  Warsaw: { prefixes: ['+4850', '+4851', '+4860'], digits: 7 },
  Vienna: { prefixes: ['+43664', '+43676', '+43699'], digits: 7 },
  Copenhagen: { prefixes: ['+452', '+453'], digits: 7 },
  Reykjavík: { prefixes: ['+3546', '+3548'], digits: 6 },
  Tallinn: { prefixes: ['+3725'], digits: 7 },
  Ljubljana: { prefixes: ['+38640', '+38641'], digits: 6 },
};
export const DEFAULT_PHONE_PLAN: PhonePlan = DE;
