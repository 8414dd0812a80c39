import { graphBaseUrl, type MetaSettings } from './settings';

/** A Graph API call that failed: its HTTP status (none: no answer) and Meta's error code. */
export class MetaApiError extends Error {
  override readonly name = 'MetaApiError';
  readonly status: number | undefined;
  readonly code: number | undefined;

  constructor(message: string, { status, code }: { status?: number; code?: number }) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const TIMEOUT_MS = 10_000;

type GraphError = { error?: { message?: unknown; code?: unknown } };

/**
 * The Graph API with a phone number's access token: JSON in, JSON out, Meta's `{ error }` turned
 * into a MetaApiError. Plain fetch: Meta publishes no maintained Node SDK for the Cloud API.
 */
export const createGraphClient = (settings: MetaSettings) => {
  const base = graphBaseUrl(settings);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}/${path.replace(/^\/+/, '')}`, {
        method,
        headers: {
          Authorization: `Bearer ${settings.accessToken}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new MetaApiError(`Could not reach the Graph API: ${(error as Error).message}`, {});
    }
    const answer = (await response.json().catch(() => ({}))) as GraphError;
    if (!response.ok) {
      const { message, code } = answer.error ?? {};
      throw new MetaApiError(
        typeof message === 'string' ? message : `Graph API answered ${response.status}`,
        {
          status: response.status,
          code: typeof code === 'number' ? code : undefined,
        }
      );
    }
    return answer;
  };
  return {
    baseUrl: base,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
  };
};

export type GraphClient = ReturnType<typeof createGraphClient>;
