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

/** `host` is `domain` or one of its subdomains. */
const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * Where Twilio's media URLs redirect to: its CDN (`mms.twiliocdn.com` with HTTP auth on media,
 * `s3-external-1.amazonaws.com/media.twiliocdn.com/…` without) or its own hosts — https, default
 * port, no credentials, a name rather than an address. With an API URL override (the emulator),
 * that origin too, as the media URL itself was rewritten to it. Anything else is refused: a
 * redirect must not turn the plugin into a way to reach private or loopback addresses.
 */
export const twilioMediaRedirect = (next: URL, apiUrl?: string): boolean => {
  if (apiUrl && next.origin === new URL(apiUrl).origin) return true;
  const host = next.hostname.toLowerCase();
  if (next.protocol !== 'https:' || next.port || next.username || next.password) return false;
  if (within(host, 'twilio.com') || within(host, 'twiliocdn.com')) return true;
  return host === 's3-external-1.amazonaws.com' && next.pathname.startsWith('/media.twiliocdn.com/');
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
      return downloadLimited(target, { Authorization: authorization }, limits, (next) =>
        twilioMediaRedirect(next, apiUrl)
      );
    },
  };
};
