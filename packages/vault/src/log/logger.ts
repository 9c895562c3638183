import type { SecretRedactor } from '../redact.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// Messages quote callers (URL paths, user names, library errors): a newline, U+2028, NEL or a
// bidi override there would forge or reorder log lines, so each becomes a visible \uXXXX.
const LINE_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` with every control, format and line/paragraph separator code point escaped. */
export function escapeForLogLine(text: string): string {
  return text.replace(LINE_UNSAFE, (char) => {
    const hex = (char.codePointAt(0) as number).toString(16).padStart(4, '0');
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex}`;
  });
}

/**
 * A value a caller sent, fit to quote in an error or a log line: escaped as above and cut to
 * `maxChars` code points, so neither a line break nor a 60 KiB field name comes back raw.
 */
export function quoteCallerValue(value: unknown, maxChars = 64): string {
  const chars = [...String(value)];
  const text = chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}...` : chars.join('');
  return escapeForLogLine(text);
}

/** Operator log lines on stderr (stdout belongs to the audit sink), secrets redacted. */
export function createLogger(opts: {
  redactor?: SecretRedactor;
  write?: (line: string) => void;
  now?: () => Date;
}): Logger {
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const now = opts.now ?? (() => new Date());
  const emit = (level: string, message: string) => {
    const text = escapeForLogLine(opts.redactor ? opts.redactor.redact(message) : message);
    write(`${now().toISOString()} ${level} runevault: ${text}\n`);
  };
  return {
    info: (m) => emit('INFO', m),
    warn: (m) => emit('WARN', m),
    error: (m) => emit('ERROR', m),
  };
}
