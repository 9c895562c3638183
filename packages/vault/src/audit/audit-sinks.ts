import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where audit lines go. `write` is synchronous and throws when the line was not written. */
export interface AuditSink {
  /** Names the sink in AuditWriteError messages. */
  readonly description: string;
  /** `line` has no trailing newline; `at` is the time the line is about (drives rotation). */
  write(line: string, at: Date): void;
  close(): void;
}

export interface TextStream {
  write(s: string): unknown;
  destroyed?: boolean;
  writable?: boolean;
}

/**
 * Audit lines on stdout. Node writes stdout synchronously to files and pipes on Linux, so a
 * thrown write or a closed stream is caught here; an EPIPE reported later by the stream
 * cannot be tied to a request and is not.
 */
export class StdoutAuditSink implements AuditSink {
  readonly description = 'stdout';

  constructor(private readonly stream: TextStream = process.stdout) {}

  write(line: string): void {
    if (this.stream.destroyed === true || this.stream.writable === false) throw new Error('stream is closed');
    this.stream.write(`${line}\n`);
  }

  close(): void {
    // stdout belongs to the process, not to the audit log.
  }
}

const AUDIT_FILES_KEPT = 30;

/**
 * Appends to `path` synchronously (the reply waits for its line), rotating daily by UTC date:
 * `audit.log` → `audit.log.YYYY-MM-DD` (the day its lines belong to), keeping the newest
 * `keep` rotated files. Lines are handed to the OS, not fsync'd: a per-request fsync would
 * cost more than the request. The file is opened on first write and re-opened after a
 * failure, so a sink that broke can recover.
 */
export class RotatingFileAuditSink implements AuditSink {
  readonly description: string;
  private fd: number | undefined;
  /** UTC day (YYYY-MM-DD) the open file's lines belong to. */
  private currentDay = '';
  private readonly rotatedName: RegExp;

  constructor(
    private readonly path: string,
    private readonly keep: number = AUDIT_FILES_KEPT,
  ) {
    this.description = `file ${path}`;
    this.rotatedName = new RegExp(`^${escapeRegExp(basename(path))}\\.(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?$`);
  }

  write(line: string, at: Date): void {
    const day = utcDay(at);
    if (this.fd === undefined) this.open(day);
    if (this.currentDay !== day) this.rotate(day);
    const data = Buffer.from(`${line}\n`, 'utf8');
    let offset = 0;
    try {
      while (offset < data.length) offset += writeSync(this.fd as number, data, offset);
    } catch (error) {
      this.closeFd();
      throw error;
    }
  }

  close(): void {
    this.closeFd();
  }

  private open(day: string): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, 'a', 0o600);
    const stat = fstatSync(fd);
    // After a restart the file may hold an earlier day's lines; its last write tells which.
    this.currentDay = stat.size > 0 ? utcDay(stat.mtime) : day;
    this.fd = fd;
  }

  private rotate(day: string): void {
    this.closeFd();
    renameSync(this.path, this.freeRotatedPath(this.currentDay));
    this.prune();
    this.open(day);
  }

  // A clock that stepped back can revisit a day; never overwrite an existing rotated file.
  private freeRotatedPath(day: string): string {
    let candidate = `${this.path}.${day}`;
    for (let n = 1; existsSync(candidate); n++) candidate = `${this.path}.${day}.${n}`;
    return candidate;
  }

  // Housekeeping only: a file that cannot be deleted must not fail the request.
  private prune(): void {
    const dir = dirname(this.path);
    let rotated: { name: string; day: string; n: number }[];
    try {
      rotated = readdirSync(dir).flatMap((name) => {
        const match = this.rotatedName.exec(name);
        return match?.[1] ? [{ name, day: match[1], n: Number(match[2] ?? 0) }] : [];
      });
    } catch {
      return;
    }
    rotated.sort((x, y) => (x.day === y.day ? x.n - y.n : x.day < y.day ? -1 : 1));
    for (const old of rotated.slice(0, Math.max(0, rotated.length - this.keep))) {
      try {
        unlinkSync(join(dir, old.name));
      } catch {
        // retried at the next rotation
      }
    }
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // already unusable; the next write re-opens
    }
  }
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
