export const id = 555;
export const ids = [555];
export const modules = {

/***/ 43555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startVault: () => (/* binding */ startVault)
});

// UNUSED EXPORTS: explainStartFailure

// EXTERNAL MODULE: ./actions/start-vault-container/src/commonjs-globals.ts
var commonjs_globals = __webpack_require__(78728);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 12 modules
var core = __webpack_require__(3894);
// EXTERNAL MODULE: ./packages/e2e/src/drivers/docker/index.ts + 22 modules
var drivers_docker = __webpack_require__(67524);
// EXTERNAL MODULE: ./actions/common/src/log-safe.ts
var log_safe = __webpack_require__(35219);
// EXTERNAL MODULE: ./actions/start-vault-container/src/state-helper.ts + 1 modules
var state_helper = __webpack_require__(40130);
// EXTERNAL MODULE: ./actions/common/src/docker-reference.ts
var docker_reference = __webpack_require__(2311);
;// CONCATENATED MODULE: ./actions/start-vault-container/src/artifact-archive.ts
// artifact-name: the `docker save` archive uploaded earlier in this run (e.g. by a build-image
// job), downloaded with @actions/artifact. Without an artifact service (a plain shell, `act`
// without --artifact-server-path) the caller warns once and takes the image from elsewhere.




/** Why the artifact service cannot be used here, or undefined when it can. */
function artifactUnavailableReason(env = process.env) {
    if (env.ACT === 'true' && !env.ACTIONS_RESULTS_URL) {
        return 'running under act without an artifact server (act --artifact-server-path DIR gives one)';
    }
    // The two variables @actions/artifact reads before any request.
    if (!env.ACTIONS_RESULTS_URL)
        return 'no artifact service (ACTIONS_RESULTS_URL is not set: not on a GitHub runner)';
    if (!env.ACTIONS_RUNTIME_TOKEN)
        return 'no artifact service (ACTIONS_RUNTIME_TOKEN is not set)';
    return undefined;
}
const ARCHIVE = /\.(tar|tar\.gz|tgz)$/;
/** The archive in a downloaded artifact: `file` when given, else its only .tar / .tar.gz. */
function findArchive(dir, artifactName, file) {
    if (file)
        return (0,external_node_path_.join)(dir, file);
    const archives = (0,external_node_fs_.readdirSync)(dir).filter((name) => ARCHIVE.test(name));
    if (archives.length !== 1) {
        throw new Error(`artifact ${(0,log_safe/* logSafe */.sN)(artifactName)} holds ${archives.length === 0 ? 'no' : archives.length} .tar/.tar.gz files` +
            `${archives.length > 1 ? ` (${archives.map(log_safe/* logSafe */.sN).join(', ')})` : ''}; name the one to load with image-archive`);
    }
    return (0,external_node_path_.join)(dir, archives[0] ?? '');
}
/**
 * Downloads the artifact into `dir` and returns the archive's path, or why it could not be
 * downloaded when no artifact service is there (the caller warns and falls back).
 */
async function downloadImageArchive(artifactName, dir, file, env = process.env) {
    const reason = artifactUnavailableReason(env);
    if (reason)
        return { unavailable: reason };
    // Loaded on use: the Azure and Octokit clients inside are most of the bundle.
    const { DefaultArtifactClient } = await __webpack_require__.e(/* import() */ 933).then(__webpack_require__.bind(__webpack_require__, 47933));
    const client = new DefaultArtifactClient();
    const { artifact } = await client.getArtifact(artifactName);
    const { downloadPath } = await client.downloadArtifact(artifact.id, { path: dir });
    const path = findArchive(downloadPath ?? dir, artifactName, file);
    core/* info */.pq(`artifact ${(0,log_safe/* logSafe */.sN)(artifactName)} (${artifact.size} bytes) downloaded to ${(0,log_safe/* logSafe */.sN)(downloadPath ?? dir)}`);
    return { path };
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./actions/start-vault-container/src/carried-image.ts
// The vault this action carries: dist/vault-image/, written by scripts/build-actions.mjs
// (bundle, Dockerfile, launcher, config, version). With no image input the action builds the
// image from it — no checkout of this repository, no npm ci, no esbuild — tagged
// runevault:<version>-<content hash>, so another step or job on the same engine reuses it.



/** The folder this module runs from: actions/<name>/dist in a bundle, src/ under tests. */
const MODULE_DIR = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
/**
 * Where the carried context may be: beside this bundle (start-vault-container), else in the
 * start-vault-container dist of the same repository (the root action's bundle, in
 * actions/vault-e2e/dist, is always fetched with the whole repository, so it need not carry
 * a second copy).
 */
function carriedContextCandidates(moduleDir = MODULE_DIR) {
    return [(0,external_node_path_.join)(moduleDir, 'vault-image'), (0,external_node_path_.join)(moduleDir, '../../start-vault-container/dist/vault-image')];
}
function carriedContextDir(candidates = carriedContextCandidates()) {
    const found = candidates.find((dir) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'vault-image.json')));
    if (!found) {
        throw new Error(`this action carries no vault image context (looked in ${candidates.join(', ')}); ` +
            'its dist is incomplete: rebuild it with node scripts/build-actions.mjs start-vault-container, or set image, image-archive or build-context');
    }
    return found;
}

