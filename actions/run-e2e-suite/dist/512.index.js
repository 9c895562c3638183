export const id = 512;
export const ids = [512];
export const modules = {

/***/ 5219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TW: () => (/* binding */ logSafeLines),
/* harmony export */   Zs: () => (/* binding */ quoteInput),
/* harmony export */   sN: () => (/* binding */ logSafe)
/* harmony export */ });
// Caller text on its way into a log line. The runner reads every line an action prints, and
// treats one as a workflow command when, after leading whitespace, it starts with `::name…::`
// (ActionCommand.TryParseV2), or when `##[name…]` appears anywhere in it (the legacy TryParse).
// core.warning/error/setFailed escape their message themselves (%0A), core.info prints raw: so
// an input with a line break could start `::warning::…` or `::add-mask::…` of its own. These
// functions make any value printable on one line, visibly, with no way to start a command.
// C0 and C1 controls (line feed, CR, NEL, escape, …), the Unicode line and paragraph
// separators, and the bidirectional overrides that make a line display other than it reads.
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const NAMED_ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// The legacy command marker, anywhere; its `[` is what gets escaped.
const LEGACY_MARKER = /##\[/g;
// The command marker at the start, after what C#'s TrimStart drops (every Unicode space).
const LEADING_MARKER = /^([\s\p{Zs}]*)::/u;
function escapeCharacter(character) {
    return NAMED_ESCAPES[character] ?? `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}
/** Escapes what would break a line or start a command; everything else is kept as it reads. */
function neutralise(text) {
    return text
        .replace(UNSAFE_CHARACTER, escapeCharacter)
        .replace(LEGACY_MARKER, '##\\u005b')
        .replace(LEADING_MARKER, '$1\\u003a:');
}
/**
 * A value as it appears inside a log sentence, e.g. a path: one line, unquoted, backslashes
 * kept (so Windows paths stay readable); line breaks and other controls become `\n`, `\u2028`…
 */
function logSafe(value) {
    return neutralise(value);
}
/**
 * A value quoted for a message about it: JSON's quoting (so `\` and `"` are escaped and the
 * text is unambiguous), plus what JSON leaves raw (U+2028/2029, bidi controls, `##[`).
 */
function quoteInput(value) {
    return neutralise(JSON.stringify(value));
}
/**
 * Multi-line text (a Markdown summary, a log excerpt) for core.info: line breaks are kept,
 * every line is made safe on its own.
 */
function logSafeLines(text) {
    return text
        .split(/\r\n|\n/)
        .map((line) => neutralise(line))
        .join('\n');
}


/***/ }),

/***/ 5934:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SF: () => (/* reexport */ cases_ALL_CASES),
  mT: () => (/* reexport */ CaseSkip),
  $c: () => (/* reexport */ HealthDeadlineError),
  kd: () => (/* reexport */ runner_MAX_RETRIES),
  ts: () => (/* reexport */ quarantine_QuarantineError),
  PZ: () => (/* reexport */ caseLabel),
  Nc: () => (/* reexport */ connectAddressVault),
  U_: () => (/* reexport */ describeAttempts),
  qA: () => (/* reexport */ formatCaseLine),
  Pe: () => (/* reexport */ junit_reporter_formatJUnitXml),
  dW: () => (/* reexport */ markdown_reporter_formatMarkdownSummary),
  zD: () => (/* reexport */ formatTotals),
  s8: () => (/* reexport */ runner_isFlaky),
  E9: () => (/* reexport */ parseDuration),
  mW: () => (/* reexport */ quarantine_parseQuarantine),
  mc: () => (/* reexport */ planAnnotations),
  vm: () => (/* reexport */ runCases),
  _H: () => (/* reexport */ runner_selectCases),
  _2: () => (/* reexport */ verdict_suiteVerdict)
});

// UNUSED EXPORTS: ANNOTATIONS_PER_STEP, CaseFailure, CaseSelectionError, NO_ADMIN_SOCKET, NO_LOG_SOURCE, containerLogs, exitCodeFor, formatConsoleReport, writeReportOutputs

