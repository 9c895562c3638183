import type { SecretRedactor } from '../redact.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
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
    const text = opts.redactor ? opts.redactor.redact(message) : message;
    write(`${now().toISOString()} ${level} runevault: ${text}\n`);
  };
  return {
    info: (m) => emit('INFO', m),
    warn: (m) => emit('WARN', m),
    error: (m) => emit('ERROR', m),
  };
}
