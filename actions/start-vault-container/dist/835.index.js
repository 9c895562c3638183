import { dirname as __actionDirname } from 'node:path';
import { fileURLToPath as __actionFileURLToPath } from 'node:url';
const __filename = __actionFileURLToPath(import.meta.url);
const __dirname = __actionDirname(__filename);
export const id = 835;
export const ids = [835];
export const modules = {

/***/ 78728:
/***/ ((__unused_webpack_module, __unused_webpack___webpack_exports__, __webpack_require__) => {

/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_1__);
// ncc's ESM output leaves `__dirname` free inside the emscripten build of ssh2's poly1305
// (dockerode → docker-modem → ssh2), which then throws at load. Give it the bundle's folder.
// Imported first by every module that loads dockerode.


const scope = globalThis;
scope.__dirname ??= (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_1__.fileURLToPath)(import.meta.url));


/***/ }),

/***/ 67524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $c: () => (/* reexport */ HealthDeadlineError),
  kV: () => (/* reexport */ REPO_LABEL),
  jQ: () => (/* reexport */ container_create_options_RUN_LABEL),
  Fe: () => (/* reexport */ TargetExitedError),
  LT: () => (/* reexport */ docker_client/* checkDockerEngine */.LT),
  BX: () => (/* reexport */ containerLogs),
  w$: () => (/* reexport */ lastLines),
  od: () => (/* reexport */ removeContainer),
  $b: () => (/* reexport */ resolvePrebuiltImage),
  _y: () => (/* reexport */ startVaultContainer),
  Oe: () => (/* reexport */ sweepLabelledContainers)
});

// UNUSED EXPORTS: CHECKOUT_IMAGE_TAG, GIVEN_JWKS_FILE, GivenConfigError, ImageNotFoundError, connectDocker, containerLabels, listRunContainers, newRunId

