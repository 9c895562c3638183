// Decrypt-only core: SecKey → SEAL decryptor → top-k scores. Synchronous so a worker thread
// (or the in-process benchmark) can drive it directly.
import { ConfigError, invalidArgument } from '../errors.js';
import { ciphertextProblem } from './ciphertext-limits.js';
import { decodeCiphertextScore } from './ciphertext-score.js';
import { type CkksParams, createCkksContext, hasValidSealHeader, loadSeal } from './ckks-params.js';
import { parseKeyFile } from './key-files.js';

export interface ScoreEntry {
  shardIdx: number;
  rowIdx: number;
  score: number;
}

export interface ScoreDecryptCore {
  decryptTopK(blob: Uint8Array, topK: number): ScoreEntry[];
  readonly slotCount: number;
  /** True once SEAL's WASM instance has aborted; its state can no longer be trusted. */
  readonly poisoned: boolean;
  dispose(): void;
}

/** Decrypted scores of one block; only the first `count` entries of `scores` are used. */
export interface DecodedBlock {
  shardIdx: number;
  count: number;
  scores: ArrayLike<number>;
}

const invalidCiphertext = (index: number) =>
  invalidArgument(`block ${index}: ciphertext is not valid for this vault's key parameters`);

export async function createScoreDecryptCore(
  secKeyFileJson: string,
  source = 'SecKey.json',
): Promise<ScoreDecryptCore> {
  const keyFile = parseKeyFile(secKeyFileJson, source, 'SecKey');
  const seal = await loadSeal();
  let context: ReturnType<typeof createCkksContext>;
  try {
    context = createCkksContext(seal, keyFile.params);
  } catch (error) {
    throw new ConfigError(source, 'params', (error as Error).message);
  }
  const secretKey = seal.SecretKey();
  try {
    // Decoding by hand keeps the header check ahead of SEAL, which aborts on truncated data.
    const bytes = Buffer.from(keyFile.data, 'base64');
    if (!hasValidSealHeader(bytes)) throw new Error('bad header');
    secretKey.loadArray(context, bytes);
  } catch {
    secretKey.delete();
    context.delete();
    throw new ConfigError(
      source,
      'data',
      'is not a valid SEAL secret key for the parameters in this file',
      'restore SecKey.json from backup',
    );
  }
  const decryptor = seal.Decryptor(context, secretKey);
  const encoder = seal.CKKSEncoder(context);
  const slotCount = encoder.slotCount;
  let poisoned = false;
  let disposed = false;

  function decodeBlock(index: number, ciphertextBytes: Uint8Array): Float64Array {
    const ciphertext = seal.CipherText();
    let plaintext: ReturnType<typeof seal.PlainText> | undefined;
    try {
      ciphertext.loadArray(context, ciphertextBytes);
      plaintext = decryptor.decrypt(ciphertext) ?? undefined;
      if (!plaintext) throw invalidCiphertext(index);
      return encoder.decode(plaintext);
    } catch (error) {
      // WebAssembly.RuntimeError (an abort) is not typed as a value under lib ES2023, hence the name check.
      if (error instanceof Error && error.name === 'RuntimeError') poisoned = true;
      throw invalidCiphertext(index);
    } finally {
      plaintext?.delete();
      ciphertext.delete();
    }
  }

  function* decodeBlocks(blocks: Array<{ shardIdx: number; count: number; ciphertext: Uint8Array }>) {
    for (const [index, block] of blocks.entries()) {
      const scores = decodeBlock(index, block.ciphertext);
      for (let i = 0; i < block.count; i++) {
        if (!Number.isFinite(scores[i]))
          throw invalidArgument(`block ${index}: decrypted scores are not finite`);
      }
      yield { shardIdx: block.shardIdx, count: block.count, scores };
    }
  }

  return {
    slotCount,
    get poisoned() {
      return poisoned;
    },
    decryptTopK(blob, topK) {
      if (disposed) throw new Error('score decrypt core is disposed');
      if (!Number.isInteger(topK) || topK < 1)
        throw invalidArgument(`top_k must be a positive integer, got ${topK}`);
      const blocks = checkedScoreBlocks(blob, keyFile.params);
      return selectTopK(decodeBlocks(blocks), topK);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      encoder.delete();
      decryptor.delete();
      secretKey.delete();
      context.delete();
    },
  };
}

