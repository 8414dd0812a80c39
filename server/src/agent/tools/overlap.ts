/**
 * Why two member profiles go together, in words a member reads: shared interests, same city or
 * company, same role, and the topic they asked about. A reason quotes only such values, never a
 * word that merely occurs in both bios ("experience", "currently", "mentoring" say nothing about
 * why two people should meet). Pure and deterministic: the same profiles always give the same
 * score and the same reason.
 */

type Profile = Record<string, unknown>;

/** Words that say nothing about what someone does. */
const STOPWORDS = new Set(
  `about above after again also always among another anything around because been before being
  below between both built building could daily doing during each every first from great have
  having help helps here into just know like love loves lots make making many more most much
  never other over people really same should since some something still such than that their
  them then there these they thing things this those through today together under until very
  want were what when where which while will with without work works working would years your
  yours happy talk talks coffee days weekends previously currently based small every`.split(/\s+/)
);

const PLACE_FIELDS = /city|location|country|region|town/i;
const ORG_FIELDS = /company|employer|organi[sz]ation|org|team/i;
/** "Founder at Carbonwise · carbon accounting": a role, then what the person focuses on. */
const ROLE_FIELDS = /headline|role|position|job|occupation|profession/i;

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

const asText = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(String).join(', ')
    : value === null || value === undefined
      ? ''
      : String(value);

/** "climate tech, carbon accounting" → its phrases; a short value ("Berlin") → itself; prose → none. */
const phrasesOf = (value: string): string[] => {
  const parts = value
    .split(/[,;]/)
    .map(normalise)
    .filter((part) => part.length > 1);
  // A list is short items; a bio with commas is prose, matched word by word.
  return parts.every((part) => part.split(' ').length <= (parts.length > 1 ? 4 : 3)) ? parts : [];
};

/**
 * A role line as its role ("founder", without "at Carbonwise") and its focuses ("carbon accounting").
 * Long segments are prose, not a role.
 */
const roleLineOf = (value: string) => {
  const [first = '', ...rest] = value
    .split(/[·|•,;]|\s[-–—]\s/)
    .map(normalise)
    .filter((part) => part.length > 1 && part.split(' ').length <= 6);
  const role = first.replace(/\s+(at|@)\s+.*$/, '').trim();
  return { role: role.split(' ').length <= 4 ? role : '', focuses: rest };
};

/** `phrase` as whole words of `text`: "rust" is not in "trust". */
const mentions = (text: string, phrase: string) => {
  const letter = /[\p{L}\p{N}]/u;
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1))
    if (!letter.test(text[at - 1] ?? ' ') && !letter.test(text[at + phrase.length] ?? ' ')) return true;
  return false;
};

const wordsOf = (text: string): string[] =>
  normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 5 && !STOPWORDS.has(word));

/** The terms of one profile a match is scored on, field by field. */
export type ProfileTerms = {
  /** Per field: whole values (interests, city, company; a role line's focuses). */
  phrases: Map<string, string[]>;
  /** Per role field: the role alone ("founder"). */
  roles: Map<string, string>;
  /** Distinctive words of longer text (headline, bio), first seen first: to find candidates, never quoted. */
  words: string[];
  /** The longer text itself, where another's interest may be written. */
  prose: string;
};

const addPhrases = (phrases: Map<string, string[]>, field: string, own: string[]) => {
  if (own.length > 0) phrases.set(field, [...new Set([...(phrases.get(field) ?? []), ...own])]);
};

export const profileTerms = (profiles: Profile[], fields: string[]): ProfileTerms => {
  const phrases = new Map<string, string[]>();
  const roles = new Map<string, string>();
  const words: string[] = [];
  const prose: string[] = [];
  for (const profile of profiles)
    for (const field of fields) {
      const value = asText(profile[field]);
      if (ROLE_FIELDS.test(field)) {
        const { role, focuses } = roleLineOf(value);
        if (role && !roles.has(field)) roles.set(field, role);
        addPhrases(phrases, field, focuses);
        words.push(...wordsOf(value));
        continue;
      }
      const own = phrasesOf(value);
      if (own.length > 0) addPhrases(phrases, field, own);
      else {
        words.push(...wordsOf(value));
        prose.push(normalise(value));
      }
    }
  return { phrases, roles, words: [...new Set(words)], prose: prose.join(' \n ') };
};

