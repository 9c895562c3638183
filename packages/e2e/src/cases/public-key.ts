import { status } from '@grpc/grpc-js';
import { CaseFailure, type E2eCase } from './case.js';
import { expectGrpcError, expectOk, summarize, unknownToken, withVaultClient } from './case-helpers.js';

const BUNDLE_FIELDS = ['EncKey.json', 'EvalKey.json', 'key_id'] as const;

export const publicKeyCase: E2eCase = {
  id: 5,
  name: 'public-key',
  deadlineMs: 15_000,
  async run(vault, ctx) {
    const response = await withVaultClient(vault, ctx, (client) =>
      expectOk(client.getPublicKey(vault.token), 'GetPublicKey with the issued token'),
    );
    const expected = `a key_bundle_json with ${BUNDLE_FIELDS.join(', ')}`;
    let bundle: Record<string, unknown>;
    try {
      bundle = JSON.parse(response.key_bundle_json) as Record<string, unknown>;
    } catch {
      throw new CaseFailure(expected, `unparseable JSON ${summarize(response.key_bundle_json)}`);
    }
    const missing = BUNDLE_FIELDS.filter((f) => typeof bundle[f] !== 'string' || bundle[f] === '');
    if (missing.length > 0) {
      throw new CaseFailure(
        expected,
        `a bundle without ${missing.join(', ')} (fields: ${Object.keys(bundle).join(', ')})`,
      );
    }
    // Both key files are served verbatim; they must at least be JSON documents.
    for (const file of ['EncKey.json', 'EvalKey.json'] as const) {
      try {
        JSON.parse(bundle[file] as string);
      } catch {
        throw new CaseFailure(`${file} in the bundle to be JSON`, summarize(bundle[file]));
      }
    }
  },
};

export const authRejectedCase: E2eCase = {
  id: 6,
  name: 'auth-rejected',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    await withVaultClient(vault, ctx, (client) =>
      expectGrpcError(
        client.getPublicKey(unknownToken()),
        status.UNAUTHENTICATED,
        'GetPublicKey with a well-formed unknown token',
      ),
    );
  },
};
