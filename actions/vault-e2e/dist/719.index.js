export const id = 719;
export const ids = [719];
export const modules = {

/***/ 5584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  QQ: () => (/* binding */ commandLineCli),
  zq: () => (/* binding */ createRoleViaCli),
  ci: () => (/* binding */ createRoleViaSocket),
  LW: () => (/* binding */ issueTokenViaCli),
  g4: () => (/* binding */ issueTokenViaSocket),
  f3: () => (/* binding */ runShellCommand)
});

// UNUSED EXPORTS: parseIssuedToken, roleCreateArgs, tokenIssueArgs

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./packages/vault/src/admin/admin-client.ts

/** The admin socket cannot be reached at all; the message says what the operator should check. */
class AdminConnectError extends Error {
    socketPath;
    code;
    constructor(socketPath, code, message) {
        super(message);
        this.socketPath = socketPath;
        this.code = code;
        this.name = 'AdminConnectError';
    }
}
const DEFAULT_TIMEOUT_MS = 10_000;
/** One request to the vault's admin API over its Unix socket; the body is sent as JSON. */
function adminRequest(socketPath, method, path, body, opts = {}) {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (outcome) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            outcome();
        };
        const req = external_node_http_default().request({
            socketPath,
            method,
            path,
            // One connection per request, closed afterwards, so a CLI process exits promptly.
            agent: false,
            headers: payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        });
        const timer = setTimeout(() => {
            settle(() => reject(new Error(`admin request ${method} ${path} on ${socketPath} timed out after ${timeoutMs} ms`)));
            req.destroy();
        }, timeoutMs);
        req.on('response', (res) => {
            const chunks = [];
            res.on('data', (chunk) => chunks.push(chunk));
            res.on('error', (error) => settle(() => reject(error)));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                const status = res.statusCode ?? 0;
                try {
                    const parsed = JSON.parse(text);
                    settle(() => resolve({ status, body: parsed }));
                }
                catch {
                    settle(() => reject(new Error(`admin socket ${socketPath} answered ${method} ${path} with HTTP ${status} and a body that is not JSON; is something other than the vault listening there?`)));
                }
            });
        });
        // An error after the reply arrived (e.g. the server closing after a 413) changes nothing.
        req.on('error', (error) => settle(() => reject(connectError(socketPath, error))));
        req.end(payload);
    });
}
function connectError(socketPath, error) {
    switch (error.code) {
        case 'ENOENT':
        case 'ECONNREFUSED':
            return new AdminConnectError(socketPath, error.code, `Cannot connect to admin socket ${socketPath}. Is the vault running?`);
        case 'EACCES':
            return new AdminConnectError(socketPath, error.code, `Permission denied on admin socket ${socketPath}; run as the user that owns the vault`);
        default:
            return error;
    }
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/admin-commands.ts
// How drivers ask a vault's admin API for tokens and roles: through `runevault` inside the
// container (docker, address with a container), through a command line the caller gives
// (address: `docker exec ctr runevault`, `ssh host runevault`), or over the admin socket on
// this host (process, address).


function tokenIssueArgs(user, role) {
    return ['token', 'issue', '--user', user, '--role', role, '--json'];
}
function roleCreateArgs(role) {
    return [
        'role',
        'create',
        '--name',
        role.name,
        '--scope',
        role.scope.join(','),
        '--top-k',
        String(role.topK),
        '--rate-limit',
        role.rateLimit,
    ];
}
/** The token out of `runevault token issue --json` output. */
function parseIssuedToken(stdout) {
    let token;
    try {
        token = JSON.parse(stdout).token;
    }
    catch {
        token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
        // The output is the CLI's own text; a CLI without --json may still have printed a token
        // in prose, so anything token-shaped is blanked.
        throw new Error(`runevault token issue --json printed no token: ${redactTokens(stdout.trim().slice(0, 200)) || '(nothing)'}`);
    }
    return token;
}
async function issueTokenViaCli(cli, user, role) {
    return parseIssuedToken((await cli(tokenIssueArgs(user, role))).stdout);
}
async function createRoleViaCli(cli, role) {
    await cli(roleCreateArgs(role));
}
/** Blanks issued-token-shaped words (evt_ + 32 hex) in text that is about to be shown. */
function redactTokens(text) {
    return text.replace(/evt_[0-9a-fA-F]{32}/g, 'evt_<redacted>');
}
/** How long one admin or log command may run before it is killed. */
const COMMAND_TIMEOUT_MS = 30_000;
const COMMAND_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Runs `command` (a shell command line, e.g. `ssh vault-host sudo runevault`) with `args`
 * appended as separate words: they reach the command as "$@", so no argument is re-parsed
 * by the local shell. Resolves with stdout and stderr; rejects on a non-zero exit, naming the
 * command and the last lines of its stderr (token-shaped words blanked).
 */
function runShellCommand(command, args = [], timeoutMs = COMMAND_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)('/bin/sh', ['-c', `${command} "$@"`, 'vault-e2e', ...args], { timeout: timeoutMs, maxBuffer: COMMAND_OUTPUT_MAX_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (!error) {
                resolve({ stdout, stderr });
                return;
            }
            const shown = `\`${command}${args.length > 0 ? ` ${args.join(' ')}` : ''}\``;
            const how = error.killed && error.signal
                ? `was killed after ${timeoutMs / 1000} s`
                : typeof error.code === 'number'
                    ? `exited with code ${error.code}`
                    : `could not run (${error.message})`;
            const tail = redactTokens(stderr.trim().split('\n').slice(-5).join(' | ').slice(0, 500));
            reject(new Error(`${shown} ${how}${tail ? `: ${tail}` : ''}`));
        });
    });
}
/** An AdminCli over a command line that runs the vault's `runevault` with admin rights. */
function commandLineCli(command) {
    return (args) => runShellCommand(command, args);
}
async function issueTokenViaSocket(socket, user, role) {
    const reply = await adminRequest(socket, 'POST', '/tokens', { user, role });
    const token = reply.body?.token;
    if (reply.status !== 201 || typeof token !== 'string') {
        throw new Error(`admin socket ${socket}: POST /tokens for user '${user}' role '${role}' answered ${reply.status}: ${errorOf(reply.body)}`);
    }
    return token;
}
async function createRoleViaSocket(socket, role) {
    const reply = await adminRequest(socket, 'POST', '/roles', {
        name: role.name,
        scope: role.scope,
        top_k: role.topK,
        rate_limit: role.rateLimit,
    });
    if (reply.status !== 201) {
        throw new Error(`admin socket ${socket}: POST /roles '${role.name}' answered ${reply.status}: ${errorOf(reply.body)}`);
    }
}
function errorOf(body) {
    const error = body?.error;
    return typeof error === 'string' ? error : JSON.stringify(body);
}


