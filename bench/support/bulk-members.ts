import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { BIO_CLOSERS, BIO_MIDDLES, BIO_OPENERS } from '../../playground/src/seed/data/bios';
import { FIRST_NAMES, LAST_NAMES } from '../../playground/src/seed/data/names';
import { COMMUNITY_FLAVOURS, GENERIC_EMPLOYERS } from '../../playground/src/seed/data/profiles';
import { createRandom, type Random } from '../../playground/src/seed/random';

const MEMBER_UID = 'api::member.member';
/** SQLite allows at most 500 rows in one multi-row INSERT (its compound SELECT limit). */
const BATCH = 500;

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key);

/**
 * A profile like the seed's (same vocabulary and sentence pools, same community skew), without
 * the seed's uniqueness rules: 100,000 people share first and last names, as real ones do.
 */
const profile = (rng: Random, slug: string, n: number) => {
  const flavour = COMMUNITY_FLAVOURS[slug];
  const city = rng.pickWeighted(flavour.cities);
  const role = rng.pick(flavour.roles);
  const focus = rng.pick(flavour.focuses);
  const interests = new Set<string>();
  const wanted = rng.int(2, 5);
  while (interests.size < wanted) interests.add(rng.pickWeighted(flavour.interests));
  const [interest, interest2] = [...interests];
  const company = rng.chance(0.65) ? rng.pick(flavour.startups) : rng.pick(GENERIC_EMPLOYERS);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const values = {
    role,
    roleLower: role.toLowerCase(),
    company,
    city,
    focus,
    interest,
    interest2,
    years: String(rng.int(2, 15)),
  };
  return {
    displayName: `${first} ${last}`,
    headline: `${role} at ${company} · ${focus}`,
    bio: [rng.pick(BIO_OPENERS), rng.pick(BIO_MIDDLES), rng.pick(BIO_CLOSERS)]
      .map((s) => fill(s, values))
      .join(' '),
    interests: [...interests].join(', '),
    city,
    company,
    email: `bulk${n}@example.com`,
    phone: `+49170${String(n).padStart(8, '0')}`,
  };
};

type JoinTable = {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  inverseOrderColumnName?: string;
};
type Metadata = {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTable }>;
};

/**
 * Inserts `count` members straight through knex, in batches of 500 rows, each linked to one of
 * the playground's communities in turn (what a host's import would do; the Document Service and
 * so the index's sync never see them: the index's backfill has to). Returns the seconds it took.
 */
export const insertBulkMembers = async (strapi: Core.Strapi, count: number) => {
  const started = performance.now();
  const meta = strapi.db.metadata.get(MEMBER_UID) as unknown as Metadata;
  const column = (attribute: string) => meta.attributes[attribute]?.columnName ?? attribute;
  const link = meta.attributes.community.joinTable!;
  const communities: Array<{ id: number; documentId: string }> = await strapi.db
    .query('api::community.community')
    .findMany({ select: ['id', 'documentId'], orderBy: { id: 'asc' } });
  const slugs = ['climate-builders', 'open-source-makers'];
  const knex = strapi.db.connection;
  const rng = createRandom(4_2026);
  const now = new Date();

  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const which = Array.from({ length: size }, (_, i) => (done + i) % communities.length);
    const rows = which.map((c, i) => {
      const data: Record<string, unknown> = {
        ...profile(rng, slugs[c % slugs.length], done + i),
        documentId: crypto.randomBytes(12).toString('hex'),
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      };
      return Object.fromEntries(
        Object.entries(data)
          .filter(([attribute]) => attribute in meta.attributes)
          .map(([attribute, value]) => [column(attribute), value])
      );
    });
    const ids: Array<{ id: number } | number> = await knex(meta.tableName).insert(rows).returning('id');
    await knex(link.name).insert(
      ids.map((row, i) => ({
        [link.joinColumn.name]: typeof row === 'number' ? row : row.id,
        [link.inverseJoinColumn.name]: communities[which[i]].id,
        ...(link.inverseOrderColumnName ? { [link.inverseOrderColumnName]: done + i + 1_000 } : {}),
      }))
    );
  }
  return (performance.now() - started) / 1000;
};
