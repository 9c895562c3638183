import { describe, expect, it } from 'vitest';
import * as client from '../../../src/client/metadata.js';
import * as vault from '../../../src/metadata/index.js';

const TEAM_SECRET = 'client-side-team-secret-0123456789';
const TOKEN = 'evt_33333333333333333333333333333333';

// The bundle fields exactly as GetPublicKey builds them (vault-operations.ts).
function bundleFor(token: string) {
  const agent_id = vault.agentIdForToken(token);
  return { agent_id, agent_dek: vault.deriveAgentKey(TEAM_SECRET, agent_id).toString('base64') };
}

describe('client metadata SDK', () => {
  it('re-exports the vault primitives instead of reimplementing them', () => {
    expect(client.agentIdForToken).toBe(vault.agentIdForToken);
    expect(client.deriveAgentKey).toBe(vault.deriveAgentKey);
    expect(client.encryptMetadata).toBe(vault.encryptMetadata);
  });

  it('agentKeyFromBundle → encryptMetadata → vault decrypts, in both formats', () => {
    const { agentId, agentKey } = client.agentKeyFromBundle(bundleFor(TOKEN));
    expect(agentId).toBe(vault.agentIdForToken(TOKEN));
    const items = [
      client.encryptMetadata(agentKey, agentId, '{"id":1}'),
      client.encryptMetadata(agentKey, agentId, '{"id":2}', { format: 'legacy' }),
    ];
    expect(vault.decryptMetadataList(TEAM_SECRET, items)).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('uses a fresh nonce per encryption', () => {
    const { agentId, agentKey } = client.agentKeyFromBundle(bundleFor(TOKEN));
    expect(client.encryptMetadata(agentKey, agentId, 'same')).not.toBe(
      client.encryptMetadata(agentKey, agentId, 'same'),
    );
  });

  it('rejects bundles without a usable agent id or key', () => {
    const good = bundleFor(TOKEN);
    expect(() => client.agentKeyFromBundle({ ...good, agent_id: '' })).toThrow(/agent_id is missing/);
    expect(() =>
      client.agentKeyFromBundle({ ...good, agent_dek: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/agent_dek must be base64 of 32 bytes/);
    expect(() => client.agentKeyFromBundle({ ...good, agent_dek: 'not base64!' })).toThrow(/agent_dek/);
  });

  it('refuses keys of the wrong size when encrypting', () => {
    expect(() => client.encryptMetadata(Buffer.alloc(16), 'agent', 'x')).toThrow(
      /agent key must be 32 bytes/,
    );
  });
});