/***/ }),

/***/ 74991:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ containerVaultCli)
/* harmony export */ });
/* harmony import */ var _runevault_vault_image_docker__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(40928);
// `runevault <args>` inside a vault's container through docker exec: the admin CLI of a vault
// in Docker, for the docker driver and for the address driver given a container.

const CONTAINER_CLI_TIMEOUT_MS = 30_000;
function containerVaultCli(docker, containerId, timeoutMs = CONTAINER_CLI_TIMEOUT_MS) {
    return async (args) => {
        const result = await (0,_runevault_vault_image_docker__WEBPACK_IMPORTED_MODULE_0__/* .execInContainer */ .ur)(docker, containerId, ['runevault', ...args], { timeoutMs });
        if (result.exitCode !== 0) {
            throw new Error(`runevault ${args[0]} ${args[1] ?? ''} in container ${containerId.slice(0, 12)} exited ${result.exitCode}: ` +
                `${(result.stderr || result.stdout).trim()}`);
        }
        return result;
    };
}


/***/ }),

/***/ 64438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ containerLogs)
/* harmony export */ });
/* unused harmony export demuxLogs */
/**
 * A container's stdout+stderr as one text. Without a TTY the engine multiplexes both streams
 * into frames: 8-byte header (stream, 3 zero bytes, big-endian size), then the payload.
 */
function demuxLogs(raw) {
    const chunks = [];
    let at = 0;
    while (at + 8 <= raw.length) {
        const size = raw.readUInt32BE(at + 4);
        chunks.push(raw.subarray(at + 8, at + 8 + size).toString('utf8'));
        at += 8 + size;
    }
    return chunks.join('');
}
/** Everything the container wrote so far (or its last `tail` lines). */
async function containerLogs(container, options = {}) {
    const raw = (await container.logs({
        stdout: true,
        stderr: true,
        follow: false,
        ...(options.tail !== undefined ? { tail: options.tail } : {}),
    }));
    return demuxLogs(raw);
}


/***/ }),

/***/ 41045:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ DEFAULT_HEALTH_DEADLINE_MS),
/* harmony export */   s: () => (/* binding */ DEFAULT_TOKEN_USER)
/* harmony export */ });
/** How long a started vault may take to answer GET /health 200 (E2E.md: default 120 s). */
const DEFAULT_HEALTH_DEADLINE_MS = 120_000;
/** The user of the member token a driver issues at start. */
const DEFAULT_TOKEN_USER = 'e2e-suite';


/***/ }),

/***/ 75325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ readKnownSecrets)
/* harmony export */ });
/* unused harmony export secKeyFragments */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The team secret (trimmed file content) and three 48-character pieces of SecKey's base64
 * (start, middle, near the end): enough for a leak scan to recognise the key without
 * holding all of it in every message. A file that cannot be read (here or by its fallback)
 * contributes nothing.
 */
async function readKnownSecrets(files, fallbacks = {}) {
    const read = async (file) => {
        const path = files[file];
        const here = path ? await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8').catch(() => undefined) : undefined;
        return here ?? fallbacks[file]?.().catch(() => undefined);
    };
    const [teamSecret, secKey] = await Promise.all([read('teamSecretFile'), read('secKeyFile')]);
    return {
        ...(teamSecret?.trim() ? { teamSecret: teamSecret.trim() } : {}),
        secKeyFragments: secKey ? secKeyFragments(secKey) : [],
    };
}
function secKeyFragments(secKeyFileText) {
    let data;
    try {
        data = JSON.parse(secKeyFileText).data;
    }
    catch {
        return [];
    }
    if (typeof data !== 'string' || data.length < 48)
        return [];
    const at = (fraction) => {
        const start = Math.min(Math.floor(data.length * fraction), data.length - 48);
        return data.slice(start, start + 48);
    };
    return [at(0), at(0.5), at(0.9)];
}


/***/ }),

