import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { MCP_PATH } from './mcp';

/** Where the client says it listens for the redirect (loopback, as a desktop client does); never called. */
export const REDIRECT_URI = 'http://127.0.0.1:33418/callback';

/**
 * The SDK's OAuth client state, kept in memory as a desktop client keeps it on disk. The
 * authorization URL it is sent to is kept for the test to open, as a browser would.
 */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  /** The HTTPS URL of its client ID metadata document: used instead of registering when the server supports it. */
  clientMetadataUrl?: string;

  constructor(
    private readonly name = 'Claude (test)',
    /** A public client (the default), or a confidential one that gets a secret. */
    private readonly authMethod: 'none' | 'client_secret_basic' | 'client_secret_post' = 'none'
  ) {}

  get redirectUrl() {
    return REDIRECT_URI;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.authMethod,
    };
  }

  clientInformation = () => this.client;
  saveClientInformation = (information: OAuthClientInformationMixed) => {
    this.client = information;
  };
  tokens = () => this.saved;
  saveTokens = (tokens: OAuthTokens) => {
    this.saved = tokens;
  };
  redirectToAuthorization = (url: URL) => {
    this.authorizationUrl = url;
  };
  saveCodeVerifier = (verifier: string) => {
    this.verifier = verifier;
  };
  codeVerifier = () => this.verifier;
}

/** The hidden fields and action of the consent page's form, as the browser would post them. */
export const consentForm = (html: string) => {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[match[1]] = match[2]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error('The consent page has no form');
  return { fields, action };
};

/**
 * What the member does in the browser: opens the authorization URL (the consent page), signs in
 * and answers; the server redirects to the client's redirect URI, whose query is returned.
 */
export const answerConsent = async (
  baseUrl: string,
  authorizationUrl: URL,
  answer: { identifier: string; password: string; decision?: 'allow' | 'deny' }
) => {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`The consent page answered ${page.status}: ${html}`);
  const { fields, action } = consentForm(html);
  const response = await fetch(new URL(action, baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...answer, decision: answer.decision ?? 'allow' }),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  return {
    status: response.status,
    html,
    location: location ? new URL(location) : null,
    body: location ? '' : await response.text(),
  };
};

export const mcpTransport = (baseUrl: string, provider: OAuthClientProvider) =>
  new StreamableHTTPClientTransport(new URL(`${baseUrl}${MCP_PATH}`), { authProvider: provider });

/**
 * The whole first sign-in as an MCP client does it: connect, get the 401, discover, register,
 * send the member to the consent page, take the code from the redirect, exchange it, connect again.
 */
export const signInWithOAuth = async (
  baseUrl: string,
  provider: MemoryOAuthProvider,
  member: { identifier: string; password: string }
) => {
  const first = mcpTransport(baseUrl, provider);
  await expectUnauthorized(new Client({ name: 'oauth-tests', version: '1.0.0' }).connect(first));
  if (!provider.authorizationUrl) throw new Error('The client was not sent to sign in');
  const consent = await answerConsent(baseUrl, provider.authorizationUrl, member);
  const code = consent.location?.searchParams.get('code');
  if (!code)
    throw new Error(`No code in the redirect (${consent.status}): ${consent.location ?? consent.body}`);
  await first.finishAuth(code);
  const client = new Client({ name: 'oauth-tests', version: '1.0.0' });
  await client.connect(mcpTransport(baseUrl, provider));
  return { client, consent };
};

const expectUnauthorized = async (connecting: Promise<void>) => {
  try {
    await connecting;
  } catch (error) {
    if (error instanceof UnauthorizedError) return;
    throw error;
  }
  throw new Error('The MCP endpoint let an unauthenticated client in');
};
