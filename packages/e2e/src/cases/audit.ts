import { status } from '@grpc/grpc-js';
import { agentKeyFromBundle, encryptMetadata } from '@runevault/vault/client';
import { CaseFailure, type E2eCase } from './case.js';
import {
  type AuditRecord,
  expectGrpcError,
  expectOk,
  parseAlertLines,
  parseAuditLines,
  pollLogs,
  summarize,
  uniqueName,
  unknownToken,
  withVaultClient,
} from './case-helpers.js';

const AUDIT_FIELDS = ['timestamp', 'user_id', 'method', 'status', 'source_ip'] as const;
// Container log readers lag the calls by a moment; give them this long.
const LOG_LAG_MS = 5_000;

function fieldProblem(record: AuditRecord): string | undefined {
  const missing = AUDIT_FIELDS.filter((f) => typeof record[f] !== 'string' || record[f] === '');
  // user_id "" is legitimate for unknown callers, but these calls are all by a known user.
  if (missing.length > 0) return `missing or empty ${missing.join(', ')}`;
  if (Number.isNaN(Date.parse(record.timestamp as string)))
    return `timestamp ${record.timestamp} is not a date`;
  return undefined;
}

export const auditLogCase: E2eCase = {
  id: 7,
  name: 'audit-log',
  deadlineMs: 20_000,
  async run(vault, ctx) {
    // A user of its own: its lines are the ones with its name, whatever else the log holds.
    const user = uniqueName('e2e-audit', ctx);
    const token = await vault.issueToken(user, 'member');
    const calls = { GetPublicKey: 2, DecryptMetadata: 1 };
    await withVaultClient(vault, ctx, async (client) => {
      const bundle = await expectOk(client.getPublicKeyBundle(token), 'GetPublicKey');
      await expectOk(client.getPublicKey(token), 'GetPublicKey');
      const { agentId, agentKey } = agentKeyFromBundle(bundle);
      await expectOk(
        client.decryptMetadata(token, [encryptMetadata(agentKey, agentId, 'audit me')]),
        'DecryptMetadata',
      );
    });

    const linesOf = (logs: string) => parseAuditLines(logs).filter((r) => r.user_id === user);
    const complete = (records: AuditRecord[]) =>
      Object.entries(calls).every(([m, n]) => records.filter((r) => r.method === m).length >= n);
    const { logs } = await pollLogs(
      vault,
      ctx,
      (text) => (complete(linesOf(text)) ? true : undefined),
      LOG_LAG_MS,
    );

    const records = linesOf(logs);
    const wanted = Object.entries(calls)
      .map(([m, n]) => `${m} ×${n}`)
      .join(', ');
    const expected = `a JSON audit line per call by '${user}' (${wanted}) with ${AUDIT_FIELDS.join(', ')}`;
    if (!complete(records)) {
      const seen = records.map((r) => String(r.method)).join(', ') || 'none';
      const lineCount = logs.split('\n').filter(Boolean).length;
      throw new CaseFailure(expected, `lines for ${seen} among ${lineCount} log lines`);
    }
    for (const record of records) {
      const problem = fieldProblem(record);
      if (problem) throw new CaseFailure(expected, `a line with ${problem}: ${summarize(record, 300)}`);
      if (record.status !== 'success') {
        throw new CaseFailure(`status "success" for ${String(record.method)}`, summarize(record, 300));
      }
    }
  },
};

const BAD_TOKENS = 5;

export const auditAlertCase: E2eCase = {
  id: 8,
  name: 'audit-alert',
  deadlineMs: 20_000,
  exclusive: true,
  async run(vault, ctx) {
    // Earlier cases may have left failures in the window, so an alert may fire before our
    // fifth call; any new alert line after our five proves alerting works.
    const alertsBefore = parseAlertLines(await vault.readLogs(), 'auth_failure_threshold').length;
    await withVaultClient(vault, ctx, async (client) => {
      for (let i = 0; i < BAD_TOKENS; i++) {
        await expectGrpcError(
          client.getPublicKey(unknownToken()),
          status.UNAUTHENTICATED,
          `bad token ${i + 1} of ${BAD_TOKENS}`,
        );
      }
    });
    const { value: alerts, logs } = await pollLogs(
      vault,
      ctx,
      (text) => {
        const found = parseAlertLines(text, 'auth_failure_threshold');
        return found.length > alertsBefore ? found.slice(alertsBefore) : undefined;
      },
      LOG_LAG_MS,
    );
    if (!alerts) {
      const other = logs.split('\n').filter((l) => l.includes('AUDIT_ALERT')).length;
      throw new CaseFailure(
        `an AUDIT_ALERT … auth_failure_threshold line after ${BAD_TOKENS} bad tokens from one client`,
        `none within ${LOG_LAG_MS / 1000} s (${alertsBefore} such line(s) before, ${other} AUDIT_ALERT line(s) in all)`,
      );
    }
  },
};
