// Markdown written by a run we do not trust (a fork's pull request), made fit to post with the
// base repository's token. Rather than parse Markdown (where a parser that disagrees with
// GitHub's by one rule is a hole), every construct that could link, load, ping, hide or embed
// is broken the same way wherever it appears: an invisible U+200B is put inside the characters
// that start it. Text reads the same, inside code spans too; only structure is lost:
//   `<` + letter, `!`, `?`, `/`  HTML, comments, autolinks   → `<​…` is text
//   `]`                            links, images, definitions → `]​(`, `]​:`, `]​[` are not
//   `:/`, `:\`, `www.`            bare URLs (GFM autolinks)  → not recognised
//   `&` + `#` or letter            entities (`&#47;`, `&#64;`) → shown as typed, never decoded
//   `@`                            mentions, emails           → no ping
//   `#` + digit, `GH-` + digit     cross-references           → no backlink in other threads
//   ``` / ~~~ runs                 code fences                → nothing swallows what follows
// The few attribute-less tags merge-coverage itself writes (<details>, <summary>, <sub>) are
// kept where they pair up, so its collapsed tables stay collapsed.

const ZWSP = '\u200B';
const KEPT_TAGS = ['details', 'summary', 'sub'] as const;
const KEPT_TAG = /<(\/?)(details|summary|sub)>/g;

// C0/C1 controls but line feed and tab; line/paragraph separators; bidi controls that make a
// line display other than it reads.
const INVISIBLE_OR_CONTROL = /(?![\n\t])[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

// One pass, so what one rule inserts is never seen by another.
const HAZARD = /<|\]|:(?=[/\\])|www\.|@|#(?=\d)|GH-(?=\d)|&(?=[#a-z])|`{3,}|~{3,}/gi;

export interface NeutralisedMarkdown {
  markdown: string;
  /** The text was longer than the limit and was cut at a line end. */
  cut: boolean;
}

/** Offsets of the kept tags that pair up (a stack per document; unpaired ones are broken). */
function pairedTagOffsets(text: string): Set<number> {
  const kept = new Set<number>();
  const open: { name: string; offset: number }[] = [];
  for (const match of text.matchAll(KEPT_TAG)) {
    const [, closing, name = ''] = match;
    if (!KEPT_TAGS.includes(name as (typeof KEPT_TAGS)[number])) continue;
    if (!closing) open.push({ name, offset: match.index });
    else if (open.at(-1)?.name === name) {
      kept.add((open.pop() as { offset: number }).offset);
      kept.add(match.index);
    } else open.length = 0; // a stray closer: nothing before it pairs reliably
  }
  return kept;
}

function breakHazard(match: string, offset: number, keptTags: Set<number>): string {
  if (match === '<') return keptTags.has(offset) ? '<' : `<${ZWSP}`;
  if (match === ']') return `]${ZWSP}`;
  if (match === ':') return `:${ZWSP}`;
  if (match === '&') return `&${ZWSP}`;
  if (match === '@') return `@${ZWSP}`;
  if (match === '#') return `#${ZWSP}`;
  if (/^www\.$/i.test(match)) return `${match.slice(0, 3)}${ZWSP}.`;
  if (/^GH-$/i.test(match)) return `${match.slice(0, 2)}${ZWSP}-`;
  // A run of ``` or ~~~: no three in a row remain.
  return [...match].join(ZWSP);
}

/**
 * `text` made safe to post: hazards broken (see above), controls removed, cut to `maxChars` at a
 * line end. The result never holds raw HTML but the paired kept tags, a live link, mention or
 * cross-reference, or a code fence.
 */
export function neutraliseMarkdown(text: string, maxChars: number): NeutralisedMarkdown {
  const clean = text.replace(/\r\n?/g, '\n').replace(INVISIBLE_OR_CONTROL, '');
  const keptTags = pairedTagOffsets(clean);
  let markdown = clean.replace(HAZARD, (match: string, offset: number) =>
    breakHazard(match, offset, keptTags),
  );
  let cut = false;
  if (markdown.length > maxChars) {
    cut = true;
    const end = markdown.lastIndexOf('\n', maxChars);
    markdown = markdown.slice(0, end > 0 ? end : maxChars);
    // A cut can leave a kept tag open; closing what is open keeps the rest of the comment visible.
    const opened: string[] = [];
    for (const match of markdown.matchAll(KEPT_TAG)) {
      if (!match[1]) opened.push(match[2] as string);
      else opened.pop();
    }
    markdown += opened
      .reverse()
      .map((name) => `\n</${name}>`)
      .join('');
  }
  return { markdown, cut };
}