/**
 * The blob's blocks once every structural check passed (protobuf, counts, repeated shards, each
 * ciphertext's header, compression and size): run over every block first, so a bad last block
 * costs no decryption. The pool also runs it on the event loop before a blob reaches a worker.
 */
export function checkedScoreBlocks(
  blob: Uint8Array,
  params: CkksParams,
): Array<{ shardIdx: number; count: number; ciphertext: Uint8Array }> {
  const { blocks } = decodeCiphertextScore(blob);
  validateBlocks(blocks, params.polyModulusDegree / 2, params);
  return blocks;
}

function validateBlocks(
  blocks: Array<{ shardIdx: number; count: number; ciphertext: Uint8Array }>,
  slotCount: number,
  params: CkksParams,
): void {
  if (blocks.length === 0) throw invalidArgument('CiphertextScore has no blocks');
  const seen = new Set<number>();
  blocks.forEach((block, index) => {
    if (block.count < 1 || block.count > slotCount) {
      throw invalidArgument(`block ${index}: count ${block.count} is out of range 1..${slotCount}`);
    }
    // Rows are numbered 0..count-1 per shard, so a repeated shard would yield ambiguous results.
    if (seen.has(block.shardIdx))
      throw invalidArgument(`block ${index}: shard_idx ${block.shardIdx} is repeated`);
    seen.add(block.shardIdx);
    // Header, compression and size before SEAL: it would inflate a compressed bomb in full.
    const problem = ciphertextProblem(block.ciphertext, params);
    if (problem) throw invalidArgument(`block ${index}: ${problem}`);
  });
}

/** a ranks before b: score descending, then (shardIdx, rowIdx) ascending. */
function ranksBefore(a: ScoreEntry, b: ScoreEntry): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.shardIdx !== b.shardIdx) return a.shardIdx < b.shardIdx;
  return a.rowIdx < b.rowIdx;
}

/**
 * Top k over all blocks with a bounded heap (worst kept entry at the root): O(n log k) and
 * objects are only allocated for entries that enter the heap.
 */
export function selectTopK(blocks: Iterable<DecodedBlock>, k: number): ScoreEntry[] {
  const heap: ScoreEntry[] = [];
  const probe: ScoreEntry = { shardIdx: 0, rowIdx: 0, score: 0 };
  for (const block of blocks) {
    probe.shardIdx = block.shardIdx;
    for (let row = 0; row < block.count; row++) {
      probe.rowIdx = row;
      probe.score = block.scores[row] as number;
      if (heap.length < k) {
        heap.push({ ...probe });
        siftUp(heap, heap.length - 1);
      } else if (ranksBefore(probe, heap[0] as ScoreEntry)) {
        heap[0] = { ...probe };
        siftDown(heap, 0);
      }
    }
  }
  return heap.sort((a, b) => (ranksBefore(a, b) ? -1 : 1));
}

function siftUp(heap: ScoreEntry[], index: number): void {
  let i = index;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!ranksBefore(heap[parent] as ScoreEntry, heap[i] as ScoreEntry)) break;
    swap(heap, i, parent);
    i = parent;
  }
}

function siftDown(heap: ScoreEntry[], index: number): void {
  let i = index;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let worst = i;
    if (left < heap.length && ranksBefore(heap[worst] as ScoreEntry, heap[left] as ScoreEntry)) worst = left;
    if (right < heap.length && ranksBefore(heap[worst] as ScoreEntry, heap[right] as ScoreEntry))
      worst = right;
    if (worst === i) return;
    swap(heap, i, worst);
    i = worst;
  }
}

function swap(heap: ScoreEntry[], a: number, b: number): void {
  const tmp = heap[a] as ScoreEntry;
  heap[a] = heap[b] as ScoreEntry;
  heap[b] = tmp;
}
