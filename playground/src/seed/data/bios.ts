/**
 * Bio sentences with {placeholders}. A bio is one opener + one middle + (often) one closer, so
 * with these pools a few hundred members rarely share a bio, which keeps text search honest.
 */
export const BIO_OPENERS: ReadonlyArray<string> = [
  '{role} with {years} years of experience, currently at {company}.',
  'I work as a {roleLower} at {company}, mostly on {focus}.',
  'Spent the last {years} years building things around {focus}.',
  'Based in {city}, working on {focus} at {company}.',
  'Former consultant turned {roleLower}; now at {company}.',
  'I moved to {city} {years} years ago and never left.',
  '{role} by day, tinkerer by night.',
  'Currently helping {company} with {focus}.',
  'Self-taught {roleLower} who got here via a detour through music school.',
  'I joined {company} as one of the first ten employees.',
  'Previously at a big corporate, now happily at {company}.',
  'Working at the intersection of {interest} and {focus}.',
];

export const BIO_MIDDLES: ReadonlyArray<string> = [
  'Lately I have been obsessed with {interest}.',
  'I care a lot about {interest} and like to talk about it over coffee.',
  'Outside work you will find me reading about {interest}.',
  'I run a small reading group on {interest} once a month.',
  'My side project is a tiny tool for people doing {interest}.',
  'I gave a talk on {interest} at a meetup last year and loved the questions afterwards.',
  'Happy to share what I learned the hard way about {interest}.',
  'I mentor newcomers who want to get into {interest}.',
  'I am slowly writing a handbook on {interest} and {interest2}.',
  'I keep a public notebook of experiments with {interest2}.',
  'Most weekends involve {interest2} in some form.',
  'I think {interest} is underrated and {interest2} is overrated, change my mind.',
];

export const BIO_CLOSERS: ReadonlyArray<string> = [
  'Always up for a walk-and-talk in {city}.',
  'Looking for collaborators on an open project, ping me!',
  'Ask me about {interest2}.',
  'Open to mentoring and being mentored.',
  'Say hi at the next meetup.',
  'Currently hiring, reach out if you are curious.',
  'Not hiring, just here to learn.',
  'Will trade feedback on your pitch deck for good coffee recommendations.',
  'Happy to co-organise an event if you have an idea.',
];