;// CONCATENATED MODULE: ./packages/e2e/src/cases/case.ts
/** A check that did not hold; the message reads "expected …, got …". */
class CaseFailure extends Error {
    expected;
    actual;
    detail;
    name = 'CaseFailure';
    constructor(expected, actual, detail) {
        super(`expected ${expected}, got ${actual}${detail ? ` (${detail})` : ''}`);
        this.expected = expected;
        this.actual = actual;
        this.detail = detail;
    }
}
/** Thrown by a case that cannot apply to this vault; the runner reports it as skipped. */
class CaseSkip extends Error {
    name = 'CaseSkip';
}
/** "07-audit-log": the label used in reports and accepted by --cases. */
function caseLabel(c) {
    return `${String(c.id).padStart(2, '0')}-${c.name}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./packages/e2e/src/reporters/byte-budget.ts
// Text cut to a number of UTF-8 bytes, always on a character boundary: GitHub counts the job
// summary in bytes, and half a multi-byte character would show as U+FFFD (or worse, break
// the Markdown around it).
const encoder = new TextEncoder();
function utf8Bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Back from `end` to the start of the character it falls in (skips continuation bytes). */
function boundary(bytes, end) {
    let at = end;
    while (at > 0 && at < bytes.length && (bytes[at] & 0xc0) === 0x80)
        at--;
    return at;
}
/** The first bytes of `text` that fit in `maxBytes`, with `… (N more bytes)` when cut. */
function cutHead(text, maxBytes) {
    if (utf8Bytes(text) <= maxBytes)
        return text;
    const bytes = encoder.encode(text);
    const note = (cut) => `… (${cut} more bytes)`;
    const keep = boundary(bytes, Math.max(0, maxBytes - utf8Bytes(note(bytes.length))));
    return Buffer.from(bytes.subarray(0, keep)).toString('utf8') + note(bytes.length - keep);
}
/** The last bytes of `text` that fit in `maxBytes`, with `(N bytes cut) …` in front when cut. */
function cutTail(text, maxBytes) {
    if (utf8Bytes(text) <= maxBytes)
        return text;
    const bytes = encoder.encode(text);
    const note = (cut) => `(${cut} earlier bytes cut) …`;
    const wanted = Math.max(0, maxBytes - utf8Bytes(note(bytes.length)));
    // Forward to the next character start, so the kept part begins on a whole character.
    let start = bytes.length - wanted;
    while (start < bytes.length && (bytes[start] & 0xc0) === 0x80)
        start++;
    return note(start) + Buffer.from(bytes.subarray(start)).toString('utf8');
}

;// CONCATENATED MODULE: ./packages/e2e/src/runner.ts



const DEFAULT_CONCURRENCY = 4;
/** Enough to tell a flaky case from a broken one; more only hides a real problem for longer. */
const runner_MAX_RETRIES = 5;
const LOG_EXCERPT_LINES = 40;
/** Lines can be any length: the excerpt keeps its last 64 KiB (reports cap it further). */
const LOG_EXCERPT_MAX_BYTES = 64 * 1024;
const LOG_READ_TIMEOUT_MS = 5_000;
const ISSUED_TOKEN = /evt_[0-9a-f]{32}/g;
// OIDC subject tokens (case 15): a JOSE header always starts with base64url of '{"'.
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const MASK = '[MASKED]';
/** An unknown --cases/--exclude entry; the message lists every valid name. */
class runner_CaseSelectionError extends Error {
    name = 'CaseSelectionError';
}
/** Whether `selector` (a number, name or label, as --cases takes them) names case `c`. */
function matchesCase(c, selector) {
    const s = selector.trim().toLowerCase();
    return /^\d+$/.test(s) ? Number(s) === c.id : s === c.name || s === caseLabel(c);
}
const matches = matchesCase;
/** Passed in the end after at least one failed attempt. */
function runner_isFlaky(r) {
    return r.status === 'passed' && (r.failedAttempts?.length ?? 0) > 0;
}
/** The cases `only` names (all when empty) minus those `exclude` names, in their given order. */
function runner_selectCases(cases, only = [], exclude = []) {
    const unknown = [...only, ...exclude].filter((s) => !cases.some((c) => matches(c, s)));
    if (unknown.length > 0) {
        const valid = cases.map((c) => `${c.id} ${c.name}`).join(', ');
        throw new runner_CaseSelectionError(`unknown case${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; valid cases (name or number): ${valid}`);
    }
    return cases.filter((c) => (only.length === 0 || only.some((s) => matches(c, s))) && !exclude.some((s) => matches(c, s)));
}
/**
 * Runs the selected cases against one vault: the non-exclusive ones concurrently, then the
 * exclusive ones alone, one after another. Never throws for a case; results keep case order.
 */
async function runCases(vault, cases, opts = {}) {
    const selected = runner_selectCases(cases, opts.only, opts.exclude);
    const retries = opts.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0 || retries > runner_MAX_RETRIES) {
        throw new RangeError(`retries must be a whole number from 0 to ${runner_MAX_RETRIES}, got ${retries}`);
    }
    const unknown = (opts.quarantine ?? []).filter((q) => !cases.some((c) => matches(c, q.selector)));
    if (unknown.length > 0) {
        throw new runner_CaseSelectionError(`unknown quarantined case ${unknown.map((q) => JSON.stringify(q.selector)).join(', ')}`);
    }
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const runId = opts.runId ?? (0,external_node_crypto_.randomBytes)(3).toString('hex');
    const available = new Set(opts.available ?? []);
    if (vault.tlsRootCert)
        available.add('tls');
    if (vault.oidc)
        available.add('oidc');
    const masker = lazyMasker(vault);
    const results = new Map();
    const runOne = async (c) => {
        const result = await runWithRetries(vault, c, retries, opts, {
            runId,
            available,
            masker,
            timeoutMs: opts.timeoutPerCaseMs,
        });
        const reason = opts.quarantine?.find((q) => matches(c, q.selector))?.reason;
        const reported = reason === undefined ? result : { ...result, quarantine: reason };
        results.set(c, reported);
        opts.onCaseDone?.(reported);
    };
    const concurrent = selected.filter((c) => !c.exclusive);
    const queue = [...concurrent];
    const workers = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift())
            await runOne(next);
    });
    await Promise.all(workers);
    for (const c of selected.filter((c) => c.exclusive))
        await runOne(c);
    const ordered = selected.map((c) => results.get(c));
    const count = (status) => ordered.filter((r) => r.status === status).length;
    const quarantinedFailed = ordered.filter((r) => r.status === 'failed' && r.quarantine !== undefined).length;
    return {
        cases: ordered,
        passed: count('passed'),
        failed: count('failed') - quarantinedFailed,
        skipped: count('skipped'),
        flaky: ordered.filter(runner_isFlaky).length,
        quarantinedFailed,
        durationMs: Date.now() - started,
        startedAt,
    };
}
/**
 * Runs `c`, then again while it fails, up to `retries` more times. Each attempt is fresh: its
 * own deadline and signal, and its own run id, so users and roles it creates never collide
 * with a failed attempt's leftovers on the same vault.
 */
async function runWithRetries(vault, c, retries, opts, caseOpts) {
    const failures = [];
    let totalMs = 0;
    let ran = 0;
    while (ran <= retries) {
        ran++;
        const runId = ran === 1 ? caseOpts.runId : `${caseOpts.runId}r${ran}`;
        const result = await runCase(vault, c, { ...caseOpts, runId });
        if (retries === 0)
            return result;
        totalMs += result.durationMs;
        if (result.status !== 'failed') {
            // A skip after a failure explains nothing: the case stays failed.
            if (failures.length > 0 && result.status === 'skipped')
                break;
            return {
                ...result,
                durationMs: totalMs,
                attempts: ran,
                ...(failures.length > 0 ? { failedAttempts: failures } : {}),
            };
        }
        const failure = {
            message: result.message ?? 'failed',
            ...(result.logExcerpt !== undefined ? { logExcerpt: result.logExcerpt } : {}),
            durationMs: result.durationMs,
        };
        failures.push(failure);
        if (ran <= retries)
            opts.onRetry?.(c, ran, failure);
    }
    // Failed every attempt (Surefire's shape: the first failure, then the reruns).
    const head = failures[0];
    return {
        id: c.id,
        name: c.name,
        status: 'failed',
        durationMs: totalMs,
        message: head.message,
        ...(head.logExcerpt !== undefined ? { logExcerpt: head.logExcerpt } : {}),
        failedAttempts: failures,
        attempts: ran,
    };
}
async function runCase(vault, c, opts) {
    const base = { id: c.id, name: c.name };
    const missing = (c.needs ?? []).filter((need) => !opts.available.has(need));
    if (missing.length > 0) {
        return { ...base, status: 'skipped', durationMs: 0, message: missing.map(needReason).join('; ') };
    }
    const deadlineMs = opts.timeoutMs ?? c.deadlineMs;
    const started = Date.now();
    const controller = new AbortController();
    const ctx = { runId: opts.runId, signal: controller.signal, deadline: started + deadlineMs };
    let timer;
    const timedOut = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deadlineMs);
    });
    const running = Promise.resolve().then(() => c.run(vault, ctx));
    // A case past its deadline keeps running in the background; its late failure is moot.
    running.catch(() => { });
    let outcome;
    try {
        const first = await Promise.race([running.then(() => 'done'), timedOut]);
        outcome =
            first === 'timeout'
                ? { status: 'failed', message: `timed out after ${deadlineMs} ms` }
                : { status: 'passed' };
    }
    catch (error) {
        outcome =
            error instanceof CaseSkip
                ? { status: 'skipped', message: error.message }
                : { status: 'failed', message: failureMessage(error) };
    }
    finally {
        clearTimeout(timer);
        controller.abort();
    }
    const durationMs = Date.now() - started;
    if (outcome.status !== 'failed')
        return { ...base, ...outcome, durationMs };
    const mask = await opts.masker();
    return {
        ...base,
        status: 'failed',
        durationMs,
        message: mask(outcome.message ?? 'failed'),
        logExcerpt: mask(await logTail(vault)),
    };
}
function needReason(need) {
    return need === 'tls'
        ? 'needs tls: the vault under test serves plaintext (no CA given)'
        : `needs ${need}: not configured on the vault under test`;
}
function failureMessage(error) {
    if (error instanceof CaseFailure)
        return error.message;
    // Anything else is a bug or an environment problem; say which kind of error it was.
    if (error instanceof Error)
        return `${error.name}: ${error.message}`;
    return String(error);
}
async function logTail(vault) {
    try {
        const logs = await withTimeout(vault.readLogs(), LOG_READ_TIMEOUT_MS, 'reading logs');
        const tail = logs
            .split('\n')
            .filter((line) => line.trim() !== '')
            .slice(-LOG_EXCERPT_LINES)
            .join('\n');
        return cutTail(tail, LOG_EXCERPT_MAX_BYTES);
    }
    catch (error) {
        return `(could not read the vault's logs: ${error.message})`;
    }
}
/** Masks the suite token, the driver's known secrets and anything shaped like an issued token. */
function lazyMasker(vault) {
    let masker;
    return () => {
        masker ??= (async () => {
            const known = await withTimeout(vault.knownSecrets(), LOG_READ_TIMEOUT_MS, 'reading secrets').catch(() => ({ teamSecret: undefined, secKeyFragments: [] }));
            const secrets = [vault.token, known.teamSecret, ...known.secKeyFragments]
                .filter((s) => typeof s === 'string' && s.length >= 8)
                .sort((a, b) => b.length - a.length);
            return (text) => {
                let out = text;
                for (const secret of secrets)
                    out = out.split(secret).join(MASK);
                return out.replace(ISSUED_TOKEN, MASK).replace(JWT, MASK);
            };
        })();
        return masker;
    };
}
function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

;// CONCATENATED MODULE: ./packages/e2e/src/reporters/console-reporter.ts


const MARK = { passed: '✓', failed: '✗', skipped: '–' };
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
/** "flaky: passed on attempt 2 of 3" / "failed all 3 attempts", or '' without retries. */
function describeAttempts(r) {
    const failures = r.failedAttempts?.length ?? 0;
    if (runner_isFlaky(r))
        return `flaky: passed on attempt ${failures + 1} of ${r.attempts ?? failures + 1}`;
    if (r.status === 'failed' && failures > 1)
        return `failed all ${failures} attempts`;
    return '';
}
/**
 * "✓ 01-health  12 ms", with the reason on the same line for a skip, and notes for a flaky or
 * quarantined case.
 */
function formatCaseLine(r) {
    const line = `${MARK[r.status]} ${caseLabel(r)}  ${r.durationMs} ms`;
    const notes = [
        r.status === 'skipped' ? (r.message ?? '') : '',
        describeAttempts(r),
        r.quarantine !== undefined ? `quarantined: ${r.quarantine}` : '',
    ].filter(Boolean);
    return notes.length > 0 ? `${line}  (${notes.join('; ')})` : line;
}
function formatTotals(result) {
    const extra = [
        result.flaky ? `${result.flaky} flaky` : '',
        result.quarantinedFailed
            ? `${result.quarantinedFailed} quarantined failure${result.quarantinedFailed > 1 ? 's' : ''}`
            : '',
    ]
        .filter(Boolean)
        .map((part) => `, ${part}`)
        .join('');
    return `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped${extra} in ${formatSeconds(result.durationMs)}`;
}
const indent = (text, by) => text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
/**
 * One line per case; under a failure its message and log excerpt, under a flaky case each
 * failed attempt's message; then the totals.
 */
function console_reporter_formatConsoleReport(result) {
    const lines = [];
    for (const r of result.cases) {
        lines.push(formatCaseLine(r));
        if (isFlaky(r)) {
            for (const [i, failure] of (r.failedAttempts ?? []).entries())
                lines.push(indent(`attempt ${i + 1}: ${failure.message}`, '    '));
            continue;
        }
        if (r.status !== 'failed')
            continue;
        if (r.message)
            lines.push(indent(r.message, '    '));
        for (const [i, failure] of (r.failedAttempts ?? []).slice(1).entries())
            lines.push(indent(`attempt ${i + 2}: ${failure.message}`, '    '));
        if (r.logExcerpt)
            lines.push('    log excerpt:', indent(r.logExcerpt, '    | '));
    }
    lines.push('', formatTotals(result));
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./packages/e2e/src/annotation-budget.ts
// Which results become annotations. GitHub shows at most 10 error, 10 warning and 10 notice
// annotations per step and 50 per job, and drops the rest silently (actions/toolkit
// docs/problem-matchers.md, "Limitations"; community discussions #26680 and #68471). So the
// most telling go first (failures, then flaky, then quarantined failures) and one final
// annotation says how many were left out and where they are.



/** Per step, per level (the notice budget is not used). */
const ANNOTATIONS_PER_STEP = { error: 10, warning: 10 };
/** An annotation is a line in a list: the full text is in the summary, the JUnit report and the log. */
const ANNOTATION_MESSAGE_MAX_CHARS = 1_000;
function shorten(text) {
    const chars = Array.from(text);
    return chars.length <= ANNOTATION_MESSAGE_MAX_CHARS
        ? text
        : `${chars.slice(0, ANNOTATION_MESSAGE_MAX_CHARS).join('')}… (${chars.length - ANNOTATION_MESSAGE_MAX_CHARS} more characters)`;
}
/** Every annotation the results call for, most telling first. */
function wantedAnnotations(suite, opts = {}) {
    const failures = suite.cases
        .filter((r) => r.status === 'failed' && r.quarantine === undefined)
        .map((r) => {
        const attempts = describeAttempts(r);
        return {
            level: 'error',
            kind: 'failed',
            title: caseLabel(r),
            message: shorten(`${r.message ?? 'failed'}${attempts ? ` (${attempts})` : ''}`),
        };
    });
    const flaky = suite.cases.filter(runner_isFlaky).map((r) => ({
        // With fail-on-flaky it fails the step, and the annotation says so at the same level.
        level: opts.failOnFlaky && r.quarantine === undefined ? 'error' : 'warning',
        kind: 'flaky',
        title: `${caseLabel(r)} is flaky${r.quarantine !== undefined ? ' (quarantined)' : ''}`,
        message: shorten([
            describeAttempts(r).replace(/^flaky: /, ''),
            ...(r.failedAttempts ?? []).map((f, i) => `attempt ${i + 1}: ${f.message}`),
        ].join('\n')),
    }));
    const quarantined = suite.cases
        .filter((r) => r.status === 'failed' && r.quarantine !== undefined)
        .map((r) => ({
        level: 'warning',
        kind: 'quarantined',
        title: `${caseLabel(r)} failed (quarantined)`,
        message: shorten(`quarantined: ${r.quarantine}; does not fail the step. ${r.message ?? 'failed'}`),
    }));
    return [...failures, ...flaky, ...quarantined];
}
/**
 * The annotations to emit, in order, within `limits`. When some do not fit, the last slot of
 * the level of the first one left out carries a note of how many were left out.
 */
function planAnnotations(suite, opts = {}) {
    const limits = opts.limits ?? ANNOTATIONS_PER_STEP;
    const wanted = wantedAnnotations(suite, opts);
    const used = { error: 0, warning: 0 };
    const shown = [];
    const left = [];
    for (const a of wanted) {
        if (used[a.level] < limits[a.level]) {
            used[a.level]++;
            shown.push(a);
        }
        else {
            left.push(a);
        }
    }
    if (left.length === 0)
        return shown;
    const level = left[0].level;
    // The note takes the place of the last annotation of its level, which is then left out too.
    const lastOfLevel = shown.map((a) => a.level).lastIndexOf(level);
    if (lastOfLevel >= 0)
        left.unshift(...shown.splice(lastOfLevel, 1));
    const parts = ['failed', 'flaky', 'quarantined']
        .map((kind) => [left.filter((a) => a.kind === kind).length, kind])
        .filter(([n]) => n > 0)
        .map(([n, kind]) => `${n} ${kind}`);
    shown.push({
        level,
        kind: 'omitted',
        title: `${left.length} more case${left.length > 1 ? 's' : ''} not annotated`,
        message: `GitHub shows at most ${limits.error} error and ${limits.warning} warning annotations per step; left out: ${parts.join(', ')}. The job summary, the JUnit report and the step log list every case.`,
    });
    return shown;
}

// EXTERNAL MODULE: ./node_modules/@grpc/grpc-js/build/src/index.js
var src = __webpack_require__(3033);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./node_modules/protobufjs/index.js
var protobufjs = __webpack_require__(3928);
var protobufjs_default = /*#__PURE__*/__webpack_require__.n(protobufjs);
;// CONCATENATED MODULE: ./packages/vault/src/errors.ts
// Error types carry the exact user-facing message; the gRPC layer maps kind → status code
// in one table (grpc/status-map.ts), so handlers never pick codes themselves.
class VaultError extends Error {
    kind;
    /** Who the refused caller is, when the refusal itself established it (audit `user_id`). */
    auditUser;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
        this.name = 'VaultError';
    }
}
const unauthenticated = (message) => new VaultError('unauthenticated', message);
const permissionDenied = (message) => new VaultError('permission_denied', message);
const invalidArgument = (message) => new VaultError('invalid_argument', message);
const rateLimited = (retryAfterSeconds) => new VaultError('rate_limited', `Rate limit exceeded. Retry after ${retryAfterSeconds}s`);
/** A problem with a file the operator wrote: names the file, the key (or line) and what to do. */
class errors_ConfigError extends Error {
    file;
    where;
    problem;
    hint;
    constructor(file, where, problem, hint) {
        super(`${file}${where ? ` (${where})` : ''}: ${problem}${hint ? `; ${hint}` : ''}`);
        this.file = file;
        this.where = where;
        this.problem = problem;
        this.hint = hint;
        this.name = 'ConfigError';
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/vault/src/proto-dir.ts


// First match wins: `./proto` beside the esbuild bundle (dist/runevault.mjs, dist/proto), then
// the package's proto/ seen from src/*.ts (tsx, vitest) or from a compiled dist/src/*.js.
const CANDIDATES = ['./proto', '../proto', '../../proto'];
let found;
/** The folder holding rune/vault/v1/*.proto for the code that is running right now. */
function protoDir() {
    if (found)
        return found;
    const searched = CANDIDATES.map((relative) => (0,external_node_url_.fileURLToPath)(new URL(relative, import.meta.url)));
    found = searched.find((dir) => (0,external_node_fs_.existsSync)(`${dir}/rune/vault/v1/vault_service.proto`));
    if (!found)
        throw new Error(`proto files not found; searched ${searched.join(', ')}`);
    return found;
}

;// CONCATENATED MODULE: ./packages/vault/src/protocol/request-wire.ts
// A strict protobuf wire-format reader for the vault's four request messages. grpc-js hands
// every method's deserializer the whole message; protobufjs would decode every string field
// (a 200 MB blob becomes a 200 MB JS string) before we know who is calling, and it accepts
// wire types and lengths a well-formed message never has. This reader only walks the bytes:
// length-delimited fields stay Buffer slices of the message (no copy), scalars are read,
// and anything a conforming encoder cannot produce is a problem, reported without the bytes.
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;
const WIRE_TYPE_NAMES = (/* unused pure expression or super */ null && (['varint', 'i64', 'length-delimited', 'group start', 'group end', 'i32']));
class Malformed {
    problem;
    constructor(problem) {
        this.problem = problem;
    }
}
/** Cursor over one message; every read checks the end first and throws Malformed past it. */
class Cursor {
    buf;
    pos = 0;
    constructor(buf) {
        this.buf = buf;
    }
    get done() {
        return this.pos >= this.buf.length;
    }
    /**
     * A base-128 varint as [low 32 bits, high 32 bits]. At most 10 bytes, and the 10th may only
     * carry bit 63 (protobuf's own encoders never write more; Go's decoder refuses it too).
     */
    /** Bytes the last varint took (int32 fields check it). */
    lastVarintBytes = 0;
    varint(what) {
        let lo = 0;
        let hi = 0;
        for (let i = 0; i < 10; i++) {
            if (this.pos >= this.buf.length)
                throw new Malformed(`${what} is cut off by the end of the message`);
            const byte = this.buf[this.pos++];
            if (i < 4)
                lo |= (byte & 0x7f) << (7 * i);
            else if (i === 4) {
                lo |= (byte & 0x0f) << 28;
                hi |= (byte & 0x70) >>> 4;
            }
            else {
                if (i === 9 && byte > 1)
                    throw new Malformed(`${what} overflows 64 bits`);
                hi |= (byte & 0x7f) << (7 * (i - 5) + 3);
            }
            if ((byte & 0x80) === 0) {
                // A last byte of 0 after others only pads the number: no protobuf encoder writes that.
                if (byte === 0 && i > 0)
                    throw new Malformed(`${what} is padded (a non-minimal varint)`);
                this.lastVarintBytes = i + 1;
                return [lo >>> 0, hi >>> 0];
            }
        }
        throw new Malformed(`${what} overflows 64 bits`); // unreachable: byte 10 > 1 threw above
    }
    skip(count, what) {
        if (count > this.buf.length - this.pos)
            throw new Malformed(`${what} runs past the end of the message`);
        this.pos += count;
    }
    slice(count, what) {
        const start = this.pos;
        this.skip(count, what);
        return this.buf.subarray(start, start + count);
    }
}
/** Reads `buf` as `spec`; never throws. Unknown fields are skipped, proto3 style. */
function readWireMessage(buf, spec) {
    try {
        return { ok: true, fields: read(buf, spec) };
    }
    catch (error) {
        if (error instanceof Malformed)
            return { ok: false, problem: error.problem };
        throw error;
    }
}
function read(buf, spec) {
    const fields = {};
    for (const [, field] of Object.entries(spec.fields)) {
        fields[field.name] = field.type === 'int32' ? 0 : field.type === 'bytes' ? EMPTY : [];
    }
    const cursor = new Cursor(buf);
    while (!cursor.done) {
        const [tagLo, tagHi] = cursor.varint('a field tag');
        const number = tagLo >>> 3;
        const wireType = tagLo & 7;
        if (tagHi !== 0 || number === 0)
            throw new Malformed('a field tag has an invalid field number');
        const known = spec.fields[number];
        const label = known ? `field ${number} (${known.name})` : `field ${number}`;
        if (wireType === 6 || wireType === 7)
            throw new Malformed(`${label} uses reserved wire type ${wireType}`);
        if (wireType === 3 || wireType === 4) {
            // proto3 has no groups; a vault request carrying one was not written by a vault client.
            throw new Malformed(`${label} uses the deprecated group wire type`);
        }
        if (known) {
            const expected = known.type === 'int32' ? WIRE_VARINT : WIRE_LEN;
            if (wireType !== expected) {
                throw new Malformed(`${label} has wire type ${WIRE_TYPE_NAMES[wireType]}; expected ${WIRE_TYPE_NAMES[expected]}`);
            }
            if (known.type === 'int32') {
                // int32 is sign-extended to 64 bits on the wire: at most 5 bytes when not negative,
                // exactly 10 when negative; anything between is no encoder's int32 (protobufjs refuses
                // it too). The low 32 bits are the value.
                const [lo] = cursor.varint(label);
                if (cursor.lastVarintBytes > 5 && cursor.lastVarintBytes < 10) {
                    throw new Malformed(`${label} is not an int32 varint (${cursor.lastVarintBytes} bytes)`);
                }
                fields[known.name] = lo | 0;
            }
            else {
                const value = cursor.slice(request_wire_length(cursor, label), label);
                if (known.type === 'bytes')
                    fields[known.name] = value;
                else
                    fields[known.name].push(value);
            }
            continue;
        }
        skipValue(cursor, wireType, label);
    }
    return fields;
}
function skipValue(cursor, wireType, label) {
    if (wireType === WIRE_VARINT)
        cursor.varint(label);
    else if (wireType === WIRE_I64)
        cursor.skip(8, label);
    else if (wireType === WIRE_I32)
        cursor.skip(4, label);
    else
        cursor.skip(request_wire_length(cursor, label), label);
}
/**
 * How often length-delimited field `field` occurs at the top level of `buf`, walked by the same
 * strict rules without decoding or allocating; counting stops once it passes `limit`.
 * Undefined when the bytes are not a well-formed message.
 */
function countLengthDelimited(buf, field, limit) {
    const cursor = new Cursor(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
    let count = 0;
    try {
        while (!cursor.done && count <= limit) {
            const [tagLo, tagHi] = cursor.varint('a field tag');
            const number = tagLo >>> 3;
            const wireType = tagLo & 7;
            if (tagHi !== 0 || number === 0 || wireType === 3 || wireType === 4 || wireType > 5)
                return undefined;
            if (number === field && wireType === WIRE_LEN)
                count++;
            skipValue(cursor, wireType, `field ${number}`);
        }
    }
    catch (error) {
        if (error instanceof Malformed)
            return undefined;
        throw error;
    }
    return count;
}
const EMPTY = Buffer.alloc(0);
function request_wire_length(cursor, label) {
    const [lo, hi] = cursor.varint(`the length of ${label}`);
    // Anything at or above 2^32 is past the end of any message grpc-js will hand us.
    return hi === 0 ? lo : Number.MAX_SAFE_INTEGER;
}
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** proto3 strings must be UTF-8; undefined when they are not. */
function utf8OrUndefined(bytes) {
    try {
        return strictUtf8.decode(bytes);
    }
    catch {
        return undefined;
    }
}
const GET_PUBLIC_KEY_REQUEST = {
    name: 'GetPublicKeyRequest',
    fields: { 1: { name: 'token', type: 'bytes' } },
};
const DECRYPT_SCORES_REQUEST = {
    name: 'DecryptScoresRequest',
    fields: {
        1: { name: 'token', type: 'bytes' },
        2: { name: 'encrypted_blob_b64', type: 'bytes' },
        3: { name: 'top_k', type: 'int32' },
    },
};
const DECRYPT_METADATA_REQUEST = {
    name: 'DecryptMetadataRequest',
    fields: {
        1: { name: 'token', type: 'bytes' },
        2: { name: 'encrypted_metadata_list', type: 'repeatedBytes' },
    },
};
const EXCHANGE_TOKEN_REQUEST = {
    name: 'ExchangeTokenRequest',
    fields: {
        1: { name: 'subject_token', type: 'bytes' },
        2: { name: 'provider', type: 'bytes' },
    },
};

;// CONCATENATED MODULE: ./packages/vault/src/fhe/ciphertext-score.ts
// CiphertextScore (score.proto) codec; encrypted_blob_b64 is base64 of one of these.






// protoDir() finds proto/ from TS source and beside the bundle alike.
const SCORE_PROTO = (0,external_node_url_.pathToFileURL)((0,external_node_path_.join)(protoDir(), 'rune/vault/v1/score.proto'));
let messageType;
function ciphertextScoreType() {
    messageType ??= protobufjs_default().loadSync((0,external_node_url_.fileURLToPath)(SCORE_PROTO)).lookupType('rune.vault.v1.CiphertextScore');
    return messageType;
}
function encodeCiphertextScore(message) {
    const type = ciphertextScoreType();
    const blocks = message.blocks.map((b) => ({
        shardIdx: b.shardIdx,
        count: b.count,
        ciphertext: b.ciphertext,
    }));
    return type.encode(type.fromObject({ blocks })).finish();
}
/**
 * The decoder's own guard, enforced before protobufjs builds one object per block (a few MB of
 * two-byte empty blocks would otherwise become millions of objects in a decrypt worker). Looser
 * than the gRPC request sizing (protocol/request-limits.ts): this holds for every caller of the core.
 */
const DECODE_BLOCK_LIMIT = 4096;
/**
 * Counts top-level `blocks` entries without decoding them (protocol/request-wire.ts's strict walker);
 * undefined when the bytes are not a well-formed message. Stops once the count passes `limit`.
 */
function countScoreBlocks(bytes, limit = DECODE_BLOCK_LIMIT) {
    return countLengthDelimited(bytes, 1, limit);
}
/** Any decoding failure becomes one generic invalid_argument: the bytes are never echoed. */
function decodeCiphertextScore(bytes) {
    const blockCount = countScoreBlocks(bytes);
    if (blockCount === undefined)
        throw invalidArgument('encrypted_blob_b64 is not a valid CiphertextScore');
    if (blockCount > DECODE_BLOCK_LIMIT) {
        throw invalidArgument(`CiphertextScore has more than ${DECODE_BLOCK_LIMIT} blocks; split the scores over several requests`);
    }
    const type = ciphertextScoreType();
    let decoded;
    try {
        decoded = type.decode(bytes);
    }
    catch {
        throw invalidArgument('encrypted_blob_b64 is not a valid CiphertextScore');
    }
    const blocks = decoded.blocks ?? [];
    return {
        blocks: blocks.map((b) => ({
            shardIdx: b.shardIdx ?? 0,
            count: b.count ?? 0,
            ciphertext: b.ciphertext ?? new Uint8Array(0),
        })),
    };
}

;// CONCATENATED MODULE: ./packages/vault/src/protocol/exchange-results.ts
// Why an exchange was refused, as the caller and the metrics see it. The reason is the last word
// of the error text (before an optional `. Retry after Ns`), so it lands in the audit line's
// `error` (and the caller's status details) without any JWT text; the part before ':' is the
// `result` label of vault_token_exchanges_total (a small, fixed set). The server writes the text
// (oidc/exchange-rejection.ts), clients parse it: both from here.
/** Every `result` label value of vault_token_exchanges_total. */
const EXCHANGE_RESULTS = (/* unused pure expression or super */ null && ([
    'success',
    'unknown_provider',
    'token_too_large',
    'malformed',
    'alg_not_allowed',
    'unknown_kid',
    'ambiguous_kid',
    'bad_signature',
    'expired',
    'token_too_old',
    'not_yet_valid',
    'wrong_issuer',
    'wrong_audience',
    'missing_claim',
    'invalid_claim',
    'bound_claim_mismatch',
    'unknown_role',
    'jwks_unavailable',
    'replayed',
    'subject_token_limit',
    'provider_rate_limited',
    'token_pool_full',
    'error',
]));
/** The error text of a refused exchange; `rejectionReasonOf` reads the reason back. */
function exchangeRejectionText(reason, provider, retryAfterSeconds) {
    const retry = retryAfterSeconds === undefined ? '' : `. Retry after ${retryAfterSeconds}s`;
    return provider === undefined
        ? `Token exchange rejected: ${reason}${retry}`
        : `Token exchange rejected by provider '${provider}': ${reason}${retry}`;
}
/** The reason at the end of an exchange error text (an audit `error`, a status details). */
function rejectionReasonOf(text) {
    return /^Token exchange rejected(?: by provider '[^']*')?: (\S+?)(?:\. Retry after \d+s)?$/.exec(text)?.[1];
}

// EXTERNAL MODULE: ./node_modules/node-seal/throws_wasm_node_umd.js
var throws_wasm_node_umd = __webpack_require__(7222);
var throws_wasm_node_umd_default = /*#__PURE__*/__webpack_require__.n(throws_wasm_node_umd);
;// CONCATENATED MODULE: ./packages/vault/src/fhe/ckks-params.ts
// SEAL setup shared by key generation, the decryptor and the client encryptor.

const ckks_params_DEFAULT_CKKS_PARAMS = Object.freeze({
    polyModulusDegree: 8192,
    coeffModulusBits: [60, 40, 40, 60],
    scaleBits: 40,
});
const sealInit = typeof (throws_wasm_node_umd_default()) === 'function'
    ? (throws_wasm_node_umd_default())
    : (throws_wasm_node_umd_default())["default"];
let sealPromise;
let sealMemory;
/** One WASM instance per thread; compiling it again per call would cost ~40 ms and memory. */
function ckks_params_loadSeal() {
    if (!sealPromise) {
        sealPromise = captureWasmMemory(sealInit).catch((error) => {
            sealPromise = undefined;
            throw error;
        });
    }
    return sealPromise;
}
/**
 * Bytes of this thread's SEAL WebAssembly memory (undefined before loadSeal resolves). WASM
 * memory only ever grows, so this is the high-water mark a decrypt worker keeps for its life.
 */
function sealMemoryBytes() {
    return sealMemory?.buffer.byteLength;
}
/**
 * node-seal keeps its Emscripten module private, so the instance's exported Memory is caught on
 * its way out of WebAssembly.instantiate while `init` runs; the original is restored after.
 */
async function captureWasmMemory(init) {
    const original = WebAssembly.instantiate;
    const remember = (result) => {
        const instance = result.instance ?? result;
        const exports = instance.exports ?? {};
        for (const value of Object.values(exports)) {
            if (value instanceof WebAssembly.Memory)
                sealMemory = value;
        }
        return result;
    };
    WebAssembly.instantiate = ((...args) => original(...args).then(remember));
    try {
        return await init();
    }
    finally {
        WebAssembly.instantiate = original;
    }
}
function describeCkksParams(params) {
    return `poly_modulus_degree ${params.polyModulusDegree}, coeff_modulus_bits [${params.coeffModulusBits.join(',')}], scale_bits ${params.scaleBits}`;
}
/** Shape checks SEAL would otherwise report as an opaque abort or a bare "bit_sizes is invalid". */
function ckksParamsProblem(params) {
    const { polyModulusDegree: n, coeffModulusBits: bits, scaleBits } = params;
    if (!Number.isInteger(n) || n < 1024 || n > 32768 || (n & (n - 1)) !== 0) {
        return 'poly_modulus_degree must be a power of two between 1024 and 32768';
    }
    if (!Array.isArray(bits) ||
        bits.length < 2 ||
        !bits.every((b) => Number.isInteger(b) && b >= 1 && b <= 60)) {
        return 'coeff_modulus_bits must list at least two integers between 1 and 60';
    }
    if (!Number.isInteger(scaleBits) ||
        scaleBits < 1 ||
        scaleBits >= bits.slice(0, -1).reduce((a, b) => a + b, 0)) {
        return 'scale_bits must be a positive integer below the data modulus bit count';
    }
    return undefined;
}
function ckksScale(params) {
    return 2 ** params.scaleBits;
}
/** The caller owns the returned context and must `.delete()` it. */
function ckks_params_createCkksContext(seal, params) {
    const problem = ckksParamsProblem(params);
    if (problem)
        throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${problem}`);
    const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
    let coeffModulus;
    try {
        parms.setPolyModulusDegree(params.polyModulusDegree);
        coeffModulus = seal.CoeffModulus.Create(params.polyModulusDegree, Int32Array.from(params.coeffModulusBits));
        parms.setCoeffModulus(coeffModulus);
        const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
        if (!context.parametersSet()) {
            context.delete();
            const total = params.coeffModulusBits.reduce((a, b) => a + b, 0);
            const max = seal.CoeffModulus.MaxBitCount(params.polyModulusDegree, seal.SecurityLevel.tc128);
            const why = total > max
                ? `coeff modulus has ${total} bits, above the 128-bit security limit of ${max}`
                : 'SEAL rejected them';
            throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${why}`);
        }
        return context;
    }
    catch (error) {
        if (error instanceof Error && error.message.startsWith('invalid CKKS parameters'))
            throw error;
        throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${String(error)}`);
    }
    finally {
        coeffModulus?.delete();
        parms.delete();
    }
}
/**
 * SEAL serialization header: magic 0xA15E, header size 16, version 4.x, compression mode
 * 0..2, then the total byte size. Checking it first matters: SEAL aborts the WASM instance
 * (instead of throwing) on truncated input. Only for key files the operator owns: ciphertexts
 * from callers go through ciphertextProblem (ciphertext-limits.ts), which refuses compression.
 */
function hasValidSealHeader(bytes) {
    if (bytes.length < 16)
        return false;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (view.getUint16(0, true) === 0xa15e &&
        bytes[2] === 16 &&
        bytes[3] === 4 &&
        (bytes[5] ?? 255) <= 2 &&
        view.getBigUint64(8, true) === BigInt(bytes.length));
}
/** The SEAL serialization version this build writes (e.g. "4.1"), recorded in key files. */
function ckks_params_sealSerializationVersion(seal) {
    const params = seal.EncryptionParameters(seal.SchemeType.ckks);
    try {
        const header = params.saveArray(seal.ComprModeType.none);
        return `${header[3]}.${header[4]}`;
    }
    finally {
        params.delete();
    }
}

;// CONCATENATED MODULE: ./packages/vault/src/protocol/request-limits.ts

// How big a legitimate request can be, method by method. grpc-js buffers a whole message
// (up to the server's max_receive_message_length) before any of our code runs, so the
// transport limit is what protects memory; the per-method bounds below are checked on the
// buffered length before a single byte is decoded.
/** Most score blocks one DecryptScores request is sized for: 128 × 4096 slots = 524,288 rows. */
const MAX_SCORE_BLOCKS = 128;
/** SEAL header + ciphertext metadata (parms_id, size, scale…): 113 bytes measured; rounded up. */
const SEAL_CIPHERTEXT_OVERHEAD_BYTES = 256;
/** ScoreBlock framing: block tag + length, shard_idx (≤ 11), count (≤ 6), ciphertext tag + length. */
const SCORE_BLOCK_FRAMING_BYTES = 32;
/** token, top_k and the blob's tag + length around the base64 text. */
const SCORES_REQUEST_FRAMING_BYTES = 1024;
const MIB = 1024 * 1024;
/** An uncompressed CKKS ciphertext at full level: 2 polynomials × data primes × N × 8 bytes. */
function fullLevelCiphertextBytes(params) {
    const dataPrimes = params.coeffModulusBits.length - 1; // the last prime is the special (key-switching) prime
    return 2 * dataPrimes * params.polyModulusDegree * 8 + SEAL_CIPHERTEXT_OVERHEAD_BYTES;
}
/**
 * The largest legitimate DecryptScores request: `maxBlocks` full-level ciphertexts, base64
 * (× 4/3), plus framing and 1 MiB of slack, rounded up to a whole MiB.
 */
function maxScoresRequestBytes(params, maxBlocks = MAX_SCORE_BLOCKS) {
    const blob = maxBlocks * (fullLevelCiphertextBytes(params) + SCORE_BLOCK_FRAMING_BYTES);
    const base64 = 4 * Math.ceil(blob / 3);
    return Math.ceil((base64 + SCORES_REQUEST_FRAMING_BYTES + MIB) / MIB) * MIB;
}
/**
 * Default gRPC receive limit (server.grpc.max_request_bytes): the largest legitimate
 * DecryptScores request for the default CKKS parameters (README "Request size limits"): 66 MiB.
 */
const DEFAULT_MAX_REQUEST_BYTES = maxScoresRequestBytes(ckks_params_DEFAULT_CKKS_PARAMS, MAX_SCORE_BLOCKS);
/** GetPublicKey carries a 36-character token (≤ 144 UTF-8 bytes) and nothing else. */
const GET_PUBLIC_KEY_MAX_BYTES = 1024;
/**
 * ExchangeToken: the OIDC code refuses JWTs above 16 KiB with its own audited reason
 * (token_too_large); up to 64 KiB still reaches it so that reason stays what callers see.
 */
const EXCHANGE_TOKEN_MAX_BYTES = (/* unused pure expression or super */ null && (64 * 1024));
/** DecryptMetadata: up to 1000 items of about 8 KiB each (a JSON envelope of base64 AES output). */
const DECRYPT_METADATA_MAX_BYTES = 8 * MIB;
/** Below this the configured receive limit could not carry an ExchangeToken request. */
const MIN_MAX_REQUEST_BYTES = (/* unused pure expression or super */ null && (64 * 1024));
/** grpc-js reads the length prefix as a uint32; Node buffers stop at 2 GiB. */
const MAX_MAX_REQUEST_BYTES = 2 * 1024 * MIB - 1;

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./packages/vault/src/fhe/key-files.ts
// Key files on disk: {dir}/EncKey.json, EvalKey.json (public, served verbatim) and SecKey.json (0600).






const KEY_FILE_FORMAT = 'runevault-ckks-v1';
const KEY_FILE_NAMES = (/* unused pure expression or super */ null && (['EncKey.json', 'EvalKey.json', 'SecKey.json']));
const REGENERATE_HINT = 'restore it from backup or run `runevault keys generate --force` (replaces all keys)';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function keyFilesPresent(dir) {
    return KEY_FILE_NAMES.every((name) => existsSync(join(dir, name)));
}
function readPublicKeyFiles(dir) {
    return {
        encKeyJson: readKeyFileText(join(dir, 'EncKey.json')),
        evalKeyJson: readKeyFileText(join(dir, 'EvalKey.json')),
    };
}
function readSecretKeyFile(path) {
    return parseKeyFile(readKeyFileText(path), path, 'SecKey');
}
/**
 * Validates a key file's text. `source` names the file in errors; messages never quote the
 * file's content, since a SecKey's content is the secret.
 */
function parseKeyFile(text, source, kind) {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        throw new errors_ConfigError(source, undefined, 'is not valid JSON', REGENERATE_HINT);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new errors_ConfigError(source, undefined, 'must be a JSON object', REGENERATE_HINT);
    }
    const file = raw;
    if (file.format !== KEY_FILE_FORMAT) {
        throw new errors_ConfigError(source, 'format', `expected "${KEY_FILE_FORMAT}"`, REGENERATE_HINT);
    }
    if (file.kind !== kind) {
        const found = typeof file.kind === 'string' && /^\w{1,20}$/.test(file.kind) ? `"${file.kind}"` : 'something else';
        throw new errors_ConfigError(source, 'kind', `expected "${kind}", found ${found}`, 'check the file is the right key');
    }
    if (file.scheme !== 'ckks')
        throw new errors_ConfigError(source, 'scheme', 'expected "ckks"', REGENERATE_HINT);
    const params = parseParams(file.params, source);
    if (typeof file.seal_version !== 'string' || file.seal_version === '') {
        throw new errors_ConfigError(source, 'seal_version', 'must be a non-empty string', REGENERATE_HINT);
    }
    const data = file.data;
    if (typeof data !== 'string' || data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
        throw new errors_ConfigError(source, 'data', 'is not valid base64', REGENERATE_HINT);
    }
    return { kind, params, sealVersion: file.seal_version, data };
}
function parseParams(value, source) {
    if (typeof value !== 'object' || value === null) {
        throw new errors_ConfigError(source, 'params', 'must be an object', REGENERATE_HINT);
    }
    const p = value;
    const params = {
        polyModulusDegree: p.poly_modulus_degree,
        coeffModulusBits: p.coeff_modulus_bits,
        scaleBits: p.scale_bits,
    };
    const problem = ckksParamsProblem(params);
    if (problem)
        throw new errors_ConfigError(source, 'params', problem, REGENERATE_HINT);
    return params;
}
/** File text, or a ConfigError naming the file when it cannot be read. */
function readKeyFileText(path) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch (error) {
        const code = error.code ?? 'read error';
        throw new ConfigError(path, undefined, `cannot read key file (${code})`, 'run `runevault keys generate`');
    }
}
/**
 * Creates EncKey/EvalKey/SecKey in `dir`. A complete existing set is kept unless `force`;
 * a partial set is an error, because silently replacing half a key set breaks clients.
 */
async function generateKeys(dir, opts = {}) {
    const present = KEY_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
    if (!opts.force && present.length === KEY_FILE_NAMES.length)
        return { dir, generated: false };
    if (!opts.force && present.length > 0) {
        const missing = KEY_FILE_NAMES.filter((name) => !present.includes(name));
        throw new ConfigError(dir, undefined, `incomplete key set: missing ${missing.join(', ')}`, 'restore the missing files, or use `runevault keys generate --force` to replace all keys');
    }
    const params = opts.params ?? DEFAULT_CKKS_PARAMS;
    const contents = await createKeyContents(params);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await writeKeySet(dir, contents);
    return { dir, generated: true };
}
async function createKeyContents(params) {
    const seal = await loadSeal();
    const context = createCkksContext(seal, params);
    const keygen = seal.KeyGenerator(context);
    const secretKey = keygen.secretKey();
    // Seeded serializations are half the size of PublicKey/RelinKeys.save() and load the same way.
    const publicKey = keygen.createPublicKeySerializable();
    const relinKeys = keygen.createRelinKeysSerializable();
    try {
        const header = {
            format: KEY_FILE_FORMAT,
            scheme: 'ckks',
            params: {
                poly_modulus_degree: params.polyModulusDegree,
                coeff_modulus_bits: [...params.coeffModulusBits],
                scale_bits: params.scaleBits,
            },
            seal_version: sealSerializationVersion(seal),
        };
        const render = (kind, data) => `${JSON.stringify({ ...header, kind, data }, null, 2)}\n`;
        return {
            'EncKey.json': render('EncKey', publicKey.save()),
            'EvalKey.json': render('EvalKey', relinKeys.save()),
            'SecKey.json': render('SecKey', secretKey.save()),
        };
    }
    finally {
        relinKeys.delete();
        publicKey.delete();
        secretKey.delete();
        keygen.delete();
        context.delete();
    }
}
/** All temp files are written and synced before any rename, keeping the partial-set window tiny. */
async function writeKeySet(dir, contents) {
    const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const temps = [];
    try {
        for (const name of KEY_FILE_NAMES) {
            const temp = join(dir, `${name}${suffix}`);
            temps.push([temp, join(dir, name)]);
            const mode = name === 'SecKey.json' ? 0o600 : 0o644;
            const handle = await open(temp, 'wx', mode);
            try {
                await handle.writeFile(contents[name], 'utf8');
                await handle.chmod(mode);
                await handle.sync();
            }
            finally {
                await handle.close();
            }
        }
        for (const [temp, target] of temps)
            await rename(temp, target);
        await syncDir(dir);
    }
    finally {
        await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    }
}
async function syncDir(dir) {
    const handle = await open(dir, 'r');
    try {
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./packages/vault/src/client/encrypt-scores.ts
// Client side of DecryptScores: encrypt per-shard similarity scores with the vault's EncKey
// into CiphertextScore bytes (encrypted_blob_b64 is their base64).



// Loading a public key costs tens of ms; clients usually reuse one bundle, so keep a few.
const MAX_CACHED_KEYS = 4;
const encryptors = new Map();
async function encryptScores(encKeyJson, shards) {
    const encryptor = await encryptorFor(encKeyJson);
    if (shards.length === 0)
        throw new Error('encryptScores needs at least one shard');
    const seen = new Set();
    const blocks = shards.map(({ shardIdx, scores }) => {
        if (!Number.isInteger(shardIdx) || shardIdx < -(2 ** 31) || shardIdx >= 2 ** 31) {
            throw new Error(`shardIdx ${shardIdx} is not a 32-bit integer`);
        }
        if (seen.has(shardIdx))
            throw new Error(`shardIdx ${shardIdx} appears more than once`);
        seen.add(shardIdx);
        if (scores.length < 1 || scores.length > encryptor.slotCount) {
            throw new Error(`shard ${shardIdx}: ${scores.length} scores; a block holds 1..${encryptor.slotCount}`);
        }
        if (!scores.every(Number.isFinite))
            throw new Error(`shard ${shardIdx}: scores must be finite numbers`);
        return { shardIdx, count: scores.length, ciphertext: encryptor.encryptBlock(scores) };
    });
    return encodeCiphertextScore({ blocks });
}
async function encryptScoresBase64(encKeyJson, shards) {
    return Buffer.from(await encryptScores(encKeyJson, shards)).toString('base64');
}
function encryptorFor(encKeyJson) {
    const cached = encryptors.get(encKeyJson);
    if (cached) {
        // Re-insert to keep the map in least-recently-used order.
        encryptors.delete(encKeyJson);
        encryptors.set(encKeyJson, cached);
        return cached;
    }
    const created = createEncryptor(encKeyJson);
    encryptors.set(encKeyJson, created);
    created.catch(() => encryptors.delete(encKeyJson));
    if (encryptors.size > MAX_CACHED_KEYS) {
        const [oldestKey, oldest] = encryptors.entries().next().value;
        encryptors.delete(oldestKey);
        oldest.then((e) => e.dispose()).catch(() => { });
    }
    return created;
}
async function createEncryptor(encKeyJson) {
    const keyFile = parseKeyFile(encKeyJson, 'EncKey.json', 'EncKey');
    const seal = await ckks_params_loadSeal();
    const context = ckks_params_createCkksContext(seal, keyFile.params);
    const publicKey = seal.PublicKey();
    try {
        const bytes = Buffer.from(keyFile.data, 'base64');
        if (!hasValidSealHeader(bytes))
            throw new Error('bad header');
        publicKey.loadArray(context, bytes);
    }
    catch {
        publicKey.delete();
        context.delete();
        throw new Error('EncKey.json: data is not a valid SEAL public key for the parameters in the file');
    }
    const encoder = seal.CKKSEncoder(context);
    const encryptor = seal.Encryptor(context, publicKey);
    const evaluator = seal.Evaluator(context);
    const lastLevel = context.lastParmsId;
    const scale = ckksScale(keyFile.params);
    return {
        slotCount: encoder.slotCount,
        encryptBlock(scores) {
            const plaintext = encoder.encode(Float64Array.from(scores), scale);
            if (!plaintext)
                throw new Error('CKKS encoding produced no plaintext');
            try {
                const ciphertext = encryptor.encrypt(plaintext);
                if (!ciphertext)
                    throw new Error('CKKS encryption produced no ciphertext');
                try {
                    // Scores need no more multiplications, so drop to the last modulus level, as a
                    // server does before returning results: ~3× smaller and ~3× cheaper to decrypt.
                    evaluator.cipherModSwitchTo(ciphertext, lastLevel, ciphertext);
                    // Uncompressed: the vault refuses compressed ciphertexts (SEAL would inflate them
                    // unbounded), and zstd gains nothing on last-level coefficients (131,200 vs 131,185 bytes).
                    return ciphertext.saveArray(seal.ComprModeType.none);
                }
                finally {
                    ciphertext.delete();
                }
            }
            finally {
                plaintext.delete();
            }
        },
        dispose() {
            evaluator.delete();
            encryptor.delete();
            encoder.delete();
            publicKey.delete();
            context.delete();
        },
    };
}

;// CONCATENATED MODULE: ./packages/vault/src/metadata/agent-key.ts

// Per-agent metadata keys. Shared by the vault (DecryptMetadata, GetPublicKey) and the
// client SDK (src/client/metadata.ts) so both sides derive byte-identical keys.
const AGENT_KEY_BYTES = 32;
/** node:crypto refuses a longer HKDF info, so longer agent ids cannot be keyed at all. */
const AGENT_ID_MAX_BYTES = 1024;
/** The agent id handed out with a token: first 32 hex chars of SHA-256(token as UTF-8). */
function agentIdForToken(token) {
    return (0,external_node_crypto_.createHash)('sha256').update(token, 'utf8').digest('hex').slice(0, 32);
}
/**
 * HKDF-SHA256(ikm = team secret, salt = empty, info = agent id) → 32 bytes.
 * The ikm is the UTF-8 bytes of the team_secret string exactly as configured (a hex string
 * is NOT hex-decoded), matching Python's `team_secret.encode()` in the upstream vault.
 * An empty salt equals RFC 5869's "no salt" (HashLen zero bytes) because HMAC zero-pads keys.
 */
function deriveAgentKey(teamSecret, agentId) {
    return Buffer.from(hkdfSync('sha256', Buffer.from(teamSecret, 'utf8'), Buffer.alloc(0), Buffer.from(agentId, 'utf8'), AGENT_KEY_BYTES));
}

;// CONCATENATED MODULE: ./packages/vault/src/metadata/metadata-format.ts


const LEGACY_IV_BYTES = 16;
const V2_NONCE_BYTES = 12;
const V2_TAG_BYTES = 16;
/** Why one item could not be opened; the caller prefixes the item index. */
class MetadataItemError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'MetadataItemError';
}
/** Encrypts `plaintext` (UTF-8) for `agentId` and returns the item JSON. Default format: v2. */
function encryptMetadata(agentKey, agentId, plaintext, opts) {
    const format = opts?.format ?? 'v2';
    const iv = (0,external_node_crypto_.randomBytes)(format === 'v2' ? V2_NONCE_BYTES : LEGACY_IV_BYTES);
    return encryptMetadataWithIv(agentKey, agentId, plaintext, format, iv);
}
/**
 * encryptMetadata with a caller-chosen IV/nonce, for golden vectors only. Not exported by the
 * client SDK: reusing a GCM nonce under one key breaks confidentiality and authenticity.
 */
function encryptMetadataWithIv(agentKey, agentId, plaintext, format, iv) {
    assertKey(agentKey);
    const data = Buffer.from(plaintext, 'utf8');
    if (format === 'legacy') {
        if (iv.length !== LEGACY_IV_BYTES)
            throw new RangeError(`legacy IV must be ${LEGACY_IV_BYTES} bytes`);
        const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-ctr', agentKey, iv);
        const c = Buffer.concat([iv, cipher.update(data), cipher.final()]).toString('base64');
        return JSON.stringify({ a: agentId, c });
    }
    if (iv.length !== V2_NONCE_BYTES)
        throw new RangeError(`v2 nonce must be ${V2_NONCE_BYTES} bytes`);
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', agentKey, iv, { authTagLength: V2_TAG_BYTES });
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    const c = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    return JSON.stringify({ a: agentId, v: 2, c });
}
/** Decrypts the decoded `c` bytes; throws MetadataItemError with a reason free of secrets. */
function decryptMetadataPayload(agentKey, format, payload) {
    if (format === 'legacy') {
        if (payload.length < LEGACY_IV_BYTES) {
            throw new MetadataItemError(`ciphertext too short for the legacy format (${payload.length} bytes; needs the ${LEGACY_IV_BYTES}-byte IV)`);
        }
        const decipher = createDecipheriv('aes-256-ctr', agentKey, payload.subarray(0, LEGACY_IV_BYTES));
        return Buffer.concat([decipher.update(payload.subarray(LEGACY_IV_BYTES)), decipher.final()]);
    }
    const minimum = V2_NONCE_BYTES + V2_TAG_BYTES;
    if (payload.length < minimum) {
        throw new MetadataItemError(`ciphertext too short for v2 (${payload.length} bytes; needs at least ${minimum}: ${V2_NONCE_BYTES}-byte nonce + ${V2_TAG_BYTES}-byte tag)`);
    }
    const decipher = createDecipheriv('aes-256-gcm', agentKey, payload.subarray(0, V2_NONCE_BYTES), {
        authTagLength: V2_TAG_BYTES,
    });
    decipher.setAuthTag(payload.subarray(payload.length - V2_TAG_BYTES));
    const body = decipher.update(payload.subarray(V2_NONCE_BYTES, payload.length - V2_TAG_BYTES));
    try {
        return Buffer.concat([body, decipher.final()]);
    }
    catch {
        throw new MetadataItemError('authentication failed (wrong key or tampered data)');
    }
}
function assertKey(agentKey) {
    if (agentKey.length !== AGENT_KEY_BYTES) {
        throw new RangeError(`agent key must be ${AGENT_KEY_BYTES} bytes (got ${agentKey.length})`);
    }
}

;// CONCATENATED MODULE: ./packages/vault/src/client/metadata.ts

// Client SDK side of metadata encryption: the same primitives the vault uses, plus the
// step from a GetPublicKey bundle to a ready key. No crypto is implemented here.


/** Reads `agent_id` and `agent_dek` (base64 of the derived key) from a GetPublicKey bundle. */
function agentKeyFromBundle(bundle) {
    if (typeof bundle.agent_id !== 'string' || bundle.agent_id.length === 0) {
        throw new Error('key bundle: agent_id is missing or empty (is this a GetPublicKey bundle?)');
    }
    const agentKey = typeof bundle.agent_dek === 'string' ? Buffer.from(bundle.agent_dek, 'base64') : Buffer.alloc(0);
    if (agentKey.length !== AGENT_KEY_BYTES || agentKey.toString('base64') !== bundle.agent_dek) {
        throw new Error(`key bundle: agent_dek must be base64 of ${AGENT_KEY_BYTES} bytes`);
    }
    return { agentId: bundle.agent_id, agentKey };
}

// EXTERNAL MODULE: ./node_modules/@grpc/proto-loader/build/src/index.js
var build_src = __webpack_require__(6081);
;// CONCATENATED MODULE: ./packages/vault/src/protocol/vault-protos.ts



// The vault's own services, as both sides load them: the client to call, the server to serve
// (which adds health and reflection on top, in grpc/proto-package.ts).
// Runtime loading with the same options the checked-in types in src/generated were
// generated with (see the proto:gen script), so the types describe what arrives.
const PROTO_LOADER_OPTIONS = {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    arrays: true,
    oneofs: true,
};
const PROTO_DIR = protoDir();
const VAULT_PROTO_FILES = [
    'rune/vault/v1/vault_service.proto',
    'rune/vault/v1/score.proto',
    'rune/vault/v1/token_exchange.proto',
];
const VAULT_SERVICE_NAME = 'rune.vault.v1.VaultService';
const TOKEN_EXCHANGE_SERVICE_NAME = 'rune.vault.v1.TokenExchangeService';
let cached;
/** The vault's services as grpc-js constructors plus the raw definition (for reflection). */
function loadVaultProtos() {
    if (!cached) {
        const definition = build_src/* loadSync */.Yi(VAULT_PROTO_FILES, {
            ...PROTO_LOADER_OPTIONS,
            includeDirs: [PROTO_DIR],
        });
        const proto = src.loadPackageDefinition(definition);
        cached = { definition, proto };
    }
    return cached;
}

;// CONCATENATED MODULE: ./packages/vault/src/client/token-exchange-client.ts


/** A promise-returning TokenExchangeService client: trade an OIDC JWT for a short-lived evt_ token. */
function createTokenExchangeClient(address, options = {}) {
    const { proto } = loadVaultProtos();
    const credentials = options.rootCert
        ? src.credentials.createSsl(options.rootCert)
        : src.credentials.createInsecure();
    const raw = new proto.rune.vault.v1.TokenExchangeService(address, credentials);
    return {
        raw,
        /** `provider` names an oidc.providers entry; '' picks the only one when just one is configured. */
        exchangeToken: (subjectToken, provider) => new Promise((resolve, reject) => raw.ExchangeToken({ subject_token: subjectToken, provider }, { deadline: Date.now() + (options.deadlineMs ?? 30_000) }, (error, response) => (error ? reject(error) : resolve(response)))),
        close: () => raw.close(),
    };
}

;// CONCATENATED MODULE: ./packages/vault/src/client/vault-client.ts


/** A promise-returning VaultService client for tests, e2e cases, benchmarks and users. */
function createVaultClient(address, options = {}) {
    const { proto } = loadVaultProtos();
    const credentials = options.rootCert
        ? src.credentials.createSsl(options.rootCert)
        : src.credentials.createInsecure();
    const maxBytes = options.maxMessageBytes ?? 256 * 1024 * 1024;
    const raw = new proto.rune.vault.v1.VaultService(address, credentials, {
        'grpc.max_receive_message_length': maxBytes,
        'grpc.max_send_message_length': maxBytes,
    });
    const deadline = () => ({ deadline: Date.now() + (options.deadlineMs ?? 30_000) });
    const call = (fn) => new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
    return {
        raw,
        getPublicKey: (token) => call((cb) => raw.GetPublicKey({ token }, deadline(), cb)),
        async getPublicKeyBundle(token) {
            const response = await this.getPublicKey(token);
            return JSON.parse(response.key_bundle_json);
        },
        decryptScores: (token, encryptedBlobB64, topK) => call((cb) => raw.DecryptScores({ token, encrypted_blob_b64: encryptedBlobB64, top_k: topK }, deadline(), cb)),
        decryptMetadata: (token, items) => call((cb) => raw.DecryptMetadata({ token, encrypted_metadata_list: items }, deadline(), cb)),
        close: () => raw.close(),
    };
}

;// CONCATENATED MODULE: ./packages/vault/src/client/index.ts
// The client SDK: talk to a vault and produce the ciphertexts it decrypts.









;// CONCATENATED MODULE: ./packages/e2e/src/clients/grpc-error.ts

function isGrpcError(error) {
    return error instanceof Error && typeof error.code === 'number';
}
/** "UNAUTHENTICATED" for 16; the number itself for codes grpc-js does not name. */
function grpcStatusName(code) {
    return src.status[code] ?? String(code);
}
/** "UNAUTHENTICATED: Invalid authentication token" — how a failed call reads in a case message. */
function describeError(error) {
    if (isGrpcError(error)) {
        const details = error.details ?? error.message;
        return details ? `${grpcStatusName(error.code)}: ${details}` : grpcStatusName(error.code);
    }
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./packages/e2e/src/cases/case-helpers.ts




// Small pieces every case shares: clients bound to the case deadline, status expectations,
// log polling and audit-line parsing.
/** What is left of the case's deadline, never less than `floorMs` (a call needs some time). */
function remainingMs(ctx, floorMs = 500) {
    return Math.max(floorMs, ctx.deadline - Date.now());
}
/** A VaultService client that honours the vault's TLS and the case deadline; closed after `use`. */
async function withVaultClient(vault, ctx, use) {
    const client = createVaultClient(vault.grpcAddress, {
        ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
        deadlineMs: remainingMs(ctx),
    });
    try {
        return await use(client);
    }
    finally {
        client.close();
    }
}
/** `e2e-audit-k3f9a2`: unique per run, so reruns against a long-lived vault do not collide. */
function uniqueName(prefix, ctx) {
    return `${prefix}-${ctx.runId}`;
}
/** A well-formed (36 chars, evt_ + 32 hex) token that no vault has issued with high probability. */
function unknownToken() {
    return `evt_${(0,external_node_crypto_.randomBytes)(16).toString('hex')}`;
}
/**
 * Awaits a call that must fail with `code` (and, if given, a message matching `text`);
 * returns the error. Success or any other outcome is a CaseFailure naming both.
 */
async function expectGrpcError(call, code, what, text) {
    const expected = `${what} → ${grpcStatusName(code)}${text ? ` matching ${text}` : ''}`;
    let outcome;
    try {
        outcome = await call;
    }
    catch (error) {
        if (!isGrpcError(error) || error.code !== code)
            throw new CaseFailure(expected, describeError(error));
        if (text && !text.test(error.details ?? error.message)) {
            throw new CaseFailure(expected, describeError(error));
        }
        return error;
    }
    throw new CaseFailure(expected, `OK ${summarize(outcome)}`);
}
/** Runs a call that must succeed; a failure reads "expected <what> to succeed, got <status>". */
async function expectOk(call, what) {
    try {
        return await call;
    }
    catch (error) {
        throw new CaseFailure(`${what} to succeed`, describeError(error));
    }
}
/** A short, single-line rendering of a response for failure messages. */
function summarize(value, max = 120) {
    let text;
    try {
        // Text as it is (on one line), anything else as JSON.
        text =
            typeof value === 'string' ? value.replace(/\r?\n/g, '\\n') : (JSON.stringify(value) ?? String(value));
    }
    catch {
        text = String(value);
    }
    return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
function case_helpers_sleep(ms, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
    });
}
/**
 * Reads the log source until `found` returns a value or `timeoutMs` passes (container logs
 * lag the calls that made them). Returns the value, or undefined with the last text read.
 */
async function pollLogs(vault, ctx, found, timeoutMs) {
    const until = Math.min(Date.now() + timeoutMs, ctx.deadline - 200);
    for (;;) {
        const logs = await vault.readLogs();
        const value = found(logs);
        if (value !== undefined || Date.now() >= until || ctx.signal.aborted)
            return { value, logs };
        await case_helpers_sleep(Math.min(250, Math.max(0, until - Date.now())), ctx.signal);
    }
}
// A log source may prefix lines (docker timestamps, stream tags): look for the JSON inside.
const AUDIT_START = '{"timestamp"';
/** Every audit JSON line in `logs`, parsed; lines that do not parse are ignored. */
function parseAuditLines(logs) {
    const records = [];
    for (const line of logs.split('\n')) {
        const at = line.indexOf(AUDIT_START);
        if (at < 0)
            continue;
        try {
            const parsed = JSON.parse(line.slice(at).trimEnd());
            if (parsed && typeof parsed === 'object')
                records.push(parsed);
        }
        catch {
            // Not a whole audit line (e.g. an operator message quoting one); skip it.
        }
    }
    return records;
}
/** The bodies of `AUDIT_ALERT {...}` lines whose alert is `name`. */
function parseAlertLines(logs, name) {
    const alerts = [];
    for (const line of logs.split('\n')) {
        const at = line.indexOf('AUDIT_ALERT ');
        if (at < 0)
            continue;
        try {
            const body = JSON.parse(line.slice(at + 'AUDIT_ALERT '.length).trimEnd());
            if (body?.alert === name)
                alerts.push(body);
        }
        catch {
            // A line that only mentions AUDIT_ALERT is not an alert.
        }
    }
    return alerts;
}

;// CONCATENATED MODULE: ./packages/e2e/src/cases/audit.ts




const AUDIT_FIELDS = ['timestamp', 'user_id', 'method', 'status', 'source_ip'];
// Container log readers lag the calls by a moment; give them this long.
const LOG_LAG_MS = 5_000;
function fieldProblem(record) {
    const missing = AUDIT_FIELDS.filter((f) => typeof record[f] !== 'string' || record[f] === '');
    // user_id "" is legitimate for unknown callers, but these calls are all by a known user.
    if (missing.length > 0)
        return `missing or empty ${missing.join(', ')}`;
    if (Number.isNaN(Date.parse(record.timestamp)))
        return `timestamp ${record.timestamp} is not a date`;
    return undefined;
}
const auditLogCase = {
    id: 7,
    name: 'audit-log',
    deadlineMs: 20_000,
    async run(vault, ctx) {
        // A user of its own: its lines are the ones with its name, whatever else the log holds.
        const user = uniqueName('e2e-audit', ctx);
        const token = await vault.issueToken(user, 'member');
        const calls = { GetPublicKey: 2, DecryptMetadata: 1 };
        await withVaultClient(vault, ctx, async (client) => {
            const bundle = await expectOk(client.getPublicKeyBundle(token), 'GetPublicKey');
            await expectOk(client.getPublicKey(token), 'GetPublicKey');
            const { agentId, agentKey } = agentKeyFromBundle(bundle);
            await expectOk(client.decryptMetadata(token, [encryptMetadata(agentKey, agentId, 'audit me')]), 'DecryptMetadata');
        });
        const linesOf = (logs) => parseAuditLines(logs).filter((r) => r.user_id === user);
        const complete = (records) => Object.entries(calls).every(([m, n]) => records.filter((r) => r.method === m).length >= n);
        const { logs } = await pollLogs(vault, ctx, (text) => (complete(linesOf(text)) ? true : undefined), LOG_LAG_MS);
        const records = linesOf(logs);
        const wanted = Object.entries(calls)
            .map(([m, n]) => `${m} ×${n}`)
            .join(', ');
        const expected = `a JSON audit line per call by '${user}' (${wanted}) with ${AUDIT_FIELDS.join(', ')}`;
        if (!complete(records)) {
            const seen = records.map((r) => String(r.method)).join(', ') || 'none';
            const lineCount = logs.split('\n').filter(Boolean).length;
            throw new CaseFailure(expected, `lines for ${seen} among ${lineCount} log lines`);
        }
        for (const record of records) {
            const problem = fieldProblem(record);
            if (problem)
                throw new CaseFailure(expected, `a line with ${problem}: ${summarize(record, 300)}`);
            if (record.status !== 'success') {
                throw new CaseFailure(`status "success" for ${String(record.method)}`, summarize(record, 300));
            }
        }
    },
};
const BAD_TOKENS = 5;
const auditAlertCase = {
    id: 8,
    name: 'audit-alert',
    deadlineMs: 20_000,
    exclusive: true,
    async run(vault, ctx) {
        // Earlier cases may have left failures in the window, so an alert may fire before our
        // fifth call; any new alert line after our five proves alerting works.
        const alertsBefore = parseAlertLines(await vault.readLogs(), 'auth_failure_threshold').length;
        await withVaultClient(vault, ctx, async (client) => {
            for (let i = 0; i < BAD_TOKENS; i++) {
                await expectGrpcError(client.getPublicKey(unknownToken()), src.status.UNAUTHENTICATED, `bad token ${i + 1} of ${BAD_TOKENS}`);
            }
        });
        const { value: alerts, logs } = await pollLogs(vault, ctx, (text) => {
            const found = parseAlertLines(text, 'auth_failure_threshold');
            return found.length > alertsBefore ? found.slice(alertsBefore) : undefined;
        }, LOG_LAG_MS);
        if (!alerts) {
            const other = logs.split('\n').filter((l) => l.includes('AUDIT_ALERT')).length;
            throw new CaseFailure(`an AUDIT_ALERT … auth_failure_threshold line after ${BAD_TOKENS} bad tokens from one client`, `none within ${LOG_LAG_MS / 1000} s (${alertsBefore} such line(s) before, ${other} AUDIT_ALERT line(s) in all)`);
        }
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/decrypt.ts



// Distinct scores across two shards, so the expected top-k is unambiguous.
const SHARDS = [
    { shardIdx: 0, scores: [0.12, 0.91, 0.33, 0.74, -0.5] },
    { shardIdx: 3, scores: [0.52, 0.97, 0.21, 0.05] },
];
const TOP_K = 4;
const SCORE_TOLERANCE = 1e-3;
/** Score descending, ties by (shard, row) ascending: the vault's documented order. */
function expectedTopK(shards, k) {
    return shards
        .flatMap(({ shardIdx, scores }) => scores.map((score, row) => ({ shard_idx: shardIdx, row_idx: row, score })))
        .sort((a, b) => b.score - a.score || a.shard_idx - b.shard_idx || a.row_idx - b.row_idx)
        .slice(0, k);
}
const render = (rows) => rows.map((r) => `(${r.shard_idx},${r.row_idx},${r.score.toFixed(4)})`).join(' ');
/** The known scores (9 rows over two shards) encrypted with `encKeyJson`, as encrypted_blob_b64. */
function knownScoresBlob(encKeyJson) {
    return encryptScoresBase64(encKeyJson, SHARDS);
}
/**
 * Encrypts known scores with `encKeyJson` (the served EncKey) and requires DecryptScores to
 * return their top-k: indices exact, scores within the tolerance. Throws a CaseFailure.
 */
async function expectKnownTopK(client, token, encKeyJson, what = 'DecryptScores', topK = TOP_K) {
    const blob = await knownScoresBlob(encKeyJson);
    const { results } = await expectOk(client.decryptScores(token, blob, topK), what);
    const expected = expectedTopK(SHARDS, topK);
    const got = results.map((r) => ({ shard_idx: r.shard_idx, row_idx: r.row_idx, score: r.score }));
    const wanted = `${what} to return top ${topK} ${render(expected)} (scores within ${SCORE_TOLERANCE})`;
    if (got.length !== expected.length)
        throw new CaseFailure(wanted, `${got.length} results ${render(got)}`);
    got.forEach((row, i) => {
        const want = expected[i];
        const sameIndex = row.shard_idx === want.shard_idx && row.row_idx === want.row_idx;
        if (!sameIndex || Math.abs(row.score - want.score) > SCORE_TOLERANCE) {
            throw new CaseFailure(wanted, render(got), `rank ${i + 1} differs`);
        }
    });
}
const decryptScoresCase = {
    id: 9,
    name: 'decrypt-scores',
    deadlineMs: 60_000,
    async run(vault, ctx) {
        await withVaultClient(vault, ctx, async (client) => {
            const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
            await expectKnownTopK(client, vault.token, bundle['EncKey.json']);
        });
    },
};
const decryptMetadataCase = {
    id: 10,
    name: 'decrypt-metadata',
    deadlineMs: 15_000,
    async run(vault, ctx) {
        const plaintexts = {
            v2: `{"doc":"e2e v2 ${ctx.runId}","note":"ünïcødé ✓"}`,
            legacy: `{"doc":"e2e legacy ${ctx.runId}"}`,
        };
        const decrypted = await withVaultClient(vault, ctx, async (client) => {
            const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
            const { agentId, agentKey } = agentKeyFromBundle(bundle);
            const items = ['v2', 'legacy'].map((format) => encryptMetadata(agentKey, agentId, plaintexts[format], { format }));
            const response = await expectOk(client.decryptMetadata(vault.token, items), 'DecryptMetadata');
            return response.decrypted_metadata;
        });
        const expected = [plaintexts.v2, plaintexts.legacy];
        if (decrypted.length !== 2 || decrypted[0] !== expected[0] || decrypted[1] !== expected[1]) {
            throw new CaseFailure(`the plaintexts back (v2, legacy) ${summarize(expected, 200)}`, summarize(decrypted, 200));
        }
    },
};

// EXTERNAL MODULE: ./node_modules/grpc-health-check/build/src/health.js
var health = __webpack_require__(5782);
;// CONCATENATED MODULE: ./packages/e2e/src/clients/grpc-service.ts


// Real clients for the standard gRPC services, built from their own .proto files at run time.
const loaded = new Map();
/** The grpc-js client constructor for `serviceName` (e.g. grpc.health.v1.Health) in `protoFile`. */
function clientConstructor(protoFile, serviceName) {
    let root = loaded.get(protoFile);
    if (!root) {
        root = src.loadPackageDefinition(build_src/* loadSync */.Yi(protoFile, { keepCase: true, enums: String, defaults: true, longs: Number }));
        loaded.set(protoFile, root);
    }
    const found = serviceName
        .split('.')
        .reduce((node, part) => node?.[part], root);
    if (typeof found !== 'function')
        throw new Error(`service ${serviceName} not found in ${protoFile}`);
    return found;
}
/** TLS trusting `rootCert` when given, else plaintext: how every case reaches the vault. */
function channelCredentials(rootCert) {
    return rootCert ? src.credentials.createSsl(rootCert) : src.credentials.createInsecure();
}

;// CONCATENATED MODULE: ./packages/e2e/src/clients/health-client.ts


function createHealthClient(address, options = {}) {
    const Health = clientConstructor(health/* protoPath */.cI, 'grpc.health.v1.Health');
    const client = new Health(address, channelCredentials(options.rootCert));
    const deadlineMs = options.deadlineMs ?? 5_000;
    return {
        check: (service) => new Promise((resolve, reject) => {
            const method = client.Check;
            method.call(client, { service }, { deadline: Date.now() + deadlineMs }, (err, res) => err ? reject(err) : resolve(res?.status ?? 'UNKNOWN'));
        }),
        close: () => client.close(),
    };
}

// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(8995);
;// CONCATENATED MODULE: ./packages/e2e/src/clients/reflection-client.ts





// @grpc/reflection ships the v1 proto; a client built from it speaks the real protocol.
const PROTO_IN_PACKAGE = 'build/proto/grpc/reflection/v1/reflection.proto';
/**
 * In a bundle (an action's dist/) there is no node_modules to resolve from: the build copies
 * the proto to vendor/@grpc/reflection/ beside it. A variable, so bundlers leave the URL alone.
 */
const BESIDE_BUNDLE = `./vendor/@grpc/reflection/${PROTO_IN_PACKAGE}`;
let reflectionProto;
/** Looked up on first use, so merely importing this module never fails. */
function reflectionProtoPath() {
    if (reflectionProto)
        return reflectionProto;
    const searched = [];
    try {
        const require = (0,external_node_module_.createRequire)(import.meta.url);
        searched.push((0,external_node_path_.join)((0,external_node_path_.dirname)(require.resolve('@grpc/reflection/package.json')), PROTO_IN_PACKAGE));
    }
    catch {
        // Not installed beside this file: a bundle.
    }
    searched.push((0,external_node_url_.fileURLToPath)(new URL(BESIDE_BUNDLE, import.meta.url)));
    reflectionProto = searched.find((path) => (0,external_node_fs_.existsSync)(path));
    if (!reflectionProto)
        throw new Error(`the gRPC reflection proto was not found; searched ${searched.join(', ')}`);
    return reflectionProto;
}
/** ServerReflectionInfo with one `list_services` request: the fully qualified service names. */
async function listServicesByReflection(address, options = {}) {
    const Reflection = clientConstructor(reflectionProtoPath(), 'grpc.reflection.v1.ServerReflection');
    const client = new Reflection(address, channelCredentials(options.rootCert));
    try {
        return await new Promise((resolve, reject) => {
            const open = client.ServerReflectionInfo;
            const stream = open.call(client, { deadline: Date.now() + (options.deadlineMs ?? 5_000) });
            let answered = false;
            stream.on('data', (response) => {
                answered = true;
                if (response.error_response) {
                    const { error_code, error_message } = response.error_response;
                    reject(new Error(`reflection error ${error_code}: ${error_message}`));
                }
                else {
                    resolve((response.list_services_response?.service ?? []).map((s) => s.name));
                }
                stream.end();
            });
            stream.on('error', (error) => {
                if (!answered)
                    reject(error);
            });
            stream.on('end', () => {
                if (!answered)
                    reject(new Error('reflection stream ended without a response'));
            });
            stream.write({ list_services: '' });
        });
    }
    finally {
        client.close();
    }
}

;// CONCATENATED MODULE: ./packages/e2e/src/cases/grpc-surface.ts





const VAULT_SERVICE = 'rune.vault.v1.VaultService';
const reflectionCase = {
    id: 3,
    name: 'reflection',
    deadlineMs: 5_000,
    async run(vault, ctx) {
        const expected = `reflection list_services to list ${VAULT_SERVICE}`;
        let services;
        try {
            services = await listServicesByReflection(vault.grpcAddress, {
                ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
                deadlineMs: remainingMs(ctx),
            });
        }
        catch (error) {
            throw new CaseFailure(expected, describeError(error));
        }
        if (!services.includes(VAULT_SERVICE)) {
            throw new CaseFailure(expected, services.length > 0 ? `[${services.join(', ')}]` : 'no services');
        }
    },
};
const grpcHealthCase = {
    id: 4,
    name: 'grpc-health',
    deadlineMs: 5_000,
    async run(vault, ctx) {
        const client = createHealthClient(vault.grpcAddress, {
            ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
            deadlineMs: remainingMs(ctx),
        });
        try {
            // "" is the whole server, the way load balancers and grpc_health_probe ask.
            for (const service of ['', VAULT_SERVICE]) {
                const expected = `SERVING from grpc.health.v1.Health/Check for ${JSON.stringify(service)}`;
                let status;
                try {
                    status = await client.check(service);
                }
                catch (error) {
                    throw new CaseFailure(expected, describeError(error));
                }
                if (status !== 'SERVING')
                    throw new CaseFailure(expected, status);
            }
        }
        finally {
            client.close();
        }
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/clients/http-get.ts
/** One GET with the case's abort signal; a connection error becomes a readable Error. */
async function httpGet(url, signal) {
    let response;
    try {
        response = await fetch(url, { signal: signal ?? null, redirect: 'manual' });
    }
    catch (error) {
        const cause = error.cause;
        throw new Error(`GET ${url} failed: ${cause?.code ?? cause?.message ?? error.message}`);
    }
    return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: await response.text(),
    };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./packages/e2e/src/cases/hostile-blobs.ts


// Byte builders for case 17 (hostile-input): SEAL objects with a chosen compression mode,
// decompression bombs that cost a few KB to send, and DecryptScores requests written as raw
// protobuf so a multi-megabyte blob is one Buffer, never a JS string or a second copy.
const hostile_blobs_MIB = 1024 * 1024;
/** SEAL's compr_mode_type (serialization header byte 5). */
const SEAL_COMPRESSION = { none: 0, zlib: 1, zstd: 2 };
const SEAL_MAGIC = 0xa15e;
const SEAL_HEADER_BYTES = 16;
/**
 * A SEAL serialization header: magic, header size 16, version 4.1 (or the version of
 * `template`, a SEAL object from the vault's own client), `mode`, then the total size.
 */
function sealObject(mode, body, template) {
    const out = Buffer.alloc(SEAL_HEADER_BYTES + body.length);
    out.writeUInt16LE(SEAL_MAGIC, 0);
    out[2] = SEAL_HEADER_BYTES;
    out[3] = 4;
    out[4] = template && isSealObject(template) ? (template[4] ?? 1) : 1;
    out[5] = SEAL_COMPRESSION[mode];
    out.writeBigUInt64LE(BigInt(out.length), 8);
    out.set(body, SEAL_HEADER_BYTES);
    return out;
}
function isSealObject(bytes) {
    return bytes.length >= SEAL_HEADER_BYTES && bytes[0] === 0x5e && bytes[1] === 0xa1 && bytes[2] === 16;
}
/**
 * What SEAL would parse after inflating `object`: its bytes after the header. Reads modes none
 * and zlib, and zstd frames made of raw and RLE blocks (what zstd writes for ciphertext
 * coefficients, which do not compress); anything else throws, naming what it met.
 */
function sealPayload(object) {
    if (!isSealObject(object))
        throw new Error('not a SEAL object (bad magic or header size)');
    const body = Buffer.from(object.buffer, object.byteOffset + SEAL_HEADER_BYTES, object.length - SEAL_HEADER_BYTES);
    switch (object[5]) {
        case SEAL_COMPRESSION.none:
            return body;
        case SEAL_COMPRESSION.zlib:
            return (0,external_node_zlib_.inflateSync)(body);
        case SEAL_COMPRESSION.zstd:
            return readSimpleZstdFrame(body);
        default:
            throw new Error(`unknown SEAL compression mode ${object[5]}`);
    }
}
/** The same SEAL object re-serialised with zlib: what a SEAL client writing mode 1 sends. */
function recompressAsZlib(object) {
    return sealObject('zlib', (0,external_node_zlib_.deflateSync)(sealPayload(object)), object);
}
/**
 * A zlib stream that inflates to `bytes` zeros (a whole number of MiB) in about bytes/1000
 * bytes. One MiB is deflated once (byte-aligned by a sync flush, self-contained: its first
 * symbol is a literal) and repeated, so building a 256 MiB bomb allocates no 256 MiB.
 */
function zlibZeros(bytes) {
    if (!Number.isInteger(bytes / hostile_blobs_MIB) || bytes <= 0)
        throw new Error(`zlibZeros: ${bytes} is not whole MiB`);
    const chunk = (0,external_node_zlib_.deflateRawSync)(Buffer.alloc(hostile_blobs_MIB), { level: 9, finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH });
    const header = Buffer.from([0x78, 0xda]);
    const finalEmptyBlock = Buffer.from([0x03, 0x00]); // BFINAL, fixed Huffman, end-of-block
    // Adler-32 of zeros: a stays 1, b adds 1 per byte.
    const adler = Buffer.alloc(4);
    adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0);
    return Buffer.concat([header, ...Array(bytes / hostile_blobs_MIB).fill(chunk), finalEmptyBlock, adler]);
}
const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_MAX_BLOCK = 128 * 1024;
const ZSTD_BLOCK = { raw: 0, rle: 1, compressed: 2 };
/**
 * A zstd frame of RLE blocks that declares and inflates to `bytes` zeros: 4 bytes per
 * 128 KiB (the format's largest block), so 256 MiB costs 8 KiB.
 */
function zstdZeros(bytes) {
    if (!Number.isInteger(bytes) || bytes <= 0)
        throw new Error(`zstdZeros: ${bytes} is not a positive size`);
    const blocks = Math.ceil(bytes / ZSTD_MAX_BLOCK);
    const out = Buffer.alloc(4 + 1 + 1 + 8 + blocks * 4);
    out.writeUInt32LE(ZSTD_MAGIC, 0);
    out[4] = 0b1100_0000; // 8-byte frame content size; not single-segment; no checksum, no dictionary
    out[5] = (17 - 10) << 3; // window 2^17 = 128 KiB, enough for the largest block
    out.writeBigUInt64LE(BigInt(bytes), 6);
    let at = 14;
    for (let left = bytes; left > 0; left -= ZSTD_MAX_BLOCK) {
        const size = Math.min(left, ZSTD_MAX_BLOCK);
        const last = left <= ZSTD_MAX_BLOCK ? 1 : 0;
        out.writeUIntLE((size << 3) | (ZSTD_BLOCK.rle << 1) | last, at, 3);
        out[at + 3] = 0;
        at += 4;
    }
    return out;
}
function readSimpleZstdFrame(frame) {
    if (frame.length < 6 || frame.readUInt32LE(0) !== ZSTD_MAGIC)
        throw new Error('not a zstd frame');
    const descriptor = frame[4];
    const singleSegment = (descriptor >> 5) & 1;
    const contentSizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6];
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
    let at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes + contentSizeBytes;
    const parts = [];
    for (;;) {
        if (at + 3 > frame.length)
            throw new Error('zstd frame ends inside a block header');
        const header = frame.readUIntLE(at, 3);
        const type = (header >> 1) & 3;
        const size = header >>> 3;
        at += 3;
        if (type === ZSTD_BLOCK.raw) {
            parts.push(frame.subarray(at, at + size));
            at += size;
        }
        else if (type === ZSTD_BLOCK.rle) {
            parts.push(Buffer.alloc(size, frame[at] ?? 0));
            at += 1;
        }
        else {
            throw new Error('zstd frame has a compressed block (only raw and RLE blocks are read here)');
        }
        if (header & 1)
            break;
    }
    return Buffer.concat(parts);
}
// --- protobuf, by hand: three small messages, non-negative integers only ---
function varint(value) {
    if (!Number.isSafeInteger(value) || value < 0)
        throw new Error(`varint: ${value} is not a non-negative integer`);
    const bytes = [];
    let v = value;
    while (v >= 0x80) {
        bytes.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
    }
    bytes.push(v);
    return Buffer.from(bytes);
}
const lengthDelimited = (field, bytes) => [
    varint((field << 3) | 2),
    varint(bytes.length),
    bytes,
];
const varintField = (field, value) => value === 0 ? [] : [varint(field << 3), varint(value)];
/** rune.vault.v1.CiphertextScore (score.proto) with these blocks: the vault's own codec. */
function encodeScoreBlocks(blocks) {
    return Buffer.from(encodeCiphertextScore({ blocks }));
}
/** The blocks of a well-formed CiphertextScore (the vault's own decoder). */
function readScoreBlocks(bytes) {
    return decodeCiphertextScore(bytes).blocks;
}
/**
 * DecryptScoresRequest (vault_service.proto) on the wire, with `blobBase64` already ASCII
 * bytes: send it with identity serialisers (VaultClient.raw.makeUnaryRequest).
 */
function decryptScoresRequestBytes(token, blobBase64, topK) {
    return Buffer.concat([
        ...lengthDelimited(1, Buffer.from(token, 'utf8')),
        ...lengthDelimited(2, blobBase64),
        ...varintField(3, topK),
    ]);
}

;// CONCATENATED MODULE: ./packages/e2e/src/cases/observability.ts



const healthCase = {
    id: 1,
    name: 'health',
    deadlineMs: 5_000,
    async run(vault, ctx) {
        const answer = await httpGet(`${vault.httpUrl}/health`, ctx.signal);
        const expected = '200 {"status":"healthy"} from GET /health';
        let body;
        try {
            body = JSON.parse(answer.body);
        }
        catch {
            body = undefined;
        }
        const healthy = body?.status === 'healthy';
        if (answer.status !== 200 || !healthy) {
            throw new CaseFailure(expected, `${answer.status} ${summarize(answer.body.trim())}`);
        }
    },
};
// A sample line or its HELP/TYPE header: the family exists even before the first call.
const REQUESTS_TOTAL = /^(# (HELP|TYPE) )?vault_requests_total\b/m;
const metricsCase = {
    id: 2,
    name: 'metrics',
    deadlineMs: 5_000,
    async run(vault, ctx) {
        const answer = await httpGet(`${vault.httpUrl}/metrics`, ctx.signal);
        const expected = '200 and Prometheus text with vault_requests_total from GET /metrics';
        if (answer.status !== 200)
            throw new CaseFailure(expected, `${answer.status} ${summarize(answer.body)}`);
        if (!REQUESTS_TOTAL.test(answer.body)) {
            const families = [...answer.body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
            throw new CaseFailure(expected, families.length > 0
                ? `${families.length} metric families without it (${summarize(families.join(', '), 200)})`
                : `no metric families (${summarize(answer.body)})`);
        }
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/hostile-input.ts









// Case 17: requests built to exhaust the vault (compressed ciphertexts, decompression bombs,
// an oversize message, a big blob with a token nobody issued) must each be refused cheaply:
// the daemon's resident memory barely moves, it stays healthy, and real work still succeeds.
const hostile_input_MIB = 1024 * 1024;
const HOSTILE_INPUT_DEFAULTS = {
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    maxMemoryGrowthBytes: 100 * hostile_input_MIB,
    bombBytes: 256 * hostile_input_MIB,
    repeats: 2,
};
const DECRYPT_SCORES_PATH = '/rune.vault.v1.VaultService/DecryptScores';
const RESIDENT_MEMORY = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+(\S+)/m;
function createHostileInputCase(options = {}) {
    const limit = options.maxRequestBytes ?? HOSTILE_INPUT_DEFAULTS.maxRequestBytes;
    const memoryBound = options.maxMemoryGrowthBytes ?? HOSTILE_INPUT_DEFAULTS.maxMemoryGrowthBytes;
    const bombBytes = options.bombBytes ?? HOSTILE_INPUT_DEFAULTS.bombBytes;
    const repeats = options.repeats ?? HOSTILE_INPUT_DEFAULTS.repeats;
    // A multiple of 4, so a strict base64 check cannot refuse it by its length alone.
    const unknownTokenBlob = Math.floor((options.unknownTokenBlobBytes ?? Math.min(8 * hostile_input_MIB, limit / 2)) / 4) * 4;
    return {
        id: 17,
        name: 'hostile-input',
        deadlineMs: 60_000,
        // Alone: it measures the daemon's memory, and its unknown tokens count as auth failures.
        exclusive: true,
        async run(vault, ctx) {
            // Issuing goes through the vault's admin CLI (a docker exec): overlap it with the set-up.
            const issued = vault.issueToken(uniqueName('e2e-hostile', ctx), 'member');
            issued.catch(() => { });
            const problems = await withVaultClient(vault, ctx, async (client) => {
                const bundle = await expectOk(client.getPublicKeyBundle(vault.token), 'GetPublicKey');
                const encKeyJson = bundle['EncKey.json'];
                const blobs = await buildBlobs(encKeyJson);
                // Its own user: these calls spend no rate budget of the suite's token.
                const token = await issued;
                // Before the baseline: the first decrypt loads the key into the decrypt workers.
                await expectKnownTopK(client, token, encKeyJson, 'DecryptScores before the hostile requests');
                const probes = probesFor(client, token, blobs, ctx);
                const found = [];
                const before = await residentMemory(vault.httpUrl, ctx);
                for (const probe of probes) {
                    const outcomes = await Promise.allSettled(Array.from({ length: repeats }, () => expectGrpcError(probe.send(), probe.code, probe.what)));
                    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [failureText(o.reason)] : []));
                    found.push(...new Set(failed));
                }
                const after = await residentMemory(vault.httpUrl, ctx);
                if (after - before > memoryBound) {
                    found.push(`process_resident_memory_bytes grew by ${mib(after - before)} (${mib(before)} → ${mib(after)}), over the ${mib(memoryBound)} bound`);
                }
                for (const check of [grpcHealthCase, healthCase]) {
                    await check
                        .run(vault, ctx)
                        .catch((error) => found.push(`afterwards ${failureText(error)}`));
                }
                await expectKnownTopK(client, token, encKeyJson, 'DecryptScores after the hostile requests').catch((error) => found.push(failureText(error)));
                return found;
            });
            if (problems.length > 0) {
                throw new CaseFailure(`compressed ciphertexts and bombs → INVALID_ARGUMENT, over ${limit} bytes → RESOURCE_EXHAUSTED, a ${mib(unknownTokenBlob)} blob with an unknown token → UNAUTHENTICATED (×${repeats} each), resident memory growth ≤ ${mib(memoryBound)}, then health SERVING and a correct DecryptScores`, problems.join('; '));
            }
        },
    };
    /** Every hostile payload, built before the memory baseline so their bytes are not counted. */
    async function buildBlobs(encKeyJson) {
        const legit = readScoreBlocks(await encryptScores(encKeyJson, [{ shardIdx: 0, scores: [0.25, 0.75] }]));
        const template = legit[0]?.ciphertext;
        if (!template)
            throw new CaseFailure('a CiphertextScore with one block from encryptScores', 'no blocks');
        const asBlob = (ciphertext) => encodeScoreBlocks([{ shardIdx: 0, count: 1, ciphertext }]).toString('base64');
        // 'A' is base64 for zero bits: the oversize blob is well-formed, only too big.
        const oversize = Buffer.alloc(limit + 1024, 'A');
        const unknown = Buffer.alloc(unknownTokenBlob, 'A');
        // Invalid at its very end: a vault that decodes before checking the token says so.
        unknown[unknown.length - 1] = '*'.charCodeAt(0);
        return {
            zlibCiphertext: asBlob(recompressAsZlib(template)),
            zlibBomb: asBlob(sealObject('zlib', zlibZeros(bombBytes), template)),
            zstdBomb: asBlob(sealObject('zstd', zstdZeros(bombBytes), template)),
            oversize,
            unknown,
        };
    }
    function probesFor(client, token, blobs, ctx) {
        const { zlibCiphertext, zlibBomb, zstdBomb } = blobs;
        const oversize = decryptScoresRequestBytes(token, blobs.oversize, 1);
        const unknown = decryptScoresRequestBytes(unknownToken(), blobs.unknown, 1);
        return [
            {
                what: 'a zlib-compressed ciphertext (SEAL compression mode 1)',
                code: src.status.INVALID_ARGUMENT,
                send: () => client.decryptScores(token, zlibCiphertext, 1),
            },
            {
                what: `a zlib bomb (${mib(bombBytes)} of zeros in ${kib(zlibBomb.length)} of base64)`,
                code: src.status.INVALID_ARGUMENT,
                send: () => client.decryptScores(token, zlibBomb, 1),
            },
            {
                what: `a zstd bomb (${mib(bombBytes)} of zeros in ${kib(zstdBomb.length)} of base64)`,
                code: src.status.INVALID_ARGUMENT,
                send: () => client.decryptScores(token, zstdBomb, 1),
            },
            {
                what: `a ${oversize.length}-byte DecryptScores (limit ${limit})`,
                code: src.status.RESOURCE_EXHAUSTED,
                send: () => sendRaw(client, oversize, ctx),
            },
            {
                what: `an unknown token with a ${mib(unknownTokenBlob)} blob`,
                code: src.status.UNAUTHENTICATED,
                send: () => sendRaw(client, unknown, ctx),
            },
        ];
    }
}
const hostileInputCase = createHostileInputCase();
/** A prebuilt DecryptScoresRequest, sent as is (one copy in grpc-js's framing, no re-encoding). */
function sendRaw(client, request, ctx) {
    const identity = (bytes) => bytes;
    return new Promise((resolve, reject) => {
        client.raw.makeUnaryRequest(DECRYPT_SCORES_PATH, identity, identity, request, { deadline: Date.now() + remainingMs(ctx) }, (error, response) => (error ? reject(error) : resolve(response)));
    });
}
/** process_resident_memory_bytes from /metrics (prom-client's default process metrics). */
async function residentMemory(httpUrl, ctx) {
    const answer = await httpGet(`${httpUrl}/metrics`, ctx.signal);
    const value = Number(RESIDENT_MEMORY.exec(answer.body)?.[1]);
    if (answer.status !== 200 || !Number.isFinite(value)) {
        throw new CaseFailure('process_resident_memory_bytes in GET /metrics', answer.status === 200 ? 'no such sample' : `${answer.status}`);
    }
    return value;
}
function failureText(error) {
    if (error instanceof CaseFailure)
        return error.message.replace(/^expected /, '');
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
const mib = (bytes) => `${(bytes / hostile_input_MIB).toFixed(bytes % hostile_input_MIB === 0 ? 0 : 1)} MiB`;
const kib = (bytes) => `${Math.ceil(bytes / 1024)} KiB`;

;// CONCATENATED MODULE: ./packages/e2e/src/cases/invalid-argument.ts



// Validation runs before authentication, so these spend no rate budget and no auth failures.
const VALID_BASE64 = Buffer.from('not a ciphertext').toString('base64');
// Each refusal must name the field it is about (VAULT.md: "names the field and rule"): a vault
// without validation still answers INVALID_ARGUMENT to top_k 0 with a garbage blob (not a
// ciphertext), to top_k 301 with a member token (over the role's limit) and to 1001 items of
// 'x' (item 0 is not JSON), and only the message tells those refusals from the rule's own:
// "top_k: …" (runevault and upstream's protovalidate alike), not "top_k 301 exceeds limit …"
// or "encrypted_metadata_list[0]: …".
const TOKEN_RULE = /\btoken:/;
const TOP_K_RULE = /\btop_k:/;
const LIST_RULE = /\bencrypted_metadata_list:/;
const probes = [
    { what: 'a 9-character token', field: TOKEN_RULE, call: (c) => c.getPublicKey('evt_short') },
    { what: 'top_k 0', field: TOP_K_RULE, call: (c, t) => c.decryptScores(t, VALID_BASE64, 0) },
    { what: 'top_k 301', field: TOP_K_RULE, call: (c, t) => c.decryptScores(t, VALID_BASE64, 301) },
    {
        what: 'an empty metadata list',
        field: LIST_RULE,
        call: (c, t) => c.decryptMetadata(t, []),
    },
    {
        what: '1001 metadata items',
        field: LIST_RULE,
        call: (c, t) => c.decryptMetadata(t, Array(1001).fill('x')),
    },
];
const invalidArgumentCase = {
    id: 11,
    name: 'invalid-argument',
    deadlineMs: 10_000,
    async run(vault, ctx) {
        // Every probe runs, so one report lists all the rules that are not enforced.
        const failures = await withVaultClient(vault, ctx, async (client) => {
            const found = [];
            for (const probe of probes) {
                try {
                    await expectGrpcError(probe.call(client, vault.token), src.status.INVALID_ARGUMENT, probe.what, probe.field);
                }
                catch (error) {
                    if (!(error instanceof CaseFailure))
                        throw error;
                    found.push(`${probe.what}: ${error.actual}`);
                }
            }
            return found;
        });
        if (failures.length > 0) {
            throw new CaseFailure(`INVALID_ARGUMENT naming the field for ${probes.map((p) => p.what).join(', ')}`, failures.join('; '));
        }
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/no-secret-leak.ts





/** A secret and the encodings it would most likely leak in. */
function formsOf(secret) {
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    return [secret, base64.replace(/=+$/, '')];
}
const noSecretLeakCase = {
    id: 14,
    name: 'no-secret-leak',
    deadlineMs: 30_000,
    async run(vault, ctx) {
        const user = uniqueName('e2e-leak', ctx);
        const token = await vault.issueToken(user, 'member');
        // Everything the vault says back to us, success and failure alike.
        const seen = [];
        const record = async (where, call) => {
            try {
                seen.push({ where, text: JSON.stringify(await call) });
            }
            catch (error) {
                seen.push({ where, text: `${describeError(error)} ${error.message}` });
            }
        };
        await withVaultClient(vault, ctx, async (client) => {
            const bundle = await expectOk(client.getPublicKeyBundle(token), 'GetPublicKey');
            seen.push({ where: 'GetPublicKey response', text: JSON.stringify(bundle) });
            const { agentId, agentKey } = agentKeyFromBundle(bundle);
            const good = encryptMetadata(agentKey, agentId, 'leak check');
            const tampered = good.replace(/"c":"(.)/, (_m, ch) => `"c":"${ch === 'A' ? 'B' : 'A'}`);
            const garbage = Buffer.from('garbage').toString('base64');
            await record('DecryptMetadata response', client.decryptMetadata(token, [good, tampered, '{"a":1}']));
            await record('DecryptScores error', client.decryptScores(token, garbage, 2));
            await record('DecryptScores top_k error', client.decryptScores(token, garbage, 11));
            // Malformed and near-miss tokens: error texts must not echo what was sent.
            await record('GetPublicKey error (spaced token)', client.getPublicKey(` ${token.slice(1)}`));
            await record('GetPublicKey error (long token)', client.getPublicKey(`${token}x`));
            await record('GetPublicKey error (near-miss token)', client.getPublicKey(`${token.slice(0, -1)}z`));
        });
        seen.push({ where: 'metrics', text: (await httpGet(`${vault.httpUrl}/metrics`, ctx.signal)).body });
        seen.push({ where: 'health', text: (await httpGet(`${vault.httpUrl}/health`, ctx.signal)).body });
        // Wait until the log holds our calls, so the scan covers what they wrote.
        const { logs } = await pollLogs(vault, ctx, (text) => (parseAuditLines(text).some((r) => r.user_id === user) ? true : undefined), 5_000);
        seen.push({ where: 'logs', text: logs });
        const known = await vault.knownSecrets();
        const secrets = [
            { what: 'the suite token', value: vault.token },
            { what: "the case's token", value: token },
            ...(known.teamSecret ? [{ what: 'the team secret', value: known.teamSecret }] : []),
            ...known.secKeyFragments.map((value, i) => ({ what: `SecKey fragment ${i + 1}`, value })),
        ].filter((s) => s.value.length >= 8);
        const leaks = secrets.flatMap(({ what, value }) => seen
            .filter(({ text }) => formsOf(value).some((form) => text.includes(form)))
            .map(({ where }) => `${what} in ${where}`));
        if (leaks.length > 0) {
            throw new CaseFailure(`no token, team secret or SecKey bytes in logs, metrics or ${seen.length - 1} responses`, [...new Set(leaks)].join('; '));
        }
    },
};

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/aws-tags.ts
// The `https://aws.amazon.com/tags` claim AWS STS reads from a web identity token
// (AssumeRoleWithWebIdentity session tags), checked against AWS's limits when minting, so a
// token that STS would refuse is never handed out.
const aws_tags_AWS_TAGS_CLAIM = 'https://aws.amazon.com/tags';
const AWS_MAX_SESSION_TAGS = 50;
const AWS_MAX_TAG_KEY_LENGTH = 128;
const AWS_MAX_TAG_VALUE_LENGTH = 256;
// Letters, digits, white space and _ . : / = + - @ (the IAM tag character set).
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
class AwsTagsError extends Error {
    problems;
    constructor(problems) {
        super(`aws-principal-tags: ${problems.join('; ')}`);
        this.problems = problems;
        this.name = 'AwsTagsError';
    }
}
/**
 * Accepts `{"Key": "value", …}` or `{"principal_tags": {"Key": "value" | ["value"]},
 * "transitive_tag_keys": ["Key"]}` and returns the claim, or throws AwsTagsError listing every
 * limit broken: at most 50 tags, keys 1-128 and values 0-256 characters of the IAM set, no
 * `aws:` prefix, no two keys differing only in case, transitive keys among the tags.
 */
