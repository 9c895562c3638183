// Caller text on its way into a log line. The runner reads every line an action prints, and
// treats one as a workflow command when, after leading whitespace, it starts with `::name…::`
// (ActionCommand.TryParseV2), or when `##[name…]` appears anywhere in it (the legacy TryParse).
// core.warning/error/setFailed escape their message themselves (%0A), core.info prints raw: so
// an input with a line break could start `::warning::…` or `::add-mask::…` of its own. These
// functions make any value printable on one line, visibly, with no way to start a command.

// C0 and C1 controls (line feed, CR, NEL, escape, …), the Unicode line and paragraph
// separators, and the bidirectional overrides that make a line display other than it reads.
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// The legacy command marker, anywhere; its `[` is what gets escaped.
const LEGACY_MARKER = /##\[/g;
// The command marker at the start, after what C#'s TrimStart drops (every Unicode space).
const LEADING_MARKER = /^([\s\p{Zs}]*)::/u;

function escapeCharacter(character: string): string {
  return NAMED_ESCAPES[character] ?? `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Escapes what would break a line or start a command; everything else is kept as it reads. */
function neutralise(text: string): string {
  return text
    .replace(UNSAFE_CHARACTER, escapeCharacter)
    .replace(LEGACY_MARKER, '##\\u005b')
    .replace(LEADING_MARKER, '$1\\u003a:');
}

/**
 * A value as it appears inside a log sentence, e.g. a path: one line, unquoted, backslashes
 * kept (so Windows paths stay readable); line breaks and other controls become `\n`, `\u2028`…
 */
export function logSafe(value: string): string {
  return neutralise(value);
}

/**
 * A value quoted for a message about it: JSON's quoting (so `\` and `"` are escaped and the
 * text is unambiguous), plus what JSON leaves raw (U+2028/2029, bidi controls, `##[`).
 */
export function quoteInput(value: string): string {
  return neutralise(JSON.stringify(value));
}

/**
 * Multi-line text (a Markdown summary, a log excerpt) for core.info: line breaks are kept,
 * every line is made safe on its own.
 */
export function logSafeLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map((line) => neutralise(line))
    .join('\n');
}
