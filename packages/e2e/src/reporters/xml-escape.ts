// XML 1.0 allows only some characters at all; logs carry ANSI escapes and worse. Anything
// not allowed becomes a visible \uXXXX, lone surrogates and U+FFFE/U+FFFF become U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

function sanitize(text: string): string {
  return text
    .replace(FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(UNPAIRED, '\ufffd');
}

/** Text content of an element. */
export function escapeXmlText(text: string): string {
  return sanitize(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; newlines and tabs survive attribute normalisation. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
