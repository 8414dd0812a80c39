import type { Core } from '@strapi/strapi';

type IndexedContentType = { indexes?: Array<{ name: string; columns: string[]; type?: string }> };

const SESSION_UID = 'admin::session';

/**
 * Every message resolves its member through the channel's users-permissions session, found by
 * `session_id` in Strapi's `strapi_sessions`, a table with one row per session of every member
 * (web logins and each linked channel): it grows with the community. Strapi 5 declares `sessionId`
 * unique but makes no index for it, so each lookup read the table whole (issue 24). The index is
 * declared on Strapi's content type at register, before the schema is synced, so both databases
 * get it, and it goes away if the plugin does.
 */
export const indexSessions = (strapi: Core.Strapi) => {
  const session = strapi.contentType(SESSION_UID as never) as unknown as IndexedContentType | undefined;
  if (!session) return;
  const indexes = session.indexes ?? [];
  if (indexes.some((index) => index.columns.length === 1 && index.columns[0] === 'session_id')) return;
  session.indexes = [...indexes, { name: 'wa_agent_sessions_session_id_idx', columns: ['session_id'] }];
};
