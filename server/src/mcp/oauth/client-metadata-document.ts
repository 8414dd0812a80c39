import dns from 'node:dns';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import { redirectUriRefusal } from './registration';

/**
 * OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, the MCP
 * authorization spec 2025-11-25 §Client Registration): a client whose client_id is an HTTPS URL
 * registers nowhere; the URL serves its metadata as JSON, which this server fetches and treats as
 * the registration. Fetching a URL a stranger chose is a server-side request forgery risk, so the
 * fetch is narrow: HTTPS only, a public address only (checked on the address actually connected
 * to, so DNS cannot swap in a private one between check and connection), no redirects, a small
 * body, a short timeout. A document is cached for what its Cache-Control says, within bounds.
 */

/** The draft recommends at most 5 KB: a client's metadata is a few hundred bytes. */
const MAX_BYTES = 5 * 1024;
const TIMEOUT_MS = 5_000;
const MIN_CACHE_SECONDS = 60;
const MAX_CACHE_SECONDS = 24 * 60 * 60;
const DEFAULT_CACHE_SECONDS = 60 * 60;
const MAX_CLIENT_ID_LENGTH = 200;
/** Documents kept at once: a flood of made-up URLs cannot grow the cache without bound. */
const MAX_CACHED = 500;

/** A client known by its metadata document, as the authorization server uses a registered one. */
export type DocumentClient = { clientId: string; clientName: string; redirectUris: string[] };

/** Why a client_id URL's document cannot be used: said on the consent page or as invalid_client. */
export class ClientMetadataDocumentError extends Error {}

/** Whether a client_id is meant as a metadata document's URL (anything else is a registered client). */
export const isClientIdUrl = (clientId: string) => clientId.startsWith('https://');

