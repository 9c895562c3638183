import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminConnectError, adminRequest } from '../../../src/admin/admin-client.js';
import { MAX_ADMIN_BODY_BYTES, startAdminServer } from '../../../src/admin/admin-server.js';
import { createLogger } from '../../../src/log/logger.js';
import { TokenStore } from '../../../src/tokens/token-store.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('admin-server');
// Registered after useTempDir, so these run first: servers and stores stop before the dir goes.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

async function startServer(opts: { socketPath?: string; serving?: boolean } = {}) {
  const socketPath = opts.socketPath ?? join(tmp(), 'admin.sock');
  const tokens = TokenStore.load({
    rolesFile: join(tmp(), 'configs', 'roles.yml'),
    tokensFile: join(tmp(), 'configs', 'tokens.yml'),
    persistDebounceMs: 5,
  });
  cleanups.push(() => tokens.close());
  const logs: string[] = [];
  const changes = { count: 0 };
  const server = await startAdminServer({
    socketPath,
    tokens,
    isServing: () => opts.serving ?? true,
    logger: createLogger({ write: (line) => logs.push(line) }),
    onTokensChanged: () => changes.count++,
  });
  cleanups.push(() => server.close());
  return { server, socketPath, tokens, logs, changes };
}

/** Runs `node -e script` and resolves once it prints `ready` on stdout. */
function spawnNode(script: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => child.kill('SIGKILL'));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready`)));
    child.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolve(child);
    });
  });
}

/** A socket file whose listener was SIGKILLed: it stays on disk but refuses connections. */
async function abandonedSocket(socketPath: string): Promise<void> {
  const child = await spawnNode(
    "require('node:net').createServer().listen(process.argv[1], () => console.log('ready'))",
    [socketPath],
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  expect(statSync(socketPath).isSocket()).toBe(true);
}

describe('admin API over the socket', () => {
  it('serves the routes to adminRequest and logs each request without bodies', async () => {
    const { socketPath, logs, changes } = await startServer();
    expect(await adminRequest(socketPath, 'GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });

    const issued = await adminRequest(socketPath, 'POST', '/tokens', { user: 'zoë b', role: 'member' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      user: 'zoë b',
      role: 'member',
      token: expect.stringMatching(/^evt_/),
    });

    expect(await adminRequest(socketPath, 'GET', '/tokens')).toEqual({
      status: 200,
      body: {
        tokens: [
          { user: 'zoë b', role: 'member', top_k: 10, rate_limit: '30/60s', expires: expect.any(String) },
        ],
      },
    });
    const rotated = await adminRequest(socketPath, 'POST', `/tokens/${encodeURIComponent('zoë b')}/rotate`);
    expect(rotated.status).toBe(200);
    expect(await adminRequest(socketPath, 'DELETE', '/tokens/zo%C3%AB%20b')).toEqual({
      status: 200,
      body: { message: "Revoked token for 'zoë b'" },
    });
    expect(await adminRequest(socketPath, 'DELETE', '/tokens/zo%C3%AB%20b')).toEqual({
      status: 404,
      body: { error: "No token found for user 'zoë b'" },
    });

    const text = logs.join('');
    expect(text).toContain('INFO runevault: admin GET /health → 200\n');
    expect(text).toContain('admin POST /tokens → 201\n');
    expect(text).toContain('admin POST /tokens/zo%C3%AB%20b/rotate → 200\n');
    expect(text).toContain('admin DELETE /tokens/zo%C3%AB%20b → 404\n');
    expect(text).not.toContain(issued.body.token);
    expect(text).not.toContain(rotated.body.token);
    // issue, rotate, revoke: the failed revoke and the reads do not count.
    expect(changes.count).toBe(3);
  });

  it('answers 503 on /health when the vault is not serving', async () => {
    const { socketPath } = await startServer({ serving: false });
    expect(await adminRequest(socketPath, 'GET', '/health')).toEqual({
      status: 503,
      body: { status: 'unhealthy' },
    });
  });

  it('answers 400 for malformed JSON and ignores the query string', async () => {
    const { socketPath } = await startServer();
    const reply = await rawRequest(socketPath, 'POST', '/tokens?x=1', '{"user":');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).error).toMatch(/^invalid JSON body: /);
    expect(await adminRequest(socketPath, 'GET', '/roles?verbose=1')).toMatchObject({ status: 200 });
  });

  it('answers 404 with the route text', async () => {
    const { socketPath } = await startServer();
    expect(await adminRequest(socketPath, 'PATCH', '/tokens')).toEqual({
      status: 404,
      body: { error: 'No route for PATCH /tokens' },
    });
  });

  it('answers 500 without details when the store fails, and logs the error', async () => {
    const { socketPath, tokens, logs, changes } = await startServer();
    await tokens.close();
    expect(await adminRequest(socketPath, 'POST', '/tokens', { user: 'a', role: 'member' })).toEqual({
      status: 500,
      body: { error: 'internal error; see the vault log' },
    });
    expect(logs.join('')).toContain('ERROR runevault: admin POST /tokens failed: token store is closed');
    expect(changes.count).toBe(0);
  });
});

describe('request body limit', () => {
  it(`answers 413 for a body over ${MAX_ADMIN_BODY_BYTES} bytes`, async () => {
    const { socketPath, tokens, logs } = await startServer();
    const reply = await adminRequest(socketPath, 'POST', '/tokens', {
      user: 'x'.repeat(65 * 1024),
      role: 'member',
    });
    expect(reply).toEqual({
      status: 413,
      body: { error: `request body exceeds ${MAX_ADMIN_BODY_BYTES} bytes` },
    });
    expect(tokens.listTokens()).toEqual([]);
    expect(logs.join('')).toContain('admin POST /tokens → 413');
  });

  it('stops reading a chunked body once it crosses the limit, without waiting for its end', async () => {
    const { socketPath } = await startServer();
    const outcome = await new Promise<{ status?: number; written: number }>((resolve) => {
      const req = http.request({ socketPath, method: 'POST', path: '/tokens', agent: false });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let written = 0;
      // Keeps sending forever unless the server answers or hangs up.
      const pump = () => {
        while (written < 256 * 1024 * 1024) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode, written });
        req.destroy();
      });
      req.on('error', () => resolve({ written }));
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('socket file', () => {
  it('is a 0600 socket even under umask 000, and the umask is restored', async () => {
    const before = process.umask(0o000);
    try {
      const { socketPath } = await startServer();
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(modeOf(socketPath)).toBe(0o600);
    } finally {
      expect(process.umask(before)).toBe(0o000);
    }
  });

  it('creates a missing parent directory 0700', async () => {
    const socketPath = join(tmp(), 'run', 'vault', 'admin.sock');
    await startServer({ socketPath });
    expect(modeOf(join(tmp(), 'run'))).toBe(0o700);
    expect(modeOf(join(tmp(), 'run', 'vault'))).toBe(0o700);
    expect(modeOf(socketPath)).toBe(0o600);
  });

  it('is removed by close(), after which the client says the vault is not running', async () => {
    const { server, socketPath } = await startServer();
    await server.close();
    expect(existsSync(socketPath)).toBe(false);
    await server.close(); // idempotent
    const error = await adminRequest(socketPath, 'GET', '/health').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminConnectError);
    expect(error).toMatchObject({
      code: 'ENOENT',
      message: `Cannot connect to admin socket ${socketPath}. Is the vault running?`,
    });
  });

  it('replaces a stale socket left by a killed process, with a warning', async () => {
    const socketPath = join(tmp(), 'admin.sock');
    await abandonedSocket(socketPath);
    const { logs } = await startServer({ socketPath });
    expect(logs.join('')).toContain(
      `WARN runevault: removing stale admin socket ${socketPath} (nothing accepts connections on it)`,
    );
    expect(modeOf(socketPath)).toBe(0o600);
    expect(await adminRequest(socketPath, 'GET', '/health')).toMatchObject({ status: 200 });
  });

  it('refuses a socket a running vault still answers on, and leaves it working', async () => {
    const { socketPath } = await startServer();
    await expect(startServer({ socketPath })).rejects.toThrow(
      `admin socket ${socketPath} is in use by a running vault`,
    );
    expect(await adminRequest(socketPath, 'GET', '/health')).toMatchObject({ status: 200 });
  });

  it('refuses a path holding a regular file and leaves the file untouched', async () => {
    const socketPath = join(tmp(), 'admin.sock');
    writeFileSync(socketPath, 'operator notes\n', { mode: 0o640 });
    await expect(startServer({ socketPath })).rejects.toThrow(
      `admin socket path ${socketPath} exists and is not a socket`,
    );
    expect(readFileSync(socketPath, 'utf8')).toBe('operator notes\n');
    expect(modeOf(socketPath)).toBe(0o640);
  });

  // Root bypasses file modes, so only a process running as another user can show the refusal.
  describe.runIf(process.getuid?.() === 0)('connections from another uid', () => {
    const nobody = () => ({
      uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
    });

    /** Runs `node <args>` as nobody and returns what it printed (async: our server must keep answering). */
    async function runAsNobody(args: string[]): Promise<string> {
      const { stdout } = await promisify(execFile)(process.execPath, args, {
        ...nobody(),
        cwd: '/',
        encoding: 'utf8',
        timeout: 20_000,
      });
      return stdout.trim();
    }

    /** The socket in a directory nobody may traverse, so only the socket's own mode can refuse. */
    async function traversableServer() {
      const dir = join(tmp(), 'run');
      mkdirSync(dir);
      chmodSync(tmp(), 0o711);
      chmodSync(dir, 0o711);
      return startServer({ socketPath: join(dir, 'admin.sock') });
    }

    const CONNECT = [
      '-e',
      `const s = require('node:net').connect(process.argv[1]);
       s.on('connect', () => { console.log('connected'); s.destroy(); });
       s.on('error', (e) => console.log(e.code));`,
    ];

    it('refuses a raw connect with EACCES, because of the socket mode alone', async () => {
      const { socketPath } = await traversableServer();
      expect(await runAsNobody([...CONNECT, socketPath])).toBe('EACCES');
      // Control: with the mode opened up, the same user gets through the same directories.
      chmodSync(socketPath, 0o666);
      expect(await runAsNobody([...CONNECT, socketPath])).toBe('connected');
    });

    it("gives adminRequest's permission message to that user", async () => {
      const { socketPath } = await traversableServer();
      const tsx = pathToFileURL(fileURLToPath(import.meta.resolve('tsx'))).href;
      const client = pathToFileURL(
        fileURLToPath(new URL('../../../src/admin/admin-client.ts', import.meta.url)),
      ).href;
      const script = `import { adminRequest } from ${JSON.stringify(client)};
        adminRequest(process.argv[1], 'GET', '/health').then(
          (r) => console.log('answered', r.status),
          (e) => console.log(e.name + ': ' + e.message));`;
      const printed = await runAsNobody(['--import', tsx, '--input-type=module', '-e', script, socketPath]);
      expect(printed).toBe(
        `AdminConnectError: Permission denied on admin socket ${socketPath}; run as the user that owns the vault`,
      );
    });
  });
});

describe('adminRequest against other listeners', () => {
  it('says the vault is not running when the socket refuses connections', async () => {
    const socketPath = join(tmp(), 'dead.sock');
    await abandonedSocket(socketPath);
    await expect(adminRequest(socketPath, 'GET', '/health')).rejects.toMatchObject({
      name: 'AdminConnectError',
      code: 'ECONNREFUSED',
      message: `Cannot connect to admin socket ${socketPath}. Is the vault running?`,
    });
  });

  it('rejects a reply that is not JSON, naming the socket', async () => {
    const socketPath = join(tmp(), 'other.sock');
    const other = http.createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => other.listen(socketPath, resolve));
    cleanups.push(() => new Promise((resolve) => other.close(resolve)));
    await expect(adminRequest(socketPath, 'GET', '/health')).rejects.toThrow(
      `admin socket ${socketPath} answered GET /health with HTTP 200 and a body that is not JSON`,
    );
  });

  it('gives up after timeoutMs when nothing answers', async () => {
    const socketPath = join(tmp(), 'silent.sock');
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    cleanups.push(() => {
      silent.close();
    });
    await expect(adminRequest(socketPath, 'GET', '/health', undefined, { timeoutMs: 200 })).rejects.toThrow(
      `admin request GET /health on ${socketPath} timed out after 200 ms`,
    );
  });
});

/** A request with a body written verbatim, for what adminRequest cannot send (malformed JSON). */
function rawRequest(socketPath: string, method: string, path: string, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request({ socketPath, method, path, agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
