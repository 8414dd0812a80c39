import type { MediaDownloader } from '../adapter';
import { MediaDownloadError } from '../errors';
import { downloadLimited } from '../../media/download';
import { MetaApiError, type GraphClient } from './graph';
import { GRAPH_API_URL } from './settings';

const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The media id of a URL our webhook parser made (`https://graph.facebook.com/vNN.N/<id>`), else null. */
export const metaMediaId = (url: string) => {
  const match = new RegExp(`^${GRAPH_API_URL.replace(/\./g, '\\.')}/v\\d{1,3}\\.\\d/(\\d{1,40})$`).exec(url);
  return match ? match[1] : null;
};

/**
 * Where Meta serves a media's bytes: its CDN (`lookaside.fbsbx.com`) or its own hosts — https,
 * default port, no credentials in the URL; with an API URL override (the emulator), that origin.
 * The access token goes nowhere else.
 */
export const isMetaMediaHost = (target: URL, apiUrl?: string) => {
  if (apiUrl && target.origin === new URL(apiUrl).origin) return true;
  const host = target.hostname.toLowerCase();
  if (target.protocol !== 'https:' || target.port || target.username || target.password) return false;
  return ['fbsbx.com', 'facebook.com', 'fbcdn.net', 'whatsapp.net'].some((domain) => within(host, domain));
};

/** A member's attachment: `GET /{media-id}` for its short-lived URL, then that URL with the token. */
export const createMetaMediaDownloader = ({
  graph,
  accessToken,
  apiUrl,
}: {
  graph: GraphClient;
  accessToken: string;
  apiUrl?: string;
}): MediaDownloader & { owns(url: string): boolean } => ({
  owns: (url) => metaMediaId(url) !== null,
  async download(url, limits) {
    const mediaId = metaMediaId(url);
    if (!mediaId) throw new MediaDownloadError('Not a Cloud API media id: not fetched', 'not-allowed');
    let location: unknown;
    try {
      location = ((await graph.get(mediaId)) as { url?: unknown }).url;
    } catch (error) {
      const gone = error instanceof MetaApiError && error.status === 404;
      throw new MediaDownloadError(
        `The Cloud API did not give the media's URL: ${(error as Error).message}`,
        gone ? 'not-allowed' : 'unavailable'
      );
    }
    const target = typeof location === 'string' && URL.canParse(location) ? new URL(location) : null;
    if (!target || !isMetaMediaHost(target, apiUrl))
      throw new MediaDownloadError(
        `The media's URL is not on Meta's hosts (${target?.host ?? 'unparseable'}): not fetched`,
        'not-allowed'
      );
    return downloadLimited(target, { Authorization: `Bearer ${accessToken}` }, limits, (next) =>
      isMetaMediaHost(next, apiUrl)
    );
  },
});
