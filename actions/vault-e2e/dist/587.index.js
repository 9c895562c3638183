export const id = 587;
export const ids = [587];
export const modules = {

/***/ 29587:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  finishSuiteStep: () => (/* binding */ finishSuiteStep),
  runE2eSuite: () => (/* binding */ runE2eSuite)
});

// UNUSED EXPORTS: describeFailure, oidcFixture, readNegativeTokens, reportFailures, suiteOutputs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 12 modules
var core = __webpack_require__(3894);
// EXTERNAL MODULE: ./packages/e2e/src/suite.ts + 58 modules
var src_suite = __webpack_require__(36106);
// EXTERNAL MODULE: ./actions/common/src/log-safe.ts
var log_safe = __webpack_require__(35219);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
;// CONCATENATED MODULE: ./actions/run-e2e-suite/src/vault-connection.ts
// The running vault as the cases see it: the address driver over the given endpoints, with
// the container (or admin socket) for admin commands and the container (or log file) as the
// log source. What the inputs cannot give becomes a skip with its reason, not a failure.





/** How long /health may take to answer: the vault is meant to be up already. */
const HEALTH_DEADLINE_MS = 10_000;
const GRPC_PROBE_TIMEOUT_MS = 3_000;
const NO_ADMIN_ACCESS = "needs the vault's admin CLI to create users and roles: give the container input (or admin-socket for a vault on this host)";
const NO_LOG_ACCESS = "needs the vault's log: give the container input (or log-file)";
/** The vault did not answer; the message says what to check. */
class VaultUnreachableError extends Error {
    name = 'VaultUnreachableError';
}
/** `oidc`: case 15's fixture, when the inputs give one (oidc-token). */
async function connectSuiteVault(inputs, oidc) {
    const tlsRootCert = inputs.tlsCa ? await (0,promises_.readFile)(inputs.tlsCa) : undefined;
    let vault;
    try {
        vault = await (0,src_suite/* connectAddressVault */.Nc)({
            grpcAddress: inputs.grpcEndpoint,
            httpUrl: inputs.httpEndpoint,
            ...(inputs.token ? { token: inputs.token } : {}),
            ...(inputs.adminSocket ? { adminSocket: inputs.adminSocket } : {}),
            ...(inputs.container ? { container: { id: inputs.container } } : {}),
            ...(inputs.logFile ? { logs: { file: inputs.logFile } } : {}),
            ...(tlsRootCert ? { tlsRootCert } : {}),
            healthDeadlineMs: HEALTH_DEADLINE_MS,
        });
    }
    catch (error) {
        if (error instanceof src_suite/* HealthDeadlineError */.$c) {
            throw new VaultUnreachableError(`the vault is not reachable: GET ${(0,log_safe/* logSafe */.sN)(inputs.httpEndpoint)}/health did not answer 200 within ${HEALTH_DEADLINE_MS / 1000} s; ` +
                'check that the vault is running and healthy, and that http-endpoint and grpc-endpoint are the addresses it listens on as seen from this job');
        }
        throw error;
    }
    // Issued by the driver when no token was given: masked before anything could print it.
    if (!inputs.token)
        core/* setSecret */.Pq(vault.token);
    await probeGrpcEndpoint(inputs.grpcEndpoint, inputs.httpEndpoint);
    const admin = Boolean(inputs.container || inputs.adminSocket);
    const logs = Boolean(inputs.container || inputs.logFile);
    // Every value here is an input: escaped, so none can start a workflow command.
    const http = (0,log_safe/* logSafe */.sN)(inputs.httpEndpoint);
    const container = (0,log_safe/* logSafe */.sN)(inputs.container ?? '');
    core/* info */.pq(`vault healthy at ${http}; gRPC endpoint ${(0,log_safe/* logSafe */.sN)(inputs.grpcEndpoint)} accepts connections`);
    core/* info */.pq(`log source: ${inputs.logFile ? `file ${(0,log_safe/* logSafe */.sN)(inputs.logFile)}` : inputs.container ? `container ${container}` : `none (cases that read logs are skipped: ${NO_LOG_ACCESS})`}`);
    core/* info */.pq(`admin commands: ${inputs.adminSocket ? `socket ${(0,log_safe/* logSafe */.sN)(inputs.adminSocket)}` : inputs.container ? `docker exec in container ${container}` : `none (cases that create users or roles are skipped: ${NO_ADMIN_ACCESS})`}`);
    return withActionRules({ ...vault, ...(oidc ? { oidc } : {}) }, { admin, logs });
}
/**
 * Tokens issued for the cases are masked as they arrive; missing admin or log access turns the
 * cases that need it into skips (CaseSkip), as a vault without TLS skips the tls case.
 */
