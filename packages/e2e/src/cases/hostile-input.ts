import { status } from '@grpc/grpc-js';
import { DEFAULT_MAX_REQUEST_BYTES, encryptScores, type VaultClient } from '@runevault/vault/client';
import { httpGet } from '../clients/http-get.js';
import { type CaseContext, CaseFailure, type E2eCase } from './case.js';
import {
  expectGrpcError,
  expectOk,
  remainingMs,
  uniqueName,
  unknownToken,
  withVaultClient,
} from './case-helpers.js';
import { expectKnownTopK } from './decrypt.js';
import { grpcHealthCase } from './grpc-surface.js';
import {
  decryptScoresRequestBytes,
  encodeScoreBlocks,
  readScoreBlocks,
  recompressAsZlib,
  sealObject,
  zlibZeros,
  zstdZeros,
} from './hostile-blobs.js';
import { healthCase } from './observability.js';

// Case 17: requests built to exhaust the vault (compressed ciphertexts, decompression bombs,
// an oversize message, a big blob with a token nobody issued) must each be refused cheaply:
// the daemon's resident memory barely moves, it stays healthy, and real work still succeeds.

const MIB = 1024 * 1024;

export interface HostileInputOptions {
  /** The receive limit of the vault under test (its server.grpc.max_request_bytes). */
  maxRequestBytes?: number;
  /** Largest growth of /metrics process_resident_memory_bytes the hostile requests may cause. */
  maxMemoryGrowthBytes?: number;
  /** What each decompression bomb inflates to. */
  bombBytes?: number;
  /** The blob sent with an unknown token; default min(8 MiB, half the limit). */
  unknownTokenBlobBytes?: number;
  /** Requests of each kind, sent at once. */
  repeats?: number;
}

const HOSTILE_INPUT_DEFAULTS = {
  maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
  maxMemoryGrowthBytes: 100 * MIB,
  bombBytes: 256 * MIB,
  repeats: 2,
} as const;

const DECRYPT_SCORES_PATH = '/rune.vault.v1.VaultService/DecryptScores';
const RESIDENT_MEMORY = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+(\S+)/m;

interface Probe {
  what: string;
  code: number;
  send(): Promise<unknown>;
}

