import { describe, expect, it } from 'vitest';
import {
  agentIdForToken,
  decryptMetadataList,
  deriveAgentKey,
  encryptMetadataWithIv,
} from '../../../src/metadata/index.js';

// Pinned once with node:crypto and cross-checked with Python `cryptography` (HKDF salt=None,
// AESGCM) and `openssl enc -aes-256-ctr`. A port (Python, Go) must reproduce these bytes.
const TOKEN = 'evt_0123456789abcdef0123456789abcdef';
const TEAM_SECRET = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const AGENT_ID = 'c44477cc6c3fe31bee4c71f3e3e0ccbc';
const AGENT_KEY_HEX = 'c712e8c08ad0302023e45ff409438f6f312bb480fa24b40dfe12c55946587b3d';
const PLAINTEXT = '{"title":"golden","n":1,"note":"café"}';
const LEGACY_IV = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const V2_NONCE = Buffer.from('000102030405060708090a0b', 'hex');
const LEGACY_ITEM =
  '{"a":"c44477cc6c3fe31bee4c71f3e3e0ccbc","c":"AAECAwQFBgcICQoLDA0OD0MwfRDI9Wpbi0Gt2w208hYTasz0R1jNKcHFeuPxUuASyTqlhQdmng=="}';
const V2_ITEM =
  '{"a":"c44477cc6c3fe31bee4c71f3e3e0ccbc","v":2,"c":"AAECAwQFBgcICQoLYeVZUzXRg87uzfWFiTAHXkTQhcDbTITx8HYbagVC6g5jbt0ApIlNdrzD5iLNRFPOzl6oHuQGyg=="}';

describe('metadata golden vectors', () => {
  it('agent id is the first 32 hex chars of SHA-256(token)', () => {
    expect(agentIdForToken(TOKEN)).toBe(AGENT_ID);
  });

  it('HKDF-SHA256(team secret as UTF-8, no salt, agent id) is pinned', () => {
    expect(deriveAgentKey(TEAM_SECRET, AGENT_ID).toString('hex')).toBe(AGENT_KEY_HEX);
  });

  it('legacy layout is IV[16] ‖ AES-256-CTR ciphertext', () => {
    const key = Buffer.from(AGENT_KEY_HEX, 'hex');
    expect(encryptMetadataWithIv(key, AGENT_ID, PLAINTEXT, 'legacy', LEGACY_IV)).toBe(LEGACY_ITEM);
    const raw = Buffer.from(JSON.parse(LEGACY_ITEM).c, 'base64');
    expect(raw.subarray(0, 16)).toEqual(LEGACY_IV);
    expect(raw.length).toBe(16 + Buffer.byteLength(PLAINTEXT));
  });

  it('v2 layout is nonce[12] ‖ AES-256-GCM ciphertext ‖ tag[16]', () => {
    const key = Buffer.from(AGENT_KEY_HEX, 'hex');
    expect(encryptMetadataWithIv(key, AGENT_ID, PLAINTEXT, 'v2', V2_NONCE)).toBe(V2_ITEM);
    const raw = Buffer.from(JSON.parse(V2_ITEM).c, 'base64');
    expect(raw.subarray(0, 12)).toEqual(V2_NONCE);
    expect(raw.length).toBe(12 + Buffer.byteLength(PLAINTEXT) + 16);
  });

  it('the vault decrypts the pinned items', () => {
    expect(decryptMetadataList(TEAM_SECRET, [LEGACY_ITEM, V2_ITEM])).toEqual([PLAINTEXT, PLAINTEXT]);
  });
});
