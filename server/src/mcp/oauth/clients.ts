import type { Core } from '@strapi/strapi';
import { InvalidClientError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { createRepositories } from '../../repositories';
import { getService } from '../../utils/get-service';
import type { RequestingClient } from './authorization-request';
import { authenticateClient, type PresentedClient } from './client-authentication';
import {
  ClientMetadataDocumentError,
  createClientMetadataDocuments,
  isClientIdUrl,
} from './client-metadata-document';

/**
 * Who a client_id is: a client that registered here (RFC 7591), or one known by its metadata
 * document when the client_id is an HTTPS URL (fetched and cached per process). The token and
 * revocation endpoints authenticate it; the consent page shows it.
 */
export const createOAuthClients = (strapi: Core.Strapi) => {
  const { oauthClients } = createRepositories(strapi);
  const documents = createClientMetadataDocuments({
    allowLoopback: () => getService(strapi, 'settings').mcp().metadataDocumentsFromLoopback,
  });

  return {
    /** RFC 6749 §2.3: the client named, with its secret when it registered one (a document's is public). */
    async authenticate(clientId: string, presented: PresentedClient) {
      if (isClientIdUrl(clientId)) {
        try {
          await documents.resolve(clientId);
        } catch (error) {
          if (!(error instanceof ClientMetadataDocumentError)) throw error;
          throw new InvalidClientError(`The client's metadata document cannot be used: ${error.message}`);
        }
        return authenticateClient({ method: 'none', secretHash: null }, presented, '');
      }
      const client = await oauthClients.findByClientId(clientId);
      authenticateClient(
        client && { method: client.authMethod, secretHash: client.clientSecretHash },
        presented,
        getService(strapi, 'crypto').hashingKey()
      );
    },

    /** The client of an authorization request, null when none is named or registered, or why its document cannot be used. */
    async requesting(clientId: string | undefined): Promise<RequestingClient | string | null> {
      if (!clientId) return null;
      if (!isClientIdUrl(clientId)) return oauthClients.findByClientId(clientId);
      try {
        return await documents.resolve(clientId);
      } catch (error) {
        if (!(error instanceof ClientMetadataDocumentError)) throw error;
        return `This assistant's metadata (${clientId}) cannot be used: ${error.message}`;
      }
    },
  };
};
