/**
 * Hand-written member profiles for the demo users (keyed by email), so demo scripts and tests
 * can rely on them ("Ada is in Berlin and into climate tech") independently of the PRNG.
 * Phone numbers are fixed too: they are what you'd type when linking WhatsApp in a demo.
 */
export type DemoProfile = {
  headline: string;
  bio: string;
  interests: string[];
  city: string;
  company: string;
  phone: string;
};

export const DEMO_PROFILES: Readonly<Record<string, DemoProfile>> = {
  'ada@example.com': {
    headline: 'Founder at Carbonwise · carbon accounting for small businesses',
    bio:
      'Mathematician turned founder; Carbonwise helps small companies measure their emissions without hiring a consultant. ' +
      'I love climate tech, clean data models and analytical engines of every kind. Happy to talk fundraising over coffee in Kreuzberg.',
    interests: ['climate tech', 'carbon accounting', 'machine learning', 'fundraising'],
    city: 'Berlin',
    company: 'Carbonwise',
    phone: '+4915112340001',
  },
  'ben@example.com': {
    headline: 'Staff engineer at Forgeline · developer tooling',
    bio:
      'I maintain a couple of Rust crates for build tooling and spend my days making CI faster at Forgeline. ' +
      'Big believer in documentation as a feature. Ask me about onboarding first-time contributors.',
    interests: ['rust', 'typescript', 'developer experience', 'community building'],
    city: 'Amsterdam',
    company: 'Forgeline',
    phone: '+31612340002',
  },
  'chloe@example.com': {
    headline: 'Product designer at Solarly · climate fintech',
    bio:
      'I design the apps that let tenants co-own the solar panels on their roof. ' +
      'Previously built design systems for a bank in Paris. Weekends: urban gardening on a very small balcony.',
    interests: ['climate tech', 'design systems', 'urban gardening', 'renewable energy'],
    city: 'Berlin',
    company: 'Solarly',
    phone: '+4915112340003',
  },
};