/** The draft's rules for the URL itself (§3): https, a path, no dot segments, fragment or credentials. */
export const clientIdUrlRefusal = (clientId: string): string | null => {
  // It becomes part of the grant's session device id (a 255-character column).
  if (clientId.length > MAX_CLIENT_ID_LENGTH) return `it is longer than ${MAX_CLIENT_ID_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol !== 'https:') return 'it is not https';
  if (url.pathname === '/' || url.pathname === '') return 'it has no path';
  if (url.hash || clientId.includes('#')) return 'it has a fragment';
  if (url.username || url.password) return 'it carries credentials';
  const rawPath = clientId.replace(/^https:\/\/[^/]*/i, '').split('?')[0];
  if (rawPath.split('/').some((segment) => segment === '.' || segment === '..')) return 'it has dot segments';
  return null;
};

const documentSchema = OAuthClientMetadataSchema.extend({
  client_id: z.string(),
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  client_name: z.string().trim().max(100).optional(),
  // Public clients only: a document is public, so it can hold no secret (draft §4.1).
  token_endpoint_auth_method: z
    .literal('none', { message: 'must be "none": this server accepts public clients by metadata document' })
    .optional(),
});

/** The document checked against the URL it came from (draft §4.1, §8.1). */
export const clientFromDocument = (clientId: string, body: unknown): DocumentClient => {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success)
    throw new ClientMetadataDocumentError(
      `its metadata is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`
    );
  if ('client_secret' in (body as object)) throw new ClientMetadataDocumentError('it holds a client_secret');
  // Simple string comparison, no normalising (draft §4.1).
  if (parsed.data.client_id !== clientId)
    throw new ClientMetadataDocumentError(
      `its client_id is ${parsed.data.client_id}, not the URL it was fetched from`
    );
  for (const uri of parsed.data.redirect_uris) {
    const refusal = redirectUriRefusal(uri);
    if (refusal) throw new ClientMetadataDocumentError(`redirect_uris: ${refusal}`);
  }
  return {
    clientId,
    clientName: parsed.data.client_name || new URL(clientId).hostname,
    redirectUris: parsed.data.redirect_uris,
  };
};

/** Publicly routable unicast only: no loopback, private, link-local, multicast or reserved address. */
const addressRefusal = (address: string, allowLoopback: boolean): string | null => {
  if (!ipaddr.isValid(address)) return `${address} is not an address`;
  const parsed = ipaddr.process(address);
  if (allowLoopback && parsed.range() === 'loopback') return null;
  return parsed.range() === 'unicast' ? null : `${address} is not a public address (${parsed.range()})`;
};

/** DNS as usual, then only an allowed address: the connection goes to the address that was checked. */
const checkedLookup =
  (allowLoopback: boolean): LookupFunction =>
  (hostname, options, callback) => {
    dns.lookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const allowed = addresses.find((entry) => !addressRefusal(entry.address, allowLoopback));
      if (!allowed) {
        const refusal = addresses.map((entry) => addressRefusal(entry.address, allowLoopback)).join('; ');
        return callback(new ClientMetadataDocumentError(`${hostname}: ${refusal}`), '', 4);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, list: dns.LookupAddress[]) => void)(null, [allowed]);
      return callback(null, allowed.address, allowed.family);
    });
  };

/** Seconds from Cache-Control's max-age, within bounds; no-store still keeps it the minimum time. */
const cacheSeconds = (cacheControl: string | undefined) => {
  const maxAge = /max-age=(\d+)/i.exec(cacheControl ?? '')?.[1];
  const seconds = maxAge === undefined ? DEFAULT_CACHE_SECONDS : Number(maxAge);
  return Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, seconds));
};

/** One GET of the document: 200 with JSON only, no redirects, at most MAX_BYTES, within TIMEOUT_MS. */
const fetchDocument = (clientId: string, allowLoopback: boolean) =>
  new Promise<{ body: unknown; cacheControl: string | undefined }>((resolve, reject) => {
    const url = new URL(clientId);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal address is connected to without a lookup: check it here.
    if (ipaddr.isValid(host)) {
      const refusal = addressRefusal(host, allowLoopback);
      if (refusal) return reject(new ClientMetadataDocumentError(refusal));
    }
    // The first outcome wins; the connection is dropped whatever comes after it.
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      reject(new ClientMetadataDocumentError(reason));
      request.destroy();
    };
    const request = https.get(
      url,
      {
        lookup: checkedLookup(allowLoopback),
        headers: { Accept: 'application/json', 'Accept-Encoding': 'identity' },
      },
      (response) => {
        if (response.statusCode !== 200)
          return fail(`it answered HTTP ${response.statusCode} (no redirects are followed)`);
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) return fail(`it is larger than ${MAX_BYTES} bytes`);
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (settled) return;
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return fail('it is not JSON');
          }
          settled = true;
          resolve({ body, cacheControl: response.headers['cache-control'] });
          // A one-off fetch: no connection kept alive for a host that may never be met again.
          request.destroy();
        });
        response.on('error', (error) => fail(error.message));
      }
    );
    const deadline = setTimeout(() => fail(`it did not answer within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', (error) => fail(error.message));
  });

/**
 * The clients known by their metadata documents, fetched when first met and cached. `allowLoopback`
 * (tests, local development: WHATSAPP_AGENT_MCP_METADATA_DOCUMENTS_FROM_LOOPBACK) lets a document
 * come from this machine; no other private address ever.
 */
export const createClientMetadataDocuments = (options: { allowLoopback: () => boolean }) => {
  const cache = new Map<string, { client: DocumentClient; expiresAt: number }>();
  return {
    /** The client of a client_id URL, or a ClientMetadataDocumentError saying why not. */
    async resolve(clientId: string): Promise<DocumentClient> {
      const refusal = clientIdUrlRefusal(clientId);
      if (refusal) throw new ClientMetadataDocumentError(refusal);
      const cached = cache.get(clientId);
      if (cached && cached.expiresAt > Date.now()) return cached.client;
      const { body, cacheControl } = await fetchDocument(clientId, options.allowLoopback());
      // An invalid document is never cached (draft §5.2): the next attempt fetches again.
      const client = clientFromDocument(clientId, body);
      cache.delete(clientId);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(clientId, { client, expiresAt: Date.now() + cacheSeconds(cacheControl) * 1000 });
      return client;
    },
  };
};

export type ClientMetadataDocuments = ReturnType<typeof createClientMetadataDocuments>;
