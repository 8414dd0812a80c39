import type { Core } from '@strapi/strapi';
import type { CommunityRef } from '../admin-api';
import { getService } from '../utils/get-service';
import { findProfilesOfUser } from './profiles-of-user';

/** Members without a community, and hosts that configure none, are in this one. */
export const DEFAULT_COMMUNITY: CommunityRef = { key: 'default', name: 'Default' };

type Row = Record<string, unknown>;

/** A profile's community relation (one or many) as refs: documentId and name. */
export const toRefs = (value: unknown, nameAttribute: string): CommunityRef[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .filter((row): row is Row => typeof row === 'object' && row !== null && 'documentId' in row)
    .map((row) => ({
      key: String(row.documentId),
      name: typeof row[nameAttribute] === 'string' ? String(row[nameAttribute]) : String(row.documentId),
    }));

/** Sorted by key and each once: the first is the one a turn is billed to, the same every time. */
const distinct = (refs: CommunityRef[]) =>
  [...new Map(refs.map((ref) => [ref.key, ref])).values()].sort((a, b) => a.key.localeCompare(b.key));

/**
 * The communities of a member, through the host's relation path named in the plugin config:
 * user ← profile (`member.contentType`, its `userAttribute`) → `member.communityAttribute`. A
 * member may be in several (a to-many relation, or several profiles): all of them count.
 */
export const createCommunityDirectory = (strapi: Core.Strapi) => {
  const path = () => {
    const { member } = getService(strapi, 'pluginConfig').get();
    if (!member.contentType || !member.communityAttribute) return null;
    const model = strapi.getModel(member.contentType as never) as
      | { attributes: Record<string, { type?: string; target?: string }> }
      | undefined;
    const attribute = model?.attributes[member.communityAttribute];
    if (attribute?.type !== 'relation' || !attribute.target) {
      throw new Error(
        `member.communityAttribute "${member.communityAttribute}" is not a relation of ${member.contentType}: name the profile's relation to its community in config/plugins.ts (whatsapp-agent → config.member.communityAttribute), or remove it to bill everyone to "default"`
      );
    }
    return {
      ...member,
      contentType: member.contentType,
      community: attribute.target,
      attribute: member.communityAttribute,
    };
  };

  return {
    /** At boot: a misnamed relation stops the start here, not every turn later. */
    assertValid() {
      path();
    },

    async ofUser(userId: number): Promise<CommunityRef[]> {
      const relation = path();
      if (!relation) return [DEFAULT_COMMUNITY];
      const profiles: Row[] = await findProfilesOfUser(strapi, {
        contentType: relation.contentType,
        userAttribute: relation.userAttribute,
        userId,
        select: ['id'],
        populate: { [relation.attribute]: { select: ['documentId', relation.communityNameAttribute] } },
      });
      const refs = distinct(
        profiles.flatMap((profile) => toRefs(profile[relation.attribute], relation.communityNameAttribute))
      );
      return refs.length > 0 ? refs : [DEFAULT_COMMUNITY];
    },

    /** Every community of the host, and `default`. */
    async all(): Promise<CommunityRef[]> {
      const relation = path();
      if (!relation) return [DEFAULT_COMMUNITY];
      const rows: Row[] = await strapi.db.query(relation.community as never).findMany({
        select: ['documentId', relation.communityNameAttribute],
      });
      return [...distinct(toRefs(rows, relation.communityNameAttribute)), DEFAULT_COMMUNITY];
    },
  };
};

export type CommunityDirectory = ReturnType<typeof createCommunityDirectory>;
