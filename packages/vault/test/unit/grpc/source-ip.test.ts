import { describe, expect, it } from 'vitest';
import { sourceIpFromPeer } from '../../../src/grpc/source-ip.js';

describe('sourceIpFromPeer', () => {
  it.each([
    ['ipv4:127.0.0.1:5000', '127.0.0.1'],
    ['127.0.0.1:5000', '127.0.0.1'],
    ['ipv6:[::1]:5000', '::1'],
    ['[::1]:5000', '::1'],
    ['unix:/tmp/x.sock', '/tmp/x.sock'],
    ['', 'unknown'],
  ])('%s → %s', (peer, ip) => {
    expect(sourceIpFromPeer(peer)).toBe(ip);
  });
});
