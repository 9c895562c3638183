import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentIdForToken, deriveAgentKey } from '../../../src/metadata/index.js';

describe('agentIdForToken', () => {
  it('is 32 lowercase hex chars and stable per token', () => {
    const id = agentIdForToken('evt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(agentIdForToken('evt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(id);
    expect(agentIdForToken('evt_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).not.toBe(id);
  });
});

describe('deriveAgentKey', () => {
  it('returns 32 bytes that differ per agent id and per team secret', () => {
    const key = deriveAgentKey('team-secret-one', 'agent-1');
    expect(key.length).toBe(32);
    expect(deriveAgentKey('team-secret-one', 'agent-1')).toEqual(key);
    expect(deriveAgentKey('team-secret-one', 'agent-2')).not.toEqual(key);
    expect(deriveAgentKey('team-secret-two', 'agent-1')).not.toEqual(key);
  });

  it('uses the secret string as UTF-8 bytes, not hex-decoded', () => {
    const hexSecret = 'deadbeefdeadbeefdeadbeefdeadbeef';
    const hkdf = (ikm: Buffer) =>
      Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), Buffer.from('agent'), 32));
    const key = deriveAgentKey(hexSecret, 'agent');
    expect(key).toEqual(hkdf(Buffer.from(hexSecret, 'utf8')));
    expect(key).not.toEqual(hkdf(Buffer.from(hexSecret, 'hex')));
  });
});
