import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';

/** A key path into a YAML document: map keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** A parsed YAML file: its plain value plus a way to find the line of any key in it. */
export interface YamlSource {
  value: unknown;
  /** 1-based line of the deepest existing node on `path` (undefined when none exists). */
  lineOf(path: YamlPath): number | undefined;
  /**
   * The keys of the mapping at `path` in the order the file lists them (a plain object puts
   * integer-like keys first); undefined when no mapping is there.
   */
  keysOf(path: YamlPath): string[] | undefined;
}

/** `server.grpc.port`, `oidc.providers[0].name` */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/**
 * Parses one YAML document. Syntax errors become a ConfigError naming the file and line.
 * The library's own message is cut to its first sentence: its pretty form quotes source
 * lines, and those could hold a secret.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const problem =
      error.code === 'MULTIPLE_DOCS'
        ? 'more than one YAML document in the file'
        : (error.message.split('\n')[0] ?? error.code);
    throw new ConfigError(
      file,
      `line ${line}`,
      `invalid YAML: ${problem} (column ${col})`,
      'fix the YAML syntax',
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // Alias bombs and similar: toJS refuses, and we refuse the file.
    throw new ConfigError(
      file,
      undefined,
      `invalid YAML: ${(cause as Error).message}`,
      'remove YAML aliases',
    );
  }

  // The node at `path` and the offset of the deepest key found on the way.
  const walk = (path: YamlPath): { node: unknown; offset: number | undefined; complete: boolean } => {
    let node: unknown = doc.contents;
    let offset: number | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair || !isScalar(pair.key)) return { node: undefined, offset, complete: false };
        offset = pair.key.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) return { node: undefined, offset, complete: false };
        offset = (item as { range?: [number, number, number] }).range?.[0] ?? offset;
        node = item;
      } else {
        return { node: undefined, offset, complete: false };
      }
    }
    return { node, offset, complete: true };
  };
  const lineOf = (path: YamlPath): number | undefined => {
    const { offset } = walk(path);
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const keysOf = (path: YamlPath): string[] | undefined => {
    const { node, complete } = walk(path);
    if (!complete || !isMap(node)) return undefined;
    return node.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
  };
  return { value, lineOf, keysOf };
}