// EXTERNAL MODULE: ./packages/vault-image/src/docker-client.ts + 8 modules
var docker_client = __webpack_require__(40928);
;// CONCATENATED MODULE: ./actions/start-vault-container/src/pull-errors.ts
// The one line a user reads when a pull failed. What the failure means comes from the image
// toolkit's classifier (registry-errors.ts), shared with the release scripts.


/**
 * The engine's message without docker-modem's "(HTTP code 500) server error - " wrapper, on
 * one line, escaped and cut to a length an annotation shows whole.
 */
function pullErrorDetail(error) {
    const text = (0,docker_client/* engineErrorMessage */.md)(error).replace(/\s+/g, ' ').trim();
    const cut = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    return (0,log_safe/* logSafe */.sN)(cut || 'no message');
}
class PullError extends Error {
    kind;
    attempts;
    constructor(kind, attempts, message) {
        super(message);
        this.kind = kind;
        this.attempts = attempts;
        this.name = 'PullError';
    }
}
/** One line: which registry refused what, why, and what to do. `detail` is already escaped. */
function pullFailureMessage(reference, registry, kind, detail, attempts) {
    const image = (0,log_safe/* logSafe */.sN)(reference);
    const host = (0,log_safe/* logSafe */.sN)(registry);
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    switch (kind) {
        case 'auth':
            return (`registry ${host} refused the pull of ${image} (auth: ${detail}); log in to it in an earlier step ` +
                '(docker/login-action or docker login: the engine pulls with the credentials in ~/.docker/config.json) ' +
                'with an account that may read the image');
        case 'not-found':
            return `registry ${host} has no image ${image} (not found: ${detail}); check the repository and the tag or digest in the image input`;
        case 'rate-limit':
            return `registry ${host} kept refusing the pull of ${image} with a rate limit (${detail}) after ${tries}; log in to it for a higher limit, or run the job again later`;
        case 'server':
            return `registry ${host} failed the pull of ${image} with a server error (${detail}) after ${tries}; run the job again later`;
        case 'network':
            return `cannot reach registry ${host} to pull ${image} (network: ${detail}) after ${tries}; check the runner's network and DNS, or load the image with image-archive`;
        case 'other':
            return `pulling ${image} from ${host} failed: ${detail}; check the image input`;
    }
}

;// CONCATENATED MODULE: ./actions/start-vault-container/src/image-pull.ts
// Pulls an image the engine lacks, as `docker pull` would: with the engine's own credentials
// for that registry (registry-auth.ts), a bounded number of attempts, and a pause between
// them that only transient refusals (rate limit, 5xx, network) get; auth and not-found fail
// at once. The pause and the clock are parameters, so tests step through it without waiting.



const PULL_ATTEMPTS = 3;
/** Before attempt 2, then 3: doubled from this. */
const PULL_BACKOFF_MS = 2_000;
/** One attempt: a 100 MB image on a slow runner, not a hung engine. */
const PULL_ATTEMPT_TIMEOUT_MS = 300_000;
/**
 * Runs `attempt` until it succeeds, fails for good, or `attempts` are used. The error thrown
 * is a PullError whose message is the one line for the user.
 */
