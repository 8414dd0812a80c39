import type { Random } from './random';
import { FIRST_NAMES, LAST_NAMES } from './data/names';
import { BIO_CLOSERS, BIO_MIDDLES, BIO_OPENERS } from './data/bios';
import {
  COMMUNITY_FLAVOURS,
  DEFAULT_PHONE_PLAN,
  GENERIC_EMPLOYERS,
  PHONE_PLANS,
  RARE_CITIES,
  RARE_INTERESTS,
  type CommunityFlavour,
  type Weighted,
} from './data/profiles';

/** A member row as stored (relations are attached separately). */
export type MemberData = {
  displayName: string;
  headline: string;
  bio: string;
  interests: string[];
  city: string;
  company: string;
  email: string;
  phone: string;
};

/** Emails, phones and names already handed out: they must be unique across the whole seed. */
export type Uniques = { emails: Set<string>; phones: Set<string>; names: Set<string> };

export const createUniques = (): Uniques => ({ emails: new Set(), phones: new Set(), names: new Set() });

/** Marks a hand-written profile's name, email and phone as taken before generating the rest. */
export const reserve = (uniques: Uniques, member: MemberData) => {
  uniques.names.add(member.displayName);
  uniques.emails.add(member.email);
  uniques.phones.add(member.phone);
};

const flavourOf = (slug: string): CommunityFlavour => {
  const flavour = COMMUNITY_FLAVOURS[slug];
  if (!flavour) throw new Error(`No profile vocabulary for community "${slug}"`);
  return flavour;
};

/** Email local parts must be plain ASCII: "Zoë Sørensen" -> "zoe.sorensen". */
const asciiSlug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const uniqueEmail = (first: string, last: string, uniques: Uniques) => {
  const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
  let email = `${base}@example.com`;
  for (let n = 2; uniques.emails.has(email); n += 1) email = `${base}${n}@example.com`;
  uniques.emails.add(email);
  return email;
};

const uniquePhone = (rng: Random, city: string, uniques: Uniques) => {
  const plan = PHONE_PLANS[city] ?? DEFAULT_PHONE_PLAN;
  for (;;) {
    let phone = rng.pick(plan.prefixes);
    for (let i = 0; i < plan.digits; i += 1) phone += String(rng.int(0, 9));
    if (!uniques.phones.has(phone)) {
      uniques.phones.add(phone);
      return phone;
    }
  }
};

const sampleWeighted = (rng: Random, items: Weighted<string>, count: number) => {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, items.length)) chosen.add(rng.pickWeighted(items));
  return [...chosen];
};

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);

const lowerFirst = (text: string) =>
  // Keep acronyms like "SRE" or "CTO" intact in the middle of a sentence.
  /^[A-Z]{2,}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);

type Identity = { firstName: string; lastName: string };

/** One realistic profile for a member of the community identified by `slug`. */
const buildMember = (rng: Random, slug: string, who: Identity, uniques: Uniques): MemberData => {
  const flavour = flavourOf(slug);
  const city = rng.pickWeighted(flavour.cities);
  const role = rng.pick(flavour.roles);
  const focus = rng.pick(flavour.focuses);
  const interests = sampleWeighted(rng, flavour.interests, rng.int(2, 5));

  const freelance = rng.chance(0.12);
  const company = freelance
    ? 'Freelance'
    : rng.chance(0.65)
      ? rng.pick(flavour.startups)
      : rng.pick(GENERIC_EMPLOYERS);
  const headline = freelance
    ? `Freelance ${lowerFirst(role)} · ${focus}`
    : `${role} at ${company} · ${focus}`;

  const values = {
    role,
    roleLower: lowerFirst(role),
    company: freelance ? 'my own small studio' : company,
    city: city === 'Remote' ? 'whichever city has the best Wi-Fi' : city,
    focus,
    interest: interests[0],
    interest2: interests[1],
    years: String(rng.int(2, 15)),
  };
  const sentences = [rng.pick(BIO_OPENERS), rng.pick(BIO_MIDDLES)];
  if (rng.chance(0.7)) sentences.push(rng.pick(BIO_CLOSERS));

  const displayName = `${who.firstName} ${who.lastName}`;
  uniques.names.add(displayName);

  return {
    displayName,
    headline,
    bio: sentences.map((s) => fill(s, values)).join(' '),
    interests,
    city,
    company,
    email: uniqueEmail(who.firstName, who.lastName, uniques),
    phone: uniquePhone(rng, city, uniques),
  };
};

const freshIdentity = (rng: Random, uniques: Uniques): Identity => {
  for (;;) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    // Distinct display names keep "find Lena Becker" unambiguous in tests.
    if (!uniques.names.has(`${firstName} ${lastName}`)) return { firstName, lastName };
  }
};

export const buildMembers = (rng: Random, slug: string, count: number, uniques: Uniques): MemberData[] =>
  Array.from({ length: count }, () => buildMember(rng, slug, freshIdentity(rng, uniques), uniques));

/**
 * Gives each rare interest to one or two members and moves one member to each rare city, so
 * those values exist but are hard to find. Mutates the rows in place.
 */
export const sprinkleRareValues = (rng: Random, members: MemberData[], uniques: Uniques) => {
  for (const interest of RARE_INTERESTS) {
    for (const member of rng.sample(members, rng.int(1, 2))) {
      if (member.interests.length >= 5) member.interests[4] = interest;
      else member.interests.push(interest);
    }
  }
  const movers = rng.sample(members, RARE_CITIES.length);
  RARE_CITIES.forEach((city, i) => {
    const member = movers[i];
    uniques.phones.delete(member.phone);
    // Bios can mention the old city ("Based in Berlin, ..."): keep them consistent.
    member.bio = member.bio.split(member.city).join(city);
    member.city = city;
    member.phone = uniquePhone(rng, city, uniques);
  });
};