function awsTagsClaim(input) {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
        throw new AwsTagsError(['expected a JSON object of tag key → value']);
    }
    const full = Object.hasOwn(input, 'principal_tags');
    const record = input;
    const rawTags = full ? record.principal_tags : input;
    const problems = [];
    if (full) {
        const extra = Object.keys(record).filter((k) => k !== 'principal_tags' && k !== 'transitive_tag_keys');
        if (extra.length > 0)
            problems.push(`unknown field(s) ${extra.join(', ')}`);
    }
    if (!rawTags || typeof rawTags !== 'object' || Array.isArray(rawTags)) {
        throw new AwsTagsError(['principal_tags must be an object of tag key → value']);
    }
    const principal = {};
    const seen = new Map();
    const entries = Object.entries(rawTags);
    if (entries.length === 0)
        problems.push('at least one tag is required');
    if (entries.length > AWS_MAX_SESSION_TAGS) {
        problems.push(`${entries.length} tags; AWS allows at most ${AWS_MAX_SESSION_TAGS} session tags`);
    }
    for (const [key, raw] of entries) {
        const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
        if (key.length < 1 || key.length > AWS_MAX_TAG_KEY_LENGTH) {
            problems.push(`tag key ${JSON.stringify(key)} must be 1-${AWS_MAX_TAG_KEY_LENGTH} characters`);
        }
        if (!TAG_CHARACTERS.test(key)) {
            problems.push(`tag key ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`);
        }
        if (/^aws:/i.test(key))
            problems.push(`tag key ${JSON.stringify(key)} uses the reserved aws: prefix`);
        const lower = key.toLowerCase();
        const clash = seen.get(lower);
        if (clash !== undefined) {
            problems.push(`tag keys ${JSON.stringify(clash)} and ${JSON.stringify(key)} differ only in case`);
        }
        seen.set(lower, key);
        if (typeof value !== 'string') {
            problems.push(`tag ${JSON.stringify(key)} needs one string value, got ${JSON.stringify(raw)}`);
            continue;
        }
        if (value.length > AWS_MAX_TAG_VALUE_LENGTH) {
            problems.push(`tag ${JSON.stringify(key)}: value is ${value.length} characters; AWS allows ${AWS_MAX_TAG_VALUE_LENGTH}`);
        }
        if (!TAG_CHARACTERS.test(value)) {
            problems.push(`tag ${JSON.stringify(key)}: value may hold only letters, digits, spaces and _ . : / = + - @`);
        }
        principal[key] = [value];
    }
    let transitive;
    if (full && record.transitive_tag_keys !== undefined) {
        const keys = record.transitive_tag_keys;
        if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
            problems.push('transitive_tag_keys must be a list of tag keys');
        }
        else {
            for (const key of keys) {
                if (!seen.has(key.toLowerCase())) {
                    problems.push(`transitive tag key ${JSON.stringify(key)} is not one of the principal tags`);
                }
            }
            transitive = keys;
        }
    }
    if (problems.length > 0)
        throw new AwsTagsError(problems);
    return { principal_tags: principal, ...(transitive ? { transitive_tag_keys: transitive } : {}) };
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/github-claims.ts
// GitHub-shaped identity: the claims, `sub` grammar and run namespace GitHub's OIDC tokens
// carry, derived from the GITHUB_* variables and the event payload of a run.
const PULL_REQUEST_EVENTS = new Set(['pull_request']);
/** The run as the GITHUB_* variables describe it; `event` is the parsed GITHUB_EVENT_PATH file. */
function githubContextFromEnv(env, event = {}) {
    const repository = env.GITHUB_REPOSITORY || 'local/repository';
    const ref = env.GITHUB_REF || 'refs/heads/main';
    const payload = (event && typeof event === 'object' ? event : {});
    const fromPayload = Number(payload.pull_request?.number ?? payload.number);
    const fromRef = Number(/^refs\/pull\/(\d+)\//.exec(ref)?.[1]);
    const eventName = env.GITHUB_EVENT_NAME || 'push';
    const pullRequestNumber = PULL_REQUEST_EVENTS.has(eventName)
        ? [fromPayload, fromRef].find((n) => Number.isInteger(n) && n > 0)
        : undefined;
    return {
        repository,
        repositoryOwner: env.GITHUB_REPOSITORY_OWNER || repository.split('/')[0] || '',
        repositoryId: env.GITHUB_REPOSITORY_ID || '',
        repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID || '',
        ref,
        refType: env.GITHUB_REF_TYPE || (ref.startsWith('refs/tags/') ? 'tag' : 'branch'),
        sha: env.GITHUB_SHA || '0'.repeat(40),
        runId: env.GITHUB_RUN_ID || '0',
        runNumber: env.GITHUB_RUN_NUMBER || '1',
        runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
        workflow: env.GITHUB_WORKFLOW || 'local',
        workflowRef: env.GITHUB_WORKFLOW_REF || '',
        workflowSha: env.GITHUB_WORKFLOW_SHA || '',
        actor: env.GITHUB_ACTOR || 'local',
        actorId: env.GITHUB_ACTOR_ID || '',
        eventName,
        headRef: env.GITHUB_HEAD_REF || '',
        baseRef: env.GITHUB_BASE_REF || '',
        environment: '',
        pullRequestNumber,
        runnerEnvironment: env.RUNNER_ENVIRONMENT || 'self-hosted',
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    };
}
/** `:` inside a value becomes `%3A`, so the `:`-separated `sub` stays unambiguous. */
function escapeSubjectValue(value) {
    return value.replaceAll(':', '%3A');
}
/**
 * GitHub's `sub`: `repo:OWNER/REPO:environment:NAME` for a job with an environment,
 * `repo:OWNER/REPO:pull_request` for pull requests, else `repo:OWNER/REPO:ref:<ref>`.
 */
function github_claims_githubSubject(ctx) {
    const repo = `repo:${escapeSubjectValue(ctx.repository)}`;
    if (ctx.environment)
        return `${repo}:environment:${escapeSubjectValue(ctx.environment)}`;
    if (PULL_REQUEST_EVENTS.has(ctx.eventName))
        return `${repo}:pull_request`;
    return `${repo}:ref:${escapeSubjectValue(ctx.ref)}`;
}
/** `pr-<n>/run-<id>-<attempt>` for a pull request, else `run-<id>-<attempt>`. */
function github_claims_defaultNamespace(ctx) {
    const run = `run-${ctx.runId}-${ctx.runAttempt}`;
    return ctx.pullRequestNumber !== undefined ? `pr-${ctx.pullRequestNumber}/${run}` : run;
}
/** The non-registered claims of a GitHub Actions ID token (values are strings, as GitHub's are). */
function github_claims_githubShapedClaims(ctx) {
    const workflowPath = ctx.workflowRef || `${ctx.repository}/.github/workflows/${ctx.workflow}.yml@${ctx.ref}`;
    const claims = {
        ref: ctx.ref,
        ref_type: ctx.refType,
        sha: ctx.sha,
        repository: ctx.repository,
        repository_owner: ctx.repositoryOwner,
        repository_visibility: 'private',
        run_id: ctx.runId,
        run_number: ctx.runNumber,
        run_attempt: ctx.runAttempt,
        workflow: ctx.workflow,
        workflow_ref: workflowPath,
        workflow_sha: ctx.workflowSha || ctx.sha,
        job_workflow_ref: workflowPath,
        job_workflow_sha: ctx.workflowSha || ctx.sha,
        actor: ctx.actor,
        event_name: ctx.eventName,
        head_ref: ctx.headRef,
        base_ref: ctx.baseRef,
        runner_environment: ctx.runnerEnvironment,
    };
    if (ctx.repositoryId)
        claims.repository_id = ctx.repositoryId;
    if (ctx.repositoryOwnerId)
        claims.repository_owner_id = ctx.repositoryOwnerId;
    if (ctx.actorId)
        claims.actor_id = ctx.actorId;
    if (ctx.environment)
        claims.environment = ctx.environment;
    return claims;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/issuer-server.ts
// The loopback issuer over HTTP: OIDC discovery, the JWKS, and an endpoint that answers the
// way GitHub's ACTIONS_ID_TOKEN_REQUEST_URL does (bearer request token, `&audience=`,
// JSON `{"value": "<jwt>"}`), so an unmodified core.getIDToken(aud) gets a test token.


const DISCOVERY_PATH = '/.well-known/openid-configuration';
const JWKS_PATH = '/.well-known/jwks';
const TOKEN_PATH = '/token';
const SHUTDOWN_PATH = '/shutdown';
/** GitHub's runtime URL already has a query (api-version), so clients append `&audience=`. */
const TOKEN_QUERY = '?api-version=2.0';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
async function issuer_server_startIssuerServer(options) {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.has(host))
        throw new Error(`the test issuer listens on loopback only, not ${host}`);
    if (options.requestToken.length < 16)
        throw new Error('requestToken must be at least 16 characters');
    let endpoints;
    let baseUrl = '';
    const server = createServer((req, res) => {
        handle(req, res, endpoints, baseUrl, options).catch((error) => {
            options.log?.(`${req.method} ${pathOf(req)} failed: ${error.message}`);
            if (!res.headersSent)
                send(res, 500, { message: 'internal error' });
        });
    });
    server.keepAliveTimeout = 1_000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address();
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    try {
        endpoints = await options.endpoints(baseUrl);
    }
    catch (error) {
        await closeServer(server);
        throw error;
    }
    return {
        baseUrl,
        port,
        issuer: endpoints.issuer,
        discoveryUrl: `${baseUrl}${DISCOVERY_PATH}`,
        jwksUrl: `${baseUrl}${JWKS_PATH}`,
        tokenRequestUrl: `${baseUrl}${TOKEN_PATH}${TOKEN_QUERY}`,
        shutdownUrl: `${baseUrl}${SHUTDOWN_PATH}`,
        close: () => closeServer(server),
    };
}
async function handle(req, res, endpoints, baseUrl, options) {
    const url = new URL(req.url ?? '/', 'http://issuer.invalid');
    const status = await route(req, res, url, endpoints, baseUrl, options);
    options.log?.(`${req.method} ${url.pathname} ${status}`);
}
async function route(req, res, url, endpoints, baseUrl, options) {
    if (!endpoints)
        return send(res, 503, { message: 'starting' });
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === DISCOVERY_PATH) {
        return send(res, 200, {
            issuer: endpoints.issuer,
            jwks_uri: `${baseUrl}${JWKS_PATH}`,
            subject_types_supported: ['public', 'pairwise'],
            response_types_supported: ['id_token'],
            claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'namespace'],
            id_token_signing_alg_values_supported: endpoints.algorithms,
            scopes_supported: ['openid'],
        });
    }
    if (method === 'GET' && url.pathname === JWKS_PATH)
        return send(res, 200, endpoints.jwks());
    if (method === 'GET' && url.pathname === TOKEN_PATH) {
        if (!bearerMatches(req, options.requestToken)) {
            return send(res, 401, { message: 'a valid bearer token (ACTIONS_ID_TOKEN_REQUEST_TOKEN) is required' });
        }
        const audience = url.searchParams.get('audience');
        return send(res, 200, {
            value: await endpoints.mint(audience === null || audience === '' ? undefined : audience),
        });
    }
    if (method === 'POST' && url.pathname === SHUTDOWN_PATH && options.shutdownToken) {
        if (!bearerMatches(req, options.shutdownToken))
            return send(res, 401, { message: 'unauthorized' });
        const status = send(res, 200, { message: 'stopping' });
        res.on('finish', () => options.onShutdown?.());
        return status;
    }
    return send(res, 404, { message: `no route for ${method} ${url.pathname}` });
}
function bearerMatches(req, expected) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match)
        return false;
    const given = Buffer.from(match[1]);
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
}
function pathOf(req) {
    return (req.url ?? '/').split('?')[0] ?? '/';
}
function send(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
    });
    res.end(text);
    return status;
}
function closeServer(server) {
    return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
    });
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/test-issuer.ts
// An ephemeral OIDC issuer for tests: a key ring (one signing key, any number published),
// GitHub-shaped tokens from a template, and the JWKS a verifier needs.




