// A strict little XML reader for tests: enough of XML 1.0 to prove a report is well formed
// (balanced tags, quoted attributes, only legal characters and entity references).

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding illegal characters is the point
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw < in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity in ${where}: ${whole}`);
    if (ref in ENTITIES) return ENTITIES[ref] as string;
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (!numeric) throw new Error(`unknown entity &${ref}; in ${where}`);
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    const ch = String.fromCodePoint(code);
    if (ILLEGAL.test(ch)) throw new Error(`illegal character reference &${ref}; in ${where}`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  if (ILLEGAL.test(xml))
    throw new Error(`illegal character U+${xml.codePointAt(xml.search(ILLEGAL))?.toString(16)}`);
  let at = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (declaration) at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    if (xml[at] !== '<') {
      const end = xml.indexOf('<', at);
      const raw = xml.slice(at, end < 0 ? xml.length : end);
      const top = stack.at(-1);
      if (!top) {
        if (raw.trim() !== '') throw new Error(`text outside the root element: ${raw.slice(0, 40)}`);
      } else top.text += decode(raw, `<${top.name}> text`);
      at = end < 0 ? xml.length : end;
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(xml.slice(at));
    if (close) {
      const open = stack.pop();
      if (open?.name !== close[1]) throw new Error(`</${close[1]}> closes <${open?.name}>`);
      at += close[0].length;
      continue;
    }
    const tag = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(xml.slice(at));
    if (!tag) throw new Error(`malformed tag at ${at}: ${xml.slice(at, at + 40)}`);
    const element: XmlElement = { name: tag[1] as string, attributes: {}, children: [], text: '' };
    for (const [, key, value] of (tag[2] ?? '').matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      if ((key as string) in element.attributes) throw new Error(`duplicate attribute ${key}`);
      // Attribute-value normalisation: literal whitespace becomes a space, as in any XML reader.
      const normalised = (value as string).replace(/[\t\n\r]/g, ' ');
      element.attributes[key as string] = decode(normalised, `${element.name}@${key}`);
    }
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error('more than one root element');
    else root = element;
    if (tag[3] !== '/') stack.push(element);
    at += tag[0].length;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}
