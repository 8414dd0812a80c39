/**
 * WhatsApp's own text formatting, read the way WhatsApp reads it: `*bold*`, `_italic_`, `~strike~`
 * and ```monospace```. The agent writes it (the prompt asks for *bold* names), so the admin's
 * conversation view and the simulator's phone show it as the member sees it. The result is plain
 * text runs with their styles, never markup: whoever renders them escapes or builds elements, so
 * a message can never inject HTML.
 */

export type Style = 'bold' | 'italic' | 'strike' | 'mono';
export type Span = { text: string; styles: Style[] };

const STYLE_OF: Record<string, Style> = { '*': 'bold', _: 'italic', '~': 'strike' };

/**
 * A marker opens after the start, a space or punctuation and before a non-space; it closes after a
 * non-space and before the end, a space or punctuation, on the same line (as on the phone:
 * `snake_case_name` and `2*3*4` stay as typed).
 */
const INLINE = /(^|[\s\p{P}\p{S}])([*_~])(?!\s)([^\n]*?\S)\2(?=$|[\s\p{P}\p{S}])/u;
const MONO = /```([\s\S]+?)```/;

const inline = (text: string, styles: Style[], spans: Span[]) => {
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    const start = match.index + match[1].length;
    if (start > 0) spans.push({ text: rest.slice(0, start), styles });
    // Styles nest (`*_both_*`), each marker once.
    const style = STYLE_OF[match[2]];
    if (styles.includes(style)) spans.push({ text: match[0].slice(match[1].length), styles });
    else inline(match[3], [...styles, style], spans);
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) spans.push({ text: rest, styles });
};

/** The text as runs of plain text with their styles, in order; their texts joined are the text without markers. */
export const whatsappSpans = (text: string): Span[] => {
  const spans: Span[] = [];
  let rest = text;
  // Monospace first: nothing inside it is formatting.
  for (let match = MONO.exec(rest); match; match = MONO.exec(rest)) {
    inline(rest.slice(0, match.index), [], spans);
    spans.push({ text: match[1], styles: ['mono'] });
    rest = rest.slice(match.index + match[0].length);
  }
  inline(rest, [], spans);
  return spans;
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const TAGS: Record<Style, string> = { bold: 'strong', italic: 'em', strike: 's', mono: 'code' };

/** The text as HTML for a page that is not React (the simulator's phone): every run escaped first. */
export const whatsappHtml = (text: string) =>
  whatsappSpans(text)
    .map(({ text: run, styles }) =>
      styles.reduceRight(
        (html, style) => `<${TAGS[style]}>${html}</${TAGS[style]}>`,
        run.replace(/[&<>"']/g, (char) => ESCAPES[char])
      )
    )
    .join('');
