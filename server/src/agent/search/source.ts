import type { Core } from '@strapi/strapi';
import type { IndexedCollection } from './collections';

/** One row of the index: the searchable text of one published version of a document. */
export type IndexRow = {
  uid: string;
  documentId: string;
  /** '' for a collection without i18n. */
  locale: string;
  name: string;
  body: string;
  /** The version's `updatedAt` in ms (0 when the row has none, e.g. written by the query layer). */
  updatedAt: number;
};

/** How the host's table is compared with the index to tell whether it is stale. */
export type SourceSummary = { rows: number; maxUpdatedAt: number };

const asText = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));
const asMs = (value: unknown) => {
  if (value == null) return 0;
  const ms = value instanceof Date ? value.getTime() : new Date(value as string | number).getTime();
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * Reads the versions the index holds straight from the host's table (the query layer: no
 * permission applies here, the index only names candidates, which the tools then read as the
 * member): the published versions of a draft & publish type, every row otherwise.
 */
export const createSource = (strapi: Core.Strapi, collection: IndexedCollection) => {
  const query = () => strapi.db.query(collection.uid as never);
  const published = collection.draftAndPublish ? { publishedAt: { $notNull: true } } : {};
  const select = [
    'id',
    'documentId',
    'updatedAt',
    ...(collection.localized ? ['locale'] : []),
    ...collection.fields,
  ];

  const toRow = (record: Record<string, unknown>): IndexRow => ({
    uid: collection.uid,
    documentId: asText(record.documentId),
    locale: collection.localized ? asText(record.locale) : '',
    name: asText(record[collection.nameField]),
    body: collection.fields
      .slice(1)
      .map((field) => asText(record[field]))
      .filter(Boolean)
      .join('\n'),
    updatedAt: asMs(record.updatedAt),
  });

  return {
    /** One batch in id order, after `afterId`; the last id read comes back for the next call. */
    async batch(afterId: number, size: number): Promise<{ rows: IndexRow[]; lastId: number | null }> {
      const records = (await query().findMany({
        select,
        where: { ...published, id: { $gt: afterId } },
        orderBy: { id: 'asc' },
        limit: size,
      })) as Array<Record<string, unknown>>;
      return {
        rows: records.filter((record) => record.documentId).map(toRow),
        lastId: records.length > 0 ? Number(records[records.length - 1].id) : null,
      };
    },

    /** Every indexed version of one document (none once it is deleted or unpublished). */
    async document(documentId: string): Promise<IndexRow[]> {
      const records = (await query().findMany({
        select,
        where: { ...published, documentId },
      })) as Array<Record<string, unknown>>;
      return records.map(toRow);
    },

    async summary(): Promise<SourceSummary> {
      const rows = await query().count({ where: published });
      const latest = (await query().findOne({
        select: ['updatedAt'],
        where: { ...published, updatedAt: { $notNull: true } },
        orderBy: { updatedAt: 'desc' },
      })) as { updatedAt?: unknown } | null;
      return { rows: Number(rows), maxUpdatedAt: asMs(latest?.updatedAt) };
    },
  };
};