function withActionRules(vault, access) {
    return {
        ...vault,
        issueToken: async (user, role) => {
            if (!access.admin)
                throw new src_suite/* CaseSkip */.mT(NO_ADMIN_ACCESS);
            const token = await vault.issueToken(user, role);
            core/* setSecret */.Pq(token);
            return token;
        },
        createRole: async (role) => {
            if (!access.admin)
                throw new src_suite/* CaseSkip */.mT(NO_ADMIN_ACCESS);
            await vault.createRole(role);
        },
        readLogs: async () => {
            if (!access.logs)
                throw new src_suite/* CaseSkip */.mT(NO_LOG_ACCESS);
            return vault.readLogs();
        },
    };
}
/** /health can answer while the gRPC port is wrong: one TCP connect tells them apart. */
async function probeGrpcEndpoint(grpcEndpoint, httpEndpoint, timeoutMs = GRPC_PROBE_TIMEOUT_MS) {
    const at = grpcEndpoint.lastIndexOf(':');
    const host = grpcEndpoint.slice(0, at).replace(/^\[(.*)\]$/, '$1');
    const port = Number(grpcEndpoint.slice(at + 1));
    const problem = await new Promise((resolve) => {
        const socket = (0,external_node_net_.connect)({ host, port });
        const done = (result) => {
            socket.destroy();
            resolve(result);
        };
        socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
        socket.once('connect', () => done(undefined));
        socket.once('error', (error) => done(error.code ?? error.message));
    });
    if (problem) {
        throw new VaultUnreachableError(`the vault's gRPC endpoint ${(0,log_safe/* logSafe */.sN)(grpcEndpoint)} does not accept connections (${problem}) although ${(0,log_safe/* logSafe */.sN)(httpEndpoint)}/health answers; ` +
            'check grpc-endpoint: it must be the gRPC port of the same vault');
    }
}

;// CONCATENATED MODULE: ./actions/run-e2e-suite/src/run-e2e-suite.ts
// What the action does, in order: connect → run the cases → report (log, annotations, JUnit,
// job summary). The step functions are exported for the root action, which runs the same
// suite against the container it started.






async function runE2eSuite(inputs) {
    const oidc = inputs.oidcToken
        ? await oidcFixture(inputs.oidcToken, inputs.oidcNegativeTokensFile)
        : undefined;
    const vault = await core/* group */.Os('Connect to the vault', () => connectSuiteVault(inputs, oidc));
    for (const { selector, reason } of inputs.quarantine ?? []) {
        core/* info */.pq(`quarantined (runs; its failure does not fail the step): ${(0,log_safe/* logSafe */.sN)(selector)}: ${(0,log_safe/* logSafe */.sN)(reason)}`);
    }
    const suite = await (0,src_suite/* runCases */.vm)(vault, src_suite/* ALL_CASES */.SF, {
        only: inputs.cases,
        exclude: inputs.exclude,
        timeoutPerCaseMs: inputs.timeoutPerCaseMs,
        retries: inputs.retries ?? 0,
        quarantine: inputs.quarantine ?? [],
        // One line per case as it finishes, so a long run shows progress.
        onCaseDone: (result) => core/* info */.pq((0,log_safe/* logSafeLines */.TW)((0,src_suite/* formatCaseLine */.qA)(result))),
        onRetry: (c, attempt, failure) => core/* info */.pq((0,log_safe/* logSafe */.sN)(`↻ ${(0,src_suite/* caseLabel */.PZ)(c)} failed attempt ${attempt} of ${(inputs.retries ?? 0) + 1}, running it again: ${failure.message}`)),
    });
    core/* info */.pq((0,src_suite/* formatTotals */.zD)(suite));
    const failOnFlaky = inputs.failOnFlaky ?? false;
    reportFailures(suite, { failOnFlaky });
    const reportProblems = await writeReports(suite, inputs);
    return { suite, junitPath: inputs.junitPath, reportProblems, failOnFlaky };
}
/** The outputs of run-e2e-suite (and of the root action), as strings. */
function suiteOutputs(outcome) {
    return {
        passed: String(outcome.suite.passed),
        failed: String(outcome.suite.failed),
        skipped: String(outcome.suite.skipped),
        flaky: String(outcome.suite.flaky ?? 0),
        'quarantined-failed': String(outcome.suite.quarantinedFailed ?? 0),
        'duration-ms': String(outcome.suite.durationMs),
        'junit-path': outcome.junitPath,
    };
}
/**
 * Sets the outputs, then fails the step when a report could not be written, a case failed that
 * is not quarantined, or (fail-on-flaky) a case was flaky; true when it failed. A failed case
 * adds no error here: each has its own annotation already (or the note of those left out).
 */
function finishSuiteStep(outcome) {
    for (const [name, value] of Object.entries(suiteOutputs(outcome)))
        core/* setOutput */.uH(name, value);
    if (outcome.reportProblems.length > 0) {
        core/* setFailed */.C1(outcome.reportProblems.join('; '));
        return true;
    }
    const verdict = (0,src_suite/* suiteVerdict */._2)(outcome.suite, { failOnFlaky: outcome.failOnFlaky ?? false });
    if (verdict.fails) {
        core/* info */.pq(verdict.reason);
        process.exitCode = core/* ExitCode */.yU.Failure;
        return true;
    }
    return false;
}
/**
 * Details of every failed and flaky case in a collapsed group, then the annotations: an error
 * per failed case, a warning per flaky (an error with fail-on-flaky) and quarantined failure,
 * within GitHub's per-step limits (planAnnotations).
 */