class test_issuer_TestIssuer {
    issuer;
    options;
    published = new Map();
    active;
    now;
    constructor(issuer, key, options) {
        this.issuer = issuer;
        this.options = options;
        this.active = key;
        this.published.set(key.kid, key);
        this.now = options.now ?? (() => new Date());
    }
    static async create(options) {
        assertTestIssuerUrl(options.issuer);
        const key = options.key ??
            (await generateIssuerKey(options.alg ?? 'RS256', { extractable: options.extractable ?? false }));
        return new test_issuer_TestIssuer(options.issuer.replace(/\/+$/, ''), key, options);
    }
    get alg() {
        return this.active.alg;
    }
    /** The key that signs new tokens. */
    get signingKey() {
        return this.active;
    }
    /** The published keys (the JWKS), signing key first. */
    jwks() {
        const keys = [this.active, ...[...this.published.values()].filter((k) => k !== this.active)];
        return { keys: keys.map((k) => ({ ...k.publicJwk })) };
    }
    // ---- rotation: publish before signing, retire after ----
    /** A new key, published in the JWKS at once but not signing yet (verifiers learn it first). */
    async publishNewKey(alg = this.active.alg) {
        const key = await generateIssuerKey(alg, { extractable: this.options.extractable ?? false });
        this.published.set(key.kid, key);
        return key;
    }
    /** Signs from now on with a published key. */
    activate(kid) {
        const key = this.published.get(kid);
        if (!key)
            throw new Error(`key ${kid} is not published; publishNewKey() first`);
        this.active = key;
    }
    /** Removes a key from the JWKS: tokens it signed stop verifying once verifiers refetch. */
    retire(kid) {
        if (kid === this.active.kid)
            throw new Error(`key ${kid} signs new tokens; activate another first`);
        if (!this.published.delete(kid))
            throw new Error(`key ${kid} is not published`);
    }
    // ---- minting ----
    /** A signed JWT from `template`, as GitHub's would look (header alg, kid, typ JWT). */
    async mint(template, overrides = {}) {
        return this.sign(this.payload(template, overrides), overrides.key ?? this.active);
    }
    /** The claims mint() would sign (tests and negative presets start from them). */
    payload(template, overrides = {}) {
        const iat = overrides.issuedAt ?? Math.floor(this.now().getTime() / 1000);
        const nbf = overrides.notBefore === undefined ? iat : overrides.notBefore;
        const exp = overrides.expiresAt === undefined ? iat + template.lifetimeSeconds : overrides.expiresAt;
        const payload = {
            jti: randomUUID(),
            sub: template.subject,
            aud: overrides.audience ?? template.audience,
            ...template.claims,
            ...overrides.extraClaims,
            iss: overrides.issuer ?? this.issuer,
            iat,
        };
        if (nbf !== null)
            payload.nbf = nbf;
        if (exp !== null)
            payload.exp = exp;
        return payload;
    }
    async sign(payload, key = this.active) {
        return new SignJWT(payload)
            .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
            .sign(key.privateKey);
    }
    nowSeconds() {
        return Math.floor(this.now().getTime() / 1000);
    }
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/issuer-process.ts
// The loopback issuer as a detached process, so it outlives the step that started it (the
// action's main) and serves later steps until post stops it. The parent hands the key and
// template over stdin (never a file), reads one ready line from stdout, then lets go.





/** argv[2] that makes a bundle (or issuer-process-main.ts) run the issuer instead of its main. */
const ISSUER_PROCESS_ARG = 'serve-oidc-test-issuer';
/** An issuer left behind by a cancelled run stops by itself after this long. */
const DEFAULT_MAX_LIFETIME_SECONDS = (/* unused pure expression or super */ null && (6 * 3600));
// ---- the process itself ----
/** The issuer process's main: config from stdin, ready line on stdout, log lines on stderr. */
async function runIssuerProcess() {
    const log = (line) => process.stderr.write(`${new Date().toISOString()} oidc-test-issuer: ${line}\n`);
    // The parent closes our stdout after the ready line; a stray write must not kill us.
    process.stdout.on('error', () => { });
    const config = JSON.parse(await readStream(process.stdin));
    const key = await importIssuerKey(config.privateJwk);
    let stopping = false;
    const stop = (why) => {
        if (stopping)
            return;
        stopping = true;
        log(`stopping: ${why}`);
        server.close().finally(() => process.exit(0));
    };
    const server = await startIssuerServer({
        ...(config.host ? { host: config.host } : {}),
        port: config.port ?? 0,
        requestToken: config.requestToken,
        shutdownToken: config.shutdownToken,
        log,
        onShutdown: () => stop('shutdown requested'),
        endpoints: async (baseUrl) => {
            const issuer = await TestIssuer.create({ issuer: config.issuer || baseUrl, key });
            return {
                issuer: issuer.issuer,
                jwks: () => issuer.jwks(),
                mint: (audience) => issuer.mint(config.template, audience ? { audience } : {}),
                algorithms: [key.alg],
            };
        },
    });
    for (const signal of ['SIGTERM', 'SIGINT'])
        process.on(signal, () => stop(signal));
    process.on('SIGHUP', () => { });
    setTimeout(() => stop('maximum lifetime reached'), (config.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS) * 1000);
    const ready = {
        pid: process.pid,
        port: server.port,
        baseUrl: server.baseUrl,
        issuer: server.issuer,
        discoveryUrl: server.discoveryUrl,
        jwksUrl: server.jwksUrl,
        tokenRequestUrl: server.tokenRequestUrl,
        shutdownUrl: server.shutdownUrl,
    };
    log(`serving ${server.issuer} on ${server.baseUrl} (pid ${process.pid})`);
    process.stdout.write(`${JSON.stringify(ready)}\n`);
}
function readStream(stream) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
    });
}
async function issuer_process_spawnIssuerProcess(options) {
    const logFd = openSync(options.logFile, 'a', 0o600);
    const child = spawn(options.command, options.args, {
        detached: true,
        stdio: ['pipe', 'pipe', logFd],
        env: options.env ?? process.env,
    });
    closeSync(logFd);
    child.stdin?.on('error', () => { });
    child.stdin?.end(JSON.stringify(options.config));
    const timeoutMs = options.readyTimeoutMs ?? 15_000;
    try {
        const line = await new Promise((resolve, reject) => {
            let buffered = '';
            const timer = setTimeout(() => reject(new Error(`the issuer process did not report ready within ${timeoutMs} ms`)), timeoutMs);
            child.stdout?.on('data', (chunk) => {
                buffered += chunk.toString('utf8');
                const end = buffered.indexOf('\n');
                if (end >= 0) {
                    clearTimeout(timer);
                    resolve(buffered.slice(0, end));
                }
            });
            child.once('error', (error) => {
                clearTimeout(timer);
                reject(error);
            });
            child.once('exit', (code, signal) => {
                clearTimeout(timer);
                reject(new Error(`the issuer process exited before it was ready (${signal ?? `exit ${code}`})`));
            });
        });
        const ready = JSON.parse(line);
        child.stdout?.destroy();
        child.removeAllListeners();
        child.unref();
        return ready;
    }
    catch (error) {
        child.kill('SIGKILL');
        throw new Error(`${error.message}; its log (${options.logFile}):\n${tail(options.logFile)}`);
    }
}
/**
 * Asks the issuer to stop (POST /shutdown with its token); if that fails and the pid still runs
 * the issuer (checked on /proc where there is one), SIGTERM, then SIGKILL. Never throws.
 */
