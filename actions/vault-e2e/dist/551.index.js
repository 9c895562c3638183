import { dirname as __actionDirname } from 'node:path';
import { fileURLToPath as __actionFileURLToPath } from 'node:url';
const __filename = __actionFileURLToPath(import.meta.url);
const __dirname = __actionDirname(__filename);
export const id = 551;
export const ids = [551];
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

/***/ 65576:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $c: () => (/* reexport */ http_health_wait/* HealthDeadlineError */.$c),
  kV: () => (/* reexport */ REPO_LABEL),
  jQ: () => (/* reexport */ container_create_options_RUN_LABEL),
  Fe: () => (/* reexport */ http_health_wait/* TargetExitedError */.Fe),
  LT: () => (/* reexport */ docker_client/* checkDockerEngine */.LT),
  BX: () => (/* reexport */ container_logs/* containerLogs */.B),
  w$: () => (/* reexport */ http_health_wait/* lastLines */.w$),
  od: () => (/* reexport */ removeContainer),
  $b: () => (/* reexport */ resolvePrebuiltImage),
  _y: () => (/* reexport */ startVaultContainer),
  Oe: () => (/* reexport */ sweepLabelledContainers)
});

// UNUSED EXPORTS: CHECKOUT_IMAGE_TAG, GIVEN_JWKS_FILE, GivenConfigError, ImageNotFoundError, connectDocker, containerLabels, listRunContainers, newRunId

// EXTERNAL MODULE: ./packages/vault-image/src/docker-client.ts + 8 modules
var docker_client = __webpack_require__(40928);
// EXTERNAL MODULE: ./packages/e2e/src/drivers/wait/http-health-wait.ts
var http_health_wait = __webpack_require__(31545);
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

// EXTERNAL MODULE: ./packages/e2e/src/drivers/docker/container-logs.ts
var container_logs = __webpack_require__(64438);
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

// EXTERNAL MODULE: ./packages/e2e/src/drivers/admin-commands.ts + 1 modules
var admin_commands = __webpack_require__(5584);
// EXTERNAL MODULE: ./packages/e2e/src/drivers/driver-defaults.ts
var driver_defaults = __webpack_require__(41045);
// EXTERNAL MODULE: ./packages/e2e/src/drivers/known-secrets.ts
var known_secrets = __webpack_require__(75325);
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

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
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

// EXTERNAL MODULE: ./packages/e2e/src/drivers/docker/container-cli.ts
var container_cli = __webpack_require__(74991);
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
        lastLogLines: (count) => (0,container_logs/* containerLogs */.B)(container, { tail: count }),
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
        const ready = await new http_health_wait/* HttpHealthWait */.cy(`${httpUrl}/health`)
            .withDeadline(options.healthDeadlineMs ?? driver_defaults/* DEFAULT_HEALTH_DEADLINE_MS */.j)
            .waitUntilReady(containerWaitTarget(container));
        const startToHealthyMs = since(startStarted);
        const createToHealthyMs = since(createStarted);
        log(`container ${container.id.slice(0, 12)} (run ${runId}) healthy in ${startToHealthyMs} ms (${ready.attempts} polls)`);
        const running = container;
        const runCli = (0,container_cli/* containerVaultCli */.k)(docker, running.id);
        const issueToken = (user, role) => (0,admin_commands/* issueTokenViaCli */.LW)(runCli, user, role);
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
                finalLogs = await (0,container_logs/* containerLogs */.B)(running).catch(() => finalLogs);
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
            createRole: (role) => (0,admin_commands/* createRoleViaCli */.zq)(runCli, role),
            readLogs: async () => {
                if (!stopping)
                    return (0,container_logs/* containerLogs */.B)(running);
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
    return (0,known_secrets/* readKnownSecrets */.P)({ teamSecretFile: home.teamSecretFile, secKeyFile: home.secKeyFile }, { teamSecretFile: inContainer(home.teamSecretFile), secKeyFile: inContainer(home.secKeyFile) });
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/index.ts
// @runevault/e2e/drivers/docker: the container half of the docker driver, without the image
// build or host key generation (which need this repository and SEAL). What a bundled tool
// such as the start-vault-container action imports.










/***/ })

};
