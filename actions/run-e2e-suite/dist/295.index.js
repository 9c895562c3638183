export const id = 295;
export const ids = [295];
export const modules = {

/***/ 3295:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseInputs: () => (/* binding */ parseInputs)
});

// UNUSED EXPORTS: InputError, parseCaseList, parseSuiteOptions

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/e2e/src/suite.ts + 65 modules
var suite = __webpack_require__(9441);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./actions/common/src/action-inputs.ts
// What every action's input parsing shares. Problems are collected rather than thrown one at a
// time, so one `::error::` line tells the user everything to fix in one edit. Not an action
// itself (no action.yml): the actions import it, and ncc bundles it into each.

/** A path input made absolute: as given, or against GITHUB_WORKSPACE, where the runner starts steps. */
function inWorkspace(value, env = process.env) {
    return (0,external_node_path_.isAbsolute)(value) ? value : (0,external_node_path_.resolve)(env.GITHUB_WORKSPACE || process.cwd(), value);
}
/** Every problem with an action's inputs, prefixed with the action's name. */
class InputError extends Error {
    action;
    problems;
    constructor(action, problems) {
        super(`${action}: ${problems.join('; ')}`);
        this.action = action;
        this.problems = problems;
        this.name = 'InputError';
    }
}
// The spellings GitHub's own core.getBooleanInput accepts (YAML 1.2 core schema).
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
/**
 * Reads inputs through `getInput` (which returns '' for an input neither given nor defaulted,
 * as core.getInput does). Each reader notes a problem and returns the fallback, so parsing goes
 * on and `throwIfProblems()` reports them all.
 */
class action_inputs_InputReader {
    action;
    getInput;
    problems = [];
    constructor(action, getInput) {
        this.action = action;
        this.getInput = getInput;
    }
    /** The value without surrounding whitespace. */
    get(name) {
        return this.getInput(name).trim();
    }
    problem(text) {
        this.problems.push(text);
    }
    boolean(name, fallback) {
        const value = this.get(name);
        if (value === '')
            return fallback;
        if (TRUE_VALUES.includes(value))
            return true;
        if (FALSE_VALUES.includes(value))
            return false;
        this.problem(`input ${name} must be true or false, got ${JSON.stringify(value)}`);
        return fallback;
    }
    /** 0–65535; `hint` follows the range in the message, e.g. " (0 = a free one)". */
    port(name, fallback, hint = '') {
        const value = this.get(name);
        if (value === '')
            return fallback;
        const number = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
        if (number >= 0 && number <= 65535)
            return number;
        this.problem(`input ${name} must be a port number from 0 to 65535${hint}, got ${JSON.stringify(value)}`);
        return fallback;
    }
    /** One of `allowed` (empty: the fallback); `hint` follows the list in the message. */
    oneOf(name, allowed, fallback, hint = '') {
        const value = this.get(name) || fallback;
        if (allowed.includes(value))
            return value;
        this.problem(`input ${name} must be ${allowed.join(' or ')}${hint}, got ${JSON.stringify(value)}`);
        return fallback;
    }
    /** Throws an InputError listing every problem noted so far, if there is one. */
    throwIfProblems() {
        if (this.problems.length > 0)
            throw new InputError(this.action, this.problems);
    }
}

;// CONCATENATED MODULE: ./actions/run-e2e-suite/src/inputs.ts
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
function parseInputs(getInput, env = process.env, cases = suite/* ALL_CASES */.SF) {
    const reader = new action_inputs_InputReader('run-e2e-suite', getInput);
    const paths = workspacePaths(reader, env);
    const inputs = { ...readVaultTarget(reader, paths), ...readSuiteOptions(reader, paths, cases) };
    reader.throwIfProblems();
    return inputs;
}
/** Only the suite's own inputs (cases, reports, oidc), for a caller that starts the vault itself. */
function parseSuiteOptions(getInput, env = process.env, cases = ALL_CASES) {
    const reader = new InputReader('run-e2e-suite', getInput);
    const options = readSuiteOptions(reader, workspacePaths(reader, env), cases);
    reader.throwIfProblems();
    return options;
}
function workspacePaths(reader, env) {
    const path = (value) => inWorkspace(value, env);
    const existingFile = (name) => {
        const value = reader.get(name);
        if (value === '')
            return undefined;
        const absolute = path(value);
        if (!(0,external_node_fs_.existsSync)(absolute))
            reader.problem(`input ${name}: no such file ${absolute}`);
        return absolute;
    };
    return { path, existingFile };
}
function readVaultTarget(reader, { path, existingFile }) {
    const get = (name) => reader.get(name);
    const grpcEndpoint = get('grpc-endpoint');
    const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(grpcEndpoint);
    if (grpcEndpoint === '') {
        reader.problem("input grpc-endpoint is required (HOST:PORT, start-vault-container's grpc-endpoint output)");
    }
    else if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65_535) {
        reader.problem(`input grpc-endpoint must be HOST:PORT (e.g. 127.0.0.1:50051), got ${JSON.stringify(grpcEndpoint)}`);
    }
    const httpEndpoint = get('http-endpoint').replace(/\/+$/, '');
    if (httpEndpoint === '') {
        reader.problem("input http-endpoint is required (http://HOST:PORT, start-vault-container's http-endpoint output)");
    }
    else if (!isHttpUrl(httpEndpoint)) {
        reader.problem(`input http-endpoint must be an http:// or https:// URL (e.g. http://127.0.0.1:9090), got ${JSON.stringify(httpEndpoint)}`);
    }
    // Masked by the caller before this runs; checked here only for shape, never quoted.
    const token = reader.getInput('token');
    const container = get('container') || undefined;
    const adminSocket = get('admin-socket') ? path(get('admin-socket')) : undefined;
    if (/\s/.test(token)) {
        reader.problem('input token must be a single word without spaces (e.g. evt_ and 32 hex characters)');
    }
    else if (token === '' && !container && !adminSocket) {
        reader.problem("input token is required unless container or admin-socket is given to issue one (start-vault-container's token output)");
    }
    if (adminSocket && !(0,external_node_fs_.existsSync)(adminSocket))
        reader.problem(`input admin-socket: no such socket ${adminSocket}`);
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
        if ((0,suite/* selectCases */._H)(cases, only, exclude).length === 0) {
            reader.problem('inputs cases and exclude together select no case; drop one of the exclusions');
        }
    }
    catch (error) {
        // Names every valid case, so one edit fixes it.
        reader.problem(`input cases/exclude: ${error.message}`);
    }
    let timeoutPerCaseMs = 30_000;
    try {
        timeoutPerCaseMs = (0,suite/* parseDuration */.E9)('input timeout-per-case', get('timeout-per-case') || '30s');
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
    return {
        cases: only,
        exclude,
        timeoutPerCaseMs,
        tlsCa: existingFile('tls-ca'),
        junitPath: path(get('junit-path') || 'e2e-junit.xml'),
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