async function pullWithRetry(attempt, where, options = {}) {
    const attempts = options.attempts ?? PULL_ATTEMPTS;
    const backoffMs = options.backoffMs ?? PULL_BACKOFF_MS;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (let n = 1;; n++) {
        try {
            await attempt();
            return { attempts: n };
        }
        catch (error) {
            const detail = pullErrorDetail(error);
            const kind = (0,docker_client/* classifyRegistryError */.CT)(detail);
            if (!(0,docker_client/* isTransientRegistryFailure */.sB)(kind) || n >= attempts) {
                throw new PullError(kind, n, pullFailureMessage(where.reference, where.registry, kind, detail, n));
            }
            const waitMs = backoffMs * 2 ** (n - 1);
            options.onRetry?.(n, kind, detail, waitMs);
            await sleep(waitMs);
        }
    }
}
/**
 * One `POST /images/create` and its progress stream to the end. The engine reports some
 * failures as an HTTP status and others as an error event in a 200 stream: both reject.
 */
async function pullOnce(docker, reference, auth, timeoutMs = PULL_ATTEMPT_TIMEOUT_MS) {
    const parsed = (0,docker_reference/* parseImageReference */.o)(reference);
    if (!parsed.ok)
        throw new Error(`${reference} is not an image reference: ${parsed.reason}`);
    const { name, tag, digest } = parsed.reference;
    // The credentials go as createImage's own argument (the X-Registry-Auth header): given as
    // docker.pull's `authconfig` option, docker-modem would also put them in the query string.
    const stream = await docker.createImage(auth, {
        fromImage: name,
        tag: digest ?? tag ?? 'latest',
        abortSignal: AbortSignal.timeout(timeoutMs),
    });
    await new Promise((resolve, reject) => {
        docker.modem.followProgress(stream, (error, events) => {
            const failed = events?.find((event) => event.error || event.errorDetail);
            if (error)
                reject(error);
            else if (failed)
                reject(new Error(failed.errorDetail?.message ?? failed.error));
            else
                resolve();
        });
    });
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./actions/start-vault-container/src/registry-auth.ts
// The credentials the docker CLI would send for a registry: what `docker login` (or
// docker/login-action) wrote to $DOCKER_CONFIG/config.json, else ~/.docker/config.json —
// a per-registry credential helper, else the credential store, else the `auths` entry. The
// Engine API pulls with no credentials of its own, so the action hands them over as the CLI does.




/** Docker Hub's key in config.json, for references with no registry or docker.io. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 10_000;
function dockerConfigFile(env = process.env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
/** `https://host/v1/` → host, as the CLI's ConvertToHostname compares keys. */
function hostOf(key) {
    return key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
}
/** What the CLI runs: `docker-credential-<helper> get`, the server URL on stdin, JSON out. */
const runCredentialHelper = (helper, serverUrl) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_.execFile)(`docker-credential-${helper}`, ['get'], { timeout: HELPER_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => error ? reject(new Error(`${stderr || stdout || error.message}`.trim())) : resolve(stdout));
    child.stdin?.end(serverUrl);
});
/**
 * The credentials for `registry` (a reference's domain; undefined for Docker Hub). A helper
 * that has none ("credentials not found") means none, as for the CLI; a helper that fails
 * otherwise is reported in `source` and the pull goes anonymously (the registry then says no).
 */