/***/ 31545:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $c: () => (/* binding */ HealthDeadlineError),
/* harmony export */   Fe: () => (/* binding */ TargetExitedError),
/* harmony export */   cy: () => (/* binding */ HttpHealthWait),
/* harmony export */   w$: () => (/* binding */ lastLines)
/* harmony export */ });
/* unused harmony export fetchStatus */
// Readiness = an HTTP endpoint (the vault's GET /health) answers the expected status. Polls
// until a deadline, but gives up at once when what it waits for exits, naming it and quoting
// its last log lines: a vault that dies at start fails in seconds, not at the deadline.
const fetchStatus = async (url, timeoutMs) => {
    try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        // The body is not needed; cancelling it frees the connection.
        await response.body?.cancel();
        return response.status;
    }
    catch {
        return 0;
    }
};
/** The target exited before the endpoint was ready. */
class TargetExitedError extends Error {
    target;
    exit;
    logs;
    constructor(target, exit, logs, message) {
        super(message);
        this.target = target;
        this.exit = exit;
        this.logs = logs;
        this.name = 'TargetExitedError';
    }
}
/** The deadline passed with the target still running but the endpoint not ready. */
class HealthDeadlineError extends Error {
    target;
    logs;
    constructor(target, logs, message) {
        super(message);
        this.target = target;
        this.logs = logs;
        this.name = 'HealthDeadlineError';
    }
}
const EXITED = Symbol('exited');
class HttpHealthWait {
    url;
    statusCode = 200;
    deadlineMs = 120_000;
    intervalMs = 100;
    requestTimeoutMs = 2_000;
    logLines = 40;
    probe = fetchStatus;
    /** `url`: the full URL to poll, e.g. http://127.0.0.1:9090/health. */
    constructor(url) {
        this.url = url;
    }
    forStatusCode(code) {
        this.statusCode = code;
        return this;
    }
    withDeadline(ms) {
        this.deadlineMs = ms;
        return this;
    }
    withPollInterval(ms) {
        this.intervalMs = ms;
        return this;
    }
    withRequestTimeout(ms) {
        this.requestTimeoutMs = ms;
        return this;
    }
    /** How many of the target's last log lines a failure message quotes. */
    withLogLines(count) {
        this.logLines = count;
        return this;
    }
    /** Replaces the HTTP request (tests answer from a script instead of a socket). */
    withProbe(probe) {
        this.probe = probe;
        return this;
    }
    async waitUntilReady(target) {
        const started = performance.now();
        const elapsed = () => Math.round(performance.now() - started);
        const watch = new AbortController();
        const exited = target.exited(watch.signal).then((status) => status ?? { exitCode: null });
        const exitedMarker = exited.then(() => EXITED);
        let last = 'no answer yet';
        let attempts = 0;
        try {
            for (;;) {
                attempts += 1;
                const answer = await Promise.race([
                    this.probe(this.url, Math.min(this.requestTimeoutMs, Math.max(1, this.deadlineMs - elapsed()))),
                    exitedMarker,
                ]);
                if (answer === EXITED)
                    throw await this.exitedError(target, await exited, last, elapsed());
                if (answer === this.statusCode)
                    return { elapsedMs: elapsed(), attempts };
                last = answer === 0 ? 'no answer' : `HTTP ${answer}`;
                const remaining = this.deadlineMs - elapsed();
                if (remaining <= 0)
                    throw await this.deadlineError(target, last, attempts);
                const rested = await Promise.race([sleep(Math.min(this.intervalMs, remaining)), exitedMarker]);
                if (rested === EXITED)
                    throw await this.exitedError(target, await exited, last, elapsed());
            }
        }
        finally {
            watch.abort();
        }
    }
    async exitedError(target, exit, last, elapsedMs) {
        const logs = await this.logsOf(target);
        const how = exit.exitCode !== null
            ? `code ${exit.exitCode}`
            : exit.signal
                ? `signal ${exit.signal}`
                : 'code unknown';
        return new TargetExitedError(target.description, exit, logs, `${target.description} exited (${how}) after ${elapsedMs} ms, before GET ${this.url} answered ` +
            `${this.statusCode} (last: ${last}); its last log lines:\n${logs}`);
    }
    async deadlineError(target, last, attempts) {
        const logs = await this.logsOf(target);
        return new HealthDeadlineError(target.description, logs, `GET ${this.url} did not answer ${this.statusCode} within ${this.deadlineMs} ms ` +
            `(${attempts} attempts, last: ${last}); ${target.description} is still running; its last log lines:\n${logs}`);
    }
    async logsOf(target) {
        try {
            const text = (await target.lastLogLines(this.logLines)).trimEnd();
            return text === '' ? '(no log output)' : text;
        }
        catch (error) {
            return `(logs unavailable: ${error.message})`;
        }
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** The last `count` lines of a text (the partial line after the last newline counts). */
function lastLines(text, count) {
    const lines = text.trimEnd().split('\n');
    return lines.slice(Math.max(0, lines.length - count)).join('\n');
}


/***/ }),

/***/ 40928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KC: () => (/* reexport */ RUNTIME_GID),
  E2: () => (/* reexport */ RUNTIME_UID),
  fs: () => (/* reexport */ buildImageFromContext),
  LT: () => (/* reexport */ checkDockerEngine),
  CT: () => (/* reexport */ classifyRegistryError),
  Z8: () => (/* reexport */ connectDocker),
  Dn: () => (/* reexport */ contentAddressedTag),
  md: () => (/* reexport */ engineErrorMessage),
  ur: () => (/* reexport */ execInContainer),
  mm: () => (/* reexport */ inspectImage),
  c4: () => (/* reexport */ isNotFound),
  sB: () => (/* reexport */ isTransientRegistryFailure),
  Vb: () => (/* reexport */ readVaultImageContext)
});

// UNUSED EXPORTS: execOutputEnd, settledExec

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./packages/vault/src/fs/atomic-write.ts
var atomic_write = __webpack_require__(77359);
;// CONCATENATED MODULE: ./packages/vault/src/daemon/pid-file.ts