function reportFailures(suite, opts = {}) {
    const notable = suite.cases.filter((result) => result.status === 'failed' || (0,src_suite/* isFlaky */.s8)(result));
    if (notable.length === 0)
        return;
    const failed = notable.filter((result) => result.status === 'failed').length;
    const flaky = notable.length - failed;
    core/* startGroup */.Oh(flaky > 0 ? `Failure details (${failed} failed, ${flaky} flaky)` : `Failure details (${failed})`);
    // The prefix keeps `::` off a line's start; logSafeLines also stops `##[` and stray controls.
    for (const result of notable)
        core/* info */.pq((0,log_safe/* logSafeLines */.TW)(describeFailure(result)));
    core/* endGroup */.N4();
    for (const annotation of (0,src_suite/* planAnnotations */.mc)(suite, opts)) {
        // core escapes line breaks and `%`; logSafe also makes the rest of the text plain.
        const properties = { title: (0,log_safe/* logSafe */.sN)(annotation.title) };
        const message = (0,log_safe/* logSafeLines */.TW)(annotation.message);
        if (annotation.level === 'error')
            core/* error */.z3(message, properties);
        else
            core/* warning */.$e(message, properties);
    }
}
/** Every log line is prefixed, so a vault log line can never read as a workflow command. */
function describeFailure(result) {
    const attempts = (0,src_suite/* describeAttempts */.U_)(result);
    const head = (0,src_suite/* isFlaky */.s8)(result)
        ? attempts
        : `${result.message ?? 'failed'}${attempts ? ` (${attempts})` : ''}`;
    const lines = [
        `${(0,src_suite/* caseLabel */.PZ)(result)}: ${head}${result.quarantine !== undefined ? ` [quarantined: ${result.quarantine}]` : ''}`,
    ];
    const failures = result.failedAttempts ?? [];
    for (const [i, failure] of failures.entries()) {
        if (i === 0 && !(0,src_suite/* isFlaky */.s8)(result))
            continue;
        lines.push(`  attempt ${i + 1}: ${failure.message}`);
    }
    if (result.logExcerpt) {
        lines.push('  vault log excerpt:', ...result.logExcerpt.split('\n').map((line) => `  | ${line}`));
    }
    return lines.join('\n');
}
async function writeReports(suite, inputs) {
    const problems = [];
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(inputs.junitPath), { recursive: true });
        await (0,promises_.writeFile)(inputs.junitPath, (0,src_suite/* formatJUnitXml */.Pe)(suite));
        core/* info */.pq(`JUnit report: ${(0,log_safe/* logSafe */.sN)(inputs.junitPath)}`);
    }
    catch (error) {
        problems.push(`could not write the JUnit report ${(0,log_safe/* logSafe */.sN)(inputs.junitPath)}: ${error.message}`);
    }
    if (inputs.summary) {
        try {
            await core/* summary */.z.addRaw((0,src_suite/* formatMarkdownSummary */.dW)(suite), true).write();
        }
        catch (error) {
            // No summary file (a plain shell, an old runner) is no reason to fail a run that passed.
            core/* warning */.$e(`the job summary was not written: ${error.message}`);
        }
    }
    return problems;
}
/**
 * Case 15's fixture from the inputs: the given JWT (mint-test-oidc's token) and the negatives
 * file's tokens, each masked as it is read, for the vault's only OIDC provider.
 */
async function oidcFixture(token, negativesFile) {
    const negatives = negativesFile ? await readNegativeTokens(negativesFile) : {};
    return { provider: '', goodToken: async () => token, negatives };
}
/** mint-test-oidc's negatives file: {"expired": "<jwt>", …}; every token masked as read. */
async function readNegativeTokens(file) {
    let parsed;
    try {
        parsed = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch {
        // Not the parser's message: it quotes the start of the text, which may be a token.
        throw new Error(`oidc-negative-tokens-file ${(0,log_safe/* logSafe */.sN)(file)} is not JSON (mint-test-oidc's negatives-file is)`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`oidc-negative-tokens-file ${(0,log_safe/* logSafe */.sN)(file)} must hold a JSON object mapping each preset to its token (mint-test-oidc's negatives-file)`);
    }
    const negatives = {};
    for (const [preset, token] of Object.entries(parsed)) {
        if (typeof token !== 'string' || token === '') {
            throw new Error(`oidc-negative-tokens-file ${(0,log_safe/* logSafe */.sN)(file)}: the value of ${(0,log_safe/* quoteInput */.Zs)(preset)} is not a token string`);
        }
        core/* setSecret */.Pq(token);
        negatives[preset] = token;
    }
    return negatives;
}


/***/ })

};
