import QRCode from 'qrcode';
import { z } from 'zod';

/**
 * The QR code a member scans from a desktop screen: the `wa.me` deep link of their phrase, as
 * SVG. Only a deep link to this install's own WhatsApp number is drawn, so the route is no open
 * QR generator; the link arrives in a POST body, keeping the phrase out of request logs.
 */
export const qrRequestSchema = z.object({ deepLink: z.string().min(1).max(500) }).strict();

/** True when `deepLink` opens a chat with `number` (E.164), as the link-codes answer builds it. */
export const isDeepLinkTo = (deepLink: string, number: string) =>
  deepLink.startsWith(`https://wa.me/${number.replace(/^\+/, '')}?text=`);

export const deepLinkQrSvg = (deepLink: string) =>
  QRCode.toString(deepLink, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