/** The PID recorded in `path`, or undefined when there is no file or it holds no PID. */
function readPidFile(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch {
        return undefined;
    }
    const pid = Number(text.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
function isProcessAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it exists but belongs to someone else.
        return error.code === 'EPERM';
    }
}
function writePidFile(path, pid = process.pid) {
    writeFileAtomicSync(path, `${pid}\n`, { mode: 0o644, dirMode: 0o700 });
}
/** Removes the PID file only if it still names `pid` (a successor may have replaced it). */
function removePidFile(path, pid = process.pid) {
    if (readPidFile(path) !== pid)
        return;
    try {
        unlinkSync(path);
    }
    catch {
        // already gone
    }
}

;// CONCATENATED MODULE: ./packages/vault-image/src/build-lock.ts
// One image build at a time on this machine. A build ends by tagging its image and pruning
// the runevault images left untagged; a build running beside it may be reusing one of those
// as its layer cache, or be between committing its image and tagging it, and the prune then
// fails it ("failed to get digest sha256:…"). Builds from two `npm test` runs, an action test
// and a developer's `npm run image` therefore queue on a lock file holding the builder's PID.





const IMAGE_BUILD_LOCK = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'runevault-image-build.lock');
/** Runs `build` once no other process (or call in this one) holds the lock. */
async function withImageBuildLock(build, options = {}) {
    const path = options.path ?? IMAGE_BUILD_LOCK;
    for (;;) {
        try {
            (0,external_node_fs_.writeFileSync)(path, `${process.pid}\n`, { flag: 'wx' });
            break;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        // A holder that died mid-build (SIGKILL) never removes its file: take the lock over.
        if (!holderAlive(path)) {
            (0,external_node_fs_.rmSync)(path, { force: true });
            continue;
        }
        await (options.wait ?? promises_.setTimeout)(options.pollMs ?? 200);
    }
    try {
        return await build();
    }
    finally {
        (0,external_node_fs_.rmSync)(path, { force: true });
    }
}
function holderAlive(path) {
    let pid;
    try {
        pid = Number((0,external_node_fs_.readFileSync)(path, 'utf8').trim());
    }
    catch {
        return true; // released between our attempt and this read: just try again
    }
    // An empty file is a holder that has created it but not yet written its PID.
    return !Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: ./node_modules/dockerode/lib/docker.js
var docker = __webpack_require__(39040);
var docker_default = /*#__PURE__*/__webpack_require__.n(docker);
;// CONCATENATED MODULE: ./packages/vault-image/src/docker-engine.ts
// The Docker engine as this package's image code sees it: one client, a bounded liveness
// check that explains itself, and progress streams that fail with the engine's own message.

/** A client for DOCKER_HOST, or the default local socket. */
function connectDocker() {
    return new (docker_default())();
}
/**
 * Whether an engine answers within `timeoutMs`. The reason names what scripts/ensure-docker.sh
 * reported when it ran (RUNEVAULT_DOCKER_STATUS, set by `npm test`), so a skip says why.
 */
async function checkDockerEngine(docker = connectDocker(), timeoutMs = 5_000) {
    try {
        const version = await Promise.race([
            docker.version(),
            new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
        ]);
        return { ok: true, docker, version: version.Version };
    }
    catch (error) {
        const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
        const setup = process.env.RUNEVAULT_DOCKER_STATUS ?? 'run scripts/ensure-docker.sh to set one up';
        return {
            ok: false,
            reason: `no Docker engine answers at ${where} (${error.message}); ${setup}`,
        };
    }
}
/** Waits for a build/pull stream to end; rejects with the engine's error text if one came. */
function followProgress(docker, stream, onEvent = () => { }) {
    return new Promise((resolve, reject) => {
        docker.modem.followProgress(stream, (error, events) => {
            const failed = events?.find((event) => event.error || event.errorDetail);
            if (error)
                reject(error);
            else if (failed)
                reject(new Error(failed.errorDetail?.message ?? failed.error));
            else
                resolve(events);
        }, onEvent);
    });
}
function isNotFound(error) {
    return error?.statusCode === 404;
}
/** The image's inspect data, or undefined when the engine has no such image. */
async function inspectImage(docker, name) {
    try {
        return await docker.getImage(name).inspect();
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./packages/vault-image/src/tar-context.ts
// Docker build contexts as tar streams made from an explicit file list: only what a build
// needs is sent, names inside the tar are chosen freely, and the same list gives a content
// hash that decides whether an existing image can be reused.




// A fixed mtime keeps the tar (and the builder's cache keys) identical across checkouts.
const EPOCH = new Date(0);
function modeOf(entry) {
    if (entry.mode !== undefined)
        return entry.mode;
    if (entry.type === 'directory')
        return 0o755;
    return 'source' in entry ? (0,external_node_fs_.statSync)(entry.source).mode & 0o7777 : 0o644;
}
function bytesOf(entry) {
    if ('source' in entry)
        return (0,external_node_fs_.readFileSync)(entry.source);
    return typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
}
/** Every file under `dir` (sorted, recursive) as entries named `<prefix>/<relative path>`. */
function filesUnder(dir, prefix) {
    const entries = [];
    const walk = (relative) => {
        for (const item of (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(dir, relative), { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
            const path = relative ? `${relative}/${item.name}` : item.name;
            if (item.isDirectory())
                walk(path);
            else if (item.isFile())
                entries.push({ type: 'file', name: `${prefix}/${path}`, source: (0,external_node_path_.join)(dir, path) });
        }
    };
    walk('');
    return entries;
}
/** SHA-256 over names, types, modes and contents, plus any extra inputs (e.g. the base image id). */
function hashContext(entries, extra = []) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const input of extra)
        hash.update(`extra\0${input}\0`);
    for (const entry of entries) {
        hash.update(`${entry.type}\0${entry.name}\0${modeOf(entry).toString(8)}\0`);
        if (entry.type === 'file')
            hash.update((0,external_node_crypto_.createHash)('sha256').update(bytesOf(entry)).digest('hex'));
    }
    return hash.digest('hex');
}
/** The entries as a tar stream (files read one at a time, so memory stays at one file). */
function packContext(entries) {
    const tar = (0,tar_stream.pack)();
    const add = (entry) => new Promise((resolve, reject) => {
        const header = { name: entry.name, mode: modeOf(entry), mtime: EPOCH, uid: 0, gid: 0 };
        const done = (error) => (error ? reject(error) : resolve());
        if (entry.type === 'directory')
            tar.entry({ ...header, type: 'directory' }, done);
        else
            tar.entry({ ...header, type: 'file' }, bytesOf(entry), done);
    });
    void (async () => {
        try {
            for (const entry of entries)
                await add(entry);
            tar.finalize();
        }
        catch (error) {
            tar.destroy(error);
        }
    })();
    // tar-stream's streamx Readable pipes like a Node stream, which is all dockerode does with it.
    return tar;
}

;// CONCATENATED MODULE: ./packages/vault-image/src/build-offline-base.ts
// The offline base image: where no registry is reachable, the Dockerfile's NODE_IMAGE is
// replaced by an image made from this host's own Node runtime — FROM scratch, the node
// binary, exactly the shared libraries it links (per ldd), a minimal passwd/group with the
// runtime user, and /tmp. Nothing is downloaded.




const OFFLINE_BASE_REPOSITORY = 'runevault/node-offline';
/** The numeric user the vault runs as; the Dockerfile's USER says the same. */
const RUNTIME_UID = 10001;
const RUNTIME_GID = 10001;
const CONTENT_LABEL = 'io.runevault.content-sha256';
// Where the official Node images keep node, so a Dockerfile works on either base.
const NODE_PATH_IN_IMAGE = 'usr/local/bin/node';
const BASE_DOCKERFILE = `FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin
CMD ["/usr/local/bin/node"]
`;
/**
 * The shared objects `binary` loads, as the paths the dynamic loader resolves (ldd output),
 * the program interpreter included; the kernel's vDSO is not a file and is skipped.
 */
function linkedLibraries(binary) {
    const output = (0,external_node_child_process_.execFileSync)('ldd', [binary], { encoding: 'utf8' });
    if (/not a dynamic executable|statically linked/.test(output))
        return [];
    const libraries = [];
    for (const line of output.split('\n')) {
        const resolved = /=>\s*(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s+\(0x/.exec(line)?.[1];
        if (/=>\s*not found/.test(line))
            throw new Error(`ldd ${binary}: ${line.trim()}`);
        if (resolved)
            libraries.push(resolved);
    }
    return libraries;
}
function offlineBaseTag(nodeVersion = process.versions.node) {
    return `${OFFLINE_BASE_REPOSITORY}:${nodeVersion}`;
}
/** The build context: Dockerfile + rootfs/ (file contents are the symlink targets). */
function offlineBaseContext(nodeBinary) {
    const libraries = linkedLibraries(nodeBinary);
    const passwd = [
        'root:x:0:0:root:/root:/sbin/nologin',
        `runevault:x:${RUNTIME_UID}:${RUNTIME_GID}:runevault:/opt/rune-vault:/sbin/nologin`,
        'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
    ];
    const group = ['root:x:0:', `runevault:x:${RUNTIME_GID}:`, 'nogroup:x:65534:'];
    const entries = [
        { type: 'file', name: 'Dockerfile', content: BASE_DOCKERFILE },
        { type: 'file', name: `rootfs/${NODE_PATH_IN_IMAGE}`, source: nodeBinary, mode: 0o755 },
        // ld.so and libc are looked up at the exact paths ldd printed (e.g. /lib64/ld-linux-x86-64.so.2).
        ...libraries.map((library) => ({
            type: 'file',
            name: `rootfs${library}`,
            source: (0,external_node_fs_.realpathSync)(library),
            mode: 0o755,
        })),
        { type: 'file', name: 'rootfs/etc/passwd', content: `${passwd.join('\n')}\n` },
        { type: 'file', name: 'rootfs/etc/group', content: `${group.join('\n')}\n` },
        { type: 'directory', name: 'rootfs/tmp', mode: 0o1777 },
    ];
    return { entries, files: [nodeBinary, ...libraries] };
}
/**
 * Builds `runevault/node-offline:<node version>` unless an image with that tag was already
 * made from the same bytes (content hash label), which makes repeat calls cost one hash.
 */
async function ensureOfflineBase(docker, options = {}) {
    const nodeBinary = (0,external_node_fs_.realpathSync)(options.nodeBinary ?? process.execPath);
    const version = (0,external_node_child_process_.execFileSync)(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const tag = offlineBaseTag(version);
    const { entries, files } = offlineBaseContext(nodeBinary);
    const contentHash = hashContext(entries);
    const existing = await inspectImage(docker, tag);
    if (!options.force && existing?.Config?.Labels?.[CONTENT_LABEL] === contentHash) {
        return { tag, imageId: existing.Id, files, reused: true };
    }
    const stream = await docker.buildImage(packContext(entries), {
        t: tag,
        labels: {
            [CONTENT_LABEL]: contentHash,
            'org.opencontainers.image.title': 'node (offline, from the build host)',
            'org.opencontainers.image.version': version,
        },
        rm: true,
        forcerm: true,
        pull: false,
        nocache: options.noCache ?? false,
    });
    await followProgress(docker, stream);
    const built = await inspectImage(docker, tag);
    if (!built)
        throw new Error(`the engine reported success but has no image ${tag}`);
    return { tag, imageId: built.Id, files, reused: false };
}

;// CONCATENATED MODULE: ./packages/vault-image/src/build-from-context.ts
// The runevault image build from a folder laid out like this repository's image inputs
// (packages/vault/{Dockerfile, dist/, image/}): this checkout after `npm run build:cli`, or the
// copy the start-vault-container action carries in its dist. Neither esbuild nor this
// repository's package.json is loaded here, so a bundled action can build the image itself.
// Base image (official, pulled if needed, else the offline base) → tar context of exactly the
// files the Dockerfile reads → classic build; an image made from the same bytes, base and
// version is reused.






const IMAGE_REPOSITORY = 'runevault';
const DOCKERFILE_IN_CONTEXT = 'packages/vault/Dockerfile';
const DIST_IN_CONTEXT = 'packages/vault/dist';
const LAUNCHER_IN_CONTEXT = 'packages/vault/image/runevault';
const CONFIG_IN_CONTEXT = 'packages/vault/image/runevault.conf';
/** Beside packages/ in a carried context: {"version": "<vault version>"}. */
const CONTEXT_MANIFEST = 'vault-image.json';
/** `runevault:<version>-<first 12 hex of the content hash>`: one tag per distinct input. */
function contentAddressedTag(version, contentHash) {
    return `${IMAGE_REPOSITORY}:${version}-${contentHash.slice(0, 12)}`;
}
/** NODE_IMAGE's default, read from the Dockerfile so the pin lives in one place. */
function defaultNodeImage(dockerfile) {
    const match = /^ARG NODE_IMAGE=(\S+)$/m.exec((0,external_node_fs_.readFileSync)(dockerfile, 'utf8'));
    if (!match?.[1])
        throw new Error(`${dockerfile} has no "ARG NODE_IMAGE=<image>" line`);
    return match[1];
}
/**
 * Exactly what the Dockerfile COPYs, under the repo-relative names it uses. Modes are fixed
 * (0755 where the file is executable, else 0644): git keeps only the executable bit, so the
 * same sources hash alike whatever umask checked them out.
 */
function contextEntries(context) {
    const distDir = context.distDir ?? (0,external_node_path_.join)(context.root, DIST_IN_CONTEXT);
    const bundle = filesUnder(distDir, DIST_IN_CONTEXT).map((entry) => entry.type === 'file' && 'source' in entry
        ? { ...entry, mode: (0,external_node_fs_.statSync)(entry.source).mode & 0o111 ? 0o755 : 0o644 }
        : entry);
    return [
        {
            type: 'file',
            name: DOCKERFILE_IN_CONTEXT,
            source: (0,external_node_path_.join)(context.root, DOCKERFILE_IN_CONTEXT),
            mode: 0o644,
        },
        ...bundle,
        { type: 'file', name: LAUNCHER_IN_CONTEXT, source: (0,external_node_path_.join)(context.root, LAUNCHER_IN_CONTEXT), mode: 0o755 },
        { type: 'file', name: CONFIG_IN_CONTEXT, source: (0,external_node_path_.join)(context.root, CONFIG_IN_CONTEXT), mode: 0o644 },
    ];
}
/**
 * A carried context (written by writeVaultImageContext): its version, once every file the
 * build reads is there. A missing file means the folder was not made by the build script.
 */
function readVaultImageContext(root) {
    const required = [
        CONTEXT_MANIFEST,
        DOCKERFILE_IN_CONTEXT,
        `${DIST_IN_CONTEXT}/runevault.mjs`,
        LAUNCHER_IN_CONTEXT,
        CONFIG_IN_CONTEXT,
    ];
    const missing = required.filter((name) => !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, name)));
    if (missing.length > 0) {
        throw new Error(`the vault image context ${root} is incomplete (missing ${missing.join(', ')}); rebuild it with node scripts/build-actions.mjs`);
    }
    const manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, CONTEXT_MANIFEST), 'utf8'));
    if (typeof manifest.version !== 'string' || manifest.version === '') {
        throw new Error(`${(0,external_node_path_.join)(root, CONTEXT_MANIFEST)} names no version; rebuild it with node scripts/build-actions.mjs`);
    }
    return { root, version: manifest.version };
}
async function pullImage(docker, image, timeoutMs) {
    const stream = await docker.pull(image, { abortSignal: AbortSignal.timeout(timeoutMs) });
    await followProgress(docker, stream);
}
/**
 * Images this process could not pull, with the engine's reason: asked once, not before every
 * build (a machine without a registry answers the same each time, after a DNS lookup).
 */
const failedPulls = new Map();
/**
 * The base image to build on: an explicit one as given; otherwise the pinned default of
 * `dockerfile` when the engine has it or can pull it; otherwise the offline base made from
 * the node running this process (said in one log line).
 */
async function resolveBaseImage(docker, dockerfile, options = {}) {
    const log = options.log ?? (() => { });
    const explicit = options.nodeImage ?? process.env.RUNEVAULT_NODE_IMAGE;
    const image = explicit || defaultNodeImage(dockerfile);
    let local = await inspectImage(docker, image);
    let pullError = failedPulls.get(image);
    // A machine that reaches no image registry says so up front: the pinned default is not asked
    // for (no DNS lookup leaves the machine). An image named explicitly is still pulled.
    if (!local && !explicit && process.env.RUNEVAULT_OFFLINE_BASE === '1') {
        pullError = 'not pulled: RUNEVAULT_OFFLINE_BASE=1';
    }
    if (!local && pullError === undefined) {
        try {
            await pullImage(docker, image, options.pullTimeoutMs ?? 180_000);
            local = await inspectImage(docker, image);
        }
        catch (error) {
            // docker-modem wraps the engine's text as "(HTTP code 500) server error - …"; keep the text.
            pullError = error.message
                .replace(/^\(HTTP code \d+\)[^-]*- /, '')
                .trim()
                .split('\n')[0];
            failedPulls.set(image, pullError ?? 'pull failed');
        }
    }
    if (local)
        return { image, imageId: local.Id, offline: false };
    if (explicit)
        throw new Error(`base image ${image} is not available: ${pullError}`);
    const base = await ensureOfflineBase(docker, { noCache: options.noCache, force: options.noCache });
    log(`offline image path: cannot pull ${image} (${pullError}); using ${base.tag} made from this host's node ` +
        `and its ${base.files.length - 1} linked libraries${base.reused ? ' (already built)' : ''}`);
    return { image: base.tag, imageId: base.imageId, offline: true };
}
/** Builds (or reuses) the image of `context`; one build at a time on this machine. */
function buildImageFromContext(options) {
    return withImageBuildLock(() => buildImageFromContextLocked(options));
}
/** buildImageFromContext for a caller that already holds the build lock. */
async function buildImageFromContextLocked(options) {
    const { docker, context } = options;
    const log = options.log ?? (() => { });
    const dockerfile = (0,external_node_path_.join)(context.root, DOCKERFILE_IN_CONTEXT);
    const base = await resolveBaseImage(docker, dockerfile, options);
    const entries = contextEntries(context);
    const contentHash = hashContext(entries, [base.imageId, context.version]);
    const tags = typeof options.tags === 'function' ? options.tags(contentHash) : options.tags;
    const [tag, ...otherTags] = tags;
    if (!tag)
        throw new Error('a vault image build needs at least one tag');
    let image = await inspectImage(docker, tag);
    const previousId = image?.Id;
    const reused = !options.force && !options.noCache && image?.Config?.Labels?.[CONTENT_LABEL] === contentHash;
    if (!reused) {
        const stream = await docker.buildImage(packContext(entries), {
            t: tag,
            dockerfile: DOCKERFILE_IN_CONTEXT,
            buildargs: { NODE_IMAGE: base.image, RUNEVAULT_VERSION: context.version },
            labels: { [CONTENT_LABEL]: contentHash },
            // RUN steps need no network; `none` also works on an engine started with --bridge=none.
            networkmode: 'none',
            pull: false,
            rm: true,
            forcerm: true,
            nocache: options.noCache ?? false,
        });
        await followProgress(docker, stream, (event) => {
            const text = event.stream?.trim();
            if (text?.startsWith('Step '))
                log(text);
        });
        image = await inspectImage(docker, tag);
        if (!image)
            throw new Error(`the engine reported success but has no image ${tag}`);
    }
    const built = image;
    for (const extra of otherTags) {
        const [repo, version] = splitTag(extra);
        await docker.getImage(built.Id).tag({ repo, tag: version });
    }
    // The image these tags named before is now untagged, and the classic builder leaves each
    // earlier stage (assemble) as an untagged image: drop them, and any earlier one left behind
    // while a container still used it.
    if (!reused && previousId !== built.Id)
        await pruneDanglingVaultImages(docker);
    return {
        tags,
        imageId: built.Id,
        sizeBytes: built.Size,
        baseImage: base.image,
        offlineBase: base.offline,
        reused,
        contentHash,
    };
}
/**
 * Removes untagged images that a runevault build made (they carry CONTENT_LABEL), except the
 * ones a container still uses: the engine refuses those, and a later build gets them. Returns
 * the ids removed. Images without the label are not ours and are left alone.
 */
async function pruneDanglingVaultImages(docker) {
    const dangling = await docker.listImages({ filters: { dangling: ['true'], label: [CONTENT_LABEL] } });
    const removed = await Promise.all(dangling.map((info) => docker
        .getImage(info.Id)
        .remove()
        .then(() => info.Id, () => undefined)));
    return removed.filter((id) => id !== undefined);
}
/** `repo[:tag]` → [repo, tag]; the colon of a registry port is not a tag separator. */
function splitTag(reference) {
    const colon = reference.lastIndexOf(':');
    if (colon <= reference.lastIndexOf('/'))
        return [reference, 'latest'];
    return [reference.slice(0, colon), reference.slice(colon + 1)];
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./packages/vault-image/src/exec-in-container.ts
// `docker exec` through dockerode: runs a command in a running container and returns its
// exit code and both output streams (demultiplexed, since no TTY is attached).

async function execInContainer(docker, containerId, cmd, options = {}) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const exec = await docker
        .getContainer(containerId)
        .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
    const stream = await exec.start({ hijack: true, stdin: false });
    const stdout = [];
    const stderr = [];
    const out = new external_node_stream_.PassThrough().on('data', (chunk) => stdout.push(chunk));
    const err = new external_node_stream_.PassThrough().on('data', (chunk) => stderr.push(chunk));
    docker.modem.demuxStream(stream, out, err);
    await execOutputEnd(stream, timeoutMs, `${cmd.join(' ')} in container ${containerId.slice(0, 12)}`);
    const info = await settledExec(exec);
    return {
        exitCode: info.ExitCode ?? -1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
    };
}
/** Resolves when an exec's output stream ends; after `timeoutMs` destroys it and rejects naming `what`. */
function execOutputEnd(stream, timeoutMs, what) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            stream.destroy();
            reject(new Error(`${what}: no exit within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
            clearTimeout(timer);
            resolve();
        };
        stream.on('end', finish);
        stream.on('close', finish);
        stream.on('error', (error) => {
            clearTimeout(timer);
            reject(error);
        });
    });
}
/** The exec's state once the engine records its exit: the output can end a moment before (≤ ~1 s of re-reads). */
async function settledExec(exec) {
    let info = await exec.inspect();
    for (let i = 0; info.Running && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        info = await exec.inspect();
    }
    return info;
}

;// CONCATENATED MODULE: ./packages/vault-image/src/registry-errors.ts
// What a registry's refusal means, from the engine's message (it relays the registry's error
// code and text: "unauthorized: …", "manifest unknown", "toomanyrequests: …", "dial tcp …").
// One classifier for every push and pull: the release scripts and start-vault-container.
// First match wins: Docker Hub answers a missing *or* private repository with "pull access
// denied … does not exist or may require 'docker login'", which is neither only auth nor only
// not found; it is told apart before the plain auth and not-found patterns.
const RULES = [
    ['rate-limit', /toomanyrequests|too many requests|\b429\b|rate limit/i],
    ['hub-denied', /does not exist or may require/i],
    [
        'auth',
        /unauthori[sz]ed|\bdenied\b|authentication required|no basic auth credentials|\b40[13]\b|forbidden/i,
    ],
    ['not-found', /manifest unknown|name unknown|not found|\b404\b|no such image|does not exist/i],
    ['server', /\b50[0-9]\b|internal server error|bad gateway|service unavailable|gateway timeout/i],
    [
        'network',
        /timeout|timed out|deadline exceeded|connection refused|connection reset|no such host|network is unreachable|no route to host|i\/o timeout|dial tcp|\bEOF\b|tls handshake|aborted|ECONN|ETIMEDOUT|EAI_AGAIN/i,
    ],
];
/** The kind of a registry failure, from the engine's (or docker-modem's) message. */
function classifyRegistryError(message) {
    // The URL the engine quotes (`Head "http://127.0.0.1:404/v2/…"`) says nothing of the cause,
    // and a port or tag in it could read as a status code.
    const text = message.replace(/"[a-z][\w+.-]*:\/\/[^"]*"/gi, '""');
    for (const [kind, pattern] of RULES) {
        if (pattern.test(text))
            return kind === 'hub-denied' ? 'not-found' : kind;
    }
    return 'other';
}
/** Worth another attempt: the same request may succeed a few seconds later. */
function isTransientRegistryFailure(kind) {
    return kind === 'rate-limit' || kind === 'server' || kind === 'network';
}
/** The engine's error text without docker-modem's "(HTTP code N) … - " prefix, untrimmed lines. */
function engineErrorMessage(error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^\(HTTP code \d+\)[^-]*- /, '');
}

;// CONCATENATED MODULE: ./packages/vault-image/src/docker-client.ts
// What a bundled tool (the start-vault-container action) may import of the image toolkit:
// connect, check, inspect, exec, the runtime user, and the image build from a context folder
// it carries. Neither esbuild nor build-image.ts (which reads package.json at load) is loaded.







/***/ }),

/***/ 77359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* unused harmony exports writeFileAtomic, writeFileAtomicSync */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);




// The temp file lives beside the target so the final rename never crosses a filesystem,
// and its name starts with a dot so directory listings and globs skip it.
function tempPathFor(path) {
    return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}
// Some platforms and filesystems cannot fsync a directory; the rename is already done by
// then, so losing only the durability guarantee of the directory entry is acceptable.
const DIR_FSYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);
function isUnsupportedDirFsync(error) {
    return DIR_FSYNC_UNSUPPORTED.has(error.code ?? '');
}
/**
 * Replaces `path` with `data` so that readers see either the old or the new content, never
 * a torn file: write a temp file, fsync it, rename it over the target, fsync the directory.
 * On any failure the temp file is removed and the old file is left as it was.
 */
async function writeFileAtomic(path, data, { mode = 0o600, dirMode = 0o700 } = {}) {
    const dir = dirname(path);
    await mkdir(dir, { recursive: true, mode: dirMode });
    const temp = tempPathFor(path);
    let handle;
    try {
        handle = await open(temp, 'wx', mode);
        // Explicit chmod: the umask could otherwise narrow a deliberately wider mode.
        await handle.chmod(mode);
        await handle.writeFile(data);
        await handle.sync();
        await handle.close();
        handle = undefined;
        await rename(temp, path);
    }
    catch (error) {
        await handle?.close().catch(() => { });
        await rm(temp, { force: true }).catch(() => { });
        throw error;
    }
    await fsyncDirectory(dir);
}
/** Synchronous twin of writeFileAtomic, for start-up and shutdown paths (PID file, dev setup). */
function writeFileAtomicSync(path, data, { mode = 0o600, dirMode = 0o700 } = {}) {
    const dir = dirname(path);
    mkdirSync(dir, { recursive: true, mode: dirMode });
    const temp = tempPathFor(path);
    let fd;
    try {
        fd = openSync(temp, 'wx', mode);
        fchmodSync(fd, mode);
        writeFileSync(fd, data);
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
        renameSync(temp, path);
    }
    catch (error) {
        if (fd !== undefined) {
            try {
                closeSync(fd);
            }
            catch { }
        }
        try {
            rmSync(temp, { force: true });
        }
        catch { }
        throw error;
    }
    fsyncDirectorySync(dir);
}
async function fsyncDirectory(dir) {
    let handle;
    try {
        handle = await open(dir, 'r');
        await handle.sync();
    }
    catch (error) {
        if (!isUnsupportedDirFsync(error))
            throw error;
    }
    finally {
        await handle?.close();
    }
}
function fsyncDirectorySync(dir) {
    let fd;
    try {
        fd = openSync(dir, 'r');
        fsyncSync(fd);
    }
    catch (error) {
        if (!isUnsupportedDirFsync(error))
            throw error;
    }
    finally {
        if (fd !== undefined)
            closeSync(fd);
    }
}


/***/ })

};