async function registryAuthFor(registry, env = process.env, runHelper = runCredentialHelper) {
    const file = dockerConfigFile(env);
    const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io';
    const host = hub ? 'docker.io' : registry;
    const serverUrl = hub ? DOCKER_HUB_KEY : registry;
    if (!(0,external_node_fs_.existsSync)(file))
        return { auth: undefined, source: `no ${file}: pulling from ${host} anonymously` };
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch (error) {
        return {
            auth: undefined,
            source: `${file} is not JSON (${error.message}): pulling anonymously`,
        };
    }
    const matches = (key) => hub ? key === DOCKER_HUB_KEY || hostOf(key) === 'docker.io' : hostOf(key) === host;
    const helperKey = Object.keys(config.credHelpers ?? {}).find(matches);
    const helper = helperKey ? config.credHelpers?.[helperKey] : config.credsStore;
    if (helper) {
        try {
            const answer = JSON.parse(await runHelper(helper, serverUrl));
            if (!answer.Secret)
                return { auth: undefined, source: `docker-credential-${helper} has none for ${host}` };
            // The CLI's convention: a user named <token> means the secret is an identity token.
            const auth = answer.Username === '<token>'
                ? { identitytoken: answer.Secret, serveraddress: serverUrl }
                : { username: answer.Username ?? '', password: answer.Secret, serveraddress: serverUrl };
            return { auth, source: `credentials for ${host} from docker-credential-${helper}` };
        }
        catch (error) {
            const message = error.message;
            if (/credentials not found/i.test(message)) {
                return { auth: undefined, source: `docker-credential-${helper} has none for ${host}` };
            }
            return {
                auth: undefined,
                source: `docker-credential-${helper} failed (${message.split('\n')[0]}): pulling from ${host} anonymously`,
            };
        }
    }
    const key = Object.keys(config.auths ?? {}).find(matches);
    const entry = key ? config.auths?.[key] : undefined;
    if (!entry)
        return { auth: undefined, source: `${file} has no credentials for ${host}: pulling anonymously` };
    if (entry.identitytoken) {
        return {
            auth: { identitytoken: entry.identitytoken, serveraddress: serverUrl },
            source: `credentials for ${host} from ${file}`,
        };
    }
    let { username, password } = entry;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
            username = decoded.slice(0, colon);
            password = decoded.slice(colon + 1);
        }
    }
    if (!username || !password) {
        return { auth: undefined, source: `${file} has an empty entry for ${host}: pulling anonymously` };
    }
    return {
        auth: { username, password, serveraddress: serverUrl },
        source: `credentials for ${host} from ${file}`,
    };
}

;// CONCATENATED MODULE: ./actions/start-vault-container/src/vault-image.ts
// The image to run, in this order: an archive (image-archive, or the one in artifact-name),
// a build from build-context, the image input (pulled when the engine lacks it and it names a
// registry), else the vault this action carries, built once and reused (carried-image.ts).
// When artifact-name cannot be downloaded, the step falls back to build-context, then to the
// image input, then to the carried vault.









async function resolveActionImage(docker, inputs, env = process.env, dependencies = {}) {
    const source = await chooseSource(inputs, env, dependencies);
    // The build's own lines name the paths and tags it was given.
    const log = (line) => core/* info */.pq((0,log_safe/* logSafeLines */.TW)(line));
    let image = source.kind === 'given'
        ? await presentOrPulled(docker, source.image, env, dependencies)
        : await (0,drivers_docker/* resolvePrebuiltImage */.$b)(docker, source, log);
    const carried = source.kind === 'carried' ? ' from the vault this action carries' : '';
    core/* info */.pq(`image ${(0,log_safe/* logSafe */.sN)(image.ref)} (${image.id.slice(7, 19)}): ${image.how}${carried}${image.offlineBase ? ' on the offline base' : ''}`);
    // A built or loaded image also gets the tag the caller asked for, so later steps can name it.
    if (inputs.imageGiven && image.ref !== inputs.image) {
        const [repo, tag] = splitTag(inputs.image);
        await docker.getImage(image.id).tag({ repo, tag });
        core/* info */.pq(`tagged ${(0,log_safe/* logSafe */.sN)(image.ref)} as ${(0,log_safe/* logSafe */.sN)(inputs.image)}`);
        image = { ...image, ref: inputs.image };
    }
    const digest = await imageDigest(docker, image);
    return { ...image, digest };
}
async function chooseSource(inputs, env, dependencies) {
    const carried = () => ({
        kind: 'carried',
        dir: (dependencies.carriedDir ?? carriedContextDir)(),
    });
    if (inputs.artifactName) {
        const dir = (0,external_node_path_.join)(env.RUNNER_TEMP || process.cwd(), `${inputs.name}-image`);
        const download = await downloadImageArchive(inputs.artifactName, dir, inputs.imageArchive, env);
        if ('path' in download)
            return { kind: 'archive', path: download.path };
        const fallback = inputs.buildContext
            ? { kind: 'checkout', dir: inputs.buildContext }
            : inputs.imageGiven
                ? { kind: 'given', image: inputs.image }
                : carried();
        core/* warning */.$e(`artifact-name ${(0,log_safe/* logSafe */.sN)(inputs.artifactName)} is not downloaded: ${download.unavailable}; ` +
            (fallback.kind === 'given'
                ? `running image ${(0,log_safe/* logSafe */.sN)(fallback.image)}`
                : fallback.kind === 'checkout'
                    ? `building the image from ${(0,log_safe/* logSafe */.sN)(fallback.dir)}`
                    : 'running the image of the vault this action carries') +
            ' instead');
        return fallback;
    }
    if (inputs.imageArchive)
        return { kind: 'archive', path: inputs.imageArchive };
    if (inputs.buildContext)
        return { kind: 'checkout', dir: inputs.buildContext };
    if (inputs.imageGiven)
        return { kind: 'given', image: inputs.image };
    return carried();
}
/**
 * Whether a missing image is worth a pull: it names a registry (ghcr.io/…, 127.0.0.1:5000/…)
 * or a Docker Hub namespace (owner/name). A one-part name such as runevault:dev would be an
 * official Docker Hub image, and there is no such image of the vault: it can only be local.
 */
