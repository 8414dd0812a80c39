/**
 * Splits a reply into parts of at most `maxLength` characters for channels with a per-message
 * limit (Twilio: 1600). Cuts at the last paragraph break that fits, else a line break, else the
 * end of a sentence, else a space; only a single unbroken run longer than the limit is cut hard
 * (never inside a surrogate pair, so emoji survive).
 */
export const splitReply = (text: string, maxLength: number): string[] => {
  if (maxLength < 2) throw new Error('maxLength must be at least 2');
  const parts: string[] = [];
  let rest = text.trim();

  while (rest.length > maxLength) {
    const cut = findCut(rest, maxLength);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
};

const BOUNDARIES = [/\n\s*\n/g, /\n/g, /[.!?…](?=\s)/g, /\s/g];

const findCut = (text: string, maxLength: number): number => {
  const window = text.slice(0, maxLength + 1);
  for (const boundary of BOUNDARIES) {
    let cut = -1;
    for (const match of window.matchAll(boundary)) {
      // Sentence ends keep their punctuation; whitespace boundaries are dropped by the trim.
      const end = boundary.source.startsWith('[') ? match.index + match[0].length : match.index;
      if (end > 0 && end <= maxLength) cut = end;
    }
    // A cut in the first fifth would leave a tiny part: try a finer boundary instead.
    if (cut > maxLength / 5) return cut;
  }
  const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
  return isHighSurrogate(text.charCodeAt(maxLength - 1)) ? maxLength - 1 : maxLength;
};