// EXTERNAL MODULE: ./packages/vault-image/src/docker-client.ts + 8 modules
var docker_client = __webpack_require__(40928);
;// CONCATENATED MODULE: ./packages/e2e/src/drivers/wait/http-health-wait.ts
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

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-create-options.ts
/** Which run a container belongs to; the sweep and the tests find containers by it. */
const container_create_options_RUN_LABEL = 'io.runevault.ci.run';
/** Epoch milliseconds at creation, so a sweep can tell old leftovers from a live run's. */
const CREATED_LABEL = 'io.runevault.ci.created';
/** owner/name of the repository whose CI made it (set by the actions), to sweep only its own. */
const REPO_LABEL = 'io.runevault.ci.repo';
const CONTAINER_INSTALL_DIR = '/opt/rune-vault';
/** The image's own listen ports (its EXPOSE), used inside the container in bridge mode. */
const CONTAINER_GRPC_PORT = 50051;
const CONTAINER_HTTP_PORT = 9090;
/** Where the vault inside the container listens, for its config. */
function containerListeners(spec) {
    if (spec.network === 'host') {
        return {
            grpc: { host: '127.0.0.1', port: spec.grpcPort },
            http: { host: '127.0.0.1', port: spec.httpPort },
        };
    }
    // Published ports reach the container's own interface, never its loopback.
    return {
        grpc: { host: '0.0.0.0', port: CONTAINER_GRPC_PORT },
        http: { host: '0.0.0.0', port: CONTAINER_HTTP_PORT },
    };
}
function containerLabels(spec) {
    return { ...spec.labels, [container_create_options_RUN_LABEL]: spec.runId, [CREATED_LABEL]: String(spec.createdAtMs) };
}
function containerCreateOptions(spec) {
    const common = {
        Image: spec.image,
        Labels: containerLabels(spec),
        // Cmd and User stay the image's: `daemon start --generate-team-secret` as 10001.
        Tty: false,
        AttachStdout: false,
        AttachStderr: false,
        ...(spec.name ? { name: spec.name } : {}),
    };
    if (spec.network === 'host') {
        return { ...common, HostConfig: { NetworkMode: 'host' } };
    }
    const grpc = `${CONTAINER_GRPC_PORT}/tcp`;
    const http = `${CONTAINER_HTTP_PORT}/tcp`;
    return {
        ...common,
        ExposedPorts: { [grpc]: {}, [http]: {} },
        HostConfig: {
            NetworkMode: 'bridge',
            // 127.0.0.1 only: a published port on 0.0.0.0 would open the vault to the network.
            PortBindings: {
                [grpc]: [{ HostIp: '127.0.0.1', HostPort: String(spec.grpcPort) }],
                [http]: [{ HostIp: '127.0.0.1', HostPort: String(spec.httpPort) }],
            },
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-housekeeping.ts
// Containers after (or without) the run that started them: find them by label, read their
// logs, stop and remove one by id (a post step in another process), sweep old leftovers.



function newRunId() {
    return `${Date.now().toString(36)}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}`;
}
/**
 * Removes labelled leftovers (a killed run, a --keep) older than `olderThanMs`. The age is
 * read from CREATED_LABEL, else from the engine's creation time.
 */
async function sweepLabelledContainers(options) {
    const docker = options.docker ?? (0,docker_client/* connectDocker */.Z8)();
    const now = Date.now();
    const found = await docker.listContainers({ all: true, filters: { label: [options.label ?? container_create_options_RUN_LABEL] } });
    const old = found
        .map((info) => {
        const created = Number(info.Labels?.[CREATED_LABEL]);
        const createdAt = Number.isFinite(created) && created > 0 ? created : info.Created * 1000;
        return { id: info.Id, runId: info.Labels?.[container_create_options_RUN_LABEL], ageMs: now - createdAt };
    })
        .filter((entry) => entry.ageMs >= options.olderThanMs);
    await Promise.all(old.map((entry) => docker.getContainer(entry.id).remove({ force: true }).catch(ignoreNotFound)));
    return old.map((entry) => ({
        id: entry.id,
        ageMs: entry.ageMs,
        ...(entry.runId ? { runId: entry.runId } : {}),
    }));
}
/** Containers carrying a run's label (what a finished run must leave at zero). */
function listRunContainers(docker, runId) {
    return docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
}
/**
 * Stops (SIGTERM, then SIGKILL after `stopTimeoutSec`) and removes a container by id or name.
 * 'absent' when there was nothing to remove: gone already, or removed by someone else meanwhile.
 */
async function removeContainer(docker, idOrName, options = {}) {
    const container = docker.getContainer(idOrName);
    try {
        await container.stop({ t: options.stopTimeoutSec ?? 10 });
    }
    catch (error) {
        if ((0,docker_client/* isNotFound */.c4)(error))
            return 'absent';
        ignoreNotModified(error);
    }
    try {
        await container.remove({ force: true });
        return 'removed';
    }
    catch (error) {
        ignoreGone(error);
        return 'absent';
    }
}
/** The container's labels, or undefined when the engine has no such container. */
async function container_housekeeping_containerLabels(docker, idOrName) {
    try {
        return (await docker.getContainer(idOrName).inspect()).Config.Labels ?? {};
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
function ignoreNotFound(error) {
    if (!(0,docker_client/* isNotFound */.c4)(error))
        throw error;
}
/** 404: already removed; 409: a removal is already in progress (a teardown racing another). */
function ignoreGone(error) {
    if (error.statusCode !== 409)
        ignoreNotFound(error);
}
/** 304: already stopped. */
function ignoreNotModified(error) {
    if (error.statusCode !== 304)
        throw error;
}
function ignoreNotFoundOrNotModified(error) {
    if (error.statusCode !== 304)
        ignoreNotFound(error);
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-logs.ts
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

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./packages/vault/src/fs/atomic-write.ts
var atomic_write = __webpack_require__(77359);
;// CONCATENATED MODULE: ./packages/vault/src/config/write-config.ts
// Renders a runevault.conf from a few options: what setup-vault writes, and what a test driver
// can write. Relative paths in it resolve against the install dir (the parent of configs/), so
// one file works for a process on the host and for a container that mounts the same layout.


const DEFAULT_KEYS_PATH = 'vault-keys';
const DEFAULT_KEY_ID = 'vault-key';
/** The config as a plain object, every default written out so a reader sees what runs. */
function write_config_vaultConfigDocument(options) {
    const listener = (given, port) => ({
        host: given?.host ?? '127.0.0.1',
        port: given?.port ?? port,
    });
    const document = {
        server: {
            grpc: {
                ...listener(options.grpc, 50051),
                tls: options.tls ? { cert: options.tls.cert, key: options.tls.key } : { disable: true },
            },
            http: listener(options.http, 9090),
        },
        keys: {
            path: options.keys?.path ?? DEFAULT_KEYS_PATH,
            key_id: options.keys?.keyId ?? DEFAULT_KEY_ID,
            generate_if_missing: options.keys?.generateIfMissing ?? true,
        },
        tokens: typeof options.teamSecret === 'string'
            ? { team_secret: options.teamSecret }
            : { team_secret_file: options.teamSecret.file },
        audit: {
            mode: options.audit?.mode ?? 'stdout',
            ...(options.audit?.path ? { path: options.audit.path } : {}),
        },
    };
    return options.overrides ? deepMerge(document, options.overrides) : document;
}
/** YAML text with a header comment; the same options always give the same bytes. */
function renderVaultConfig(options) {
    const header = `# runevault.conf${options.writtenBy ? `, written by ${options.writtenBy}` : ''}\n`;
    return header + (0,dist/* stringify */.As)(write_config_vaultConfigDocument(options), { lineWidth: 0 });
}
/** Writes the config atomically with mode 0600: it may hold the team secret inline. */
async function writeVaultConfig(path, options) {
    await writeFileAtomic(path, renderVaultConfig(options), { mode: 0o600 });
}
/** A YAML mapping as parsed: a plain object, not an array. */
function isMapping(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** `extra` over `base`, mapping by mapping; any other value of `extra` replaces the base's. */
function deepMerge(base, extra) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(extra)) {
        const current = merged[key];
        merged[key] = isMapping(current) && isMapping(value) ? deepMerge(current, value) : value;
    }
    return merged;
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/given-config.ts
// A runevault.conf the caller wrote (setup-vault's, or their own), made fit for the container:
// the listeners become the driver's (so the ports are known and loopback-only), the keys are
// where the driver copies them, a given JWKS file replaces the providers' jwks_file, and the
// files it names relative to its install dir are listed so the driver can bring them along.


/** Where a given JWKS file goes, relative to the install dir (the container's /opt/rune-vault). */
const GIVEN_JWKS_FILE = 'configs/oidc-jwks.json';
/** The only folder besides vault-keys/ that is copied from the host folder into the container. */
const COPIED_CONFIGS = 'configs/';
class GivenConfigError extends Error {
}
/** `source` names the file in messages. */
function adoptGivenConfig(text, source, options) {
    let document;
    try {
        document = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        throw new GivenConfigError(`config ${source} is not valid YAML: ${error.message.split('\n')[0]}`);
    }
    if (!isMapping(document))
        throw new GivenConfigError(`config ${source} is not a YAML mapping`);
    const server = mapping(document, 'server');
    const grpc = mapping(server, 'grpc');
    Object.assign(grpc, { host: options.grpc.host, port: options.grpc.port });
    Object.assign(mapping(server, 'http'), { host: options.http.host, port: options.http.port });
    mapping(document, 'keys').path = options.keysPath;
    let jwksProviders = 0;
    const providers = mapping(document, 'oidc', false)?.providers;
    if (options.jwksFile && Array.isArray(providers)) {
        for (const provider of providers) {
            if (isMapping(provider) && provider.jwks_uri === undefined) {
                provider.jwks_file = GIVEN_JWKS_FILE;
                jwksProviders += 1;
            }
        }
    }
    const merged = options.overrides ? deepMerge(document, options.overrides) : document;
    const tokens = mapping(merged, 'tokens', false);
    const tls = mapping(mapping(merged, 'server'), 'grpc').tls;
    const named = [
        ['server.grpc.tls.cert', isMapping(tls) ? tls.cert : undefined],
        ['server.grpc.tls.key', isMapping(tls) ? tls.key : undefined],
        ['tokens.team_secret_file', tokens?.team_secret_file],
        ['tokens.roles_file', tokens?.roles_file],
        ['tokens.tokens_file', tokens?.tokens_file],
        ...(Array.isArray(providers) ? providers : []).map((provider, index) => [
            `oidc.providers[${index}].jwks_file`,
            isMapping(provider) ? provider.jwks_file : undefined,
        ]),
    ];
    const files = [];
    for (const [key, value] of named) {
        if (typeof value !== 'string' || value === '' || value === GIVEN_JWKS_FILE)
            continue;
        const path = value.replace(/^\.\//, '');
        if (path.startsWith('/') || path.split('/').includes('..') || !path.startsWith(COPIED_CONFIGS)) {
            throw new GivenConfigError(`config ${source}: ${key} is ${value}, which the container cannot see; ` +
                `put the file in the config's own configs/ folder and name it ${COPIED_CONFIGS}<file>`);
        }
        files.push(path);
    }
    const inline = tokens?.team_secret;
    const secretFile = tokens?.team_secret_file;
    return {
        text: `# runevault.conf from ${source}, adapted by the runevault e2e driver\n${(0,dist/* stringify */.As)(merged, { lineWidth: 0 })}`,
        files,
        ...(typeof inline === 'string' && inline !== '' ? { inlineTeamSecret: inline } : {}),
        ...(typeof secretFile === 'string' && secretFile !== ''
            ? { teamSecretFile: secretFile.replace(/^\.\//, '') }
            : {}),
        jwksProviders,
    };
}
function mapping(parent, key, create = true) {
    const value = parent[key];
    if (isMapping(value))
        return value;
    if (!create)
        return undefined;
    const made = {};
    parent[key] = made;
    return made;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/prebuilt-image.ts
// Images the driver uses without bundling the vault in this process: a tag the engine already
// has, a `docker save` archive to load, a checkout of the vault whose own `npm run image`
// builds it, or a prebuilt image context a bundled tool carries (bundle, Dockerfile, launcher,
// config: built here without esbuild or this repository, and reused by its content hash).




/** The engine has no image by that name (a tag source). */
class ImageNotFoundError extends Error {
    image;
    constructor(image) {
        super(`the Docker engine has no image ${image}; build it (npm run image) or pass a docker save archive`);
        this.image = image;
        this.name = 'ImageNotFoundError';
    }
}
/** The tag a checkout's `npm run image` gives the image it builds (IMAGE_REPOSITORY:dev). */
const CHECKOUT_IMAGE_TAG = 'runevault:dev';
async function resolvePrebuiltImage(docker, source, log = () => { }) {
    switch (source.kind) {
        case 'archive': {
            if (!(0,external_node_fs_.existsSync)(source.path)) {
                throw new Error(`image archive ${source.path} does not exist (make one with docker save -o FILE TAG)`);
            }
            const loaded = await loadImageArchive(docker, source.path);
            const image = await (0,docker_client/* inspectImage */.mm)(docker, loaded);
            if (!image)
                throw new Error(`the engine loaded ${source.path} as ${loaded} but cannot inspect it`);
            return { ref: loaded, id: image.Id, how: 'loaded' };
        }
        case 'tag': {
            const image = await (0,docker_client/* inspectImage */.mm)(docker, source.tag);
            if (!image)
                throw new ImageNotFoundError(source.tag);
            return { ref: source.tag, id: image.Id, how: 'tag' };
        }
        case 'checkout':
            return buildCheckoutImage(docker, source.dir, log);
        case 'carried':
            return buildCarriedImage(docker, source.dir, log);
    }
}
/**
 * The image of a carried context, tagged runevault:<version>-<content hash> (the hash covers
 * every byte sent, the base image's id and the version): an engine that has that tag from
 * the same inputs reuses it; otherwise it is built, on the pinned Node image when the engine
 * has it or can pull it, else on the offline base made from the node running this process.
 */
async function buildCarriedImage(docker, dir, log = () => { }) {
    const context = (0,docker_client/* readVaultImageContext */.Vb)(dir);
    const built = await (0,docker_client/* buildImageFromContext */.fs)({
        docker,
        context,
        tags: (contentHash) => [(0,docker_client/* contentAddressedTag */.Dn)(context.version, contentHash)],
        log,
    });
    return {
        ref: built.tags[0] ?? built.imageId,
        id: built.imageId,
        how: built.reused ? 'reused' : 'built',
        offlineBase: built.offlineBase,
    };
}
/**
 * Runs `npm run image` of the checkout's image package (@runevault/vault-image; in checkouts from
 * before it existed, @runevault/vault): its own build code, which reuses an image built from the
 * same bytes and falls back to an offline base when no registry answers.
 */
async function buildCheckoutImage(docker, dir, log = () => { }) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'packages/vault/Dockerfile'))) {
        throw new Error(`${dir} is not a runevault checkout (no packages/vault/Dockerfile); check the folder`);
    }
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'node_modules'))) {
        throw new Error(`${dir} has no node_modules; install its dependencies first (npm ci)`);
    }
    const output = [];
    const code = await new Promise((resolve, reject) => {
        const workspace = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'packages/vault-image/package.json'))
            ? '@runevault/vault-image'
            : '@runevault/vault';
        const child = (0,external_node_child_process_.spawn)('npm', ['run', 'image', '--silent', '-w', workspace], {
            cwd: dir,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const collect = (chunk) => {
            for (const line of chunk.toString('utf8').split('\n')) {
                if (line.trim() === '')
                    continue;
                output.push(line);
                log(line);
            }
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.once('error', reject);
        child.once('close', resolve);
    });
    if (code !== 0) {
        const last = output.slice(-5).join('\n') || '(no output)';
        throw new Error(`npm run image in ${dir} exited with code ${code}:\n${last}`);
    }
    const image = await (0,docker_client/* inspectImage */.mm)(docker, CHECKOUT_IMAGE_TAG);
    if (!image)
        throw new Error(`npm run image in ${dir} succeeded but the engine has no ${CHECKOUT_IMAGE_TAG}`);
    const reused = output.some((line) => /\breused runevault:/.test(line));
    return {
        ref: CHECKOUT_IMAGE_TAG,
        id: image.Id,
        how: reused ? 'reused' : 'built',
        offlineBase: output.some((line) => line.includes('node-offline')),
    };
}
/** `docker load` of an archive; returns the first tag it named, else the image id it loaded. */
async function loadImageArchive(docker, path) {
    const stream = await docker.loadImage(path, { quiet: true });
    const events = await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error, result) => error ? reject(error) : resolve(result)));
    const failed = events.find((event) => event.error || event.errorDetail);
    if (failed)
        throw new Error(`docker load ${path}: ${failed.errorDetail?.message ?? failed.error}`);
    const text = events.map((event) => event.stream ?? '').join('');
    const name = /Loaded image: (\S+)/.exec(text)?.[1] ?? /Loaded image ID: (\S+)/.exec(text)?.[1];
    if (!name)
        throw new Error(`docker load ${path} reported no image: ${text.trim() || '(no output)'}`);
    return name;
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./packages/vault/src/net/free-port.ts
// Free loopback ports for whatever starts a vault on one: the e2e drivers, the test harnesses and
// the benches (one copy, exported as @runevault/vault/free-port).

/** A loopback port that was free a moment ago (the OS picks it). */
function freePort(host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, host, () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}
/** `count` distinct free loopback ports (held together, so the OS cannot hand one out twice). */
async function freePorts(count, host = '127.0.0.1') {
    const servers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
        const server = external_node_net_default().createServer();
        server.once('error', reject);
        server.listen(0, host, () => resolve(server));
    })));
    const ports = servers.map((server) => server.address().port);
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    return ports;
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
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
function admin_client_adminRequest(socketPath, method, path, body, opts = {}) {
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
        const req = http.request({
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
const COMMAND_OUTPUT_MAX_BYTES = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
/**
 * Runs `command` (a shell command line, e.g. `ssh vault-host sudo runevault`) with `args`
 * appended as separate words: they reach the command as "$@", so no argument is re-parsed
 * by the local shell. Resolves with stdout and stderr; rejects on a non-zero exit, naming the
 * command and the last lines of its stderr (token-shaped words blanked).
 */
function runShellCommand(command, args = [], timeoutMs = COMMAND_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        execFile('/bin/sh', ['-c', `${command} "$@"`, 'vault-e2e', ...args], { timeout: timeoutMs, maxBuffer: COMMAND_OUTPUT_MAX_BYTES, encoding: 'utf8' }, (error, stdout, stderr) => {
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

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/driver-defaults.ts
/** How long a started vault may take to answer GET /health 200 (E2E.md: default 120 s). */
const DEFAULT_HEALTH_DEADLINE_MS = 120_000;
/** The user of the member token a driver issues at start. */
const DEFAULT_TOKEN_USER = 'e2e-suite';

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./packages/e2e/src/drivers/known-secrets.ts

/**
 * The team secret (trimmed file content) and three 48-character pieces of SecKey's base64
 * (start, middle, near the end): enough for a leak scan to recognise the key without
 * holding all of it in every message. A file that cannot be read (here or by its fallback)
 * contributes nothing.
 */
async function readKnownSecrets(files, fallbacks = {}) {
    const read = async (file) => {
        const path = files[file];
        const here = path ? await (0,promises_.readFile)(path, 'utf8').catch(() => undefined) : undefined;
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

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/signal-teardown.ts
// Ctrl-C (SIGINT) or a CI cancel (SIGTERM) during a run must not leave a container or a
// daemon behind. While something is alive, one handler per signal runs every registered
// cleanup, then lets the signal do what it would have done (exit 130/143) unless another
// part of the program listens for it too.
//
// A terminal's Ctrl-C reaches every process of the foreground group, and npm relays it to its
// child as well: the suite sees one keypress as two or more SIGINTs a few milliseconds apart.
// Repeats within ECHO_WINDOW_MS of the first are that same keypress; only a later one (a
// deliberate second Ctrl-C) exits without finishing teardown.
const SIGNALS = ['SIGINT', 'SIGTERM'];
const CLEANUP_TIMEOUT_MS = 20_000;
/** Relays deliver within milliseconds; a person pressing Ctrl-C again takes longer than this. */
const ECHO_WINDOW_MS = 1_500;
const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 };
/** The registry and the signal rule, apart from the process so tests can drive it with a clock. */
class SignalTeardown {
    options;
    live = new Map();
    /** When the running teardown began (its first signal); undefined when none runs. */
    firstSignalAt;
    running = Promise.resolve();
    constructor(options) {
        this.options = options;
    }
    register(what, cleanup) {
        const key = Symbol(what);
        this.live.set(key, { what, cleanup });
        this.options.listen(true);
        return () => {
            this.live.delete(key);
            if (this.live.size === 0 && this.firstSignalAt === undefined)
                this.options.listen(false);
        };
    }
    get pending() {
        return this.live.size;
    }
    /** Handles one delivered signal; the promise settles when its teardown is over. */
    handle(signal) {
        const { now, write } = this.options;
        if (this.firstSignalAt !== undefined) {
            // The same Ctrl-C through another relay: the teardown under way already answers it.
            if (now() - this.firstSignalAt < (this.options.echoWindowMs ?? ECHO_WINDOW_MS))
                return this.running;
            write(`runevault-e2e: ${signal} again; exiting without finishing teardown (leftovers carry the io.runevault.ci.run label)\n`);
            this.options.exit(128 + (SIGNAL_NUMBERS[signal] ?? 2));
            return this.running;
        }
        this.firstSignalAt = now();
        write(`runevault-e2e: ${signal}: tearing down (press Ctrl-C again to exit at once)\n`);
        const entries = [...this.live.values()];
        this.live.clear();
        const all = Promise.allSettled(entries.map(async ({ what, cleanup }) => {
            await cleanup(signal);
            write(`runevault-e2e: ${signal}: stopped ${what}\n`);
        }));
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(resolve, this.options.cleanupTimeoutMs ?? CLEANUP_TIMEOUT_MS);
            timer.unref();
        });
        this.running = Promise.race([all, timeout]).then(() => {
            clearTimeout(timer);
            this.firstSignalAt = undefined;
            this.options.listen(this.live.size > 0);
            // Nobody else listens: the default action (terminate with 128+n) is what the user asked for.
            if (!this.options.othersListen(signal))
                this.options.raise(signal);
        });
        return this.running;
    }
}
function onSignal(signal) {
    void processTeardown.handle(signal);
}
const processTeardown = new SignalTeardown({
    now: () => performance.now(),
    listen: (on) => {
        for (const signal of SIGNALS) {
            const installed = process.listeners(signal).includes(onSignal);
            if (on && !installed)
                process.on(signal, onSignal);
            if (!on && installed)
                process.off(signal, onSignal);
        }
    },
    raise: (signal) => process.kill(process.pid, signal),
    exit: (code) => process.exit(code),
    othersListen: (signal) => process.listenerCount(signal) > 0,
    write: (line) => process.stderr.write(line),
});
/**
 * Runs `cleanup` if SIGINT/SIGTERM arrives while registered. Returns the function that
 * unregisters it (call it once the resource is gone, or to keep it past this process).
 */
function teardownOnSignal(what, cleanup) {
    return processTeardown.register(what, cleanup);
}
/** How many cleanups are registered (tests check that stop() unregisters). */
function pendingSignalTeardowns() {
    return processTeardown.pending;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./packages/vault/src/tls/self-signed-cert.ts




/**
 * A throwaway EC certificate for 127.0.0.1 and localhost, written into `dir` as server.pem
 * and server.key (0600). Node's crypto makes keys but not X.509 certificates, so this asks
 * the openssl CLI, which every runner image and Debian ship. Used by tests, the e2e drivers
 * and the setup-vault action.
 */
async function makeSelfSignedCert(dir, opts = {}) {
    const certPath = (0,external_node_path_.join)(dir, 'server.pem');
    const keyPath = (0,external_node_path_.join)(dir, 'server.key');
    try {
        await (0,external_node_util_.promisify)(external_node_child_process_.execFile)('openssl', [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-keyout',
            keyPath,
            '-out',
            certPath,
            '-days',
            String(opts.days ?? 2),
            '-subj',
            `/CN=${opts.commonName ?? 'runevault'}`,
            '-addext',
            'subjectAltName=IP:127.0.0.1,DNS:localhost',
        ]);
    }
    catch (error) {
        const { code, stderr } = error;
        if (code === 'ENOENT')
            throw new Error('TLS needs the openssl CLI to make a test certificate; install openssl');
        throw new Error(`openssl could not make a test certificate: ${stderr?.trim() || error.message}`);
    }
    (0,external_node_fs_.chmodSync)(keyPath, 0o600);
    return { certPath, keyPath, pem: (0,external_node_fs_.readFileSync)(certPath) };
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/vault-config.ts
// The runevault.conf a driver writes, rendered by the vault's own config writer. Every path
// in it is relative to the vault's install dir (the parent of configs/), so the same file
// works for a process on this host and inside a container whose install dir is /opt/rune-vault.

const TEAM_SECRET_FILE = 'configs/team-secret';
const KEYS_PATH = DEFAULT_KEYS_PATH;
const KEY_ID = DEFAULT_KEY_ID;
const TLS_CERT_FILE = 'configs/server.pem';
const TLS_KEY_FILE = 'configs/server.key';
function configOptions(spec) {
    const oidc = spec.oidcProviders?.length
        ? { oidc: { providers: spec.oidcProviders.map(oidcProviderEntry) } }
        : {};
    return {
        teamSecret: { file: TEAM_SECRET_FILE },
        grpc: spec.grpc,
        http: spec.http,
        ...(spec.tls ? { tls: spec.tls } : {}),
        // Audit lines on stdout, where the driver's log source (container log, log file) sees them.
        audit: { mode: 'stdout' },
        overrides: { ...oidc, ...spec.overrides },
        writtenBy: 'the runevault e2e driver',
    };
}
function oidcProviderEntry(provider) {
    return {
        name: provider.name,
        issuer: provider.issuer,
        audiences: provider.audiences,
        jwks_file: provider.jwksFile,
        role: provider.role,
        ...(provider.algorithms ? { algorithms: provider.algorithms } : {}),
        ...(provider.boundClaims ? { bound_claims: provider.boundClaims } : {}),
        ...(provider.userClaim ? { user_claim: provider.userClaim } : {}),
        ...(provider.ttl ? { ttl: provider.ttl } : {}),
    };
}
function vaultConfig(spec) {
    return vaultConfigDocument(configOptions(spec));
}
function vault_config_renderVaultConfig(spec) {
    return renderVaultConfig(configOptions(spec));
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/vault-home.ts
// A vault install dir on this host, made before start: configs/runevault.conf (generated, or
// adapted from a given one), the team secret, optionally the FHE keys (made now or copied from
// a given folder) and a TLS certificate. The process driver runs the daemon in it; the docker
// driver copies its configs/ and vault-keys/ into the container (docker/vault-install-files.ts)
// and reads back from there what the vault made at first start. The folder stays this user's,
// 0700: nothing in it is chowned or opened up, and the caller's own files stay as they were.








async function prepareVaultHome(options) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(options.parentDir ?? (0,external_node_os_.tmpdir)(), options.prefix ?? 'runevault-e2e-'));
    const remove = () => (0,promises_.rm)(dir, { recursive: true, force: true });
    try {
        return await fillVaultHome(dir, options, remove);
    }
    catch (error) {
        await remove();
        throw error;
    }
}
async function fillVaultHome(dir, options, remove) {
    const configsDir = (0,external_node_path_.join)(dir, 'configs');
    const keysDir = (0,external_node_path_.join)(dir, KEYS_PATH);
    (0,external_node_fs_.mkdirSync)(configsDir, { mode: 0o700 });
    (0,external_node_fs_.mkdirSync)(keysDir, { mode: 0o700 });
    let teamSecretFile = (0,external_node_path_.join)(dir, TEAM_SECRET_FILE);
    const teamSecret = (0,external_node_crypto_.randomBytes)(32).toString('hex');
    if (options.oidcJwksFile) {
        (0,external_node_fs_.cpSync)(options.oidcJwksFile, (0,external_node_path_.join)(dir, GIVEN_JWKS_FILE));
    }
    const tls = options.tls ? await makeSelfSignedCert(configsDir) : undefined;
    const configFile = (0,external_node_path_.join)(configsDir, 'runevault.conf');
    let jwksProviders = 0;
    if (options.configFile) {
        const overrides = tls ? withMadeTls(options.configOverrides) : options.configOverrides;
        const adopted = adoptGivenConfig((0,external_node_fs_.readFileSync)(options.configFile, 'utf8'), options.configFile, {
            grpc: options.grpc,
            http: options.http,
            keysPath: KEYS_PATH,
            jwksFile: options.oidcJwksFile !== undefined,
            ...(overrides ? { overrides } : {}),
        });
        const sourceDir = installDirFor(options.configFile);
        // The certificate made for this run is the one the config now names: never overwritten.
        const made = tls ? [TLS_CERT_FILE, TLS_KEY_FILE] : [];
        for (const file of adopted.files.filter((f) => !made.includes(f))) {
            if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(sourceDir, file)))
                (0,external_node_fs_.cpSync)((0,external_node_path_.join)(sourceDir, file), (0,external_node_path_.join)(dir, file));
        }
        jwksProviders = adopted.jwksProviders;
        (0,external_node_fs_.writeFileSync)(configFile, adopted.text, { mode: 0o600 });
        if (adopted.teamSecretFile)
            teamSecretFile = (0,external_node_path_.join)(dir, adopted.teamSecretFile);
        // Kept at the usual place too, so knownSecrets() finds an inline secret.
        else
            (0,external_node_fs_.writeFileSync)(teamSecretFile, `${adopted.inlineTeamSecret ?? ''}\n`, { mode: 0o600 });
    }
    else {
        (0,external_node_fs_.writeFileSync)(teamSecretFile, `${teamSecret}\n`, { mode: 0o600 });
        (0,external_node_fs_.writeFileSync)(configFile, vault_config_renderVaultConfig({
            grpc: options.grpc,
            http: options.http,
            ...(tls ? { tls: { cert: TLS_CERT_FILE, key: TLS_KEY_FILE } } : {}),
            ...(options.oidcProviders ? { oidcProviders: options.oidcProviders } : {}),
            ...(options.configOverrides ? { overrides: options.configOverrides } : {}),
        }), { mode: 0o600 });
    }
    let keygenMs = 0;
    if (options.keysDir) {
        // A key folder itself (EncKey.json inside) goes under the key id the config names.
        const isKeyFolder = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(options.keysDir, 'EncKey.json'));
        (0,external_node_fs_.cpSync)(options.keysDir, isKeyFolder ? (0,external_node_path_.join)(keysDir, KEY_ID) : keysDir, { recursive: true });
    }
    else if (options.generateKeys) {
        const started = performance.now();
        await options.generateKeys((0,external_node_path_.join)(keysDir, KEY_ID));
        keygenMs = Math.round(performance.now() - started);
    }
    return {
        dir,
        configsDir,
        configFile,
        keysDir,
        teamSecretFile,
        secKeyFile: (0,external_node_path_.join)(keysDir, KEY_ID, 'SecKey.json'),
        ...(tls ? { tls } : {}),
        keygenMs,
        jwksProviders,
        remove,
    };
}
/** `overrides` with server.grpc.tls set to the certificate made here (a given config's TLS is replaced). */
function withMadeTls(overrides = {}) {
    const server = (overrides.server ?? {});
    const grpc = (server.grpc ?? {});
    const tls = { cert: TLS_CERT_FILE, key: TLS_KEY_FILE, disable: false };
    return { ...overrides, server: { ...server, grpc: { ...grpc, tls } } };
}
/** The vault's rule (config/load-config.ts): the parent of configs/, else the file's own folder. */
function installDirFor(configFile) {
    const folder = (0,external_node_path_.dirname)(configFile);
    return (0,external_node_path_.basename)(folder) === 'configs' ? (0,external_node_path_.dirname)(folder) : folder;
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-cli.ts
// `runevault <args>` inside a vault's container through docker exec: the admin CLI of a vault
// in Docker, for the docker driver and for the address driver given a container.

const CONTAINER_CLI_TIMEOUT_MS = 30_000;
function containerVaultCli(docker, containerId, timeoutMs = CONTAINER_CLI_TIMEOUT_MS) {
    return async (args) => {
        const result = await (0,docker_client/* execInContainer */.ur)(docker, containerId, ['runevault', ...args], { timeoutMs });
        if (result.exitCode !== 0) {
            throw new Error(`runevault ${args[0]} ${args[1] ?? ''} in container ${containerId.slice(0, 12)} exited ${result.exitCode}: ` +
                `${(result.stderr || result.stdout).trim()}`);
        }
        return result;
    };
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-wait-target.ts

const INSPECT_INTERVAL_MS = 500;
/**
 * A container as something a wait can watch: the engine's wait endpoint reports its exit the
 * moment it happens; should that request fail, inspect is polled instead.
 */
function containerWaitTarget(container) {
    return {
        description: `container ${container.id.slice(0, 12)}`,
        async exited(signal) {
            try {
                const result = (await container.wait({ condition: 'not-running', abortSignal: signal }));
                return signal.aborted ? undefined : { exitCode: result.StatusCode };
            }
            catch {
                return signal.aborted ? undefined : pollUntilExited(container, signal);
            }
        },
        lastLogLines: (count) => containerLogs(container, { tail: count }),
    };
}
async function pollUntilExited(container, signal) {
    while (!signal.aborted) {
        try {
            const { State } = await container.inspect();
            if (!State.Running && State.Status !== 'created')
                return { exitCode: State.ExitCode };
        }
        catch (error) {
            // Removed from under us: that is an exit too.
            if (error.statusCode === 404)
                return { exitCode: null };
        }
        await new Promise((resolve) => setTimeout(resolve, INSPECT_INTERVAL_MS));
    }
    return undefined;
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(56118);
;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/copy-into-container.ts

class ArchiveEntryError extends Error {
}
/**
 * A name the engine extracts below the target folder and nowhere else: relative, `/`-separated,
 * no empty, `.` or `..` segment, no NUL.
 */
function checkEntryName(name) {
    const segments = name.split('/');
    if (name.startsWith('/') ||
        name.includes('\0') ||
        segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
        throw new ArchiveEntryError(`archive entry ${JSON.stringify(name)} is not a plain relative path; name files below the target folder without ., .. or empty parts`);
    }
}
/**
 * Every name checked, no name twice, and every entry's folder listed before it: the engine
 * would make a missing parent itself, owned by root, where the container's user cannot write.
 */
function checkEntries(entries) {
    const seen = new Set();
    const folders = new Set();
    for (const entry of entries) {
        checkEntryName(entry.name);
        if (seen.has(entry.name))
            throw new ArchiveEntryError(`archive entry ${entry.name} is listed twice`);
        seen.add(entry.name);
        const parent = entry.name.includes('/') ? entry.name.slice(0, entry.name.lastIndexOf('/')) : '';
        if (parent && !folders.has(parent)) {
            throw new ArchiveEntryError(`archive entry ${entry.name} comes before its folder ${parent}`);
        }
        if (entry.type === 'directory')
            folders.add(entry.name);
    }
}
/** The entries as one tar, every header owned by `owner` with the entry's own mode. */
async function packOwnedTar(entries, owner) {
    checkEntries(entries);
    const tar = (0,tar_stream.pack)();
    const chunks = [];
    tar.on('data', (chunk) => chunks.push(chunk));
    const ended = new Promise((resolve, reject) => {
        tar.on('end', () => resolve());
        tar.on('error', reject);
    });
    const mtime = new Date();
    for (const entry of entries) {
        const header = { name: entry.name, mode: entry.mode, mtime, uid: owner.uid, gid: owner.gid };
        await new Promise((resolve, reject) => {
            const done = (error) => (error ? reject(error) : resolve());
            if (entry.type === 'directory')
                tar.entry({ ...header, type: 'directory' }, done);
            else
                tar.entry({ ...header, type: 'file', size: entry.content.length }, entry.content, done);
        });
    }
    tar.finalize();
    await ended;
    return Buffer.concat(chunks);
}
/** Extracts the entries below `path` in the container (created or running); their byte total. */
async function copyIntoContainer(container, path, entries, owner) {
    const tar = await packOwnedTar(entries, owner);
    await container.putArchive(tar, { path });
    const files = entries.filter((entry) => entry.type === 'file');
    return { files: files.length, bytes: files.reduce((sum, file) => sum + file.content.length, 0) };
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/read-from-container.ts
// A file read back out of a container through the Engine API (GET /containers/{id}/archive):
// what the vault made inside (keys at first start, a generated team secret) exists only there,
// whatever engine or host the container runs on.


/** Far above a key set (SecKey.json is well under 1 MiB); memory stays bounded anyway. */
const DEFAULT_MAX_READ_BYTES = 16 * 1024 * 1024;
class ContainerFileTooLargeError extends Error {
}
/** The file's bytes; undefined when the container or the file does not exist. */
async function readContainerFile(container, path, options = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
    let archive;
    try {
        archive = await container.getArchive({ path });
    }
    catch (error) {
        if ((0,docker_client/* isNotFound */.c4)(error))
            return undefined;
        throw error;
    }
    const entries = (0,tar_stream.extract)();
    archive.pipe(entries);
    let found;
    let first = true;
    for await (const entry of entries) {
        // The archive's first entry is the path itself; a folder's contents follow it.
        const isThePath = first;
        first = false;
        if (!isThePath || entry.header.type !== 'file') {
            entry.resume();
            continue;
        }
        if (entry.header.size > maxBytes) {
            entries.destroy();
            throw new ContainerFileTooLargeError(`${path} in container ${container.id.slice(0, 12)} is ${entry.header.size} bytes, over the ${maxBytes} this reads`);
        }
        const chunks = [];
        for await (const chunk of entry)
            chunks.push(chunk);
        found = Buffer.concat(chunks);
    }
    // A folder (or anything but a file) at that path: nothing to read.
    return found;
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/vault-install-files.ts
// What the container's install dir (/opt/rune-vault) gets from the host folder the driver
// prepared: configs/ and vault-keys/ as they are there, plus the OIDC JWKS files of the
// driver's own providers under oidc/. Modes are the vault's own: folders 0700, secrets 0600
// (its config loader warns about anything looser), public files 0644. A file is secret unless
// it is known to be public, so a key file of a given config is never opened by mistake.




const FOLDER_MODE = 0o700;
const SECRET_FILE_MODE = 0o600;
const PUBLIC_FILE_MODE = 0o644;
/** Where the driver's own providers' JWKS files go, relative to the install dir. */
const OIDC_FOLDER = 'oidc';
/** The host folder's parts the container sees. */
const INSTALL_FOLDERS = ['configs', KEYS_PATH];
const PUBLIC_KEY_FILES = ['EncKey.json', 'EvalKey.json'];
/** The mode a file of the install dir gets, by its path relative to it. */
function installFileMode(name) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const isPublic = (name.startsWith(`${KEYS_PATH}/`) && PUBLIC_KEY_FILES.includes(base)) ||
        name === TLS_CERT_FILE ||
        name === GIVEN_JWKS_FILE ||
        name.startsWith(`${OIDC_FOLDER}/`);
    return isPublic ? PUBLIC_FILE_MODE : SECRET_FILE_MODE;
}
/** The path of the i-th provider's JWKS file inside the install dir. */
function oidcJwksEntryName(index) {
    return `${OIDC_FOLDER}/${index}-jwks.json`;
}
/**
 * Entries for `homeDir`'s configs/ and vault-keys/ (folders first, names sorted) and the
 * given JWKS files (host paths, in provider order) as oidc/<i>-jwks.json.
 */
function vaultInstallEntries(homeDir, oidcJwksFiles = []) {
    const entries = [];
    for (const folder of INSTALL_FOLDERS)
        addTree((0,external_node_path_.join)(homeDir, folder), folder, entries);
    if (oidcJwksFiles.length > 0) {
        entries.push({ type: 'directory', name: OIDC_FOLDER, mode: FOLDER_MODE });
        oidcJwksFiles.forEach((source, index) => {
            const name = oidcJwksEntryName(index);
            entries.push({ type: 'file', name, mode: installFileMode(name), content: (0,external_node_fs_.readFileSync)(source) });
        });
    }
    return entries;
}
function addTree(path, name, entries) {
    entries.push({ type: 'directory', name, mode: FOLDER_MODE });
    for (const child of (0,external_node_fs_.readdirSync)(path).sort()) {
        const childPath = (0,external_node_path_.join)(path, child);
        const childName = `${name}/${child}`;
        const own = (0,external_node_fs_.lstatSync)(childPath);
        // A copied key folder may hold symlinks to files (cpSync keeps them): their target is sent.
        // Symlinked folders are not followed, so a loop cannot recurse.
        const stats = own.isSymbolicLink() ? (0,external_node_fs_.statSync)(childPath) : own;
        if (own.isDirectory())
            addTree(childPath, childName, entries);
        else if (stats.isFile())
            entries.push({
                type: 'file',
                name: childName,
                mode: installFileMode(childName),
                content: (0,external_node_fs_.readFileSync)(childPath),
            });
        else
            throw new Error(`${childPath} is neither a file, a symlink to one nor a folder; put only files and folders in the vault's configs/ and ${KEYS_PATH}/`);
    }
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/vault-container.ts
// The vault in a labelled container: host networking on loopback ports (free ones unless
// given), configs and keys prepared in a host folder and copied into the created container
// through the Engine API (no bind mount, so any engine topology works: act, a remote
// DOCKER_HOST, DinD), ready when GET /health answers 200, with a token issued by
// `runevault token issue` run inside it. Teardown (stop, remove) also runs on SIGINT/SIGTERM.
// The image comes resolved from the caller, so this module never loads the image build:
// docker-driver.ts adds that; bundled tools use this directly.

















async function startVaultContainer(options) {
    const started = performance.now();
    const since = (at) => Math.round(performance.now() - at);
    const docker = options.docker ?? (0,docker_client/* connectDocker */.Z8)();
    const log = options.log ?? (() => { });
    const hooks = options.hooks ?? {};
    const runId = options.runId ?? newRunId();
    const network = options.network ?? 'host';
    const [freeGrpc = 0, freeHttp = 0] = await freePorts(2);
    const grpcPort = options.grpcPort || freeGrpc;
    const httpPort = options.httpPort || freeHttp;
    hooks.phase?.('container');
    // The image and the host folder (maybe key generation) are independent: overlap them.
    const imageStarted = performance.now();
    const imagePromise = options.resolveImage().then((image) => ({ image, imageMs: since(imageStarted) }));
    let home;
    let creating;
    const homePromise = prepareVaultHome({
        ...containerListeners({ network, grpcPort, httpPort }),
        tls: options.tls ?? false,
        oidcProviders: (options.oidcProviders ?? []).map((provider, index) => ({
            ...provider,
            jwksFile: `${CONTAINER_INSTALL_DIR}/${oidcJwksEntryName(index)}`,
        })),
        ...(options.configOverrides ? { configOverrides: options.configOverrides } : {}),
        ...(options.configFile ? { configFile: options.configFile } : {}),
        ...(options.keysDir ? { keysDir: options.keysDir } : {}),
        ...(options.oidcJwksFile ? { oidcJwksFile: options.oidcJwksFile } : {}),
        ...(options.generateKeys ? { generateKeys: options.generateKeys } : {}),
        ...(options.parentDir ? { parentDir: options.parentDir } : {}),
        prefix: 'runevault-e2e-docker-',
    }).then((made) => {
        home = made;
        return made;
    });
    // Whatever exists when it runs: a create still in flight is awaited, so it cannot slip past.
    // Memoized: a signal's teardown and the start's own failure path share one removal.
    let removal;
    const removeEverything = () => {
        removal ??= (async () => {
            try {
                const container = await creating?.catch(() => undefined);
                await container?.remove({ force: true }).catch(ignoreGone);
            }
            finally {
                await (home ?? (await homePromise.catch(() => undefined)))?.remove().catch(() => undefined);
            }
        })();
        return removal;
    };
    let interruptedBy;
    const unregister = options.teardownOnSignal === false
        ? () => { }
        : teardownOnSignal(`vault run ${runId}`, (signal) => {
            interruptedBy = signal;
            return removeEverything();
        });
    try {
        const [{ image, imageMs }, prepared] = await Promise.all([imagePromise, homePromise]);
        await hooks.homeReady?.(prepared);
        log(`image ${image.ref} (${image.id.slice(7, 19)}): ${image.how} in ${imageMs} ms${image.offlineBase ? ' on the offline base' : ''}`);
        // Read before the create, so a file that cannot be read leaves no container behind.
        const installEntries = vaultInstallEntries(prepared.dir, (options.oidcProviders ?? []).map((provider) => provider.jwksFile));
        const createStarted = performance.now();
        creating = docker.createContainer(containerCreateOptions({
            image: image.ref,
            runId,
            createdAtMs: Date.now(),
            network,
            grpcPort,
            httpPort,
            ...(options.name ? { name: options.name } : {}),
            ...(options.labels ? { labels: options.labels } : {}),
        }));
        const container = await creating;
        await hooks.containerCreated?.({
            id: container.id,
            runId,
            ...(options.name ? { name: options.name } : {}),
        });
        log(`container ${container.id.slice(0, 12)}${options.name ? ` (${options.name})` : ''} created for run ${runId}`);
        const copyStarted = performance.now();
        // Owned by the image's numeric user, which writes tokens.yml, roles.yml and missing keys there.
        const copied = await copyIntoContainer(container, CONTAINER_INSTALL_DIR, installEntries, {
            uid: docker_client/* RUNTIME_UID */.E2,
            gid: docker_client/* RUNTIME_GID */.KC,
        });
        const copyMs = since(copyStarted);
        log(`copied ${copied.files} file(s), ${copied.bytes} bytes, into ${CONTAINER_INSTALL_DIR} of container ${container.id.slice(0, 12)} in ${copyMs} ms`);
        const startStarted = performance.now();
        await container.start();
        hooks.phase?.('health');
        const httpUrl = `http://127.0.0.1:${httpPort}`;
        const ready = await new HttpHealthWait(`${httpUrl}/health`)
            .withDeadline(options.healthDeadlineMs ?? DEFAULT_HEALTH_DEADLINE_MS)
            .waitUntilReady(containerWaitTarget(container));
        const startToHealthyMs = since(startStarted);
        const createToHealthyMs = since(createStarted);
        log(`container ${container.id.slice(0, 12)} (run ${runId}) healthy in ${startToHealthyMs} ms (${ready.attempts} polls)`);
        const running = container;
        const runCli = containerVaultCli(docker, running.id);
        const issueToken = (user, role) => issueTokenViaCli(runCli, user, role);
        const tokenStarted = performance.now();
        let token = '';
        if (options.issueToken) {
            hooks.phase?.('token');
            token = await issueToken(options.issueToken.user, options.issueToken.role);
        }
        const tokenMs = since(tokenStarted);
        let finalLogs;
        let stopping;
        const stop = () => {
            stopping ??= (async () => {
                await running.stop({ t: 10 }).catch(ignoreNotFoundOrNotModified);
                // Kept so readLogs still answers (failure reports) once the container is gone.
                finalLogs = await containerLogs(running).catch(() => finalLogs);
                await removeEverything();
                unregister();
            })();
            return stopping;
        };
        return {
            driver: 'docker',
            runId,
            container: running,
            containerId: running.id,
            image,
            home: prepared,
            grpcAddress: `127.0.0.1:${grpcPort}`,
            httpUrl,
            token,
            ...(prepared.tls ? { tlsRootCert: prepared.tls.pem } : {}),
            timings: {
                imageMs,
                keygenMs: prepared.keygenMs,
                createToHealthyMs,
                copyMs,
                startToHealthyMs,
                tokenMs,
                totalMs: since(started),
            },
            runCli,
            issueToken,
            createRole: (role) => createRoleViaCli(runCli, role),
            readLogs: async () => {
                if (!stopping)
                    return containerLogs(running);
                await stopping;
                return finalLogs ?? '';
            },
            knownSecrets: () => knownSecretsOf(running, prepared),
            stop,
            release: unregister,
        };
    }
    catch (error) {
        await removeEverything();
        unregister();
        if (interruptedBy) {
            throw new Error(`vault start interrupted by ${interruptedBy} (run ${runId}); its container and folder were removed`);
        }
        throw error;
    }
}
/**
 * The team secret and SecKey as the vault has them: from the host folder when they were made
 * there, else (the vault made them at first start) read out of the container.
 */
function knownSecretsOf(container, home) {
    const inContainer = (hostFile) => async () => {
        const inside = (0,external_node_path_.relative)(home.dir, hostFile).split(external_node_path_.sep).join('/');
        const bytes = await readContainerFile(container, `${CONTAINER_INSTALL_DIR}/${inside}`);
        return bytes?.toString('utf8');
    };
    return readKnownSecrets({ teamSecretFile: home.teamSecretFile, secKeyFile: home.secKeyFile }, { teamSecretFile: inContainer(home.teamSecretFile), secKeyFile: inContainer(home.secKeyFile) });
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/index.ts
// @runevault/e2e/drivers/docker: the container half of the docker driver, without the image
// build or host key generation (which need this repository and SEAL). What a bundled tool
// such as the start-vault-container action imports.










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
