export const id = 906;
export const ids = [906];
export const modules = {

/***/ 32906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseSuiteOptions: () => (/* binding */ parseSuiteOptions)
/* harmony export */ });
/* unused harmony exports parseCaseList, parseInputs */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36106);
/* harmony import */ var _common_src_action_inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25867);
/* harmony import */ var _common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35219);
// The action's inputs, parsed and checked before the vault is contacted. Every problem is
// collected, so one `::error::` line tells the user everything to fix in one edit.





/** "all" or nothing → []; otherwise entries separated by commas or newlines. */
function parseCaseList(value) {
    const entries = value
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter(Boolean);
    return entries.length === 1 && entries[0]?.toLowerCase() === 'all' ? [] : entries;
}
/**
 * `getInput` returns '' for an input that is neither given nor defaulted, as core.getInput
 * does. Relative paths resolve against GITHUB_WORKSPACE, where the runner starts steps.
 */
function parseInputs(getInput, env = process.env, cases = ALL_CASES) {
    const reader = new InputReader('run-e2e-suite', getInput);
    const paths = workspacePaths(reader, env);
    const inputs = { ...readVaultTarget(reader, paths), ...readSuiteOptions(reader, paths, cases) };
    inputs.tlsCa ??= exportedTlsCa(reader, env);
    reader.throwIfProblems();
    return inputs;
}
/** What start-vault-container with tls: true exported for later steps (when tls-ca is empty). */
const EXPORTED_TLS_CA_ENV = 'RUNEVAULT_TLS_CA';
function exportedTlsCa(reader, env) {
    const exported = env[EXPORTED_TLS_CA_ENV]?.trim();
    if (!exported)
        return undefined;
    if (!existsSync(exported)) {
        reader.problem(`${EXPORTED_TLS_CA_ENV} (exported by start-vault-container) names ${logSafe(exported)}, which no longer exists; set input tls-ca to the vault's CA`);
    }
    return exported;
}
/** Only the suite's own inputs (cases, reports, oidc), for a caller that starts the vault itself. */
function parseSuiteOptions(getInput, env = process.env, cases = _runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .ALL_CASES */ .SF) {
    const reader = new _common_src_action_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputReader */ .i_('run-e2e-suite', getInput);
    const options = readSuiteOptions(reader, workspacePaths(reader, env), cases);
    reader.throwIfProblems();
    return options;
}
function workspacePaths(reader, env) {
    const path = (value) => (0,_common_src_action_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .inWorkspace */ .ve)(value, env);
    const existingFile = (name) => {
        const value = reader.line(name);
        if (value === '')
            return undefined;
        const absolute = path(value);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(absolute))
            reader.problem(`input ${name}: no such file ${(0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_3__/* .logSafe */ .sN)(absolute)}`);
        return absolute;
    };
    return { path, existingFile };
}
function readVaultTarget(reader, { path, existingFile }) {
    const grpcEndpoint = reader.line('grpc-endpoint');
    const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(grpcEndpoint);
    if (grpcEndpoint === '') {
        reader.problem("input grpc-endpoint is required (HOST:PORT, start-vault-container's grpc-endpoint output)");
    }
    else if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65_535) {
        reader.problem(`input grpc-endpoint must be HOST:PORT (e.g. 127.0.0.1:50051), got ${quoteInput(grpcEndpoint)}`);
    }
    // One line: the URL parser would silently drop a line break that the log then shows.
    const httpEndpoint = reader.line('http-endpoint').replace(/\/+$/, '');
    if (httpEndpoint === '') {
        reader.problem("input http-endpoint is required (http://HOST:PORT, start-vault-container's http-endpoint output)");
    }
    else if (!isHttpUrl(httpEndpoint)) {
        reader.problem(`input http-endpoint must be an http:// or https:// URL (e.g. http://127.0.0.1:9090), got ${quoteInput(httpEndpoint)}`);
    }
    // Masked by the caller before this runs; checked here only for shape, never quoted.
    const token = reader.getInput('token');
    const container = reader.containerName('container') || undefined;
    const adminSocketText = reader.line('admin-socket');
    const adminSocket = adminSocketText ? path(adminSocketText) : undefined;
    if (/\s/.test(token)) {
        reader.problem('input token must be a single word without spaces (e.g. evt_ and 32 hex characters)');
    }
    else if (token === '' && !container && !adminSocket) {
        reader.problem("input token is required unless container or admin-socket is given to issue one (start-vault-container's token output)");
    }
    if (adminSocket && !existsSync(adminSocket))
        reader.problem(`input admin-socket: no such socket ${logSafe(adminSocket)}`);
    return {
        grpcEndpoint,
        httpEndpoint,
        token: token === '' ? undefined : token,
        container,
        logFile: existingFile('log-file'),
        adminSocket,
    };
}
function readSuiteOptions(reader, { path, existingFile }, cases) {
    const get = (name) => reader.get(name);
    const only = parseCaseList(get('cases'));
    const exclude = parseCaseList(get('exclude'));
    try {
        if ((0,_runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .selectCases */ ._H)(cases, only, exclude).length === 0) {
            reader.problem('inputs cases and exclude together select no case; drop one of the exclusions');
        }
    }
    catch (error) {
        // Names every valid case, so one edit fixes it.
        reader.problem(`input cases/exclude: ${error.message}`);
    }
    let timeoutPerCaseMs = 30_000;
    try {
        timeoutPerCaseMs = (0,_runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)('input timeout-per-case', get('timeout-per-case') || '30s');
    }
    catch (error) {
        reader.problem(error.message);
    }
    const summary = reader.boolean('summary', true);
    const oidcToken = reader.getInput('oidc-token');
    if (/\s/.test(oidcToken))
        reader.problem('input oidc-token must be one JWT without spaces or newlines');
    const oidcNegativeTokensFile = existingFile('oidc-negative-tokens-file');
    if (oidcNegativeTokensFile && oidcToken === '') {
        reader.problem("input oidc-negative-tokens-file needs oidc-token too: case 15 first exchanges a token the vault must accept (mint-test-oidc's token output)");
    }
    const retriesText = get('retries');
    let retries = 0;
    if (/^\d$/.test(retriesText) && Number(retriesText) <= _runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .MAX_RETRIES */ .kd)
        retries = Number(retriesText);
    else if (retriesText !== '') {
        reader.problem(`input retries must be a whole number from 0 to ${_runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .MAX_RETRIES */ .kd} (runs of a failed case after its first), got ${(0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteInput */ .Zs)(retriesText)}`);
    }
    const failOnFlaky = reader.boolean('fail-on-flaky', false);
    let quarantine = [];
    try {
        quarantine = (0,_runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .parseQuarantine */ .mW)(reader.getInput('quarantine').split(/\r\n|\n/), cases, _common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_3__/* .quoteInput */ .Zs);
    }
    catch (error) {
        if (!(error instanceof _runevault_e2e_suite__WEBPACK_IMPORTED_MODULE_1__/* .QuarantineError */ .ts))
            throw error;
        reader.problem(`input quarantine: ${error.message}`);
    }
    return {
        cases: only,
        exclude,
        timeoutPerCaseMs,
        retries,
        failOnFlaky,
        quarantine,
        tlsCa: existingFile('tls-ca'),
        junitPath: path(reader.line('junit-path') || 'e2e-junit.xml'),
        summary,
        oidcToken: oidcToken === '' ? undefined : oidcToken,
        oidcNegativeTokensFile,
    };
}
function isHttpUrl(value) {
    try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
    }
    catch {
        return false;
    }
}


/***/ })

};
