import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export type TwilioCredentials = {
  accountSid: string;
  authToken: string;
  region?: string;
  edge?: string;
  /** Replaces https://*.twilio.com (a local emulator); region and edge no longer apply then. */
  apiUrl?: string;
};

/**
 * twilio-node cannot be pointed at another host through `region`/`edge`, so requests are
 * rewritten here: https://api.twilio.com/2010-04-01/… → <apiUrl>/2010-04-01/…
 */
class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly apiUrl: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/i, this.apiUrl);
    return super.request<TData>({ ...opts, uri });
  }
}

/** A real twilio-node client for these credentials (a new one per credential change, not per message). */
export const createTwilioClient = ({ accountSid, authToken, region, edge, apiUrl }: TwilioCredentials) =>
  twilio(accountSid, authToken, {
    region: apiUrl ? undefined : region,
    edge: apiUrl ? undefined : edge,
    httpClient: apiUrl ? new RedirectingRequestClient(apiUrl.replace(/\/+$/, '')) : undefined,
  });

export type TwilioClient = ReturnType<typeof createTwilioClient>;
