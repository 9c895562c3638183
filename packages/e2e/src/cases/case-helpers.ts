import { randomBytes } from 'node:crypto';
import { createVaultClient, type VaultClient } from '@runevault/vault/client';
import { describeError, grpcStatusName, isGrpcError } from '../clients/grpc-error.js';
import type { VaultUnderTest } from '../vault-under-test.js';
import { type CaseContext, CaseFailure } from './case.js';

// Small pieces every case shares: clients bound to the case deadline, status expectations,
// log polling and audit-line parsing.

/** What is left of the case's deadline, never less than `floorMs` (a call needs some time). */
export function remainingMs(ctx: CaseContext, floorMs = 500): number {
  return Math.max(floorMs, ctx.deadline - Date.now());
}

/** A VaultService client that honours the vault's TLS and the case deadline; closed after `use`. */
export async function withVaultClient<T>(
  vault: VaultUnderTest,
  ctx: CaseContext,
  use: (client: VaultClient) => Promise<T>,
): Promise<T> {
  const client = createVaultClient(vault.grpcAddress, {
    ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
    deadlineMs: remainingMs(ctx),
  });
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

/** `e2e-audit-k3f9a2`: unique per run, so reruns against a long-lived vault do not collide. */
export function uniqueName(prefix: string, ctx: CaseContext): string {
  return `${prefix}-${ctx.runId}`;
}

/** A well-formed (36 chars, evt_ + 32 hex) token that no vault has issued with high probability. */
export function unknownToken(): string {
  return `evt_${randomBytes(16).toString('hex')}`;
}

/**
 * Awaits a call that must fail with `code` (and, if given, a message matching `text`);
 * returns the error. Success or any other outcome is a CaseFailure naming both.
 */
export async function expectGrpcError(
  call: Promise<unknown>,
  code: number,
  what: string,
  text?: RegExp,
): Promise<Error & { code: number; details?: string }> {
  const expected = `${what} → ${grpcStatusName(code)}${text ? ` matching ${text}` : ''}`;
  let outcome: unknown;
  try {
    outcome = await call;
  } catch (error) {
    if (!isGrpcError(error) || error.code !== code) throw new CaseFailure(expected, describeError(error));
    if (text && !text.test(error.details ?? error.message)) {
      throw new CaseFailure(expected, describeError(error));
    }
    return error;
  }
  throw new CaseFailure(expected, `OK ${summarize(outcome)}`);
}

/** Runs a call that must succeed; a failure reads "expected <what> to succeed, got <status>". */
export async function expectOk<T>(call: Promise<T>, what: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new CaseFailure(`${what} to succeed`, describeError(error));
  }
}

/** A short, single-line rendering of a response for failure messages. */
export function summarize(value: unknown, max = 120): string {
  let text: string;
  try {
    // Text as it is (on one line), anything else as JSON.
    text =
      typeof value === 'string' ? value.replace(/\r?\n/g, '\\n') : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Reads the log source until `found` returns a value or `timeoutMs` passes (container logs
 * lag the calls that made them). Returns the value, or undefined with the last text read.
 */
export async function pollLogs<T>(
  vault: VaultUnderTest,
  ctx: CaseContext,
  found: (logs: string) => T | undefined,
  timeoutMs: number,
): Promise<{ value: T | undefined; logs: string }> {
  const until = Math.min(Date.now() + timeoutMs, ctx.deadline - 200);
  for (;;) {
    const logs = await vault.readLogs();
    const value = found(logs);
    if (value !== undefined || Date.now() >= until || ctx.signal.aborted) return { value, logs };
    await sleep(Math.min(250, Math.max(0, until - Date.now())), ctx.signal);
  }
}

export interface AuditRecord {
  timestamp?: unknown;
  user_id?: unknown;
  method?: unknown;
  status?: unknown;
  source_ip?: unknown;
  [field: string]: unknown;
}

// A log source may prefix lines (docker timestamps, stream tags): look for the JSON inside.
const AUDIT_START = '{"timestamp"';

/** Every audit JSON line in `logs`, parsed; lines that do not parse are ignored. */
export function parseAuditLines(logs: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const line of logs.split('\n')) {
    const at = line.indexOf(AUDIT_START);
    if (at < 0) continue;
    try {
      const parsed: unknown = JSON.parse(line.slice(at).trimEnd());
      if (parsed && typeof parsed === 'object') records.push(parsed as AuditRecord);
    } catch {
      // Not a whole audit line (e.g. an operator message quoting one); skip it.
    }
  }
  return records;
}

/** The bodies of `AUDIT_ALERT {...}` lines whose alert is `name`. */
export function parseAlertLines(logs: string, name: string): Record<string, unknown>[] {
  const alerts: Record<string, unknown>[] = [];
  for (const line of logs.split('\n')) {
    const at = line.indexOf('AUDIT_ALERT ');
    if (at < 0) continue;
    try {
      const body = JSON.parse(line.slice(at + 'AUDIT_ALERT '.length).trimEnd()) as Record<string, unknown>;
      if (body?.alert === name) alerts.push(body);
    } catch {
      // A line that only mentions AUDIT_ALERT is not an alert.
    }
  }
  return alerts;
}
