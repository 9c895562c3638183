// The wait's default probe against a real loopback server (the unit tests script the answers).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@runevault/vault/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStatus, HttpHealthWait, type WaitTarget } from '../../../src/drivers/wait/http-health-wait.js';

const stillRunning: WaitTarget = {
  description: 'process 1',
  exited: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined))),
  lastLogLines: async () => '',
};

describe('HttpHealthWait over HTTP', () => {
  let server: http.Server;
  let url: string;
  let requests = 0;
  beforeAll(async () => {
    // 503 for the first two requests, as a vault does while it starts serving.
    server = http.createServer((_req, res) => {
      requests += 1;
      res.writeHead(requests > 2 ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: requests > 2 ? 'healthy' : 'unhealthy' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('polls until the server answers 200', async () => {
    const result = await new HttpHealthWait(url)
      .withPollInterval(10)
      .withDeadline(5_000)
      .waitUntilReady(stillRunning);
    expect(result.attempts).toBe(3);
  });

  it('reads a refused connection as no answer', async () => {
    expect(await fetchStatus(`http://127.0.0.1:${await freePort()}/health`, 1_000)).toBe(0);
    expect(await fetchStatus(url, 1_000)).toBe(200);
  });
});
