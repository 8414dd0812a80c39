import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { CONTENT_TYPE } from '../constants';
import { toNumber, type RawRow } from './rows';

/** A registered client as the authorization server uses it. */
export type OAuthClient = {
  id: number;
  clientId: string;
  clientName: string;
  redirectUris: string[];
  /** What registration answered (RFC 7591), echoed to the client. */
  metadata: Record<string, unknown>;
};

const stored = z.object({
  redirectUris: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
});

const client = (row: RawRow): OAuthClient => {
  const { redirectUris, metadata } = stored.parse(row);
  return {
    id: toNumber(row.id),
    clientId: String(row.clientId),
    clientName: String(row.clientName),
    redirectUris,
    metadata,
  };
};

/** The only code that reads or writes the MCP OAuth client table. */
export const createOAuthClientRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.oauthClient);

  return {
    async create(data: Omit<OAuthClient, 'id'>): Promise<OAuthClient> {
      return client(await query().create({ data }));
    },

    async findByClientId(clientId: string): Promise<OAuthClient | null> {
      const row = await query().findOne({ where: { clientId } });
      return row ? client(row) : null;
    },

    markUsed: (id: number) => query().update({ where: { id }, data: { lastUsedAt: new Date() } }),

    /** Clients that registered and were never used before `before`: nobody signed in with them. */
    async deleteUnusedSince(before: Date) {
      await query().deleteMany({ where: { lastUsedAt: { $null: true }, createdAt: { $lt: before } } });
    },
  };
};

export type OAuthClientRepository = ReturnType<typeof createOAuthClientRepository>;
