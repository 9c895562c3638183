import { status } from '@grpc/grpc-js';
import { EXPECTED_VAULT_REASONS, isNegativePreset } from '@runevault/oidc-test-issuer';
import { createTokenExchangeClient, rejectionReasonOf } from '@runevault/vault/client';
import { CaseFailure, type E2eCase } from './case.js';
import {
  type AuditRecord,
  expectGrpcError,
  expectOk,
  parseAuditLines,
  pollLogs,
  remainingMs,
  withVaultClient,
} from './case-helpers.js';

/** E2E.md: these refusals are part of what case 15 proves; others given are checked too. */
const REQUIRED_NEGATIVES = ['expired', 'wrong-aud', 'wrong-iss', 'alg-none', 'unknown-kid'] as const;
const ISSUED_TOKEN = /^evt_[0-9a-f]{32}$/;
const AUDIT_WAIT_MS = 5_000;

export const oidcExchangeCase: E2eCase = {
  id: 15,
  name: 'oidc-exchange',
  deadlineMs: 30_000,
  // Its refusals are authentication failures: run alone so the alert counting of case 8 and
  // the failures of this case never share a window.
  exclusive: true,
  needs: ['oidc'],
  async run(vault, ctx) {
    const oidc = vault.oidc;
    if (!oidc) throw new CaseFailure('an OIDC fixture for the vault', 'none');
    const missing = REQUIRED_NEGATIVES.filter((preset) => !oidc.negatives[preset]);
    if (missing.length > 0) {
      throw new CaseFailure(
        `negative tokens for ${REQUIRED_NEGATIVES.join(', ')}`,
        `none for ${missing.join(', ')}`,
        'mint them with mint-test-oidc negatives: all',
      );
    }
    const startedAt = Date.now();
    const client = createTokenExchangeClient(vault.grpcAddress, {
      ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
      deadlineMs: remainingMs(ctx),
    });
    const jwts: string[] = [];
    const refusals: { preset: string; reason: string | undefined }[] = [];
    let exchanged: { token: string; user: string };
    try {
      const jwt = await oidc.goodToken();
      jwts.push(jwt);
      const response = await expectOk(
        client.exchangeToken(jwt, oidc.provider),
        'ExchangeToken with the minted JWT',
      );
      if (!ISSUED_TOKEN.test(response.token)) {
        throw new CaseFailure(
          'an evt_ token (evt_ + 32 hex) from ExchangeToken',
          `a ${response.token.length}-char token`,
        );
      }
      if (oidc.role && response.role !== oidc.role) {
        throw new CaseFailure(`role ${oidc.role} for the exchanged token`, `role ${response.role}`);
      }
      if (!(response.expires_at_unix * 1000 > Date.now())) {
        throw new CaseFailure('expires_at_unix in the future', String(response.expires_at_unix));
      }
      exchanged = { token: response.token, user: response.user };
      await withVaultClient(vault, ctx, (vaultClient) =>
        expectOk(vaultClient.getPublicKey(response.token), 'GetPublicKey with the exchanged token'),
      );

      for (const [preset, negative] of Object.entries(oidc.negatives)) {
        jwts.push(negative);
        const error = await expectGrpcError(
          client.exchangeToken(negative, oidc.provider),
          status.UNAUTHENTICATED,
          `ExchangeToken with the ${preset} token`,
        );
        const reason = rejectionReasonOf(error.details ?? '');
        const expected = isNegativePreset(preset) ? EXPECTED_VAULT_REASONS[preset] : undefined;
        if (expected && reason !== expected) {
          throw new CaseFailure(
            `the ${preset} token refused for ${expected}`,
            `refused with ${JSON.stringify(error.details)}`,
          );
        }
        refusals.push({ preset, reason });
      }
    } finally {
      client.close();
    }
    await checkAuditLines(vault, ctx, { startedAt, exchanged, refusals, jwts });
  },
};

/**
 * One ExchangeToken audit line per call: the success names the exchanged user, each refusal
 * its reason; no line anywhere holds JWT text. Skipped when the vault has no log source.
 */
async function checkAuditLines(
  vault: Parameters<E2eCase['run']>[0],
  ctx: Parameters<E2eCase['run']>[1],
  expected: {
    startedAt: number;
    exchanged: { token: string; user: string };
    refusals: { preset: string; reason: string | undefined }[];
    jwts: string[];
  },
): Promise<void> {
  try {
    await vault.readLogs();
  } catch {
    return; // An address vault without --log-file: the calls above are what can be checked.
  }
  const since = expected.startedAt - 2_000;
  const ours = (logs: string): AuditRecord[] =>
    parseAuditLines(logs).filter(
      (r) => r.method === 'ExchangeToken' && Date.parse(String(r.timestamp)) >= since,
    );
  const lacking = (records: AuditRecord[]): string[] => {
    const errors = records
      .filter((r) => r.status === 'denied')
      .map((r) => rejectionReasonOf(String(r.error)));
    const gaps = expected.refusals
      .filter(({ reason }) => reason !== undefined && !errors.includes(reason))
      .map(({ preset, reason }) => `${preset} (${reason})`);
    if (!records.some((r) => r.status === 'success' && r.user_id === expected.exchanged.user)) {
      gaps.unshift(`the success of ${expected.exchanged.user}`);
    }
    return gaps;
  };
  const { value: complete, logs } = await pollLogs(
    vault,
    ctx,
    (text) => (lacking(ours(text)).length === 0 ? true : undefined),
    AUDIT_WAIT_MS,
  );
  if (!complete) {
    throw new CaseFailure(
      'an ExchangeToken audit line for every exchange, refusals naming their reason',
      `none for ${lacking(ours(logs)).join(', ')}`,
    );
  }
  // The middle (claims) and last (signature) parts are what would identify a token.
  for (const jwt of expected.jwts) {
    const leaked = jwt
      .split('.')
      .slice(1)
      .filter((part) => part.length >= 16)
      .some((part) => logs.includes(part));
    if (leaked) throw new CaseFailure('no JWT text in the vault log', 'a subject token in the log');
  }
  if (logs.includes(expected.exchanged.token)) {
    throw new CaseFailure('no issued token in the vault log', 'the exchanged evt_ token in the log');
  }
}
