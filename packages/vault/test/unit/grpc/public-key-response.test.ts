import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withKeyBundleSerializer } from '../../../src/grpc/public-key-response.js';
import { agentIdForToken, deriveAgentKey } from '../../../src/metadata/index.js';
import { loadVaultProtos } from '../../../src/protocol/vault-protos.js';
import type { TokenStore } from '../../../src/tokens/token-store.js';
import {
  KEY_BUNDLE_REPLIES_KEPT,
  KeyBundleReply,
  VaultOperations,
  type VaultOperationsDeps,
} from '../../../src/vault-operations.js';

// GetPublicKey's reply is written from a pre-encoded head and a per-caller tail (issue #19);
// the bytes on the wire must stay exactly what the vault sent before: proto-loader's encoder
// applied to the JSON text built as vault-operations.ts built it until then.

type KeyConfig = Omit<VaultOperationsDeps, 'tokens' | 'decryptor' | 'decryptMetadataList'>;

/** key_bundle_json as it was built before the change (copied from the previous vault-operations.ts). */
function keyBundleJsonBefore(deps: KeyConfig, token: string): string {
  const shared: Record<string, string> = {
    'EncKey.json': deps.publicKeys.encKeyJson,
    'EvalKey.json': deps.publicKeys.evalKeyJson,
    key_id: deps.keyId,
  };
  if (deps.indexName) shared.index_name = deps.indexName;
  shared.envector_endpoint = deps.envector.endpoint;
  shared.envector_api_key = deps.envector.apiKey;
  const prefix = JSON.stringify(shared).slice(0, -1);
  const agentId = agentIdForToken(token);
  const agentDek = deriveAgentKey(deps.teamSecret, agentId).toString('base64');
  return `${prefix},"agent_id":${JSON.stringify(agentId)},"agent_dek":${JSON.stringify(agentDek)}}`;
}

const anyCaller = {
  authorize: () => ({ user: 'someone', role: { name: 'r', scope: ['get_public_key'], top_k: 10 } }),
} as unknown as TokenStore;

function operations(keys: KeyConfig): VaultOperations {
  return new VaultOperations({
    ...keys,
    tokens: anyCaller,
    decryptor: { decryptTopK: async () => [] },
    decryptMetadataList: () => [],
  });
}

const service = loadVaultProtos().proto.rune.vault.v1.VaultService.service;
const todaysEncoder = service.GetPublicKey.responseSerialize;
const newEncoder = withKeyBundleSerializer(service).GetPublicKey?.responseSerialize as (
  value: unknown,
) => Buffer;

const keySets: KeyConfig[] = [
  {
    // Megabytes of base64 key material, like a real bundle (a 3-byte length varint).
    publicKeys: {
      encKeyJson: JSON.stringify({ data: randomBytes(300_000).toString('base64') }),
      evalKeyJson: JSON.stringify({ data: randomBytes(600_000).toString('base64') }),
    },
    teamSecret: 'team-secret-0123456789abcdef',
    keyId: 'vault-key',
    indexName: '',
    envector: { endpoint: 'https://envector.example:443', apiKey: 'api-key-1' },
  },
  {
    // Characters JSON escapes, multi-byte UTF-8 (2, 3 and 4 bytes) and an index name.
    publicKeys: { encKeyJson: '{"a":"quote \\" backslash \\\\ tab\\t"}', evalKeyJson: 'é 中 😀 \u2028' },
    teamSecret: 'sécret ünïcode',
    keyId: 'clé-中',
    indexName: 'index "one"',
    envector: { endpoint: '', apiKey: 'kéy\n' },
  },
  {
    // Small: a 2-byte length varint, empty key fields.
    publicKeys: { encKeyJson: '', evalKeyJson: '' },
    teamSecret: 't',
    keyId: 'k',
    indexName: '',
    envector: { endpoint: '', apiKey: '' },
  },
];
const tokens = [
  `evt_${'0'.repeat(32)}`,
  `evt_${randomBytes(16).toString('hex')}`,
  `evt_${randomBytes(16).toString('hex')}`,
];

