import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { CONTENT_TYPE } from '../constants';
import { CLIENT_AUTH_METHODS, type ClientAuthMethod } from '../mcp/oauth/client-authentication';
import { toNumber, type RawRow } from './rows';

/** A registered client as the authorization server uses it. */
export type OAuthClient = {
  id: number;
  clientId: string;
  clientName: string;
  redirectUris: string[];
  /** What registration answered (RFC 7591), echoed to the client; never the secret. */
  metadata: Record<string, unknown>;
  /** How it authenticates at the token endpoint (public clients: none). */
  authMethod: ClientAuthMethod;
  /** The keyed hash of a confidential client's secret. */
  clientSecretHash: string | null;
};

const stored = z.object({
  redirectUris: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  clientSecretHash: z.string().nullish(),
});

const client = (row: RawRow): OAuthClient => {
  const { redirectUris, metadata, clientSecretHash } = stored.parse(row);
  const method = z.enum(CLIENT_AUTH_METHODS).safeParse(metadata.token_endpoint_auth_method);
  return {
    id: toNumber(row.id),
    clientId: String(row.clientId),
    clientName: String(row.clientName),
    redirectUris,
    metadata,
    authMethod: method.success ? method.data : 'none',
    clientSecretHash: clientSecretHash ?? null,
  };
};

/** The only code that reads or writes the MCP OAuth client table. */
export const createOAuthClientRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.oauthClient);

  return {
    async create(data: Omit<OAuthClient, 'id' | 'authMethod'>): Promise<OAuthClient> {
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
