import { agentKeyFromBundle, encryptMetadata } from '@runevault/vault/client';
import { describeError } from '../clients/grpc-error.js';
import { httpGet } from '../clients/http-get.js';
import { CaseFailure, type E2eCase } from './case.js';
import { expectOk, parseAuditLines, pollLogs, uniqueName, withVaultClient } from './case-helpers.js';

/** A secret and the encodings it would most likely leak in. */
function formsOf(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [secret, base64.replace(/=+$/, '')];
}

export const noSecretLeakCase: E2eCase = {
  id: 14,
  name: 'no-secret-leak',
  deadlineMs: 30_000,
  async run(vault, ctx) {
    const user = uniqueName('e2e-leak', ctx);
    const token = await vault.issueToken(user, 'member');
    // Everything the vault says back to us, success and failure alike.
    const seen: { where: string; text: string }[] = [];
    const record = async (where: string, call: Promise<unknown>) => {
      try {
        seen.push({ where, text: JSON.stringify(await call) });
      } catch (error) {
        seen.push({ where, text: `${describeError(error)} ${(error as Error).message}` });
      }
    };

    await withVaultClient(vault, ctx, async (client) => {
      const bundle = await expectOk(client.getPublicKeyBundle(token), 'GetPublicKey');
      seen.push({ where: 'GetPublicKey response', text: JSON.stringify(bundle) });
      const { agentId, agentKey } = agentKeyFromBundle(bundle);
      const good = encryptMetadata(agentKey, agentId, 'leak check');
      const tampered = good.replace(/"c":"(.)/, (_m, ch: string) => `"c":"${ch === 'A' ? 'B' : 'A'}`);
      const garbage = Buffer.from('garbage').toString('base64');
      await record('DecryptMetadata response', client.decryptMetadata(token, [good, tampered, '{"a":1}']));
      await record('DecryptScores error', client.decryptScores(token, garbage, 2));
      await record('DecryptScores top_k error', client.decryptScores(token, garbage, 11));
      // Malformed and near-miss tokens: error texts must not echo what was sent.
      await record('GetPublicKey error (spaced token)', client.getPublicKey(` ${token.slice(1)}`));
      await record('GetPublicKey error (long token)', client.getPublicKey(`${token}x`));
      await record('GetPublicKey error (near-miss token)', client.getPublicKey(`${token.slice(0, -1)}z`));
    });
    seen.push({ where: 'metrics', text: (await httpGet(`${vault.httpUrl}/metrics`, ctx.signal)).body });
    seen.push({ where: 'health', text: (await httpGet(`${vault.httpUrl}/health`, ctx.signal)).body });
    // Wait until the log holds our calls, so the scan covers what they wrote.
    const { logs } = await pollLogs(
      vault,
      ctx,
      (text) => (parseAuditLines(text).some((r) => r.user_id === user) ? true : undefined),
      5_000,
    );
    seen.push({ where: 'logs', text: logs });

    const known = await vault.knownSecrets();
    const secrets: { what: string; value: string }[] = [
      { what: 'the suite token', value: vault.token },
      { what: "the case's token", value: token },
      ...(known.teamSecret ? [{ what: 'the team secret', value: known.teamSecret }] : []),
      ...known.secKeyFragments.map((value, i) => ({ what: `SecKey fragment ${i + 1}`, value })),
    ].filter((s) => s.value.length >= 8);

    const leaks = secrets.flatMap(({ what, value }) =>
      seen
        .filter(({ text }) => formsOf(value).some((form) => text.includes(form)))
        .map(({ where }) => `${what} in ${where}`),
    );
    if (leaks.length > 0) {
      throw new CaseFailure(
        `no token, team secret or SecKey bytes in logs, metrics or ${seen.length - 1} responses`,
        [...new Set(leaks)].join('; '),
      );
    }
  },
};
