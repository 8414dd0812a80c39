import type { DownloadedMedia, MediaLimits } from '../channels/adapter';
import { MediaDownloadError } from '../channels/errors';
import { baseContentType } from './classify';

const MAX_REDIRECTS = 3;

/**
 * GETs one attachment within limits: the whole download (redirects included) within
 * `timeoutMs`, at most `maxBytes` read (a larger `Content-Length` is refused before reading, a
 * body that grows past it is cut off), and only the allowed content types. `headers` (the
 * provider's credentials) go to `url` alone: redirects — Twilio answers its media URL with a
 * redirect to a short-lived signed URL on its CDN — are followed without them, and only where the
 * provider says its media live (`mayRedirectTo`): a redirect is the provider's answer, but a
 * hop elsewhere (a private or loopback address, a metadata service) is refused before any
 * connection is made. The bytes stay in memory.
 */
export const downloadLimited = async (
  url: URL,
  headers: Record<string, string>,
  { maxBytes, timeoutMs, allowedTypes }: MediaLimits,
  mayRedirectTo: (next: URL) => boolean
): Promise<DownloadedMedia> => {
  const signal = AbortSignal.timeout(timeoutMs);
  let target = url;
  let response: Response | undefined;
  try {
    for (let hop = 0; ; hop += 1) {
      response = await fetch(target, {
        headers: hop === 0 ? headers : {},
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel();
      const next = new URL(location, target);
      if (hop >= MAX_REDIRECTS) throw new MediaDownloadError('Too many redirects', 'unavailable');
      if (!mayRedirectTo(next))
        throw new MediaDownloadError(`Refused redirect to ${next.origin}: not a media host`, 'not-allowed');
      target = next;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new MediaDownloadError(`The media URL answered HTTP ${response.status}`, 'unavailable');
    }
    const contentType = baseContentType(response.headers.get('content-type') ?? '');
    if (!allowedTypes.includes(contentType)) {
      await response.body?.cancel();
      throw new MediaDownloadError(
        `The media came back as ${contentType || 'no content type'}`,
        'wrong-type'
      );
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new MediaDownloadError(`The media is ${declared} bytes, over ${maxBytes}`, 'too-large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      // Leaving the loop cancels the stream.
      if (size > maxBytes) throw new MediaDownloadError(`The media is over ${maxBytes} bytes`, 'too-large');
      chunks.push(Buffer.from(chunk));
    }
    return { contentType, data: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof MediaDownloadError) throw error;
    const reason = signal.aborted ? `timed out after ${timeoutMs} ms` : String(error);
    throw new MediaDownloadError(`The media could not be downloaded: ${reason}`, 'unavailable');
  }
};
