import type { CallOutcome } from './call-outcome.js';
import type { ScoreEntry } from './fhe/decrypt-core.js';
import { agentIdForToken, deriveAgentKey } from './metadata/index.js';
import type { TokenStore } from './tokens/token-store.js';

// The three VaultService operations as plain async functions of their inputs. gRPC
// handlers (grpc/vault-grpc-server.ts) only adapt messages to these and back.

interface ScoreDecryptor {
  decryptTopK(blob: Uint8Array, topK: number): Promise<ScoreEntry[]>;
  /** A buffer to decode the blob into that decryptTopK can move to a worker without a copy. */
  blobBuffer?(length: number): Uint8Array;
}

export interface VaultOperationsDeps {
  tokens: TokenStore;
  decryptor: ScoreDecryptor;
  teamSecret: string;
  publicKeys: { encKeyJson: string; evalKeyJson: string };
  keyId: string;
  indexName: string;
  envector: { endpoint: string; apiKey: string };
  decryptMetadataList(teamSecret: string, items: string[]): string[];
}

/**
 * GetPublicKey's key_bundle_json as two UTF-8 parts: the bundle's constant head (megabytes of
 * key material, encoded once per key load and shared by every reply) and the ~90 bytes of
 * agent fields that differ per caller. grpc/public-key-response.ts writes the wire bytes from
 * the parts without ever building the whole string.
 */
export class KeyBundleReply {
  constructor(
    readonly sharedHead: Buffer,
    readonly callerTail: Buffer,
  ) {}

  /** The whole JSON text (tests, tools); the request path never builds it. */
  get key_bundle_json(): string {
    return Buffer.concat([this.sharedHead, this.callerTail]).toString('utf8');
  }
}

/**
 * Replies kept for the callers seen last, by agent id (a hash of the token; no token is kept):
 * a caller asking again gets the same immutable reply, whose wire bytes the gRPC layer encodes
 * once (grpc/public-key-response.ts), so a repeat call derives no key and copies no megabyte.
 * Authorisation still runs on every call first. At most this many replies (~1.2 MB each once
 * encoded) are held.
 */
export const KEY_BUNDLE_REPLIES_KEPT = 8;

export class VaultOperations {
  private readonly bundleHead: Buffer;
  private readonly recentReplies = new Map<string, KeyBundleReply>();

  constructor(private readonly deps: VaultOperationsDeps) {
    // The bundle is megabytes of key material that never changes; only the agent fields
    // differ per caller, so serialise the rest once and append those.
    const shared: Record<string, string> = {
      'EncKey.json': deps.publicKeys.encKeyJson,
      'EvalKey.json': deps.publicKeys.evalKeyJson,
      key_id: deps.keyId,
    };
    if (deps.indexName) shared.index_name = deps.indexName;
    shared.envector_endpoint = deps.envector.endpoint;
    shared.envector_api_key = deps.envector.apiKey;
    this.bundleHead = Buffer.from(JSON.stringify(shared).slice(0, -1), 'utf8');
  }

  getPublicKey(token: string): CallOutcome<KeyBundleReply> {
    const { user } = this.deps.tokens.authorize(token, 'get_public_key');
    const agentId = agentIdForToken(token);
    let reply = this.recentReplies.get(agentId);
    if (reply) {
      this.recentReplies.delete(agentId); // re-inserted below: most recent last
    } else {
      const agentDek = deriveAgentKey(this.deps.teamSecret, agentId).toString('base64');
      const tail = `,"agent_id":${JSON.stringify(agentId)},"agent_dek":${JSON.stringify(agentDek)}}`;
      reply = new KeyBundleReply(this.bundleHead, Buffer.from(tail, 'utf8'));
      if (this.recentReplies.size >= KEY_BUNDLE_REPLIES_KEPT) {
        this.recentReplies.delete(this.recentReplies.keys().next().value as string);
      }
    }
    this.recentReplies.set(agentId, reply);
    return { user, resultCount: 1, response: reply };
  }

  /**
   * `decodeBlob` runs only after the token, its scope and top_k passed: an unknown caller
   * never makes the vault decode a large blob. It decodes into the buffer `allocate` gives.
   */
  async decryptScores(
    token: string,
    topK: number,
    decodeBlob: (allocate: (length: number) => Uint8Array) => Uint8Array,
  ): Promise<CallOutcome<{ results: { shard_idx: number; row_idx: number; score: number }[] }>> {
    const { user, role } = this.deps.tokens.authorize(token, 'decrypt_scores');
    this.deps.tokens.checkTopK(role, topK);
    const { decryptor } = this.deps;
    const allocate = decryptor.blobBuffer
      ? (length: number) => (decryptor.blobBuffer as (n: number) => Uint8Array).call(decryptor, length)
      : (length: number) => new Uint8Array(length);
    const entries = await decryptor.decryptTopK(decodeBlob(allocate), topK);
    const results = entries.map((e) => ({ shard_idx: e.shardIdx, row_idx: e.rowIdx, score: e.score }));
    return { user, resultCount: results.length, response: { results } };
  }

  /** `decodeItems` runs only after the token and its scope passed. */
  decryptMetadata(token: string, decodeItems: () => string[]): CallOutcome<{ decrypted_metadata: string[] }> {
    const { user } = this.deps.tokens.authorize(token, 'decrypt_metadata');
    const decrypted_metadata = this.deps.decryptMetadataList(this.deps.teamSecret, decodeItems());
    return { user, resultCount: decrypted_metadata.length, response: { decrypted_metadata } };
  }
}
