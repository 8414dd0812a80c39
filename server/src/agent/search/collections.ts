import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import type { CollectionToolConfig } from '../../settings/tool-schemas';

/** Attribute types whose value is text a member could search for. */
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration']);

/** Bumped when what a row holds changes: every index is then rebuilt once. */
const INDEX_FORMAT = 1;

/** One collection as the index holds it. */
export type IndexedCollection = {
  uid: string;
  /** The tool's first searchable field: ranked above the others, and matched for typos on PostgreSQL. */
  nameField: string;
  /** Every searchable field that is text and not private, `nameField` first. */
  fields: string[];
  /** Only published versions are indexed (what the tools read). */
  draftAndPublish: boolean;
  localized: boolean;
  /** Changes when the indexed fields (or the languages) change: the uid is then rebuilt. */
  fingerprint: string;
};

/**
 * The collections exposed as tools, each with the fields the index may hold: searchable AND not
 * private in the schema (a private field's words must never make a record match, even though
 * the record itself would be sanitized). A uid exposed by two tools is indexed once, over the
 * union of their fields. Unknown uids and fields are skipped (the settings validate them).
 */
export const indexedCollections = (
  strapi: Core.Strapi,
  tools: CollectionToolConfig[],
  languages: string[]
): IndexedCollection[] => {
  const byUid = new Map<string, string[]>();
  for (const tool of tools) {
    byUid.set(tool.contentType, [...(byUid.get(tool.contentType) ?? []), ...tool.searchableFields]);
  }
  const collections: IndexedCollection[] = [];
  for (const [uid, wanted] of byUid) {
    const schema = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
    if (!schema || schema.kind !== 'collectionType') continue;
    const fields = [...new Set(wanted)].filter((field) => {
      const attribute = schema.attributes[field] as { type?: string } | undefined;
      return (
        attribute !== undefined &&
        TEXT_TYPES.has(attribute.type ?? '') &&
        !contentTypes.isPrivateAttribute(schema, field)
      );
    });
    if (fields.length === 0) continue;
    const draftAndPublish = contentTypes.hasDraftAndPublish(schema);
    const localized = 'locale' in schema.attributes;
    const fingerprint = crypto
      .createHash('sha256')
      .update(JSON.stringify([INDEX_FORMAT, uid, fields, draftAndPublish, localized, languages]))
      .digest('hex')
      .slice(0, 32);
    collections.push({ uid, nameField: fields[0], fields, draftAndPublish, localized, fingerprint });
  }
  return collections;
};
