/**
 * What a member attached, by the content type the provider announced: a voice note is turned
 * into text before the turn, a picture goes to the model, everything else gets a short reply
 * saying what the agent can handle. Types outside these lists are never downloaded.
 */

/** Audio WhatsApp sends for voice notes (OGG/Opus) and forwarded audio files. */
export const VOICE_TYPES = ['audio/ogg', 'audio/mpeg', 'audio/amr', 'audio/mp4'] as const;
export const PICTURE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export type MediaKind = 'voice' | 'picture' | 'video' | 'document' | 'contact' | 'other';

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export const baseContentType = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

export const mediaKindOf = (contentType: string): MediaKind => {
  const type = baseContentType(contentType);
  if ((VOICE_TYPES as readonly string[]).includes(type)) return 'voice';
  if ((PICTURE_TYPES as readonly string[]).includes(type)) return 'picture';
  if (type.startsWith('video/')) return 'video';
  if (type === 'text/vcard' || type === 'text/x-vcard') return 'contact';
  if (type.startsWith('application/') || type.startsWith('text/')) return 'document';
  return 'other';
};

/** The content types a download of this kind may come back as. */
export const allowedTypesOf = (kind: 'voice' | 'picture'): readonly string[] =>
  kind === 'voice' ? VOICE_TYPES : PICTURE_TYPES;

/** How a reply names an attachment the agent cannot handle (pictures have a reply of their own). */
export const MEDIA_NAMES: Record<Exclude<MediaKind, 'voice' | 'picture'>, string> = {
  video: 'videos',
  document: 'documents',
  contact: 'contact cards',
  other: 'this kind of attachment',
};