export function createHostileInputCase(options: HostileInputOptions = {}): E2eCase {
  const limit = options.maxRequestBytes ?? HOSTILE_INPUT_DEFAULTS.maxRequestBytes;
  const memoryBound = options.maxMemoryGrowthBytes ?? HOSTILE_INPUT_DEFAULTS.maxMemoryGrowthBytes;
  const bombBytes = options.bombBytes ?? HOSTILE_INPUT_DEFAULTS.bombBytes;
  const repeats = options.repeats ?? HOSTILE_INPUT_DEFAULTS.repeats;
  // A multiple of 4, so a strict base64 check cannot refuse it by its length alone.
  const unknownTokenBlob =
    Math.floor((options.unknownTokenBlobBytes ?? Math.min(8 * MIB, limit / 2)) / 4) * 4;

  return {
    id: 17,
    name: 'hostile-input',
    deadlineMs: 60_000,
    // Alone: it measures the daemon's memory, and its unknown tokens count as auth failures.
    exclusive: true,
    async run(vault, ctx) {
      // Issuing goes through the vault's admin CLI (a docker exec): overlap it with the set-up.
      const issued = vault.issueToken(uniqueName('e2e-hostile', ctx), 'member');
      issued.catch(() => {});
      const problems = await withVaultClient(vault, ctx, async (client) => {
        const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
        const encKeyJson = bundle['EncKey.json'];
        const blobs = await buildBlobs(encKeyJson);
        // Its own user: these calls spend no rate budget of the suite's token.
        const token = await issued;
        // Before the baseline: the first decrypt loads the key into the decrypt workers.
        await expectKnownTopK(client, token, encKeyJson, 'DecryptScores before the hostile requests');
        const probes = probesFor(client, token, blobs, ctx);
        const found: string[] = [];
        const before = await residentMemory(vault.httpUrl, ctx);
        for (const probe of probes) {
          const outcomes = await Promise.allSettled(
            Array.from({ length: repeats }, () => expectGrpcError(probe.send(), probe.code, probe.what)),
          );
          const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [failureText(o.reason)] : []));
          found.push(...new Set(failed));
        }
        const after = await residentMemory(vault.httpUrl, ctx);
        if (after - before > memoryBound) {
          found.push(
            `process_resident_memory_bytes grew by ${mib(after - before)} (${mib(before)} → ${mib(after)}), over the ${mib(memoryBound)} bound`,
          );
        }
        for (const check of [grpcHealthCase, healthCase]) {
          await check
            .run(vault, ctx)
            .catch((error: unknown) => found.push(`afterwards ${failureText(error)}`));
        }
        await expectKnownTopK(client, token, encKeyJson, 'DecryptScores after the hostile requests').catch(
          (error: unknown) => found.push(failureText(error)),
        );
        return found;
      });
      if (problems.length > 0) {
        throw new CaseFailure(
          `compressed ciphertexts and bombs → INVALID_ARGUMENT, over ${limit} bytes → RESOURCE_EXHAUSTED, a ${mib(unknownTokenBlob)} blob with an unknown token → UNAUTHENTICATED (×${repeats} each), resident memory growth ≤ ${mib(memoryBound)}, then health SERVING and a correct DecryptScores`,
          problems.join('; '),
        );
      }
    },
  };

  /** Every hostile payload, built before the memory baseline so their bytes are not counted. */
  async function buildBlobs(encKeyJson: string) {
    const legit = readScoreBlocks(await encryptScores(encKeyJson, [{ shardIdx: 0, scores: [0.25, 0.75] }]));
    const template = legit[0]?.ciphertext;
    if (!template) throw new CaseFailure('a CiphertextScore with one block from encryptScores', 'no blocks');
    const asBlob = (ciphertext: Uint8Array) =>
      encodeScoreBlocks([{ shardIdx: 0, count: 1, ciphertext }]).toString('base64');
    // 'A' is base64 for zero bits: the oversize blob is well-formed, only too big.
    const oversize = Buffer.alloc(limit + 1024, 'A');
    const unknown = Buffer.alloc(unknownTokenBlob, 'A');
    // Invalid at its very end: a vault that decodes before checking the token says so.
    unknown[unknown.length - 1] = '*'.charCodeAt(0);
    return {
      zlibCiphertext: asBlob(recompressAsZlib(template)),
      zlibBomb: asBlob(sealObject('zlib', zlibZeros(bombBytes), template)),
      zstdBomb: asBlob(sealObject('zstd', zstdZeros(bombBytes), template)),
      oversize,
      unknown,
    };
  }

  function probesFor(
    client: VaultClient,
    token: string,
    blobs: Awaited<ReturnType<typeof buildBlobs>>,
    ctx: CaseContext,
  ): Probe[] {
    const { zlibCiphertext, zlibBomb, zstdBomb } = blobs;
    const oversize = decryptScoresRequestBytes(token, blobs.oversize, 1);
    const unknown = decryptScoresRequestBytes(unknownToken(), blobs.unknown, 1);
    return [
      {
        what: 'a zlib-compressed ciphertext (SEAL compression mode 1)',
        code: status.INVALID_ARGUMENT,
        send: () => client.decryptScores(token, zlibCiphertext, 1),
      },
      {
        what: `a zlib bomb (${mib(bombBytes)} of zeros in ${kib(zlibBomb.length)} of base64)`,
        code: status.INVALID_ARGUMENT,
        send: () => client.decryptScores(token, zlibBomb, 1),
      },
      {
        what: `a zstd bomb (${mib(bombBytes)} of zeros in ${kib(zstdBomb.length)} of base64)`,
        code: status.INVALID_ARGUMENT,
        send: () => client.decryptScores(token, zstdBomb, 1),
      },
      {
        what: `a ${oversize.length}-byte DecryptScores (limit ${limit})`,
        code: status.RESOURCE_EXHAUSTED,
        send: () => sendRaw(client, oversize, ctx),
      },
      {
        what: `an unknown token with a ${mib(unknownTokenBlob)} blob`,
        code: status.UNAUTHENTICATED,
        send: () => sendRaw(client, unknown, ctx),
      },
    ];
  }
}

export const hostileInputCase = createHostileInputCase();

/** A prebuilt DecryptScoresRequest, sent as is (one copy in grpc-js's framing, no re-encoding). */
function sendRaw(client: VaultClient, request: Buffer, ctx: CaseContext): Promise<Buffer> {
  const identity = (bytes: Buffer) => bytes;
  return new Promise((resolve, reject) => {
    client.raw.makeUnaryRequest(
      DECRYPT_SCORES_PATH,
      identity,
      identity,
      request,
      { deadline: Date.now() + remainingMs(ctx) },
      (error, response) => (error ? reject(error) : resolve(response as Buffer)),
    );
  });
}

/** process_resident_memory_bytes from /metrics (prom-client's default process metrics). */
async function residentMemory(httpUrl: string, ctx: CaseContext): Promise<number> {
  const answer = await httpGet(`${httpUrl}/metrics`, ctx.signal);
  const value = Number(RESIDENT_MEMORY.exec(answer.body)?.[1]);
  if (answer.status !== 200 || !Number.isFinite(value)) {
    throw new CaseFailure(
      'process_resident_memory_bytes in GET /metrics',
      answer.status === 200 ? 'no such sample' : `${answer.status}`,
    );
  }
  return value;
}

function failureText(error: unknown): string {
  if (error instanceof CaseFailure) return error.message.replace(/^expected /, '');
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB`;
const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;
