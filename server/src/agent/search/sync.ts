import type { Core } from '@strapi/strapi';

/** The Document Service actions after which a document's published versions may have changed. */
const WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

type DocumentContext = { uid: string; action: string; params?: { documentId?: unknown } };

/**
 * Keeps the index in step with every write made through the Document Service (the REST API, the
 * Content Manager, a host's own services): after the write, `syncDocument` re-reads that
 * document's published versions. Inside a caller's transaction (the Content Manager publishes in
 * one) it runs in that transaction, so the index commits or rolls back with the write and is
 * current when the response goes out. `syncDocument` never throws: indexing never fails the
 * host's write.
 */
export const registerDocumentSync = (
  strapi: Core.Strapi,
  isIndexed: (uid: string) => boolean,
  syncDocument: (uid: string, documentId: string) => Promise<void>
) => {
  strapi.documents.use(async (context, next) => {
    const result = await next();
    const { uid, action, params } = context as unknown as DocumentContext;
    if (!WRITES.has(action) || !isIndexed(uid)) return result;
    const fromResult = (result as { documentId?: unknown } | null | undefined)?.documentId;
    const documentId = action === 'clone' ? fromResult : (params?.documentId ?? fromResult);
    if (typeof documentId !== 'string' || documentId === '') return result;

    await syncDocument(uid, documentId);
    return result;
  });
};
