// Client side of DecryptScores: encrypt per-shard similarity scores with the vault's EncKey
// into CiphertextScore bytes (encrypted_blob_b64 is their base64).
import { encodeCiphertextScore, type ScoreBlock } from '../fhe/ciphertext-score.js';
import { ckksScale, createCkksContext, hasValidSealHeader, loadSeal, type Seal } from '../fhe/ckks-params.js';
import { parseKeyFile } from '../fhe/key-files.js';

export interface ShardScores {
  shardIdx: number;
  scores: number[];
}

interface ScoreEncryptor {
  slotCount: number;
  encryptBlock(scores: number[]): Uint8Array;
  dispose(): void;
}

// Loading a public key costs tens of ms; clients usually reuse one bundle, so keep a few.
const MAX_CACHED_KEYS = 4;
const encryptors = new Map<string, Promise<ScoreEncryptor>>();

export async function encryptScores(encKeyJson: string, shards: ShardScores[]): Promise<Uint8Array> {
  const encryptor = await encryptorFor(encKeyJson);
  if (shards.length === 0) throw new Error('encryptScores needs at least one shard');
  const seen = new Set<number>();
  const blocks: ScoreBlock[] = shards.map(({ shardIdx, scores }) => {
    if (!Number.isInteger(shardIdx) || shardIdx < -(2 ** 31) || shardIdx >= 2 ** 31) {
      throw new Error(`shardIdx ${shardIdx} is not a 32-bit integer`);
    }
    if (seen.has(shardIdx)) throw new Error(`shardIdx ${shardIdx} appears more than once`);
    seen.add(shardIdx);
    if (scores.length < 1 || scores.length > encryptor.slotCount) {
      throw new Error(`shard ${shardIdx}: ${scores.length} scores; a block holds 1..${encryptor.slotCount}`);
    }
    if (!scores.every(Number.isFinite)) throw new Error(`shard ${shardIdx}: scores must be finite numbers`);
    return { shardIdx, count: scores.length, ciphertext: encryptor.encryptBlock(scores) };
  });
  return encodeCiphertextScore({ blocks });
}

export async function encryptScoresBase64(encKeyJson: string, shards: ShardScores[]): Promise<string> {
  return Buffer.from(await encryptScores(encKeyJson, shards)).toString('base64');
}

function encryptorFor(encKeyJson: string): Promise<ScoreEncryptor> {
  const cached = encryptors.get(encKeyJson);
  if (cached) {
    // Re-insert to keep the map in least-recently-used order.
    encryptors.delete(encKeyJson);
    encryptors.set(encKeyJson, cached);
    return cached;
  }
  const created = createEncryptor(encKeyJson);
  encryptors.set(encKeyJson, created);
  created.catch(() => encryptors.delete(encKeyJson));
  if (encryptors.size > MAX_CACHED_KEYS) {
    const [oldestKey, oldest] = encryptors.entries().next().value as [string, Promise<ScoreEncryptor>];
    encryptors.delete(oldestKey);
    oldest.then((e) => e.dispose()).catch(() => {});
  }
  return created;
}

async function createEncryptor(encKeyJson: string): Promise<ScoreEncryptor> {
  const keyFile = parseKeyFile(encKeyJson, 'EncKey.json', 'EncKey');
  const seal: Seal = await loadSeal();
  const context = createCkksContext(seal, keyFile.params);
  const publicKey = seal.PublicKey();
  try {
    const bytes = Buffer.from(keyFile.data, 'base64');
    if (!hasValidSealHeader(bytes)) throw new Error('bad header');
    publicKey.loadArray(context, bytes);
  } catch {
    publicKey.delete();
    context.delete();
    throw new Error('EncKey.json: data is not a valid SEAL public key for the parameters in the file');
  }
  const encoder = seal.CKKSEncoder(context);
  const encryptor = seal.Encryptor(context, publicKey);
  const evaluator = seal.Evaluator(context);
  const lastLevel = context.lastParmsId;
  const scale = ckksScale(keyFile.params);
  return {
    slotCount: encoder.slotCount,
    encryptBlock(scores) {
      const plaintext = encoder.encode(Float64Array.from(scores), scale);
      if (!plaintext) throw new Error('CKKS encoding produced no plaintext');
      try {
        const ciphertext = encryptor.encrypt(plaintext);
        if (!ciphertext) throw new Error('CKKS encryption produced no ciphertext');
        try {
          // Scores need no more multiplications, so drop to the last modulus level, as a
          // server does before returning results: ~3× smaller and ~3× cheaper to decrypt.
          evaluator.cipherModSwitchTo(ciphertext, lastLevel, ciphertext);
          // Uncompressed: the vault refuses compressed ciphertexts (SEAL would inflate them
          // unbounded), and zstd gains nothing on last-level coefficients (131,200 vs 131,185 bytes).
          return ciphertext.saveArray(seal.ComprModeType.none);
        } finally {
          ciphertext.delete();
        }
      } finally {
        plaintext.delete();
      }
    },
    dispose() {
      evaluator.delete();
      encryptor.delete();
      encoder.delete();
      publicKey.delete();
      context.delete();
    },
  };
}