/** A topic ("carbon removal") as its phrase and its words. */
export const topicTerms = (topic: string | undefined) => {
  const phrase = normalise(topic ?? '');
  const words = [
    ...new Set(phrase.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 2 && !STOPWORDS.has(word))),
  ];
  return { phrase: words.length > 0 ? phrase : '', words };
};

/**
 * Words to hand the search index for candidates. A topic must match anyway, so it alone picks
 * them (the profile then ranks them); without one, the asker's own terms.
 */
export const searchText = (asker: ProfileTerms, topic: ReturnType<typeof topicTerms>, max = 24) =>
  (topic.words.length > 0 ? topic.words : [...[...asker.phrases.values()].flat(), ...asker.words])
    .slice(0, max)
    .join(' ');

const list = (items: string[]) => items.slice(0, 3).join(', ');

/** Above any profile overlap a real profile reaches (a handful of shared interests, city, company). */
const TOPIC_PHRASE = 100;
const TOPIC_WORD = 40;

/**
 * How well `candidate` fits the asker (and the topic), and the one-line reason. A topic, when
 * given, must match somewhere ("about carbon removal" never answers with unrelated people) and
 * outweighs the profile: the whole topic beats part of it, which beats any profile overlap.
 */
export const overlap = (
  asker: ProfileTerms,
  topic: ReturnType<typeof topicTerms>,
  candidate: Profile,
  fields: string[]
): { score: number; reason: string } => {
  const text = normalise(fields.map((field) => asText(candidate[field])).join(' \n '));
  const parts: string[] = [];
  let score = 0;

  if (topic.words.length > 0) {
    if (topic.phrase && text.includes(topic.phrase)) {
      score += TOPIC_PHRASE;
      parts.push(`works on ${topic.phrase}`);
    } else {
      const found = topic.words.filter((word) => text.includes(word));
      if (found.length === 0) return { score: 0, reason: '' };
      score += TOPIC_WORD * found.length;
      parts.push(`mentions ${list(found)}`);
    }
  }

  const interests = new Set<string>();
  const places: string[] = [];
  for (const [field, phrases] of asker.phrases) {
    const own = ROLE_FIELDS.test(field)
      ? roleLineOf(asText(candidate[field])).focuses
      : phrasesOf(asText(candidate[field]));
    if (PLACE_FIELDS.test(field) || ORG_FIELDS.test(field)) {
      const same = phrases.filter((phrase) => own.includes(phrase));
      if (same.length === 0) continue;
      score += 2 * same.length;
      const shown = same.map((phrase) => displayOf(candidate[field], phrase));
      places.push(PLACE_FIELDS.test(field) ? `both in ${list(shown)}` : `both at ${list(shown)}`);
      continue;
    }
    // An interest counts wherever the other person writes it (their bio too).
    phrases
      .filter((phrase) => own.includes(phrase) || mentions(text, phrase))
      .forEach((p) => interests.add(p));
  }
  // And the other way round: their interest, written in the asker's bio.
  if (asker.prose)
    for (const field of fields) {
      if (PLACE_FIELDS.test(field) || ORG_FIELDS.test(field) || ROLE_FIELDS.test(field)) continue;
      phrasesOf(asText(candidate[field]))
        .filter((phrase) => mentions(asker.prose, phrase))
        .forEach((phrase) => interests.add(phrase));
    }
  if (interests.size > 0) {
    score += 3 * interests.size;
    parts.push(`both into ${list([...interests])}`);
  }
  parts.push(...places);

  const roles = [...asker.roles].filter(
    ([field, role]) => roleLineOf(asText(candidate[field])).role === role
  );
  if (roles.length > 0) {
    score += 2 * roles.length;
    parts.push(`same role: ${list(roles.map(([, role]) => role))}`);
  }
  return { score, reason: parts.join('; ') };
};

/** The value as the candidate wrote it ("Berlin", not "berlin"). */
const displayOf = (value: unknown, phrase: string) =>
  asText(value)
    .split(/[,;]/)
    .map((part) => part.trim())
    .find((part) => normalise(part) === phrase) ?? phrase;
