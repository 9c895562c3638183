export const id = 121;
export const ids = [121];
export const modules = {

/***/ 121:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseInputs: () => (/* binding */ parseInputs)
});

// UNUSED EXPORTS: InputError, parseCaseList, parseSuiteOptions

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./packages/e2e/src/suite.ts + 74 modules
var suite = __webpack_require__(5934);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./actions/common/src/log-safe.ts
var log_safe = __webpack_require__(5219);
;// CONCATENATED MODULE: ./actions/common/src/docker-reference.ts
// Docker's grammar for image references and container names, checked before an action talks
// to the engine, so a bad input fails with a message that says which part is wrong rather than
// with the engine's "invalid reference format". The grammar is distribution/reference's:
//
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component { "/" path-component }     (at most 255 chars)
//   domain    := host [ ":" port ]        host: DNS-like labels, or [IPv6]
//   path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*    separator: "." "_" "__" or "-"+
//   tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//   digest    := algorithm ":" hex     sha256 (64 hex), sha384 (96) or sha512 (128), as the engine's
//                                      go-digest accepts
//
// The first component is the domain when Docker's CLI would take it as one (it holds "." or
// ":", is "localhost", or has an upper-case letter), as `docker pull` decides.

const NAME_MAX_LENGTH = 255;
const ALPHANUMERIC = /^[a-z0-9]+/;
const SEPARATOR = /^(?:__|[._]|-+)/;
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
const IMAGE_ID = /^[a-f0-9]{64}$/;
// Docker's own rule for container names (daemon/names: restrictedNamePattern).
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** Why `component` is not a path component, or undefined when it is one. */
function pathComponentProblem(component) {
    if (component === '')
        return 'it has an empty path component (two slashes, or one at an end)';
    if (/[A-Z]/.test(component))
        return 'repository names must be lowercase';
    // alphanumeric runs joined by single separators; scanned, so the message can say what broke.
    let rest = component;
    for (;;) {
        const run = ALPHANUMERIC.exec(rest);
        if (!run)
            break;
        rest = rest.slice(run[0].length);
        if (rest === '')
            return undefined;
        const separator = SEPARATOR.exec(rest);
        if (!separator)
            break;
        rest = rest.slice(separator[0].length);
    }
    return `path component ${(0,log_safe/* quoteInput */.Zs)(component)} must be lowercase letters and digits, joined by one of . _ __ or dashes, starting and ending with a letter or digit`;
}
function domainProblem(domain) {
    let host = domain;
    const portAt = domain.startsWith('[') ? domain.indexOf(']:') + 1 : domain.lastIndexOf(':');
    if (portAt > 0) {
        host = domain.slice(0, portAt);
        if (!PORT.test(domain.slice(portAt + 1)))
            return `registry ${(0,log_safe/* quoteInput */.Zs)(domain)} has a port that is not a number`;
    }
    if (IPV6_HOST.test(host))
        return undefined;
    if (host.split('.').every((label) => DOMAIN_LABEL.test(label)))
        return undefined;
    return `registry ${(0,log_safe/* quoteInput */.Zs)(domain)} is not a host name (letters, digits and dashes, separated by dots) with an optional :port`;
}
function looksLikeDomain(component) {
    return /[.:]/.test(component) || component === 'localhost' || component.toLowerCase() !== component;
}
/** Checks `text` against Docker's reference grammar; the reason says which part is wrong. */
function parseImageReference(text) {
    const fail = (reason) => ({ ok: false, reason });
    if (text === '')
        return fail('it is empty');
    if (/[\s\p{Cc}]/u.test(text))
        return fail('it contains a space, line break or control character');
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        const colon = digest.indexOf(':');
        const length = colon < 0 ? undefined : DIGEST_HEX_LENGTH[digest.slice(0, colon)];
        const hex = digest.slice(colon + 1);
        if (length === undefined || hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
            return fail('the digest after @ must be sha256: and 64 lowercase hex digits (or sha384:/sha512: and 96/128)');
        }
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    // A colon before the last slash is a registry port, not a tag.
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            return fail('the tag after : must be 1 to 128 letters, digits, _ . or -, and not start with . or -');
        }
    }
    const name = rest;
    if (name === '')
        return fail('it has no repository name');
    if (name.length > NAME_MAX_LENGTH)
        return fail(`the repository name is longer than ${NAME_MAX_LENGTH} characters`);
    const components = name.split('/');
    let domain;
    if (components.length > 1 && looksLikeDomain(components[0] ?? '')) {
        domain = components.shift();
        const problem = domainProblem(domain ?? '');
        if (problem)
            return fail(problem);
    }
    for (const component of components) {
        const problem = pathComponentProblem(component);
        if (problem)
            return fail(problem);
    }
    const path = components.join('/');
    // What `docker run` would take for an image ID, which cannot be tagged.
    if (IMAGE_ID.test(name))
        return fail('a 64-hex-digit name is an image ID, not a repository name');
    return { ok: true, reference: { domain, path, name, tag, digest } };
}
/** Why `text` cannot be a container name, or undefined when Docker accepts it. */
function containerNameProblem(text) {
    if (CONTAINER_NAME.test(text))
        return undefined;
    return 'at least 2 of letters, digits, _ . -, starting with a letter or digit';
}

