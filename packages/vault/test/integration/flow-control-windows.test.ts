import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTION_WINDOW_BYTES, STREAM_WINDOW_BYTES } from '../../src/grpc/flow-control-windows.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

// The windows are set through grpc-js internals (flow-control-windows.ts); this reads them off
// the wire with a plain HTTP/2 client, so a grpc-js upgrade that moves those internals fails here
// instead of silently bringing back Node's 64 KiB windows.

let t: TestVault;

beforeAll(async () => {
  t = await startTestVault();
});
afterAll(async () => {
  await t?.stop();
});

/** A session's view of the vault once the vault's SETTINGS and WINDOW_UPDATE have arrived. */
async function windowsSeenByClient() {
  const session = http2.connect(`http://127.0.0.1:${t.vault.grpcPort}`);
  try {
    await new Promise<void>((resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', reject);
    });
    // The connection's WINDOW_UPDATE follows the SETTINGS frame; a ping's answer comes after it.
    await new Promise<void>((resolve, reject) =>
      session.ping((error) => (error ? reject(error) : resolve())),
    );
    return {
      stream: session.remoteSettings.initialWindowSize,
      connection: session.state.remoteWindowSize,
    };
  } finally {
    session.destroy();
  }
}

describe('flow-control windows', () => {
  it('the vault lets a client send a whole DecryptScores request per stream and four per connection', async () => {
    const windows = await windowsSeenByClient();
    expect(windows.stream).toBe(STREAM_WINDOW_BYTES);
    expect(windows.connection).toBe(CONNECTION_WINDOW_BYTES);
    // Both well above Node's 64 KiB default and a 4096-slot block's 175 KB of base64.
    expect(STREAM_WINDOW_BYTES).toBeGreaterThan(175_000);
  });
});
