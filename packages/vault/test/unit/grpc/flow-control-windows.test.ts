import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { applyFlowControlWindows, STREAM_WINDOW_BYTES } from '../../../src/grpc/flow-control-windows.js';

// The windows themselves are read off the wire in test/integration/flow-control-windows.test.ts.

describe('applyFlowControlWindows', () => {
  it('sets the stream window in the options grpc-js creates its http2 servers with', () => {
    const server = new grpc.Server();
    expect(applyFlowControlWindows(server)).toBe(true);
    const internals = server as unknown as { commonServerOptions: { settings: Record<string, unknown> } };
    expect(internals.commonServerOptions.settings.initialWindowSize).toBe(STREAM_WINDOW_BYTES);
  });

  it('keeps settings grpc-js already made (max_concurrent_streams)', () => {
    const server = new grpc.Server({ 'grpc.max_concurrent_streams': 7 });
    applyFlowControlWindows(server);
    const internals = server as unknown as { commonServerOptions: { settings: Record<string, unknown> } };
    expect(internals.commonServerOptions.settings).toEqual({
      maxConcurrentStreams: 7,
      initialWindowSize: STREAM_WINDOW_BYTES,
    });
  });

  it('reports false and changes nothing when grpc-js lacks the internals it relies on', () => {
    const stranger = { commonServerOptions: undefined } as unknown as grpc.Server;
    expect(applyFlowControlWindows(stranger)).toBe(false);
    expect(stranger).toEqual({ commonServerOptions: undefined });
  });
});