;// CONCATENATED MODULE: ./actions/common/src/action-inputs.ts
// What every action's input parsing shares. Problems are collected rather than thrown one at a
// time, so one `::error::` line tells the user everything to fix in one edit. Not an action
// itself (no action.yml): the actions import it, and ncc bundles it into each.



// Line breaks, other controls and the runner's legacy command marker: a path or name holding
// one could start a workflow command in the output of tools that echo it unescaped
// (@actions/exec prints its command line raw; the vault CLI prints its paths).
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]|##\[/u;
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
    /**
     * The value, trimmed, for an input that names one thing (a path, a container): a line break
     * or control character in it is a problem, not something to print or pass on.
     */
    line(name) {
        const value = this.get(name);
        if (NOT_ONE_LINE.test(value)) {
            this.problem(`input ${name}: ${(0,log_safe/* quoteInput */.Zs)(value)} contains a line break, a control character or the runner's legacy command marker; give one line of plain text`);
        }
        return value;
    }
    /**
     * An image reference (name[:tag][@digest]) in Docker's grammar; `fallback` when empty.
     * The problem names the input, the value and the part that is wrong.
     */
    imageReference(name, fallback) {
        const value = this.get(name) || fallback;
        const parsed = parseImageReference(value);
        if (parsed.ok)
            return parsed.reference;
        this.problem(`input ${name}: ${(0,log_safe/* quoteInput */.Zs)(value)} is not a Docker image reference: ${parsed.reason} (e.g. ghcr.io/org/runevault:1.2)`);
        return undefined;
    }
    /** A container name or ID as Docker accepts it; `fallback` when empty, '' when neither. */
    containerName(name, fallback = '') {
        const value = this.get(name) || fallback;
        if (value === '')
            return value;
        const problem = containerNameProblem(value);
        if (problem)
            this.problem(`input ${name} must be a container name (${problem}), got ${(0,log_safe/* quoteInput */.Zs)(value)}`);
        return value;
    }
    boolean(name, fallback) {
        const value = this.get(name);
        if (value === '')
            return fallback;
        if (TRUE_VALUES.includes(value))
            return true;
        if (FALSE_VALUES.includes(value))
            return false;
        this.problem(`input ${name} must be true or false, got ${(0,log_safe/* quoteInput */.Zs)(value)}`);
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
        this.problem(`input ${name} must be a port number from 0 to 65535${hint}, got ${(0,log_safe/* quoteInput */.Zs)(value)}`);
        return fallback;
    }
    /** One of `allowed` (empty: the fallback); `hint` follows the list in the message. */
    oneOf(name, allowed, fallback, hint = '') {
        const value = this.get(name) || fallback;
        if (allowed.includes(value))
            return value;
        this.problem(`input ${name} must be ${allowed.join(' or ')}${hint}, got ${(0,log_safe/* quoteInput */.Zs)(value)}`);
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
    if (!(0,external_node_fs_.existsSync)(exported)) {
        reader.problem(`${EXPORTED_TLS_CA_ENV} (exported by start-vault-container) names ${(0,log_safe/* logSafe */.sN)(exported)}, which no longer exists; set input tls-ca to the vault's CA`);
    }
    return exported;
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
        const value = reader.line(name);
        if (value === '')
            return undefined;
        const absolute = path(value);
        if (!(0,external_node_fs_.existsSync)(absolute))
            reader.problem(`input ${name}: no such file ${(0,log_safe/* logSafe */.sN)(absolute)}`);
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
        reader.problem(`input grpc-endpoint must be HOST:PORT (e.g. 127.0.0.1:50051), got ${(0,log_safe/* quoteInput */.Zs)(grpcEndpoint)}`);
    }
    // One line: the URL parser would silently drop a line break that the log then shows.
    const httpEndpoint = reader.line('http-endpoint').replace(/\/+$/, '');
    if (httpEndpoint === '') {
        reader.problem("input http-endpoint is required (http://HOST:PORT, start-vault-container's http-endpoint output)");
    }
    else if (!isHttpUrl(httpEndpoint)) {
        reader.problem(`input http-endpoint must be an http:// or https:// URL (e.g. http://127.0.0.1:9090), got ${(0,log_safe/* quoteInput */.Zs)(httpEndpoint)}`);
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
    if (adminSocket && !(0,external_node_fs_.existsSync)(adminSocket))
        reader.problem(`input admin-socket: no such socket ${(0,log_safe/* logSafe */.sN)(adminSocket)}`);
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
    const retriesText = get('retries');
    let retries = 0;
    if (/^\d$/.test(retriesText) && Number(retriesText) <= suite/* MAX_RETRIES */.kd)
        retries = Number(retriesText);
    else if (retriesText !== '') {
        reader.problem(`input retries must be a whole number from 0 to ${suite/* MAX_RETRIES */.kd} (runs of a failed case after its first), got ${(0,log_safe/* quoteInput */.Zs)(retriesText)}`);
    }
    const failOnFlaky = reader.boolean('fail-on-flaky', false);
    let quarantine = [];
    try {
        quarantine = (0,suite/* parseQuarantine */.mW)(reader.getInput('quarantine').split(/\r\n|\n/), cases, log_safe/* quoteInput */.Zs);
    }
    catch (error) {
        if (!(error instanceof suite/* QuarantineError */.ts))
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