describe('GetPublicKey reply, pre-encoded', () => {
  it('is byte-identical to the previous encoding for every key set and caller', () => {
    for (const keys of keySets) {
      const ops = operations(keys);
      for (const token of tokens) {
        const reply = ops.getPublicKey(token).response;
        expect(reply).toBeInstanceOf(KeyBundleReply);
        const before = todaysEncoder({ key_bundle_json: keyBundleJsonBefore(keys, token) });
        const after = newEncoder(reply);
        expect(after.equals(before)).toBe(true);
        expect(reply.key_bundle_json).toBe(keyBundleJsonBefore(keys, token));
      }
    }
  });

  it('shares the encoded head between callers and differs only in the agent fields', () => {
    const ops = operations(keySets[0] as KeyConfig);
    const [a, b] = tokens.slice(1).map((t) => ops.getPublicKey(t).response);
    expect(a?.sharedHead).toBe(b?.sharedHead);
    expect(a?.callerTail.equals(b?.callerTail as Buffer)).toBe(false);
    const parsed = JSON.parse(a?.key_bundle_json as string) as Record<string, string>;
    expect(parsed.agent_id).toBe(agentIdForToken(tokens[1] as string));
  });

  it('gives a repeat caller the same reply, encoded once, with the same bytes as a first call', () => {
    const keys = keySets[0] as KeyConfig;
    const ops = operations(keys);
    const token = tokens[1] as string;
    const first = ops.getPublicKey(token).response;
    const firstBytes = newEncoder(first);
    const again = ops.getPublicKey(token).response;
    expect(again).toBe(first);
    expect(newEncoder(again)).toBe(firstBytes);
    const fresh = operations(keys).getPublicKey(token).response;
    expect(fresh).not.toBe(first);
    expect(newEncoder(fresh).equals(firstBytes)).toBe(true);
  });

  it(`keeps the replies of the last ${KEY_BUNDLE_REPLIES_KEPT} callers, each only ever its own`, () => {
    const keys = keySets[2] as KeyConfig;
    const ops = operations(keys);
    const callers = Array.from(
      { length: KEY_BUNDLE_REPLIES_KEPT + 1 },
      () => `evt_${randomBytes(16).toString('hex')}`,
    );
    const kept = callers.slice(0, KEY_BUNDLE_REPLIES_KEPT);
    const firstReplies = kept.map((t) => ops.getPublicKey(t).response);
    // The first caller asks again (now the most recent), then a ninth comes: the least
    // recent, the second caller, is the one let go.
    expect(ops.getPublicKey(kept[0] as string).response).toBe(firstReplies[0]);
    ops.getPublicKey(callers[KEY_BUNDLE_REPLIES_KEPT] as string);
    expect(ops.getPublicKey(kept[0] as string).response).toBe(firstReplies[0]);
    expect(ops.getPublicKey(kept[1] as string).response).not.toBe(firstReplies[1]);
    for (const t of callers) {
      expect(ops.getPublicKey(t).response.key_bundle_json).toBe(keyBundleJsonBefore(keys, t));
    }
  });

  it('authorises every call, cached or not: a caller refused now gets no reply', () => {
    let allowed = true;
    const ops = new VaultOperations({
      ...(keySets[2] as KeyConfig),
      tokens: {
        authorize: () => {
          if (!allowed) throw new Error('revoked');
          return { user: 'someone', role: { name: 'r', scope: ['get_public_key'], top_k: 10 } };
        },
      } as unknown as TokenStore,
      decryptor: { decryptTopK: async () => [] },
      decryptMetadataList: () => [],
    });
    const token = tokens[2] as string;
    ops.getPublicKey(token);
    allowed = false;
    expect(() => ops.getPublicKey(token)).toThrow('revoked');
  });

  it('leaves any other value to the original encoder', () => {
    const plain = { key_bundle_json: 'plain' };
    expect(newEncoder(plain).equals(todaysEncoder(plain))).toBe(true);
  });
});
