import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../src/errors.js';
import {
  agentIdForToken,
  decryptMetadataList,
  deriveAgentKey,
  encryptMetadata,
  encryptMetadataWithIv,
} from '../../../src/metadata/index.js';

const TEAM_SECRET = 'a-team-secret-for-unit-tests-0123456789';
const AGENT_ID = agentIdForToken('evt_11111111111111111111111111111111');
const OTHER_AGENT_ID = agentIdForToken('evt_22222222222222222222222222222222');
const KEY = deriveAgentKey(TEAM_SECRET, AGENT_ID);

function errorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return error as VaultError;
  }
  throw new Error('expected an error');
}

function tamper(item: string, mutate: (raw: Buffer) => void): string {
  const parsed = JSON.parse(item);
  const raw = Buffer.from(parsed.c, 'base64');
  mutate(raw);
  parsed.c = raw.toString('base64');
  return JSON.stringify(parsed);
}

describe('decryptMetadataList round trips', () => {
  const texts = ['{"k":"v"}', 'plain text', 'ünïcödé ✓ 日本語', '', 'x'.repeat(5000)];

  it.each(['v2', 'legacy'] as const)('decrypts %s items in order', (format) => {
    const items = texts.map((t) => encryptMetadata(KEY, AGENT_ID, t, { format }));
    expect(decryptMetadataList(TEAM_SECRET, items)).toEqual(texts);
  });

  it('writes v2 by default and legacy without a "v" key', () => {
    expect(JSON.parse(encryptMetadata(KEY, AGENT_ID, 'x'))).toMatchObject({ a: AGENT_ID, v: 2 });
    expect(Object.keys(JSON.parse(encryptMetadata(KEY, AGENT_ID, 'x', { format: 'legacy' })))).toEqual([
      'a',
      'c',
    ]);
  });

  it('handles mixed formats and agents in one list', () => {
    const otherKey = deriveAgentKey(TEAM_SECRET, OTHER_AGENT_ID);
    const items = [
      encryptMetadata(KEY, AGENT_ID, 'one'),
      encryptMetadata(otherKey, OTHER_AGENT_ID, 'two', { format: 'legacy' }),
      encryptMetadata(otherKey, OTHER_AGENT_ID, 'three'),
    ];
    expect(decryptMetadataList(TEAM_SECRET, items)).toEqual(['one', 'two', 'three']);
  });

  it('does not reuse cached keys across team secrets', () => {
    const secretB = 'another-team-secret-for-unit-tests';
    const keyB = deriveAgentKey(secretB, AGENT_ID);
    expect(decryptMetadataList(TEAM_SECRET, [encryptMetadata(KEY, AGENT_ID, 'from A')])).toEqual(['from A']);
    expect(decryptMetadataList(secretB, [encryptMetadata(keyB, AGENT_ID, 'from B')])).toEqual(['from B']);
    expect(() => decryptMetadataList(secretB, [encryptMetadata(KEY, AGENT_ID, 'from A')])).toThrow(
      /authentication failed/,
    );
  });

  it('ignores unknown keys, as the upstream vault does', () => {
    const item = JSON.parse(encryptMetadata(KEY, AGENT_ID, 'extra'));
    item.future = true;
    expect(decryptMetadataList(TEAM_SECRET, [JSON.stringify(item)])).toEqual(['extra']);
  });

  it('returns an empty list for no items', () => {
    expect(decryptMetadataList(TEAM_SECRET, [])).toEqual([]);
  });
});

