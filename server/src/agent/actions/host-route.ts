import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';
import { fillPath } from './action-path';

/** Where this Strapi listens (the port it actually got, which a test or a host may have chosen at start). */
export const hostUrl = (strapi: Core.Strapi) => {
  const configured = getService(strapi, 'pluginConfig').get().agent.hostUrl;
  if (configured) return configured;
  const address = strapi.server.httpServer.address();
  const port = address && typeof address === 'object' ? address.port : strapi.config.get('server.port', 1337);
  return `http://127.0.0.1:${port}`;
};

/**
 * Calls one of the host app's own routes as the member (their access token), over HTTP to this
 * same Strapi, so its controllers, policies, middlewares and validation apply exactly as for its
 * web app. Path parameters (`/api/events/{documentId}/rsvp`) are filled from the arguments,
 * URL-encoded (see action-path.ts); the other arguments are the JSON body.
 */
export type HostRouteResult =
  | { ok: true; status: number; data: unknown }
  | { ok: false; status: number; message: string };

const errorMessage = (payload: unknown, status: number) => {
  const error = (payload as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' && error.message ? error.message : `HTTP ${status}`;
};

export const callHostRoute = async ({
  baseUrl,
  method,
  path,
  args,
  accessToken,
  timeoutMs = 10_000,
}: {
  baseUrl: string;
  method: string;
  path: string;
  args: Record<string, unknown>;
  accessToken: string;
  timeoutMs?: number;
}): Promise<HostRouteResult> => {
  const request = fillPath(path, args);
  // Checked when proposed too; refused here again, before the member's token goes anywhere.
  if (!request.ok)
    return { ok: false, status: 400, message: `${request.argument ?? 'path'}: ${request.message}` };
  const response = await fetch(`${baseUrl}${request.path}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
    body: method === 'DELETE' ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = text;
  }
  return response.ok
    ? { ok: true, status: response.status, data: (payload as { data?: unknown } | null)?.data ?? payload }
    : { ok: false, status: response.status, message: errorMessage(payload, response.status) };
};
