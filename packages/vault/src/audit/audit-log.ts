import type { AuditMode } from '../config/types.js';
import type { VaultMetrics } from '../metrics/vault-metrics.js';
import type { SecretRedactor } from '../redact.js';
import { type AuditEntry, formatAuditLine, formatAuthFailureAlert } from './audit-entry.js';
import { type AuditSink, RotatingFileAuditSink, StdoutAuditSink, type TextStream } from './audit-sinks.js';
import { AuthFailureTracker } from './auth-failure-alerts.js';

/** A configured audit sink could not be written; the request must fail (fail closed). */
export class AuditWriteError extends Error {
  override name = 'AuditWriteError';
}

export interface AuditLogOptions {
  mode: AuditMode;
  path: string;
  alert: { authFailureThreshold: number; windowSeconds: number };
  now?: () => Date;
  stdout?: TextStream;
  metrics?: Pick<VaultMetrics, 'auditAlerts' | 'auditWriteFailures'>;
  /** Applied to the `error` field, which may quote caller input. */
  redactor?: Pick<SecretRedactor, 'redact'>;
  /** Rotated files kept by the file sink (default 30). */
  keepFiles?: number;
}

export class AuditLog {
  private readonly sinks: AuditSink[];
  private readonly now: () => Date;
  private readonly alerts: AuthFailureTracker;
  private closed = false;

  constructor(private readonly opts: AuditLogOptions) {
    this.now = opts.now ?? (() => new Date());
    this.sinks = sinksFor(opts);
    this.alerts = new AuthFailureTracker({
      threshold: opts.alert.authFailureThreshold,
      windowSeconds: opts.alert.windowSeconds,
    });
  }

  /** Writes one line for one RPC to every sink; throws AuditWriteError if any sink failed. */
  record(entry: AuditEntry): void {
    const error =
      entry.error !== undefined && this.opts.redactor ? this.opts.redactor.redact(entry.error) : entry.error;
    const at = this.now();
    this.writeAll(formatAuditLine({ ...entry, error }, at), at);
  }

  /**
   * Counts one authentication failure from `sourceIp`; at the threshold writes one
   * AUDIT_ALERT line to every sink (throws AuditWriteError like `record` when it cannot).
   */
  recordAuthFailure(sourceIp: string): void {
    const at = this.now();
    const count = this.alerts.recordFailure(sourceIp, at.getTime());
    if (count === undefined) return;
    this.opts.metrics?.auditAlerts.inc();
    this.writeAll(
      formatAuthFailureAlert({ sourceIp, count, windowSeconds: this.opts.alert.windowSeconds, at }),
      at,
    );
  }

  close(): void {
    this.closed = true;
    for (const sink of this.sinks) sink.close();
  }

  // Every sink gets the line even when an earlier one failed, so stdout still shows what
  // the file missed; the caller then fails the request.
  private writeAll(line: string, at: Date): void {
    if (this.sinks.length === 0) return;
    const failures: string[] = [];
    if (this.closed) failures.push('audit log is closed');
    else {
      for (const sink of this.sinks) {
        try {
          sink.write(line, at);
        } catch (error) {
          failures.push(`${sink.description}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    if (failures.length > 0) {
      this.opts.metrics?.auditWriteFailures.inc();
      throw new AuditWriteError(`audit write failed (${failures.join('; ')})`);
    }
  }
}

function sinksFor(opts: AuditLogOptions): AuditSink[] {
  const file = () => new RotatingFileAuditSink(opts.path, opts.keepFiles);
  const stdout = () => new StdoutAuditSink(opts.stdout);
  switch (opts.mode) {
    case '':
      return [];
    case 'stdout':
      return [stdout()];
    case 'file':
      return [file()];
    case 'file+stdout':
      return [file(), stdout()];
    default:
      throw new Error(
        `audit.mode: unknown mode ${JSON.stringify(opts.mode)} (use "", file, stdout or file+stdout)`,
      );
  }
}