describe('decryptMetadataList failures', () => {
  const good = encryptMetadata(KEY, AGENT_ID, 'fine');

  it('a tampered v2 tag fails with the item index', () => {
    const bad = tamper(encryptMetadata(KEY, AGENT_ID, 'secret plaintext'), (raw) => {
      raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    });
    const error = errorOf(() => decryptMetadataList(TEAM_SECRET, [good, good, good, bad]));
    expect(error.kind).toBe('invalid_argument');
    expect(error.message).toBe(
      'encrypted_metadata_list[3]: authentication failed (wrong key or tampered data)',
    );
  });

  it('a tampered v2 ciphertext byte fails authentication', () => {
    const bad = tamper(encryptMetadata(KEY, AGENT_ID, 'secret plaintext'), (raw) => {
      raw[12] = (raw[12] ?? 0) ^ 0x80;
    });
    expect(errorOf(() => decryptMetadataList(TEAM_SECRET, [bad])).message).toBe(
      'encrypted_metadata_list[0]: authentication failed (wrong key or tampered data)',
    );
  });

  it('a v2 item claiming another agent id fails authentication', () => {
    const item = JSON.parse(encryptMetadata(KEY, AGENT_ID, 'secret plaintext'));
    item.a = OTHER_AGENT_ID;
    expect(errorOf(() => decryptMetadataList(TEAM_SECRET, [good, JSON.stringify(item)])).message).toBe(
      'encrypted_metadata_list[1]: authentication failed (wrong key or tampered data)',
    );
  });

  it('a legacy item under the wrong agent id decrypts to garbage and is refused', () => {
    const iv = Buffer.alloc(16, 7);
    const item = JSON.parse(encryptMetadataWithIv(KEY, AGENT_ID, 'x'.repeat(64), 'legacy', iv));
    item.a = OTHER_AGENT_ID;
    expect(errorOf(() => decryptMetadataList(TEAM_SECRET, [JSON.stringify(item)])).message).toBe(
      'encrypted_metadata_list[0]: decrypted data is not valid UTF-8 (wrong key or corrupted data)',
    );
  });

  it('a legacy plaintext that is not UTF-8 is refused', () => {
    const iv = Buffer.alloc(16, 1);
    const cipher = createCipheriv('aes-256-ctr', KEY, iv);
    const body = Buffer.concat([cipher.update(Buffer.from([0xff, 0xfe, 0xc3, 0x28])), cipher.final()]);
    const item = JSON.stringify({ a: AGENT_ID, c: Buffer.concat([iv, body]).toString('base64') });
    expect(errorOf(() => decryptMetadataList(TEAM_SECRET, [good, item])).message).toBe(
      'encrypted_metadata_list[1]: decrypted data is not valid UTF-8 (wrong key or corrupted data)',
    );
  });

  const malformed: [string, string, string][] = [
    ['not JSON', '{"a":', 'not valid JSON (expected {"a": agent_id, "c": base64})'],
    ['a JSON array', '["a","c"]', 'must be a JSON object {"a": agent_id, "c": base64}'],
    ['a JSON string', '"hello"', 'must be a JSON object {"a": agent_id, "c": base64}'],
    ['missing a', '{"c":"AAAA"}', '"a" (agent id) must be a non-empty string'],
    ['empty a', '{"a":"","c":"AAAA"}', '"a" (agent id) must be a non-empty string'],
    ['numeric a', '{"a":5,"c":"AAAA"}', '"a" (agent id) must be a non-empty string'],
    [
      'oversized a',
      JSON.stringify({ a: 'x'.repeat(1025), c: 'AAAA' }),
      '"a" (agent id) must be at most 1024 bytes',
    ],
    ['missing c', '{"a":"agent"}', '"c" (ciphertext) must be a base64 string'],
    [
      'bad base64',
      '{"a":"agent","c":"not base64!"}',
      '"c" (ciphertext) is not valid base64 (standard alphabet, padded)',
    ],
    [
      'unpadded base64',
      '{"a":"agent","c":"AAAAAA"}',
      '"c" (ciphertext) is not valid base64 (standard alphabet, padded)',
    ],
    ['v 3', '{"a":"agent","v":3,"c":"AAAA"}', 'unsupported "v" 3 (use 2, or omit "v" for the legacy format)'],
    [
      'v "2"',
      '{"a":"agent","v":"2","c":"AAAA"}',
      'unsupported "v" a string (use 2, or omit "v" for the legacy format)',
    ],
    [
      'v null',
      '{"a":"agent","v":null,"c":"AAAA"}',
      'unsupported "v" null (use 2, or omit "v" for the legacy format)',
    ],
    [
      'short v2',
      JSON.stringify({ a: 'agent', v: 2, c: Buffer.alloc(27).toString('base64') }),
      'ciphertext too short for v2 (27 bytes; needs at least 28: 12-byte nonce + 16-byte tag)',
    ],
    [
      'short legacy',
      JSON.stringify({ a: 'agent', c: Buffer.alloc(15).toString('base64') }),
      'ciphertext too short for the legacy format (15 bytes; needs the 16-byte IV)',
    ],
  ];

  it.each(malformed)('%s → names index and problem', (_name, item, problem) => {
    const error = errorOf(() => decryptMetadataList(TEAM_SECRET, [good, good, item]));
    expect(error.kind).toBe('invalid_argument');
    expect(error.message).toBe(`encrypted_metadata_list[2]: ${problem}`);
  });

  it('messages never carry the team secret, key material or plaintext', () => {
    const tampered = tamper(encryptMetadata(KEY, AGENT_ID, 'TOP-SECRET-PLAINTEXT'), (raw) => {
      raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    });
    const wrongAgent = JSON.parse(
      encryptMetadata(KEY, AGENT_ID, 'TOP-SECRET-PLAINTEXT', { format: 'legacy' }),
    );
    wrongAgent.a = OTHER_AGENT_ID;
    for (const item of [
      tampered,
      JSON.stringify(wrongAgent),
      '{"a":"agent","v":"TOP-SECRET-PLAINTEXT","c":""}',
    ]) {
      const { message } = errorOf(() => decryptMetadataList(TEAM_SECRET, [item]));
      for (const secret of [
        TEAM_SECRET,
        KEY.toString('hex'),
        KEY.toString('base64'),
        'TOP-SECRET-PLAINTEXT',
      ]) {
        expect(message).not.toContain(secret);
      }
    }
  });
});
