import type { MediaDownloader } from '../adapter';
import { MediaDownloadError } from '../errors';
import { downloadLimited } from '../../media/download';
import type { TwilioCredentials } from './client';

/**
 * The URL to fetch for a `MediaUrl{N}` Twilio posted, or null when it is not Twilio's: https on
 * a `twilio.com` host, default port, no credentials in it. The webhook's params are signed, but
 * whoever holds the Auth Token can sign anything: the plugin never sends the account's
 * credentials, or any request at all, to a host a request names. With an API URL override (the
 * emulator), Twilio's host is replaced by it, as for every other Twilio request (client.ts).
 */
export const twilioMediaUrl = (url: string, apiUrl?: string): URL | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol !== 'https:' || parsed.port || parsed.username || parsed.password) return null;
  if (host !== 'twilio.com' && !host.endsWith('.twilio.com')) return null;
  return apiUrl ? new URL(`${apiUrl.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}`) : parsed;
};

/** Twilio's media URLs need HTTP basic auth with the account's credentials. */
export const createTwilioMediaDownloader = ({
  accountSid,
  authToken,
  apiUrl,
}: TwilioCredentials): MediaDownloader => {
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  return {
    async download(url, limits) {
      const target = twilioMediaUrl(url, apiUrl);
      if (!target)
        throw new MediaDownloadError(
          `Not a Twilio media URL (${URL.canParse(url) ? new URL(url).host : 'unparseable'}): not fetched`,
          'not-allowed'
        );
      return downloadLimited(target, { Authorization: authorization }, limits);
    },
  };
};
