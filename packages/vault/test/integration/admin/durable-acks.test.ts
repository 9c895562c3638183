import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminReply, adminRequest } from '../../../src/admin/admin-client.js';
import { createVaultClient } from '../../../src/client/vault-client.js';
import {
  DAEMON_START_DEADLINE_MS,
  type DaemonProcess,
  makeVaultHome,
  startDaemonProcess,
  terminate,
  type VaultHome,
} from '../../support/daemon-harness.js';

// Issue #12: an acknowledged admin change survives `kill -9` sent the moment the answer
// arrives. One daemon process per step: each test changes something, SIGKILLs the daemon as
// soon as the reply is in, starts a new daemon on the same files and checks the change is there.

let home: VaultHome;
let daemon: DaemonProcess;
// Each test restarts the daemon once to three times: its timeout is that many start budgets
// (each start ends as soon as the daemon answers). One decrypt worker: nothing here decrypts,
// and every start then loads SEAL into one worker instead of two.
const starts = (count: number) => count * DAEMON_START_DEADLINE_MS;

beforeAll(async () => {
  home = await makeVaultHome('decrypt: { workers: 1 }');
  daemon = await startDaemonProcess(home);
}, starts(1));

afterAll(async () => {
  if (daemon) await terminate(daemon);
  home?.remove();
});

const admin = (method: string, path: string, body?: unknown) =>
  adminRequest(home.adminSocket, method, path, body, { timeoutMs: 30_000 });

/** Sends the request and SIGKILLs the daemon the moment its answer has arrived. */
async function killOnReply(method: string, path: string, body?: unknown): Promise<AdminReply> {
  const reply = await admin(method, path, body);
  daemon.child.kill('SIGKILL');
  return reply;
}

async function restart(): Promise<void> {
  await daemon.exited;
  daemon = await startDaemonProcess(home);
}

/** SIGTERM (the store writes what is pending) and start again: a known state on disk. */
async function gracefulRestart(): Promise<void> {
  await terminate(daemon);
  daemon = await startDaemonProcess(home);
}

function grpcAddress(): string {
  const port = /serving gRPC on 127\.0\.0\.1:(\d+)/.exec(daemon.output())?.[1];
  if (!port) throw new Error(`no gRPC port in the daemon output:\n${daemon.output()}`);
  return `127.0.0.1:${port}`;
}

/** 'ok' when the token authenticates (GetPublicKey answers), else the gRPC error details. */
async function authenticates(token: string): Promise<string> {
  const client = createVaultClient(grpcAddress());
  try {
    await client.getPublicKey(token);
    return 'ok';
  } catch (error) {
    return (error as { details?: string }).details ?? String(error);
  } finally {
    client.close();
  }
}

const users = async () =>
  ((await admin('GET', '/tokens')).body.tokens as { user: string }[]).map((t) => t.user);
const role = async (name: string) =>
  ((await admin('GET', '/roles')).body.roles as { name: string }[]).find((r) => r.name === name);

describe('acknowledged admin changes survive kill -9', () => {
  it(
    'an issued token works after the restart',
    async () => {
      const issued = await killOnReply('POST', '/tokens', { user: 'issued', role: 'member' });
      expect(issued.status).toBe(201);
      await restart();
      expect(await authenticates(issued.body.token)).toBe('ok');
    },
    starts(1),
  );

  it(
    'a revoked token stays revoked',
    async () => {
      const issued = await admin('POST', '/tokens', { user: 'revoked', role: 'member' });
      await gracefulRestart();
      expect(await authenticates(issued.body.token)).toBe('ok');
      expect((await killOnReply('DELETE', '/tokens/revoked')).status).toBe(200);
      await restart();
      expect(await authenticates(issued.body.token)).toBe('Invalid authentication token');
      expect(await users()).not.toContain('revoked');
    },
    starts(2),
  );

  it(
    'a rotated token is replaced: the new value works, the old one does not',
    async () => {
      const old = await admin('POST', '/tokens', { user: 'rotated', role: 'member' });
      await gracefulRestart();
      const rotated = await killOnReply('POST', '/tokens/rotated/rotate');
      expect(rotated.status).toBe(200);
      await restart();
      expect(await authenticates(rotated.body.token)).toBe('ok');
      expect(await authenticates(old.body.token)).toBe('Invalid authentication token');
    },
    starts(2),
  );

  it(
    'a created, an updated and a deleted role stay so',
    async () => {
      const created = await killOnReply('POST', '/roles', {
        name: 'ci',
        scope: ['get_public_key'],
        top_k: 3,
        rate_limit: '30/60s',
      });
      expect(created.status).toBe(201);
      await restart();
      expect(await role('ci')).toEqual({
        name: 'ci',
        scope: ['get_public_key'],
        top_k: 3,
        rate_limit: '30/60s',
      });

      expect((await killOnReply('PUT', '/roles/ci', { top_k: 7 })).status).toBe(200);
      await restart();
      expect(await role('ci')).toMatchObject({ top_k: 7 });

      expect((await killOnReply('DELETE', '/roles/ci')).status).toBe(200);
      await restart();
      expect(await role('ci')).toBeUndefined();
    },
    starts(3),
  );

  it(
    'every token of a burst of 200 concurrent issues is there, killed on the last answer',
    async () => {
      const burst = Array.from({ length: 200 }, (_, i) => `burst-${i}`);
      const replies = await Promise.all(
        burst.map((user) => admin('POST', '/tokens', { user, role: 'member' })),
      );
      daemon.child.kill('SIGKILL');
      expect(replies.every((r) => r.status === 201)).toBe(true);
      await restart();
      const listed = new Set(await users());
      expect(burst.filter((user) => !listed.has(user))).toEqual([]);
      expect(await authenticates(replies[199]?.body.token)).toBe('ok');
    },
    starts(1),
  );

  it(
    'every answered issue is there when the kill comes with others still in flight',
    async () => {
      // 20 clients issue back to back (each sends its next request on an answer); the 100th
      // answer kills the daemon while the other clients' requests are queued or being written.
      const answered: string[] = [];
      let sent = 0;
      let killed = false;
      const client = async () => {
        while (!killed) {
          const user = `inflight-${sent++}`;
          const reply = await admin('POST', '/tokens', { user, role: 'member' }).catch(() => undefined);
          if (killed || !reply) return;
          expect(reply.status).toBe(201);
          answered.push(user);
          if (answered.length === 100) {
            killed = true;
            daemon.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, client));
      expect(answered).toHaveLength(100);
      await restart();
      const listed = new Set(await users());
      expect(answered.filter((user) => !listed.has(user))).toEqual([]);
    },
    starts(1),
  );
});
