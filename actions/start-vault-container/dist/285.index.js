export const id = 285;
export const ids = [285];
export const modules = {

/***/ 33285:
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
// EXTERNAL MODULE: ./packages/e2e/src/drivers/docker/index.ts + 26 modules
var drivers_docker = __webpack_require__(34447);
// EXTERNAL MODULE: ./actions/common/src/log-safe.ts
var log_safe = __webpack_require__(35219);
// EXTERNAL MODULE: ./actions/start-vault-container/src/state-helper.ts
var state_helper = __webpack_require__(96351);
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

;// CONCATENATED MODULE: ./actions/start-vault-container/src/vault-image.ts
// The image to run, in this order: an archive (image-archive, or the one in artifact-name),
// a build from build-context, else the image tag the engine must already have. When
// artifact-name cannot be downloaded, the step falls back to build-context, then to the tag
// if the engine has it, then to building the workspace checkout.






async function resolveActionImage(docker, inputs, env = process.env) {
    const source = await chooseSource(docker, inputs, env);
    let image;
    try {
        // The build's own lines name the paths and tags it was given.
        image = await (0,drivers_docker/* resolvePrebuiltImage */.$b)(docker, source, (line) => core/* info */.pq((0,log_safe/* logSafeLines */.TW)(line)));
    }
    catch (error) {
        if (error instanceof drivers_docker/* ImageNotFoundError */.Zw) {
            throw new Error(`image ${(0,log_safe/* logSafe */.sN)(error.image)} is not on the Docker engine; set build-context to a checkout of the vault ` +
                '(its npm run image builds it), image-archive or artifact-name to load one, or pull it in an earlier step');
        }
        throw error;
    }
    core/* info */.pq(`image ${(0,log_safe/* logSafe */.sN)(image.ref)} (${image.id.slice(7, 19)}): ${image.how}${image.offlineBase ? ' on the offline base' : ''}`);
    // A built or loaded image also gets the tag the caller asked for, so later steps can name it.
    if (inputs.imageGiven && image.ref !== inputs.image) {
        const [repo, tag] = splitTag(inputs.image);
        await docker.getImage(image.id).tag({ repo, tag });
        core/* info */.pq(`tagged ${(0,log_safe/* logSafe */.sN)(image.ref)} as ${(0,log_safe/* logSafe */.sN)(inputs.image)}`);
        image = { ...image, ref: inputs.image };
    }
    return image;
}
async function chooseSource(docker, inputs, env) {
    if (inputs.artifactName) {
        const dir = (0,external_node_path_.join)(env.RUNNER_TEMP || process.cwd(), `${inputs.name}-image`);
        const download = await downloadImageArchive(inputs.artifactName, dir, inputs.imageArchive, env);
        if ('path' in download)
            return { kind: 'archive', path: download.path };
        const fallback = inputs.buildContext
            ? { kind: 'checkout', dir: inputs.buildContext }
            : (await hasImage(docker, inputs.image))
                ? { kind: 'tag', tag: inputs.image }
                : { kind: 'checkout', dir: env.GITHUB_WORKSPACE || process.cwd() };
        core/* warning */.$e(`artifact-name ${(0,log_safe/* logSafe */.sN)(inputs.artifactName)} is not downloaded: ${download.unavailable}; ` +
            (fallback.kind === 'tag'
                ? `running image ${(0,log_safe/* logSafe */.sN)(fallback.tag)}`
                : `building the image from ${(0,log_safe/* logSafe */.sN)(fallback.dir)}`) +
            ' instead');
        return fallback;
    }
    if (inputs.imageArchive)
        return { kind: 'archive', path: inputs.imageArchive };
    if (inputs.buildContext)
        return { kind: 'checkout', dir: inputs.buildContext };
    return { kind: 'tag', tag: inputs.image };
}
async function hasImage(docker, name) {
    try {
        await docker.getImage(name).inspect();
        return true;
    }
    catch {
        return false;
    }
}
/**
 * `repo[:tag]` → [repo, tag], by Docker's reference grammar (the colon of a registry port is
 * not a tag separator); the inputs were checked, so a reference that does not parse is kept whole.
 */
function splitTag(reference) {
    const parsed = (0,docker_reference/* parseImageReference */.o_)(reference);
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
                    const teamSecret = (0,external_node_fs_.readFileSync)(home.teamSecretFile, 'utf8').trim();
                    if (teamSecret)
                        core/* setSecret */.Pq(teamSecret);
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
    // The certificate is self-signed, so it is its own CA: a copy outside configs/, which now
    // belongs to the container's user.
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
