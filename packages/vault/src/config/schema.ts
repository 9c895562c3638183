import { ConfigError } from '../errors.js';
import { formatYamlPath, type YamlPath } from './yaml-source.js';

export type Mapping = Record<string, unknown>;

interface FieldOptions {
  /** Never echo the value: it is a secret. */
  secret?: boolean;
  hint?: string;
}

/** Shows a rejected value in an error without flooding it. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads fields out of a parsed YAML tree, turning every mismatch into a ConfigError that
 * names the file, the dotted key, its line when known, the rejected value and what to do.
 * A key present with an empty value (`key:`) counts as not set, so defaults apply.
 */
export class SchemaReader {
  constructor(
    readonly file: string,
    private readonly lineOf: (path: YamlPath) => number | undefined = () => undefined,
  ) {}

  where(path: YamlPath): string {
    const line = this.lineOf(path);
    const key = formatYamlPath(path);
    if (!key) return line === undefined ? '' : `line ${line}`;
    return line === undefined ? key : `${key}, line ${line}`;
  }

  fail(path: YamlPath, problem: string, hint?: string): never {
    throw new ConfigError(this.file, this.where(path) || undefined, problem, hint);
  }

  private rejected(path: YamlPath, expected: string, value: unknown, options: FieldOptions = {}): never {
    const got = options.secret ? describeSecret(value) : describe(value);
    return this.fail(path, `expected ${expected}, got ${got}`, options.hint);
  }

  /** A mapping with only `keys` allowed; absent or empty → {}. */
  mapping(path: YamlPath, value: unknown, keys: readonly string[]): Mapping {
    if (value === null || value === undefined) return {};
    if (!isMapping(value)) return this.rejected(path, 'a mapping', value);
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        this.fail([...path, key], 'unknown key', `valid keys here: ${keys.join(', ')}`);
      }
    }
    return value;
  }

  list(path: YamlPath, value: unknown): unknown[] {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) return this.rejected(path, 'a list', value);
    return value;
  }

  string(parent: YamlPath, obj: Mapping, key: string, options: FieldOptions = {}): string | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'string') {
      // YAML turns unquoted 0123 or 1e5 into numbers; quoting is nearly always the fix.
      return this.rejected([...parent, key], 'a string', value, {
        ...options,
        hint: options.hint ?? 'quote the value',
      });
    }
    return value;
  }

  nonEmptyString(
    parent: YamlPath,
    obj: Mapping,
    key: string,
    options: FieldOptions = {},
  ): string | undefined {
    const value = this.string(parent, obj, key, options);
    if (value !== undefined && value.trim() === '') {
      this.fail([...parent, key], 'must not be empty', options.hint);
    }
    return value;
  }

  integer(
    parent: YamlPath,
    obj: Mapping,
    key: string,
    range: { min: number; max?: number },
    hint?: string,
  ): number | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > max) {
      const expected =
        range.max === undefined ? `an integer >= ${range.min}` : `an integer in ${range.min}..${range.max}`;
      return this.rejected([...parent, key], expected, value, hint === undefined ? {} : { hint });
    }
    return value;
  }

  positiveNumber(parent: YamlPath, obj: Mapping, key: string, hint?: string): number | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return this.rejected([...parent, key], 'a positive number', value, hint === undefined ? {} : { hint });
    }
    return value;
  }

  boolean(parent: YamlPath, obj: Mapping, key: string): boolean | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      return this.rejected([...parent, key], 'true or false', value, {
        hint: 'write true or false unquoted',
      });
    }
    return value;
  }

  oneOf<T extends string>(parent: YamlPath, obj: Mapping, key: string, allowed: readonly T[]): T | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.rejected(
        [...parent, key],
        `one of ${allowed.map((a) => JSON.stringify(a)).join(' | ')}`,
        value,
      );
    }
    return value as T;
  }

  stringList(parent: YamlPath, obj: Mapping, key: string): string[] | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    const items = this.list([...parent, key], value);
    return items.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        return this.rejected([...parent, key, index], 'a non-empty string', item, {
          hint: 'quote the value',
        });
      }
      return item;
    });
  }

  stringMap(parent: YamlPath, obj: Mapping, key: string): Record<string, string> | undefined {
    const value = obj[key];
    if (value === null || value === undefined) return undefined;
    if (!isMapping(value)) return this.rejected([...parent, key], 'a mapping of strings', value);
    const out: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item !== 'string') {
        this.rejected([...parent, key, name], 'a string', item, { hint: 'quote the value' });
      }
      out[name] = item as string;
    }
    return out;
  }
}

function describeSecret(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return `a ${typeof value} (value not shown)`;
}