function isPullable(reference) {
    return reference.domain !== undefined || reference.path.includes('/');
}
async function presentOrPulled(docker, image, env, dependencies) {
    const parsed = (0,docker_reference/* parseImageReference */.o)(image);
    // A name with a tag and a digest is pulled, inspected and run by its digest.
    const ref = parsed.ok && parsed.reference.digest ? `${parsed.reference.name}@${parsed.reference.digest}` : image;
    const present = await inspectImage(docker, ref);
    if (present)
        return { ref, id: present.Id, how: 'tag' };
    if (!parsed.ok || !isPullable(parsed.reference)) {
        throw new Error(`image ${(0,log_safe/* logSafe */.sN)(image)} is not on the Docker engine and names no registry to pull it from; ` +
            'leave image empty to run the vault this action carries, give a registry reference (e.g. ghcr.io/OWNER/runevault:VERSION), ' +
            'or set build-context, image-archive or artifact-name');
    }
    const registry = parsed.reference.domain ?? 'docker.io';
    const found = await registryAuthFor(parsed.reference.domain, env);
    // Never printed; masked in case an engine or helper message ever echoes it.
    for (const secret of [found.auth?.password, found.auth?.identitytoken])
        if (secret)
            core/* setSecret */.Pq(secret);
    core/* info */.pq(`pulling ${(0,log_safe/* logSafe */.sN)(ref)}: ${(0,log_safe/* logSafe */.sN)(found.source)}`);
    const { attempts } = await pullWithRetry(() => pullOnce(docker, ref, found.auth), { reference: image, registry }, {
        ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
        onRetry: (attempt, kind, detail, waitMs) => core/* info */.pq(`pull attempt ${attempt} of ${PULL_ATTEMPTS} failed (${kind}: ${detail}); trying again in ${waitMs / 1000} s`),
    });
    const pulled = await inspectImage(docker, ref);
    if (!pulled)
        throw new Error(`the engine pulled ${(0,log_safe/* logSafe */.sN)(ref)} but cannot inspect it; pull it again`);
    core/* info */.pq(`pulled ${(0,log_safe/* logSafe */.sN)(ref)} in ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`);
    return { ref, id: pulled.Id, how: 'pulled' };
}
/** The engine's inspect data of an image, or undefined when it has none by that name. */
async function inspectImage(docker, name) {
    try {
        return await docker.getImage(name).inspect();
    }
    catch (error) {
        if (error.statusCode === 404)
            return undefined;
        throw error;
    }
}
/** Docker Hub's names appear in RepoDigests without docker.io/ and library/. */
function familiarName(name) {
    return name.replace(/^(?:docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}
/**
 * The registry digest of the image's own repository (what `docker pull` printed), when it
 * came from a registry; else its image ID, the only name a built or loaded image has.
 */
async function imageDigest(docker, image) {
    if (image.how !== 'pulled' && image.how !== 'tag')
        return image.id;
    const parsed = (0,docker_reference/* parseImageReference */.o)(image.ref);
    if (!parsed.ok)
        return image.id;
    if (parsed.reference.digest)
        return parsed.reference.digest;
    const info = await inspectImage(docker, image.ref);
    const wanted = familiarName(parsed.reference.name);
    const entry = (info?.RepoDigests ?? []).find((repoDigest) => {
        const at = repoDigest.indexOf('@');
        return at > 0 && familiarName(repoDigest.slice(0, at)) === wanted;
    });
    return entry ? entry.slice(entry.indexOf('@') + 1) : image.id;
}
/**
 * `repo[:tag]` → [repo, tag], by Docker's reference grammar (the colon of a registry port is
 * not a tag separator); the inputs were checked, so a reference that does not parse is kept whole.
 */
function splitTag(reference) {
    const parsed = (0,docker_reference/* parseImageReference */.o)(reference);
    if (!parsed.ok)
        return [reference, 'latest'];
    return [parsed.reference.name, parsed.reference.tag ?? 'latest'];
}

;// CONCATENATED MODULE: ./actions/start-vault-container/src/start-vault.ts
// main: Docker engine → image → container → health → token, each a section of the log.
// Post's cleanup depends on state saved as early as possible: the host folder when it
// exists, the container the moment it is created.








/** Beside configs/ in the host folder: readable by the runner's user, removed with it by post. */
const TLS_CA_FILE = 'tls-ca.pem';
const PHASE_TITLES = {
    container: 'Container',
    health: 'Health',
    token: 'Token',
};
/** What a user sees when no engine answers: how to get one, not how this repo's tests do. */
const ENGINE_HINT = 'this action needs a Docker engine: use a runner that has one (ubuntu-latest does), start dockerd, or point DOCKER_HOST at one';
async function startVault(inputs, env = process.env) {
    const docker = await core/* group */.Os('Docker engine', async () => {
        // checkDockerEngine appends this to its reason ("no Docker engine answers at …").
        process.env.RUNEVAULT_DOCKER_STATUS = ENGINE_HINT;
        const engine = await (0,drivers_docker/* checkDockerEngine */.LT)();
        if (!engine.ok)
            throw new Error(engine.reason);
        core/* info */.pq(`Docker engine ${engine.version} at ${env.DOCKER_HOST || 'the local socket'}`);
        return engine.docker;
    });
    const image = await core/* group */.Os('Image', () => resolveActionImage(docker, inputs, env));
    let open;
    const enter = (title) => {
        if (open)
            core/* endGroup */.N4();
        core/* startGroup */.Oh(title);
        open = title;
    };
    let vault;
    try {
        vault = await (0,drivers_docker/* startVaultContainer */._y)({
            docker,
            resolveImage: async () => image,
            name: inputs.name,
            ...(env.GITHUB_REPOSITORY ? { labels: { [drivers_docker/* REPO_LABEL */.kV]: env.GITHUB_REPOSITORY } } : {}),
            network: inputs.network,
            grpcPort: inputs.grpcPort,
            httpPort: inputs.httpPort,
            ...(inputs.config ? { configFile: inputs.config } : {}),
            ...(inputs.keys ? { keysDir: inputs.keys } : {}),
            ...(inputs.oidcJwks ? { oidcJwksFile: inputs.oidcJwks } : {}),
            tls: inputs.tls,
            healthDeadlineMs: inputs.healthTimeoutMs,
            issueToken: inputs.issueToken ?? false,
            // The runner's cancel (SIGINT/SIGTERM) still runs post, which removes it; the driver's own
            // teardown would race it and exit the process before main could record anything.
            teardownOnSignal: false,
            ...(env.RUNNER_TEMP ? { parentDir: env.RUNNER_TEMP } : {}),
            // The Image section already named the image. Driver lines carry input values (names, paths).
            log: (line) => {
                if (!line.startsWith('image '))
                    core/* info */.pq((0,log_safe/* logSafeLines */.TW)(line));
            },
            hooks: {
                phase: (phase) => enter(PHASE_TITLES[phase]),
                homeReady: (home) => {
                    state_helper/* setHomeDir */.js(home.dir);
                    // The vault never prints its team secret; masked anyway, as every secret we handle.
                    // A given config may name one that is not there yet: the vault makes it at first
                    // start, and it is masked once read back out of the container below.
                    if ((0,external_node_fs_.existsSync)(home.teamSecretFile)) {
                        const teamSecret = (0,external_node_fs_.readFileSync)(home.teamSecretFile, 'utf8').trim();
                        if (teamSecret)
                            core/* setSecret */.Pq(teamSecret);
                    }
                    if (inputs.oidcJwks && home.jwksProviders === 0) {
                        core/* warning */.$e(`oidc-jwks ${(0,log_safe/* logSafe */.sN)(inputs.oidcJwks)} is copied to the vault's configs/ but no OIDC provider of the config reads a jwks_file, so nothing uses it`);
                    }
                },
                containerCreated: ({ id, runId }) => {
                    state_helper/* setContainerId */.nI(id);
                    state_helper/* setRunLabel */.Wz(runId);
                },
            },
        });
        if (!(0,external_node_fs_.existsSync)(vault.home.teamSecretFile)) {
            const made = (await vault.knownSecrets()).teamSecret;
            if (made)
                core/* setSecret */.Pq(made);
        }
        // Masked before it is output or could be printed anywhere.
        if (vault.token) {
            core/* setSecret */.Pq(vault.token);
            core/* info */.pq(`issued a token for user ${(0,log_safe/* logSafe */.sN)(inputs.issueToken?.user ?? '')}, role ${(0,log_safe/* logSafe */.sN)(inputs.issueToken?.role ?? '')} (masked)`);
        }
    }
    catch (error) {
        if (open)
            core/* endGroup */.N4();
        open = undefined;
        throw explainStartFailure(error, inputs);
    }
    finally {
        if (open)
            core/* endGroup */.N4();
    }
    // The certificate is self-signed, so it is its own CA: a copy beside configs/ (which went
    // into the container) in the host folder, for the job's later steps; post removes it.
    let tlsCa = '';
    if (vault.tlsRootCert) {
        tlsCa = (0,external_node_path_.join)(vault.home.dir, TLS_CA_FILE);
        (0,external_node_fs_.writeFileSync)(tlsCa, vault.tlsRootCert, { mode: 0o644 });
    }
    core/* info */.pq(`vault ${vault.containerId.slice(0, 12)} (${(0,log_safe/* logSafe */.sN)(inputs.name)}) healthy at ${vault.grpcAddress} (gRPC${tlsCa ? ` over TLS, CA ${(0,log_safe/* logSafe */.sN)(tlsCa)}` : ''}) and ${vault.httpUrl}; ` +
        `started in ${vault.timings.totalMs} ms`);
    return {
        containerId: vault.containerId,
        grpcEndpoint: vault.grpcAddress,
        httpEndpoint: vault.httpUrl,
        token: vault.token,
        image: image.ref,
        imageDigest: image.digest,
        tlsCa,
    };
}
/**
 * One line for the ::error:: annotation, saying what to do; the vault's own last log lines
 * (which the driver puts in its message) go to the log above it.
 */
function explainStartFailure(error, inputs) {
    if (error instanceof drivers_docker/* HealthDeadlineError */.$c || error instanceof drivers_docker/* TargetExitedError */.Fe) {
        core/* startGroup */.Oh('Vault log (last lines)');
        core/* info */.pq((0,log_safe/* logSafeLines */.TW)(error.logs));
        core/* endGroup */.N4();
    }
    if (error instanceof drivers_docker/* HealthDeadlineError */.$c) {
        return new Error(`the vault in ${error.target} did not answer GET /health within health-timeout ` +
            `(${inputs.healthTimeoutMs} ms); its last log lines are above: raise health-timeout if it was still starting, or fix what the log shows`);
    }
    if (error instanceof drivers_docker/* TargetExitedError */.Fe) {
        const code = error.exit.exitCode === null ? 'unknown code' : `code ${error.exit.exitCode}`;
        return new Error(`the vault in ${error.target} exited (${code}) before it became healthy; its last log lines are above: ` +
            'fix the config or keys it names');
    }
    const status = error.statusCode;
    if (status === 409 && /already in use|Conflict/i.test(String(error.message))) {
        return new Error(`a container named ${(0,log_safe/* logSafe */.sN)(inputs.name)} already exists; remove it (docker rm -f ${(0,log_safe/* logSafe */.sN)(inputs.name)}) or set the name input to one unique per job`);
    }
    return error instanceof Error ? error : new Error(String(error));
}


/***/ })

};