async function issuer_process_stopIssuerProcess(options) {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const deadline = Date.now() + timeoutMs;
    let how = 'shutdown request';
    try {
        const response = await fetch(options.shutdownUrl, {
            method: 'POST',
            headers: { authorization: `Bearer ${options.shutdownToken}` },
            signal: AbortSignal.timeout(Math.max(500, timeoutMs / 2)),
        });
        await response.arrayBuffer();
        if (!response.ok)
            how = `shutdown request answered ${response.status}`;
    }
    catch (error) {
        how = `shutdown request failed (${error.message})`;
    }
    if (await exited(options.pid, deadline))
        return { stopped: true, how };
    if (!isIssuerProcess(options.pid))
        return { stopped: true, how: `${how}; pid ${options.pid} is not the issuer` };
    signal(options.pid, 'SIGTERM');
    if (await exited(options.pid, Date.now() + 2_000))
        return { stopped: true, how: `${how}, then SIGTERM` };
    signal(options.pid, 'SIGKILL');
    return { stopped: await exited(options.pid, Date.now() + 1_000), how: `${how}, then SIGKILL` };
}
/** True while `pid` runs; a zombie (exited, not yet reaped by its new parent) counts as gone. */
function isAlive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (error) {
        return error.code === 'EPERM';
    }
    try {
        // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    }
    catch {
        return true;
    }
}
// A recycled pid must never be signalled: where /proc exists, the command line must name us.
function isIssuerProcess(pid) {
    if (!isAlive(pid))
        return false;
    const cmdline = `/proc/${pid}/cmdline`;
    if (!existsSync('/proc/self/cmdline'))
        return true;
    try {
        return readFileSync(cmdline, 'utf8').split('\0').includes(ISSUER_PROCESS_ARG);
    }
    catch {
        return false;
    }
}
function signal(pid, name) {
    try {
        process.kill(pid, name);
    }
    catch {
        // Already gone.
    }
}
async function exited(pid, deadline) {
    for (;;) {
        if (!isAlive(pid))
            return true;
        if (Date.now() >= deadline)
            return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
function tail(file, lines = 20) {
    try {
        return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/jwks-file.ts



/**
 * Writes a JWKS by write-then-rename, so a verifier re-reading it (runevault's jwks_file) sees
 * the old set or the new one, never half of one. 0644: it holds public keys only, and a vault
 * in a container (another uid) must read the mounted file.
 */
function jwks_file_writeJwksFile(path, jwks) {
    mkdirSync(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.jwks-${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o644 });
    chmodSync(temp, 0o644);
    renameSync(temp, path);
}
/** A secret file (a token, the negatives): 0600, created or replaced. */
function jwks_file_writeSecretFile(path, text) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, text, { mode: 0o600 });
    chmodSync(path, 0o600);
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/negative-presets.ts
// Tokens a verifier must refuse, one per way a JWT can be wrong. Each differs from a good
// token in exactly one respect, so a refusal can only be for that reason.


const NEGATIVE_PRESETS = [
    'expired',
    'future-nbf',
    'wrong-aud',
    'wrong-iss',
    'alg-none',
    'hs256-confusion',
    'unknown-kid',
    'missing-exp',
    'oversized',
];
/** The reason a runevault ExchangeToken refusal names for each preset (the audit `error` ends with it). */
const EXPECTED_VAULT_REASONS = {
    expired: 'expired',
    'future-nbf': 'not_yet_valid',
    'wrong-aud': 'wrong_audience',
    'wrong-iss': 'wrong_issuer',
    'alg-none': 'alg_not_allowed:none',
    'hs256-confusion': 'alg_not_allowed:HS256',
    'unknown-kid': 'unknown_kid',
    'missing-exp': 'missing_claim:exp',
    oversized: 'token_too_large',
};
/** Far beyond any verifier's clock tolerance (runevault allows 60 s). */
const SKEW_SECONDS = 3600;
/** Bigger than runevault's 16 KiB limit once signed and encoded. */
const OVERSIZED_PADDING = (/* unused pure expression or super */ null && (20 * 1024));
const WRONG_AUDIENCE = 'https://wrong-audience.invalid';
const WRONG_ISSUER = 'https://wrong-issuer.invalid';
function isNegativePreset(value) {
    return NEGATIVE_PRESETS.includes(value);
}
async function mintNegative(issuer, template, preset) {
    const now = issuer.nowSeconds();
    switch (preset) {
        case 'expired':
            return issuer.mint(template, {
                issuedAt: now - SKEW_SECONDS - template.lifetimeSeconds,
                expiresAt: now - SKEW_SECONDS,
            });
        case 'future-nbf':
            return issuer.mint(template, {
                issuedAt: now,
                notBefore: now + SKEW_SECONDS,
                expiresAt: now + SKEW_SECONDS + template.lifetimeSeconds,
            });
        case 'wrong-aud':
            return issuer.mint(template, { audience: WRONG_AUDIENCE });
        case 'wrong-iss':
            return issuer.mint(template, { issuer: WRONG_ISSUER });
        case 'alg-none': {
            // An unsecured JWT (RFC 7519 §6): header alg none, empty signature.
            const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
            const body = base64url.encode(JSON.stringify(issuer.payload(template)));
            return `${header}.${body}.`;
        }
        case 'hs256-confusion': {
            // The classic key-confusion attack: HMAC keyed with the issuer's public key (PEM), under
            // the real kid, hoping the verifier feeds that key to HMAC.
            const secret = new TextEncoder().encode(await publicKeyPem(issuer.signingKey));
            return new SignJWT(issuer.payload(template))
                .setProtectedHeader({ alg: 'HS256', kid: issuer.signingKey.kid, typ: 'JWT' })
                .sign(secret);
        }
        case 'unknown-kid':
            return issuer.mint(template, { key: await generateIssuerKey(issuer.alg) });
        case 'missing-exp':
            return issuer.mint(template, { expiresAt: null });
        case 'oversized':
            return issuer.mint(template, { extraClaims: { padding: 'x'.repeat(OVERSIZED_PADDING) } });
    }
}
/** preset → token for each preset asked, in the order asked. */
async function negative_presets_mintNegatives(issuer, template, presets = NEGATIVE_PRESETS) {
    const tokens = {};
    for (const preset of presets)
        tokens[preset] = await mintNegative(issuer, template, preset);
    return tokens;
}
/** "expired, wrong-aud" or "all" → presets; throws naming unknown ones and the valid list. */
function parseNegativePresets(text) {
    const items = text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    if (items.length === 1 && items[0] === 'all')
        return [...NEGATIVE_PRESETS];
    const unknown = items.filter((item) => !isNegativePreset(item));
    if (unknown.length > 0) {
        throw new Error(`unknown negative preset(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; valid: ${NEGATIVE_PRESETS.join(', ')} (or all)`);
    }
    return [...new Set(items)];
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/local-run.ts
// One run of the test issuer as the mint-test-oidc action needs it: a key, optionally a
// loopback issuer process, the token, the negatives and the files a vault and later steps read.








/** The issuer of tokens minted without a served issuer and without an explicit one. */
const DEFAULT_LOCAL_ISSUER = 'https://oidc.test.invalid';
async function mintLocalRun(options) {
    if (options.issuer)
        assertTestIssuerUrl(options.issuer);
    // The key leaves this process only when an issuer process needs it (over its stdin).
    const key = await generateIssuerKey(options.alg, { extractable: options.serve !== undefined });
    let served;
    if (options.serve) {
        const requestToken = randomBytes(24).toString('hex');
        const shutdownToken = randomBytes(24).toString('hex');
        const logFile = join(options.outDir, 'issuer.log');
        writeSecretFile(logFile, '');
        const ready = await spawnIssuerProcess({
            command: options.serve.command,
            args: options.serve.args,
            logFile,
            ...(options.serve.env ? { env: options.serve.env } : {}),
            config: {
                privateJwk: await exportPrivateJwk(key),
                issuer: options.issuer,
                requestToken,
                shutdownToken,
                template: options.template,
                ...(options.serve.maxLifetimeSeconds ? { maxLifetimeSeconds: options.serve.maxLifetimeSeconds } : {}),
            },
        });
        served = { ...ready, requestToken, shutdownToken, logFile };
    }
    try {
        return await mintAndWrite(options, key, served);
    }
    catch (error) {
        // Nothing will stop an issuer whose start is reported as failed: stop it here.
        if (served)
            await stopIssuerProcess(served);
        throw error;
    }
}
async function mintAndWrite(options, key, served) {
    const issuer = await TestIssuer.create({
        issuer: served?.issuer ?? (options.issuer || DEFAULT_LOCAL_ISSUER),
        key,
    });
    const token = await issuer.mint(options.template);
    const jwksFile = join(options.outDir, 'jwks.json');
    writeJwksFile(jwksFile, issuer.jwks());
    const tokenFile = join(options.outDir, 'token.jwt');
    writeSecretFile(tokenFile, token);
    const negatives = await mintNegatives(issuer, options.template, options.negatives);
    let negativesFile;
    if (options.negatives.length > 0) {
        negativesFile = join(options.outDir, 'negatives.json');
        writeSecretFile(negativesFile, `${JSON.stringify(negatives, null, 2)}\n`);
    }
    return {
        issuer: issuer.issuer,
        kid: key.kid,
        token,
        tokenFile,
        jwksFile,
        negatives,
        ...(negativesFile ? { negativesFile } : {}),
        ...(served ? { served } : {}),
    };
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/token-template.ts
// What every token of one run says: subject, default audience, lifetime and the claims
// (GitHub-shaped, then namespace, then AWS tags, then the caller's own JSON on top).


/** Claims a template may not carry: minting sets them (from issuer, subject, audience, lifetime). */
const MINTED_CLAIMS = {
    iss: 'the issuer input',
    sub: 'the subject input',
    aud: 'the audience input',
    iat: 'the lifetime input',
    nbf: 'the lifetime input',
    exp: 'the lifetime input',
    jti: 'nothing (each token gets a fresh one)',
};
const MAX_LIFETIME_SECONDS = (/* unused pure expression or super */ null && (24 * 3600));
class TemplateError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'TemplateError';
}
function buildTokenTemplate(input) {
    const extra = input.claims ?? {};
    const reserved = Object.keys(extra).filter((name) => Object.hasOwn(MINTED_CLAIMS, name));
    if (reserved.length > 0) {
        throw new TemplateError(`claims may not set ${reserved.join(', ')}: ${reserved.map((n) => `${n} comes from ${MINTED_CLAIMS[n]}`).join('; ')}`);
    }
    if (!Number.isInteger(input.lifetimeSeconds) || input.lifetimeSeconds < 1) {
        throw new TemplateError(`lifetime must be at least 1 second, got ${input.lifetimeSeconds}`);
    }
    if (input.lifetimeSeconds > MAX_LIFETIME_SECONDS) {
        throw new TemplateError(`lifetime must be at most 24h (${MAX_LIFETIME_SECONDS}s), got ${input.lifetimeSeconds}s`);
    }
    if (input.audience.trim() === '')
        throw new TemplateError('audience must not be empty');
    const namespace = input.namespace || defaultNamespace(input.github);
    return {
        subject: input.subject || githubSubject(input.github),
        audience: input.audience,
        lifetimeSeconds: input.lifetimeSeconds,
        claims: {
            ...githubShapedClaims(input.github),
            namespace,
            ...(input.awsTags ? { [AWS_TAGS_CLAIM]: input.awsTags } : {}),
            ...extra,
        },
    };
}
const DURATION = /^(\d+)(ms|s|m|h)?$/;
/** "300s", "5m", "1h" or a bare number of seconds → seconds; undefined when not a duration. */
function parseLifetimeSeconds(text) {
    const match = DURATION.exec(text.trim());
    if (!match)
        return undefined;
    const amount = Number(match[1]);
    const unit = match[2] ?? 's';
    if (unit === 'ms')
        return amount % 1000 === 0 ? amount / 1000 : undefined;
    return amount * { s: 1, m: 60, h: 3600 }[unit];
}

;// CONCATENATED MODULE: ./packages/oidc-test-issuer/src/index.ts
// A test-only OIDC issuer: per-run keys, GitHub-shaped tokens, negative presets, the JWKS,
// and a loopback issuer speaking GitHub's ACTIONS_ID_TOKEN_REQUEST_URL protocol. Shared by the
// mint-test-oidc action, the e2e suite and the vault's tests. The trust-policy explainer is a
// separate entry (`@runevault/oidc-test-issuer/explain`), so what loads this one (the e2e suite
// and its action bundles) does not carry it.












;// CONCATENATED MODULE: ./packages/e2e/src/cases/oidc-exchange.ts





/** E2E.md: these refusals are part of what case 15 proves; others given are checked too. */
const REQUIRED_NEGATIVES = ['expired', 'wrong-aud', 'wrong-iss', 'alg-none', 'unknown-kid'];
const oidc_exchange_ISSUED_TOKEN = /^evt_[0-9a-f]{32}$/;
const AUDIT_WAIT_MS = 5_000;
const oidcExchangeCase = {
    id: 15,
    name: 'oidc-exchange',
    deadlineMs: 30_000,
    // Its refusals are authentication failures: run alone so the alert counting of case 8 and
    // the failures of this case never share a window.
    exclusive: true,
    needs: ['oidc'],
    async run(vault, ctx) {
        const oidc = vault.oidc;
        if (!oidc)
            throw new CaseFailure('an OIDC fixture for the vault', 'none');
        const missing = REQUIRED_NEGATIVES.filter((preset) => !oidc.negatives[preset]);
        if (missing.length > 0) {
            throw new CaseFailure(`negative tokens for ${REQUIRED_NEGATIVES.join(', ')}`, `none for ${missing.join(', ')}`, 'mint them with mint-test-oidc negatives: all');
        }
        const startedAt = Date.now();
        const client = createTokenExchangeClient(vault.grpcAddress, {
            ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
            deadlineMs: remainingMs(ctx),
        });
        const jwts = [];
        const refusals = [];
        let exchanged;
        try {
            const jwt = await oidc.goodToken();
            jwts.push(jwt);
            const response = await expectOk(client.exchangeToken(jwt, oidc.provider), 'ExchangeToken with the minted JWT');
            if (!oidc_exchange_ISSUED_TOKEN.test(response.token)) {
                throw new CaseFailure('an evt_ token (evt_ + 32 hex) from ExchangeToken', `a ${response.token.length}-char token`);
            }
            if (oidc.role && response.role !== oidc.role) {
                throw new CaseFailure(`role ${oidc.role} for the exchanged token`, `role ${response.role}`);
            }
            if (!(response.expires_at_unix * 1000 > Date.now())) {
                throw new CaseFailure('expires_at_unix in the future', String(response.expires_at_unix));
            }
            exchanged = { token: response.token, user: response.user };
            await withVaultClient(vault, ctx, (vaultClient) => expectOk(vaultClient.getPublicKey(response.token), 'GetPublicKey with the exchanged token'));
            for (const [preset, negative] of Object.entries(oidc.negatives)) {
                jwts.push(negative);
                const error = await expectGrpcError(client.exchangeToken(negative, oidc.provider), src.status.UNAUTHENTICATED, `ExchangeToken with the ${preset} token`);
                const reason = rejectionReasonOf(error.details ?? '');
                const expected = isNegativePreset(preset) ? EXPECTED_VAULT_REASONS[preset] : undefined;
                if (expected && reason !== expected) {
                    throw new CaseFailure(`the ${preset} token refused for ${expected}`, `refused with ${JSON.stringify(error.details)}`);
                }
                refusals.push({ preset, reason });
            }
        }
        finally {
            client.close();
        }
        await checkAuditLines(vault, ctx, { startedAt, exchanged, refusals, jwts });
    },
};
/**
 * One ExchangeToken audit line per call: the success names the exchanged user, each refusal
 * its reason; no line anywhere holds JWT text. Skipped when the vault has no log source.
 */
async function checkAuditLines(vault, ctx, expected) {
    try {
        await vault.readLogs();
    }
    catch {
        return; // An address vault without --log-file: the calls above are what can be checked.
    }
    const since = expected.startedAt - 2_000;
    const ours = (logs) => parseAuditLines(logs).filter((r) => r.method === 'ExchangeToken' && Date.parse(String(r.timestamp)) >= since);
    const lacking = (records) => {
        const errors = records
            .filter((r) => r.status === 'denied')
            .map((r) => rejectionReasonOf(String(r.error)));
        const gaps = expected.refusals
            .filter(({ reason }) => reason !== undefined && !errors.includes(reason))
            .map(({ preset, reason }) => `${preset} (${reason})`);
        if (!records.some((r) => r.status === 'success' && r.user_id === expected.exchanged.user)) {
            gaps.unshift(`the success of ${expected.exchanged.user}`);
        }
        return gaps;
    };
    const { value: complete, logs } = await pollLogs(vault, ctx, (text) => (lacking(ours(text)).length === 0 ? true : undefined), AUDIT_WAIT_MS);
    if (!complete) {
        throw new CaseFailure('an ExchangeToken audit line for every exchange, refusals naming their reason', `none for ${lacking(ours(logs)).join(', ')}`);
    }
    // The middle (claims) and last (signature) parts are what would identify a token.
    for (const jwt of expected.jwts) {
        const leaked = jwt
            .split('.')
            .slice(1)
            .filter((part) => part.length >= 16)
            .some((part) => logs.includes(part));
        if (leaked)
            throw new CaseFailure('no JWT text in the vault log', 'a subject token in the log');
    }
    if (logs.includes(expected.exchanged.token)) {
        throw new CaseFailure('no issued token in the vault log', 'the exchanged evt_ token in the log');
    }
}

;// CONCATENATED MODULE: ./packages/e2e/src/cases/public-key.ts





/** The upstream bundle shape (VAULT.md "GetPublicKey bundle"); index_name and envector_* may be empty. */
const BUNDLE_FIELDS = ['EncKey.json', 'EvalKey.json', 'key_id', 'agent_id', 'agent_dek'];
/** One score encrypted with the served EncKey; only the vault's own SecKey decrypts it back. */
const PROBE_SCORE = 0.625;
const public_key_SCORE_TOLERANCE = 1e-3;
const publicKeyCase = {
    id: 5,
    name: 'public-key',
    deadlineMs: 15_000,
    async run(vault, ctx) {
        await withVaultClient(vault, ctx, async (client) => {
            const response = await expectOk(client.getPublicKey(vault.token), 'GetPublicKey with the issued token');
            const bundle = checkBundleShape(response.key_bundle_json);
            checkAgentFields(bundle, vault.token);
            // Fields can all be present and still belong to another vault: a round trip through the
            // vault's SecKey is the only proof a client has that EncKey.json is this vault's key.
            let blob;
            try {
                blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores: [PROBE_SCORE] }]);
            }
            catch (error) {
                throw new CaseFailure('EncKey.json to be a CKKS public key a client can encrypt with', error.message);
            }
            const expected = `EncKey.json to be the vault's own key (a score ${PROBE_SCORE} encrypted with it comes back from DecryptScores top_k 1 within ${public_key_SCORE_TOLERANCE})`;
            let results;
            try {
                ({ results } = await client.decryptScores(vault.token, blob, 1));
            }
            catch (error) {
                throw new CaseFailure(expected, describeError(error));
            }
            const [row] = results;
            if (results.length !== 1 ||
                row?.shard_idx !== 0 ||
                row.row_idx !== 0 ||
                !(Math.abs(row.score - PROBE_SCORE) <= public_key_SCORE_TOLERANCE)) {
                throw new CaseFailure(expected, summarize(results, 200), `key_id ${summarize(bundle.key_id, 60)}`);
            }
        });
    },
};
function checkBundleShape(json) {
    const expected = `a key_bundle_json with ${BUNDLE_FIELDS.join(', ')}`;
    let bundle;
    try {
        bundle = JSON.parse(json);
    }
    catch {
        throw new CaseFailure(expected, `unparseable JSON ${summarize(json)}`);
    }
    if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
        throw new CaseFailure(expected, summarize(json));
    }
    const missing = BUNDLE_FIELDS.filter((f) => typeof bundle[f] !== 'string' || bundle[f] === '');
    if (missing.length > 0) {
        throw new CaseFailure(expected, `a bundle without ${missing.join(', ')} (fields: ${Object.keys(bundle).join(', ')})`);
    }
    // Both key files are served verbatim; they must at least be JSON documents.
    for (const file of ['EncKey.json', 'EvalKey.json']) {
        try {
            JSON.parse(bundle[file]);
        }
        catch {
            throw new CaseFailure(`${file} in the bundle to be JSON`, summarize(bundle[file]));
        }
    }
    return bundle;
}
/** agent_id is derived from the caller's token, agent_dek is 32 bytes: both checkable here. */
function checkAgentFields(bundle, token) {
    const agentId = agentIdForToken(token);
    if (bundle.agent_id !== agentId) {
        throw new CaseFailure(`agent_id ${agentId} (the first 32 hex characters of SHA-256 of the issued token)`, summarize(bundle.agent_id, 60));
    }
    try {
        agentKeyFromBundle(bundle);
    }
    catch (error) {
        // The message names the rule; the key itself is never quoted.
        throw new CaseFailure('agent_dek to be base64 of a 32-byte key', error.message);
    }
}
const authRejectedCase = {
    id: 6,
    name: 'auth-rejected',
    deadlineMs: 5_000,
    async run(vault, ctx) {
        await withVaultClient(vault, ctx, (client) => expectGrpcError(client.getPublicKey(unknownToken()), src.status.UNAUTHENTICATED, 'GetPublicKey with a well-formed unknown token'));
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/role-limits.ts




/** Below member's 10, so a vault that holds every role to member's limit fails the case. */
const ROLE_TOP_K = 2;
const scopeAndTopKCase = {
    id: 12,
    name: 'scope-and-topk',
    deadlineMs: 30_000,
    async run(vault, ctx) {
        // A role of its own, with its own top_k and without decrypt_metadata: both limits are the
        // role's, not the member defaults.
        const role = uniqueName('e2e-scope', ctx);
        const scope = ['get_public_key', 'decrypt_scores'];
        await vault.createRole({ name: role, scope, topK: ROLE_TOP_K, rateLimit: '30/60s' });
        const token = await vault.issueToken(role, role);
        await withVaultClient(vault, ctx, async (client) => {
            const bundle = await expectOk(client.getPublicKeyBundle(token), `GetPublicKey for role '${role}' (in scope)`);
            const item = JSON.stringify({ a: bundle.agent_id, c: Buffer.from('not metadata').toString('base64') });
            await expectGrpcError(client.decryptMetadata(token, [item]), src.status.PERMISSION_DENIED, `DecryptMetadata for role '${role}' (scope ${scope.join(', ')})`, new RegExp(`'decrypt_metadata' not permitted for role '${role}'`));
            // A real ciphertext: a vault that ignores the limit answers OK instead of a decrypt error.
            const blob = await knownScoresBlob(bundle['EncKey.json']);
            const over = ROLE_TOP_K + 1;
            await expectGrpcError(client.decryptScores(token, blob, over), src.status.INVALID_ARGUMENT, `DecryptScores for role '${role}' with top_k ${over} (its own limit ${ROLE_TOP_K})`, new RegExp(`^top_k ${over} exceeds limit ${ROLE_TOP_K} for role '${role}'$`));
            await expectKnownTopK(client, token, bundle['EncKey.json'], `DecryptScores for role '${role}' with top_k ${ROLE_TOP_K} (its own limit)`, ROLE_TOP_K);
        });
    },
};
const RATE = { calls: 5, seconds: 60 };
const rateLimitCase = {
    id: 13,
    name: 'rate-limit',
    deadlineMs: 20_000,
    exclusive: true,
    async run(vault, ctx) {
        // Its own role and user: spending this budget never starves another case's token.
        const role = uniqueName('e2e-rate', ctx);
        await vault.createRole({
            name: role,
            scope: ['get_public_key'],
            topK: 1,
            rateLimit: `${RATE.calls}/${RATE.seconds}s`,
        });
        const token = await vault.issueToken(role, role);
        await withVaultClient(vault, ctx, async (client) => {
            for (let i = 1; i <= RATE.calls; i++) {
                await expectOk(client.getPublicKey(token), `call ${i} of ${RATE.calls} within the limit`);
            }
            const refused = await expectGrpcError(client.getPublicKey(token), src.status.RESOURCE_EXHAUSTED, `call ${RATE.calls + 1} over ${RATE.calls}/${RATE.seconds}s`, /Retry after \d+s/);
            const seconds = Number(/Retry after (\d+)s/.exec(refused.details ?? '')?.[1]);
            if (!(seconds >= 1 && seconds <= RATE.seconds)) {
                throw new CaseFailure(`a Retry-After of 1..${RATE.seconds} s`, `${refused.details}`);
            }
        });
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/tls.ts





const PLAINTEXT_DEADLINE_MS = 3_000;
// A plaintext client never completes the handshake: refused outright, or no answer in time.
const REFUSED = [src.status.UNAVAILABLE, src.status.DEADLINE_EXCEEDED];
const tlsCase = {
    id: 16,
    name: 'tls',
    deadlineMs: 15_000,
    needs: ['tls'],
    async run(vault, ctx) {
        if (!vault.tlsRootCert)
            throw new CaseSkip('the vault under test serves plaintext (no CA given)');
        const trusting = createVaultClient(vault.grpcAddress, {
            rootCert: vault.tlsRootCert,
            deadlineMs: remainingMs(ctx),
        });
        try {
            await expectOk(trusting.getPublicKey(vault.token), 'GetPublicKey over TLS trusting the CA');
        }
        finally {
            trusting.close();
        }
        const plaintext = createVaultClient(vault.grpcAddress, {
            deadlineMs: Math.min(PLAINTEXT_DEADLINE_MS, remainingMs(ctx)),
        });
        const expected = 'a plaintext client to fail with UNAVAILABLE or DEADLINE_EXCEEDED';
        let answer;
        try {
            answer = await plaintext.getPublicKey(vault.token);
        }
        catch (error) {
            if (isGrpcError(error) && REFUSED.includes(error.code))
                return;
            throw new CaseFailure(expected, describeError(error));
        }
        finally {
            plaintext.close();
        }
        throw new CaseFailure(expected, `OK ${summarize(answer)}`);
    },
};

;// CONCATENATED MODULE: ./packages/e2e/src/cases/index.ts











/** Every case, in id order. */
const cases_ALL_CASES = [
    healthCase,
    metricsCase,
    reflectionCase,
    grpcHealthCase,
    publicKeyCase,
    authRejectedCase,
    auditLogCase,
    auditAlertCase,
    decryptScoresCase,
    decryptMetadataCase,
    invalidArgumentCase,
    scopeAndTopKCase,
    rateLimitCase,
    noSecretLeakCase,
    oidcExchangeCase,
    tlsCase,
    hostileInputCase,
];


// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./packages/e2e/src/quarantine.ts

/** A quarantine list that names no known case or gives no reason; lists every problem. */
class quarantine_QuarantineError extends Error {
    name = 'QuarantineError';
}
/** Reasons are shown on one table row and in annotation titles: bounded like a commit subject. */
const MAX_REASON_LENGTH = 200;
// Reasons are printed in logs, annotations and reports: one line of plain text.
const CONTROL = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/**
 * `case-name: reason` entries, one per line (blank lines and `#` comments ignored), each case
 * named as --cases names it. Throws QuarantineError naming every bad entry.
 */
function quarantine_parseQuarantine(lines, cases, 
/** How a value is quoted in the message (an action passes its log-safe quoting). */
quote = (value) => JSON.stringify(value)) {
    const matches = matchesCase;
    const entries = [];
    const problems = [];
    for (const [index, raw] of lines.entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const where = `quarantine entry ${index + 1}`;
        const colon = line.indexOf(':');
        const selector = (colon < 0 ? line : line.slice(0, colon)).trim();
        const reason = colon < 0 ? '' : line.slice(colon + 1).trim();
        if (!cases.some((c) => matches(c, selector))) {
            problems.push(`${where}: unknown case ${quote(selector)}`);
            continue;
        }
        if (reason === '') {
            problems.push(`${where}: ${quote(selector)} has no reason; write "${selector}: why it is quarantined"`);
            continue;
        }
        if (CONTROL.test(reason)) {
            problems.push(`${where}: the reason for ${quote(selector)} holds a control character; write it as plain text`);
            continue;
        }
        if (reason.length > MAX_REASON_LENGTH) {
            problems.push(`${where}: the reason for ${quote(selector)} is over ${MAX_REASON_LENGTH} characters`);
            continue;
        }
        const duplicate = entries.find((e) => cases.some((c) => matches(c, e.selector) && matches(c, selector)));
        if (duplicate) {
            problems.push(`${where}: ${quote(selector)} is already quarantined (as ${quote(duplicate.selector)})`);
            continue;
        }
        entries.push({ selector, reason });
    }
    if (problems.length > 0) {
        const valid = cases.map((c) => `${c.id} ${c.name}`).join(', ');
        throw new quarantine_QuarantineError(`${problems.join('; ')} (one "case-name: reason" per line; valid cases, name or number: ${valid})`);
    }
    return entries;
}

;// CONCATENATED MODULE: ./packages/e2e/src/cli-options.ts





const DRIVER_CHOICES = (/* unused pure expression or super */ null && (['docker', 'process', 'address', 'auto']));
/** A bad command line; the message names the flag, the value and what is accepted. */
class CliUsageError extends Error {
    name = 'CliUsageError';
}
const CLI_USAGE = (/* unused pure expression or super */ null && (`Usage: vault-e2e [options]

Runs the runevault end-to-end cases against a vault and reports the results.

Options:
  --driver docker|process|address|auto   how to get a vault (default auto)
  --cases a,b                  only these cases (names or numbers)
  --exclude a,b                skip these cases
  --junit PATH                 write a JUnit XML report
  --summary PATH               append a Markdown summary (default $GITHUB_STEP_SUMMARY)
  --keep                       leave the vault running afterwards
  --json                       print the results as JSON on stdout (the report goes to stderr)
  --timeout-per-case 30s       one deadline for every case (ms, s or m)
  --retries N                  run a failed case up to N more times (0-5, default 0); one
                               that then passes is reported flaky and does not fail the run
  --fail-on-flaky              a flaky case fails the run too
  --quarantine 'CASE: REASON'  run CASE but do not fail the run on its failure (repeatable;
                               the reason is shown in every report)
  --no-tls                     serve plaintext gRPC (default: TLS with a certificate made for
                               the run, so case 16 tls runs); docker and process drivers
  --no-oidc                    do not trust a per-run test OIDC issuer (default: trust one, so
                               case 15 oidc-exchange runs); docker and process drivers
  -h, --help                   show this help

--driver address (an already-running vault, possibly behind a proxy):
  --grpc HOST:PORT             its gRPC listener
  --http URL                   its /health + /metrics listener
  --token-env NAME             environment variable holding a member token (optional with
                               admin access: one is issued)
  --admin-socket PATH          its admin socket on this host: issues the tokens and roles
                               cases 7, 12, 13, 14 and 17 need
  --admin-command 'CMD'        or a command line that runs its runevault CLI with admin
                               rights, e.g. 'docker exec CONTAINER runevault' or
                               'ssh HOST sudo runevault'; the suite appends
                               'token issue --user U --role R --json' / 'role create ...'
  --log-file PATH              where it writes audit lines (cases 7, 8, 14 read it)
  --log-command 'CMD'          or a command line that prints its log so far, e.g.
                               'docker logs CONTAINER' or 'ssh HOST cat /var/log/vault.log'
  --tls-ca PATH                CA certificate when it serves TLS
Without admin access or a log source, the cases that need them fail and say which flag to add.
`));
const ADDRESS_FLAGS = (/* unused pure expression or super */ null && ([
    'grpc',
    'http',
    'token-env',
    'admin-socket',
    'admin-command',
    'log-file',
    'log-command',
    'tls-ca',
]));
const HINT = 'run vault-e2e --help for the accepted flags';
/** Parses `vault-e2e` flags (argv without node and script). Throws CliUsageError. */
function parseCliOptions(argv, env = process.env, cases = ALL_CASES) {
    const { values } = parseFlags(argv);
    const help = values.help === true;
    const driverFlag = values.driver ?? 'auto';
    if (!DRIVER_CHOICES.includes(driverFlag)) {
        throw new CliUsageError(`--driver: unknown driver "${driverFlag}"; use one of ${DRIVER_CHOICES.join(', ')}`);
    }
    const givenAddressFlags = ADDRESS_FLAGS.filter((f) => values[f] !== undefined);
    // Endpoints on the command line can only mean an already-running vault.
    const driver = driverFlag === 'auto' && values.grpc !== undefined ? 'address' : driverFlag;
    if (driver !== 'address' && givenAddressFlags.length > 0) {
        throw new CliUsageError(`${givenAddressFlags.map((f) => `--${f}`).join(', ')} apply only to --driver address (got --driver ${driverFlag})`);
    }
    for (const flag of ['tls', 'oidc']) {
        if (values[flag] === true && values[`no-${flag}`] === true) {
            throw new CliUsageError(`--${flag} and --no-${flag} contradict each other; give one of them`);
        }
    }
    if (values.tls === true && driver === 'address') {
        throw new CliUsageError('--tls applies to the docker and process drivers (the vault this run starts); for an address vault that serves TLS give its CA with --tls-ca PATH');
    }
    if (values.oidc === true && driver === 'address') {
        throw new CliUsageError('--oidc applies to the docker and process drivers (the vault this run starts); an address vault needs tokens from the issuer it trusts (the run-e2e-suite action takes them as oidc-token)');
    }
    const caseList = splitList(values.cases);
    const excludeList = splitList(values.exclude);
    checkSelection('--cases', () => selectCases(cases, caseList));
    checkSelection('--exclude', () => selectCases(cases, [], excludeList));
    if (selectCases(cases, caseList, excludeList).length === 0) {
        throw new CliUsageError('--cases and --exclude together select no case; drop one of the exclusions');
    }
    const summaryPath = values.summary ?? (env.GITHUB_STEP_SUMMARY || undefined);
    return {
        driver,
        cases: caseList,
        exclude: excludeList,
        ...(values.junit !== undefined ? { junitPath: nonEmpty('--junit', values.junit) } : {}),
        ...(summaryPath !== undefined ? { summaryPath: nonEmpty('--summary', summaryPath) } : {}),
        keep: values.keep === true,
        json: values.json === true,
        ...(values['timeout-per-case'] !== undefined
            ? { timeoutPerCaseMs: parseDuration('--timeout-per-case', values['timeout-per-case']) }
            : {}),
        retries: parseRetries(values.retries),
        failOnFlaky: values['fail-on-flaky'] === true,
        quarantine: parseQuarantineFlags(values.quarantine ?? [], cases),
        ...(driver === 'address' && !help ? { address: addressTarget(values, env) } : {}),
        // Both by default, so a newcomer's run skips nothing; a vault given by address is as it is.
        tls: driver !== 'address' && values['no-tls'] !== true,
        oidc: driver !== 'address' && values['no-oidc'] !== true,
        help,
    };
}
function parseFlags(argv) {
    try {
        return parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: {
                driver: { type: 'string' },
                cases: { type: 'string', multiple: true },
                exclude: { type: 'string', multiple: true },
                junit: { type: 'string' },
                summary: { type: 'string' },
                keep: { type: 'boolean' },
                json: { type: 'boolean' },
                'timeout-per-case': { type: 'string' },
                retries: { type: 'string' },
                'fail-on-flaky': { type: 'boolean' },
                quarantine: { type: 'string', multiple: true },
                tls: { type: 'boolean' },
                'no-tls': { type: 'boolean' },
                oidc: { type: 'boolean' },
                'no-oidc': { type: 'boolean' },
                grpc: { type: 'string' },
                http: { type: 'string' },
                'token-env': { type: 'string' },
                'admin-socket': { type: 'string' },
                'admin-command': { type: 'string' },
                'log-file': { type: 'string' },
                'log-command': { type: 'string' },
                'tls-ca': { type: 'string' },
                help: { type: 'boolean', short: 'h' },
            },
        });
    }
    catch (error) {
        const message = error.message;
        // A token on the command line ends up in shell history and process lists.
        if (/'--token'/.test(message)) {
            throw new CliUsageError('--token is not accepted: put the token in an environment variable and pass --token-env NAME');
        }
        throw new CliUsageError(`${message}; ${HINT}`);
    }
}
function splitList(values) {
    return (values ?? [])
        .flatMap((v) => v.split(','))
        .map((s) => s.trim())
        .filter(Boolean);
}
function parseRetries(text) {
    if (text === undefined)
        return 0;
    if (!/^\d$/.test(text.trim()) || Number(text) > MAX_RETRIES) {
        throw new CliUsageError(`--retries: "${text}" is not a number of retries; use a whole number from 0 to ${MAX_RETRIES}`);
    }
    return Number(text);
}
function parseQuarantineFlags(values, cases) {
    try {
        return parseQuarantine(values, cases);
    }
    catch (error) {
        if (error instanceof QuarantineError) {
            throw new CliUsageError(`--quarantine: ${error.message.replace(/"case-name: reason" per line/, "'CASE: REASON' per flag")}`);
        }
        throw error;
    }
}
function checkSelection(flag, select) {
    try {
        select();
    }
    catch (error) {
        if (error instanceof CaseSelectionError)
            throw new CliUsageError(`${flag}: ${error.message}`);
        throw error;
    }
}
function nonEmpty(flag, value) {
    if (value.trim() === '')
        throw new CliUsageError(`${flag}: needs a non-empty path`);
    return value;
}
/** "500ms", "30s", "2m" → milliseconds. */
function parseDuration(flag, text) {
    const match = /^(\d+)(ms|s|m)$/.exec(text.trim());
    const amount = Number(match?.[1]);
    if (!match || !(amount > 0)) {
        throw new CliUsageError(`${flag}: "${text}" is not a duration; use a positive number with ms, s or m (e.g. 30s)`);
    }
    return amount * { ms: 1, s: 1_000, m: 60_000 }[match[2]];
}
function addressTarget(values, env) {
    for (const [a, b] of [
        ['admin-socket', 'admin-command'],
        ['log-file', 'log-command'],
    ]) {
        if (values[a] !== undefined && values[b] !== undefined) {
            throw new CliUsageError(`--${a} and --${b} are two ways to give the same thing; pass one of them`);
        }
    }
    const hasAdmin = values['admin-socket'] !== undefined || values['admin-command'] !== undefined;
    const missing = ['grpc', 'http'].filter((f) => values[f] === undefined);
    if (missing.length > 0 || (values['token-env'] === undefined && !hasAdmin)) {
        const needs = [
            ...missing.map((f) => `--${f}`),
            ...(values['token-env'] === undefined && !hasAdmin
                ? ['--token-env (or --admin-socket / --admin-command to issue a token)']
                : []),
        ];
        throw new CliUsageError(`--driver address needs ${needs.join(', ')} (e.g. --grpc 127.0.0.1:50051 --http http://127.0.0.1:9090 --token-env VAULT_TOKEN)`);
    }
    const grpc = values.grpc;
    const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(grpc);
    if (!hostPort || Number(hostPort[2]) < 1 || Number(hostPort[2]) > 65_535) {
        throw new CliUsageError(`--grpc: "${grpc}" is not HOST:PORT (e.g. 127.0.0.1:50051 or [::1]:50051)`);
    }
    const http = values.http;
    let url;
    try {
        url = new URL(http);
    }
    catch {
        throw new CliUsageError(`--http: "${http}" is not a URL; use http://HOST:PORT`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CliUsageError(`--http: "${http}" must start with http:// or https://`);
    }
    const tokenEnv = values['token-env'];
    const token = tokenEnv === undefined ? undefined : tokenFromEnv(tokenEnv, env);
    for (const flag of ['log-file', 'tls-ca']) {
        const path = values[flag];
        if (path !== undefined && !existsSync(path))
            throw new CliUsageError(`--${flag}: no such file ${path}`);
    }
    const adminSocket = values['admin-socket'];
    if (adminSocket !== undefined)
        checkSocket(adminSocket);
    const adminCommand = commandLine('--admin-command', values['admin-command']);
    const logCommand = commandLine('--log-command', values['log-command']);
    return {
        grpcAddress: grpc,
        httpUrl: url.href.replace(/\/+$/, ''),
        ...(token !== undefined ? { token, tokenEnv } : {}),
        ...(adminSocket !== undefined ? { adminSocket } : {}),
        ...(adminCommand !== undefined ? { adminCommand } : {}),
        ...(values['log-file'] !== undefined ? { logFile: values['log-file'] } : {}),
        ...(logCommand !== undefined ? { logCommand } : {}),
        ...(values['tls-ca'] !== undefined ? { tlsCaPath: values['tls-ca'] } : {}),
    };
}
function tokenFromEnv(tokenEnv, env) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) {
        throw new CliUsageError(`--token-env: "${tokenEnv}" is not an environment variable name (e.g. VAULT_TOKEN)`);
    }
    const token = env[tokenEnv]?.trim();
    if (!token) {
        throw new CliUsageError(`--token-env: environment variable ${tokenEnv} is not set or empty; export a member token in it`);
    }
    return token;
}
function checkSocket(path) {
    let isSocket;
    try {
        isSocket = statSync(path).isSocket();
    }
    catch {
        throw new CliUsageError(`--admin-socket: no such socket ${JSON.stringify(path)}; give the admin socket of the running vault (server.admin.socket in its config)`);
    }
    if (!isSocket) {
        throw new CliUsageError(`--admin-socket: ${JSON.stringify(path)} is not a Unix socket; give the admin socket of the running vault (server.admin.socket in its config)`);
    }
}
/** A command line as given, or undefined; blank is a usage error (it would run nothing). */
function commandLine(flag, value) {
    if (value === undefined)
        return undefined;
    if (value.trim() === '') {
        throw new CliUsageError(`${flag}: needs a command line (e.g. 'docker exec CONTAINER runevault')`);
    }
    return value;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./packages/vault/src/fs/atomic-write.ts




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
function atomic_write_writeFileAtomicSync(path, data, { mode = 0o600, dirMode = 0o700 } = {}) {
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
function pid_file_isProcessAlive(pid) {
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
async function build_lock_withImageBuildLock(build, options = {}) {
    const path = options.path ?? IMAGE_BUILD_LOCK;
    for (;;) {
        try {
            writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
            break;
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
        }
        // A holder that died mid-build (SIGKILL) never removes its file: take the lock over.
        if (!holderAlive(path)) {
            rmSync(path, { force: true });
            continue;
        }
        await (options.wait ?? sleep)(options.pollMs ?? 200);
    }
    try {
        return await build();
    }
    finally {
        rmSync(path, { force: true });
    }
}
function holderAlive(path) {
    let pid;
    try {
        pid = Number(readFileSync(path, 'utf8').trim());
    }
    catch {
        return true; // released between our attempt and this read: just try again
    }
    // An empty file is a holder that has created it but not yet written its PID.
    return !Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid);
}

// EXTERNAL MODULE: ./node_modules/dockerode/lib/docker.js
var docker = __webpack_require__(9040);
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
function docker_engine_followProgress(docker, stream, onEvent = () => { }) {
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
async function docker_engine_inspectImage(docker, name) {
    try {
        return await docker.getImage(name).inspect();
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
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
    return 'source' in entry ? statSync(entry.source).mode & 0o7777 : 0o644;
}
function bytesOf(entry) {
    if ('source' in entry)
        return readFileSync(entry.source);
    return typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
}
/** Every file under `dir` (sorted, recursive) as entries named `<prefix>/<relative path>`. */
function tar_context_filesUnder(dir, prefix) {
    const entries = [];
    const walk = (relative) => {
        for (const item of readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
            const path = relative ? `${relative}/${item.name}` : item.name;
            if (item.isDirectory())
                walk(path);
            else if (item.isFile())
                entries.push({ type: 'file', name: `${prefix}/${path}`, source: join(dir, path) });
        }
    };
    walk('');
    return entries;
}
/** SHA-256 over names, types, modes and contents, plus any extra inputs (e.g. the base image id). */
function tar_context_hashContext(entries, extra = []) {
    const hash = createHash('sha256');
    for (const input of extra)
        hash.update(`extra\0${input}\0`);
    for (const entry of entries) {
        hash.update(`${entry.type}\0${entry.name}\0${modeOf(entry).toString(8)}\0`);
        if (entry.type === 'file')
            hash.update(createHash('sha256').update(bytesOf(entry)).digest('hex'));
    }
    return hash.digest('hex');
}
/** The entries as a tar stream (files read one at a time, so memory stays at one file). */
function tar_context_packContext(entries) {
    const tar = pack();
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
const build_offline_base_CONTENT_LABEL = 'io.runevault.content-sha256';
// Where the official Node images keep node, so a Dockerfile works on either base.
const NODE_PATH_IN_IMAGE = 'usr/local/bin/node';
const BASE_DOCKERFILE = (/* unused pure expression or super */ null && (`FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin
CMD ["/usr/local/bin/node"]
`));
/**
 * The shared objects `binary` loads, as the paths the dynamic loader resolves (ldd output),
 * the program interpreter included; the kernel's vDSO is not a file and is skipped.
 */
function linkedLibraries(binary) {
    const output = execFileSync('ldd', [binary], { encoding: 'utf8' });
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
            source: realpathSync(library),
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
async function build_offline_base_ensureOfflineBase(docker, options = {}) {
    const nodeBinary = realpathSync(options.nodeBinary ?? process.execPath);
    const version = execFileSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const tag = offlineBaseTag(version);
    const { entries, files } = offlineBaseContext(nodeBinary);
    const contentHash = hashContext(entries);
    const existing = await inspectImage(docker, tag);
    if (!options.force && existing?.Config?.Labels?.[build_offline_base_CONTENT_LABEL] === contentHash) {
        return { tag, imageId: existing.Id, files, reused: true };
    }
    const stream = await docker.buildImage(packContext(entries), {
        t: tag,
        labels: {
            [build_offline_base_CONTENT_LABEL]: contentHash,
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
    const match = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(dockerfile, 'utf8'));
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
    const distDir = context.distDir ?? join(context.root, DIST_IN_CONTEXT);
    const bundle = filesUnder(distDir, DIST_IN_CONTEXT).map((entry) => entry.type === 'file' && 'source' in entry
        ? { ...entry, mode: statSync(entry.source).mode & 0o111 ? 0o755 : 0o644 }
        : entry);
    return [
        {
            type: 'file',
            name: DOCKERFILE_IN_CONTEXT,
            source: join(context.root, DOCKERFILE_IN_CONTEXT),
            mode: 0o644,
        },
        ...bundle,
        { type: 'file', name: LAUNCHER_IN_CONTEXT, source: join(context.root, LAUNCHER_IN_CONTEXT), mode: 0o755 },
        { type: 'file', name: CONFIG_IN_CONTEXT, source: join(context.root, CONFIG_IN_CONTEXT), mode: 0o644 },
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
    const missing = required.filter((name) => !existsSync(join(root, name)));
    if (missing.length > 0) {
        throw new Error(`the vault image context ${root} is incomplete (missing ${missing.join(', ')}); rebuild it with node scripts/build-actions.mjs`);
    }
    const manifest = JSON.parse(readFileSync(join(root, CONTEXT_MANIFEST), 'utf8'));
    if (typeof manifest.version !== 'string' || manifest.version === '') {
        throw new Error(`${join(root, CONTEXT_MANIFEST)} names no version; rebuild it with node scripts/build-actions.mjs`);
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
    const dockerfile = join(context.root, DOCKERFILE_IN_CONTEXT);
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
var external_node_stream_ = __webpack_require__(7075);
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

;// CONCATENATED MODULE: ./packages/vault-image/src/docker-client.ts
// What a bundled tool (the start-vault-container action) may import of the image toolkit:
// connect, check, inspect, exec, the runtime user, and the image build from a context folder
// it carries. Neither esbuild nor build-image.ts (which reads package.json at load) is loaded.






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

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/docker/container-cli.ts
// `runevault <args>` inside a vault's container through docker exec: the admin CLI of a vault
// in Docker, for the docker driver and for the address driver given a container.

const CONTAINER_CLI_TIMEOUT_MS = 30_000;
function containerVaultCli(docker, containerId, timeoutMs = CONTAINER_CLI_TIMEOUT_MS) {
    return async (args) => {
        const result = await execInContainer(docker, containerId, ['runevault', ...args], { timeoutMs });
        if (result.exitCode !== 0) {
            throw new Error(`runevault ${args[0]} ${args[1] ?? ''} in container ${containerId.slice(0, 12)} exited ${result.exitCode}: ` +
                `${(result.stderr || result.stdout).trim()}`);
        }
        return result;
    };
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

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/driver-defaults.ts
/** How long a started vault may take to answer GET /health 200 (E2E.md: default 120 s). */
const DEFAULT_HEALTH_DEADLINE_MS = 120_000;
/** The user of the member token a driver issues at start. */
const DEFAULT_TOKEN_USER = 'e2e-suite';

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
                const rested = await Promise.race([http_health_wait_sleep(Math.min(this.intervalMs, remaining)), exitedMarker]);
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
function http_health_wait_sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
/** The last `count` lines of a text (the partial line after the last newline counts). */
function lastLines(text, count) {
    const lines = text.trimEnd().split('\n');
    return lines.slice(Math.max(0, lines.length - count)).join('\n');
}

;// CONCATENATED MODULE: ./packages/e2e/src/drivers/address-driver.ts
// The address driver: a vault someone else started. The caller gives its endpoints, a token
// (or admin access to issue one: an admin socket, a command line that runs its admin CLI, or
// the vault's container), and where its log can be read (a file, a command, or the
// container); stop() leaves it running.








const NO_ADMIN_SOCKET = "the address driver cannot issue tokens or create roles without admin access to the vault: pass --admin-socket PATH (its admin socket on this host) or --admin-command 'CMD' (a command line that runs its runevault CLI, e.g. 'docker exec CONTAINER runevault')";
const NO_LOG_SOURCE = "the address driver has no log source for this vault; pass --log-file PATH or --log-command 'CMD' (e.g. 'docker logs CONTAINER') to check audit lines";
async function connectAddressVault(options) {
    const httpUrl = options.httpUrl.replace(/\/+$/, '');
    // Nothing to watch exit; the wait fails with the deadline and says so.
    await new HttpHealthWait(`${httpUrl}/health`)
        .withDeadline(options.healthDeadlineMs ?? 10_000)
        .waitUntilReady({
        description: `the vault at ${httpUrl} (address driver)`,
        exited: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true })),
        lastLogLines: async () => '(the address driver has no log of its own)',
    });
    if (options.adminSocket && options.adminCommand) {
        throw new Error('the address driver takes one admin access, --admin-socket or --admin-command, not both');
    }
    const container = options.container ? await runningContainer(options.container) : undefined;
    const admin = adminAccess(options, container);
    const token = options.token ??
        (admin ? await admin.issueToken(options.tokenUser ?? DEFAULT_TOKEN_USER, 'member') : undefined);
    if (!token)
        throw new Error(`the address driver needs a member token (--token-env NAME) or admin access to issue one: ${NO_ADMIN_SOCKET}`);
    const logs = options.logs ?? (container ? () => containerLogs(container.handle) : undefined);
    const requireAdmin = () => {
        if (!admin)
            throw new Error(NO_ADMIN_SOCKET);
        return admin;
    };
    return {
        driver: 'address',
        grpcAddress: options.grpcAddress,
        httpUrl,
        token,
        ...(options.tlsRootCert ? { tlsRootCert: options.tlsRootCert } : {}),
        issueToken: async (user, role) => requireAdmin().issueToken(user, role),
        createRole: async (role) => requireAdmin().createRole(role),
        readLogs: async () => {
            if (!logs)
                throw new Error(NO_LOG_SOURCE);
            if (typeof logs === 'function')
                return logs();
            if ('file' in logs)
                return (0,promises_.readFile)(logs.file, 'utf8');
            // Cases look for lines, not for how the two streams interleave.
            const { stdout, stderr } = await runShellCommand(logs.command);
            return `${stdout}${stdout.endsWith('\n') || stdout === '' ? '' : '\n'}${stderr}`;
        },
        knownSecrets: async () => options.secrets ? readKnownSecrets(options.secrets) : { secKeyFragments: [] },
        stop: async () => { },
    };
}
/**
 * The socket when given (no engine round trip per call), else the given command line, else
 * docker exec in the container.
 */
function adminAccess({ adminSocket, adminCommand }, container) {
    if (adminSocket) {
        return {
            issueToken: (user, role) => issueTokenViaSocket(adminSocket, user, role),
            createRole: (role) => createRoleViaSocket(adminSocket, role),
        };
    }
    if (!adminCommand && !container)
        return undefined;
    const cli = adminCommand
        ? commandLineCli(adminCommand)
        : containerVaultCli(container.docker, container.id);
    return {
        issueToken: (user, role) => issueTokenViaCli(cli, user, role),
        createRole: (role) => createRoleViaCli(cli, role),
    };
}
/** Checked once here, so a wrong name fails the connection instead of every case that uses it. */
async function runningContainer(spec) {
    const docker = spec.docker ?? connectDocker();
    let info;
    try {
        info = await docker.getContainer(spec.id).inspect();
    }
    catch (error) {
        if (isNotFound(error))
            throw new Error(`no container ${spec.id} on the Docker engine; give the id or name of the vault's container`);
        throw new Error(`could not ask the Docker engine about container ${spec.id}: ${error.message}`);
    }
    if (!info.State.Running)
        throw new Error(`container ${spec.id} is ${info.State.Status}, not running; start the vault first`);
    return { docker, handle: docker.getContainer(info.Id), id: info.Id };
}

;// CONCATENATED MODULE: ./packages/e2e/src/reporters/xml-escape.ts
// XML 1.0 allows only some characters at all; logs carry ANSI escapes and worse. Anything
// not allowed becomes a visible \uXXXX, lone surrogates and U+FFFE/U+FFFF become U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;
function sanitize(text) {
    return text
        .replace(FORBIDDEN, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replace(UNPAIRED, '\ufffd');
}
/** Text content of an element. */
function escapeXmlText(text) {
    return sanitize(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** An attribute value in double quotes; newlines and tabs survive attribute normalisation. */
function escapeXmlAttribute(text) {
    return escapeXmlText(text)
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
        .replace(/\n/g, '&#10;')
        .replace(/\r/g, '&#13;')
        .replace(/\t/g, '&#9;');
}

;// CONCATENATED MODULE: ./packages/e2e/src/reporters/junit-reporter.ts




const JUNIT_SUITE_NAME = 'runevault-e2e';
const JUNIT_CLASSNAME = 'runevault.e2e';
const FAILURE_TYPE = 'CaseFailure';
/**
 * libxml2 (behind many report readers) refuses a text node over 10 MB without XML_PARSE_HUGE;
 * a failure's text stays far below, whatever the vault printed.
 */
const JUNIT_MESSAGE_MAX_BYTES = 16 * 1024;
const JUNIT_EXCERPT_MAX_BYTES = 64 * 1024;
const seconds = (ms) => (ms / 1000).toFixed(3);
const junit_reporter_short = (message) => cutHead(message, JUNIT_MESSAGE_MAX_BYTES);
function failureBody(message, logExcerpt) {
    const shown = junit_reporter_short(message);
    return logExcerpt
        ? `${shown}\n\nlog excerpt (last lines):\n${cutTail(logExcerpt, JUNIT_EXCERPT_MAX_BYTES)}`
        : shown;
}
/**
 * A retry's failure as Maven Surefire writes it (surefire-test-report-3.0.xsd): the message in
 * an attribute, the detail in <stackTrace> (our cases have no stack: the message and attempt),
 * the vault's log excerpt as the attempt's <system-out>.
 */
function rerun(element, failure, attempt) {
    const out = failure.logExcerpt
        ? `\n      <system-out>${escapeXmlText(`log excerpt (last lines):\n${cutTail(failure.logExcerpt, JUNIT_EXCERPT_MAX_BYTES)}`)}</system-out>`
        : '';
    return [
        `    <${element} message="${escapeXmlAttribute(junit_reporter_short(failure.message))}" type="${FAILURE_TYPE}">`,
        `      <stackTrace>${escapeXmlText(`attempt ${attempt}: ${junit_reporter_short(failure.message)}`)}</stackTrace>${out}`,
        `    </${element}>`,
    ].join('\n');
}
/**
 * A quarantined failure is a <skipped> with the reason and the failure in its message: every
 * report tool shows a skip's message, none counts a skip as a failure, and per-testcase
 * <properties> exist in neither the JUnit nor the Surefire schema (tools ignore them).
 */
function quarantinedSkip(r) {
    const attempts = r.failedAttempts ?? [{ message: r.message ?? 'failed', durationMs: r.durationMs }];
    const body = attempts
        .map((a, i) => `attempt ${i + 1}: ${failureBody(a.message, a.logExcerpt ?? (i === 0 ? r.logExcerpt : undefined))}`)
        .join('\n\n');
    const message = `quarantined (${r.quarantine}): failed: ${r.message ?? 'failed'}`;
    return `    <skipped message="${escapeXmlAttribute(junit_reporter_short(message))}">${escapeXmlText(body)}</skipped>`;
}
function testcase(r) {
    const name = caseLabel(r);
    const open = `  <testcase classname="${JUNIT_CLASSNAME}" name="${escapeXmlAttribute(name)}" time="${seconds(r.durationMs)}"`;
    const children = [];
    if (r.status === 'failed' && r.quarantine !== undefined) {
        children.push(quarantinedSkip(r));
    }
    else if (r.status === 'failed') {
        const message = r.message ?? 'failed';
        children.push(`    <failure message="${escapeXmlAttribute(junit_reporter_short(message))}" type="${FAILURE_TYPE}">${escapeXmlText(failureBody(message, r.logExcerpt))}</failure>`);
        for (const [i, failure] of (r.failedAttempts ?? []).slice(1).entries())
            children.push(rerun('rerunFailure', failure, i + 2));
    }
    else if (r.status === 'skipped') {
        children.push(`    <skipped message="${escapeXmlAttribute(r.message ?? '')}"/>`);
    }
    else if (runner_isFlaky(r)) {
        for (const [i, failure] of (r.failedAttempts ?? []).entries())
            children.push(rerun('flakyFailure', failure, i + 1));
    }
    if (r.quarantine !== undefined && r.status !== 'failed') {
        children.push(`    <system-out>${escapeXmlText(`quarantined: ${r.quarantine} (${r.status})`)}</system-out>`);
    }
    return children.length === 0 ? `${open}/>` : `${open}>\n${children.join('\n')}\n  </testcase>`;
}
/**
 * One <testsuite> with a <testcase> per case, as CI test-report tools read it. Retries follow
 * Surefire: a flaky case passes with a <flakyFailure> per failed attempt; a case that failed
 * every attempt has the first as <failure> and the others as <rerunFailure>.
 */
function junit_reporter_formatJUnitXml(result) {
    const suite = [
        `name="${JUNIT_SUITE_NAME}"`,
        `tests="${result.cases.length}"`,
        `failures="${result.failed}"`,
        'errors="0"',
        `skipped="${result.skipped + (result.quarantinedFailed ?? 0)}"`,
        `time="${seconds(result.durationMs)}"`,
        `timestamp="${escapeXmlAttribute(result.startedAt)}"`,
    ].join(' ');
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuite ${suite}>`,
        ...result.cases.map(testcase),
        '</testsuite>',
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./packages/e2e/src/reporters/markdown-reporter.ts




const markdown_reporter_MARK = { passed: '✅', failed: '❌', skipped: '⏭️' };
const FLAKY_MARK = '⚠️';
const QUARANTINED_MARK = '🚧';
/**
 * GitHub refuses a step summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports
 * content up to a size of 1024k"); the budget leaves room for other text in the same step.
 */
const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;
const SUMMARY_BUDGET_BYTES = STEP_SUMMARY_LIMIT_BYTES - 24 * 1024;
/** One message in a table cell; the whole message is in the JUnit report and the log. */
const CELL_MAX_BYTES = 2_000;
/** One failure's log excerpt (its last lines are kept). */
const EXCERPT_MAX_BYTES = 32 * 1024;
/** Room kept for the note that says what was cut. */
const NOTE_RESERVE_BYTES = 400;
/**
 * A table cell: no pipe or line break ends the row, no HTML is interpreted, and no Markdown
 * (links, images, emphasis, code) is formed from the text. Capped at CELL_MAX_BYTES.
 */
function cell(value) {
    return cutHead(value, CELL_MAX_BYTES)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[\\`*_[\]~]/g, '\\$&')
        .replace(/\|/g, '\\|')
        .replace(/\r\n|\r|\n/g, '<br>');
}
/** A fence longer than any run of backticks inside, so the excerpt cannot close it. */
function fenced(body) {
    const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${body}\n${fence}`;
}
function mark(r) {
    if (r.status === 'failed' && r.quarantine !== undefined)
        return QUARANTINED_MARK;
    return runner_isFlaky(r) ? FLAKY_MARK : markdown_reporter_MARK[r.status];
}
function detail(r) {
    const parts = [r.message ?? '', describeAttempts(r)].filter(Boolean);
    const text = runner_isFlaky(r) ? describeAttempts(r) : parts.join(' — ');
    return r.quarantine !== undefined ? `quarantined (${r.quarantine})${text ? `: ${text}` : ''}` : text;
}
function quarantineResult(r) {
    if (r.status === 'failed')
        return `${markdown_reporter_MARK.failed} failed: ${r.message ?? 'failed'}`;
    if (runner_isFlaky(r))
        return `${FLAKY_MARK} ${describeAttempts(r)}`;
    return `${markdown_reporter_MARK[r.status]} ${r.status}${r.status === 'skipped' && r.message ? `: ${r.message}` : ''}`;
}
const SECTION_HEADS = {
    table: '',
    quarantine: '\n#### Quarantined cases\n\n| case | reason | result |\n|---|---|---|\n',
    flaky: '\n#### Flaky cases\n\n| case | attempt | failure |\n|---|---:|---|\n',
    logs: '',
};
const SECTION_ORDER = ['table', 'quarantine', 'flaky', 'logs'];
function blocks(result) {
    const out = [];
    const add = (b) => out.push({ ...b, order: out.length });
    for (const r of result.cases) {
        const notable = r.status === 'failed' || runner_isFlaky(r) || r.quarantine !== undefined;
        add({
            section: 'table',
            kind: 'table row',
            priority: notable ? 1 : 4,
            text: `| ${mark(r)} | ${cell(caseLabel(r))} | ${r.durationMs} | ${cell(detail(r))} |\n`,
        });
    }
    for (const r of result.cases.filter((c) => c.quarantine !== undefined)) {
        add({
            section: 'quarantine',
            kind: 'quarantine row',
            priority: 2,
            text: `| ${cell(caseLabel(r))} | ${cell(r.quarantine ?? '')} | ${cell(quarantineResult(r))} |\n`,
        });
    }
    for (const r of result.cases.filter(runner_isFlaky)) {
        for (const [i, failure] of (r.failedAttempts ?? []).entries()) {
            add({
                section: 'flaky',
                kind: 'flaky attempt',
                priority: 3,
                text: `| ${cell(caseLabel(r))} | ${i + 1} | ${cell(failure.message)} |\n`,
            });
        }
    }
    for (const r of result.cases.filter((c) => c.status === 'failed' && c.logExcerpt)) {
        add({
            section: 'logs',
            kind: 'log excerpt',
            priority: 5,
            text: [
                '',
                `<details><summary>${cell(caseLabel(r))}: vault log excerpt</summary>`,
                '',
                fenced(cutTail(r.logExcerpt, EXCERPT_MAX_BYTES)),
                '',
                '</details>',
                '',
            ].join('\n'),
        });
    }
    return out;
}
function cutNote(omitted) {
    const parts = [...omitted].map(([kind, n]) => `${n} ${kind}${n > 1 ? 's' : ''}`);
    return `\n_Cut to fit GitHub's 1 MiB step summary: ${parts.join(', ')} left out. The JUnit report and the step log have every case._\n`;
}
/**
 * A Markdown report for $GITHUB_STEP_SUMMARY: the case table, totals, the quarantined and flaky
 * cases, then failure logs. Over the byte budget, whole rows and excerpts are left out (the
 * least telling first: passing rows, then logs) and a note says what was cut.
 */
function markdown_reporter_formatMarkdownSummary(result, options = {}) {
    const opts = typeof options === 'string' ? { title: options } : options;
    const budget = opts.budgetBytes ?? SUMMARY_BUDGET_BYTES;
    const head = `### ${opts.title ?? 'runevault e2e'}\n\n| | case | ms | detail |\n|---|---|---:|---|\n`;
    const totals = `\n**${formatTotals(result)}**\n`;
    const all = blocks(result);
    let remaining = budget - utf8Bytes(head) - utf8Bytes(totals);
    const fitsWhole = all.reduce((sum, b) => sum + utf8Bytes(b.text), 0) + headsBytes(all) <= remaining;
    if (!fitsWhole)
        remaining -= NOTE_RESERVE_BYTES;
    const chosen = new Set();
    const opened = new Set();
    const omitted = new Map();
    for (const b of [...all].sort((x, y) => x.priority - y.priority || x.order - y.order)) {
        const cost = utf8Bytes(b.text) + (opened.has(b.section) ? 0 : utf8Bytes(SECTION_HEADS[b.section]));
        if (fitsWhole || cost <= remaining) {
            chosen.add(b);
            opened.add(b.section);
            remaining -= cost;
        }
        else {
            omitted.set(b.kind, (omitted.get(b.kind) ?? 0) + 1);
        }
    }
    const section = (name) => {
        const texts = all.filter((b) => b.section === name && chosen.has(b)).map((b) => b.text);
        return texts.length > 0 ? SECTION_HEADS[name] + texts.join('') : '';
    };
    const note = omitted.size > 0 ? cutNote(omitted) : '';
    return head + section('table') + totals + note + SECTION_ORDER.slice(1).map(section).join('');
}
function headsBytes(all) {
    const sections = new Set(all.map((b) => b.section));
    return [...sections].reduce((sum, s) => sum + utf8Bytes(SECTION_HEADS[s]), 0);
}

;// CONCATENATED MODULE: ./packages/e2e/src/verdict.ts
// Whether a run fails, in one place for the CLI's exit code and the actions' step result.

function verdict_suiteVerdict(result, opts = {}) {
    const reasons = [];
    if (result.failed > 0)
        reasons.push(`${result.failed} of ${result.cases.length} cases failed`);
    if (opts.failOnFlaky) {
        const flaky = result.cases.filter((r) => runner_isFlaky(r) && r.quarantine === undefined).length;
        if (flaky > 0)
            reasons.push(`${flaky} flaky case${flaky > 1 ? 's' : ''} (fail-on-flaky)`);
    }
    return { fails: reasons.length > 0, reason: reasons.join('; ') };
}

;// CONCATENATED MODULE: ./packages/e2e/src/report-outputs.ts






/**
 * Prints the console report (or JSON) first, so results are visible even when a report file
 * cannot be written; then writes the files. A write failure throws naming the path.
 */
async function writeReportOutputs(result, opts = {}) {
    const stdout = opts.stdout ?? process.stdout;
    const stderr = opts.stderr ?? process.stderr;
    if (opts.json) {
        stderr.write(formatConsoleReport(result));
        stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    }
    else {
        stdout.write(formatConsoleReport(result));
    }
    const failures = [];
    if (opts.junitPath) {
        const path = opts.junitPath;
        await mkdir(dirname(path), { recursive: true })
            .then(() => writeFile(path, formatJUnitXml(result)))
            .catch((e) => failures.push(`JUnit report ${path}: ${e.message}`));
    }
    if (opts.summaryPath) {
        const path = opts.summaryPath;
        await mkdir(dirname(path), { recursive: true })
            .then(() => appendFile(path, `${formatMarkdownSummary(result)}\n`))
            .catch((e) => failures.push(`summary ${path}: ${e.message}`));
    }
    if (failures.length > 0)
        throw new Error(`could not write ${failures.join('; ')}`);
}
/**
 * 1 when a case failed that is not quarantined, or with failOnFlaky a flaky one (skips do
 * not fail a run).
 */
function exitCodeFor(result, opts = {}) {
    return suiteVerdict(result, opts).fails ? 1 : 0;
}

;// CONCATENATED MODULE: ./packages/e2e/src/suite.ts
// The suite without the drivers that start vaults: cases, runner, reporters and the address
// driver (a running vault, reached by its endpoints and optionally its container). Nothing
// here loads the image build or the process driver, so a bundle (an action's dist/) can
// import it without dragging in esbuild or files that only exist in this repository.
















/***/ })

};
