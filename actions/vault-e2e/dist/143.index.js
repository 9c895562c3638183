export const id = 143;
export const ids = [143];
export const modules = {

/***/ 74143:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanupVault: () => (/* binding */ cleanupVault)
/* harmony export */ });
/* unused harmony exports POST_DEADLINE_MS, LOG_LINES, STOP_TIMEOUT_SEC, SWEEP_OLDER_THAN_MS, shouldPrintLogs */
/* harmony import */ var _commonjs_globals_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78728);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3894);
/* harmony import */ var _runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(65576);
/* harmony import */ var _common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(35219);
/* harmony import */ var _state_helper_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(40130);
// post: the container's logs when they are wanted, then stop (10 s) and remove, the host
// folder, and a sweep of this repository's leftovers older than 6 h (cancelled runs). All of
// it within 60 s; a failure is a warning, never a failed job.






const POST_DEADLINE_MS = 60_000;
const LOG_LINES = 2_000;
const STOP_TIMEOUT_SEC = 10;
const SWEEP_OLDER_THAN_MS = 6 * 60 * 60 * 1000;
/**
 * Whether post prints the container's logs. GitHub gives a post step no job status, so
 * "failure" means: main recorded a failure in state, or the step's env says the job failed
 * (RUNEVAULT_JOB_STATUS: ${{ job.status }} on the step). RUNNER_DEBUG=1 prints them always.
 */
function shouldPrintLogs(logsOn, mainFailed, env) {
    if (logsOn === 'never')
        return false;
    if (logsOn === 'always' || env.RUNNER_DEBUG === '1')
        return true;
    const jobStatus = (env.RUNEVAULT_JOB_STATUS ?? '').toLowerCase();
    return mainFailed || jobStatus === 'failure' || jobStatus === 'cancelled';
}
/** 'late' when the deadline passed first: the caller must exit, a hung call may still be open. */
async function cleanupVault(env = process.env) {
    const timer = new Promise((resolve) => setTimeout(() => resolve('late'), POST_DEADLINE_MS).unref());
    const outcome = await Promise.race([cleanUp(env).then(() => 'done'), timer]);
    if (outcome === 'late') {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cleanup did not finish within ${POST_DEADLINE_MS / 1000} s; anything left carries the label ` +
            `${_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .RUN_LABEL */ .jQ}=${_state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getRunLabel */ .u5() || '?'} and a later run's sweep removes it`);
    }
    return outcome;
}
async function cleanUp(env) {
    const containerId = _state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getContainerId */ .TW();
    const homeDir = _state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getHomeDir */ .RL();
    const cleanup = _state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getCleanup */ .RS();
    const engine = await (0,_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .checkDockerEngine */ .LT)();
    if (!engine.ok) {
        if (containerId)
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`cannot clean up container ${containerId.slice(0, 12)}: ${engine.reason}`);
    }
    const docker = engine.ok ? engine.docker : undefined;
    if (docker && containerId && shouldPrintLogs(_state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getLogsOn */ .Vi(), _state_helper_js__WEBPACK_IMPORTED_MODULE_5__/* .getMainFailed */ .lx(), env)) {
        await warnOnError('reading the container logs', async () => {
            const container = docker.getContainer(containerId);
            const logs = await (0,_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .containerLogs */ .BX)(container, { tail: LOG_LINES }).catch((error) => {
                // Main removes a container that failed to start, after printing its last log lines.
                if (error.statusCode === 404)
                    return undefined;
                throw error;
            });
            if (logs === undefined) {
                _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`container ${containerId.slice(0, 12)} is gone; main's log shows its last lines`);
                return;
            }
            await _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .group */ .Os(`Container logs (last ${LOG_LINES} lines)`, async () => {
                // The vault's log may echo what callers sent it: each line made safe on its own.
                _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq((0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafeLines */ .TW)((0,_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .lastLines */ .w$)(logs, LOG_LINES)) || '(no log output)');
            });
        });
    }
    await _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .group */ .Os('Cleanup', async () => {
        if (!cleanup) {
            if (containerId)
                _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`cleanup: false; leaving container ${containerId.slice(0, 12)} and ${(0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafe */ .sN)(homeDir)}`);
        }
        else {
            if (docker && containerId) {
                await warnOnError(`removing container ${containerId.slice(0, 12)}`, async () => {
                    const result = await (0,_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .removeContainer */ .od)(docker, containerId, { stopTimeoutSec: STOP_TIMEOUT_SEC });
                    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(result === 'removed'
                        ? `container ${containerId.slice(0, 12)} stopped and removed`
                        : `container ${containerId.slice(0, 12)} was already gone`);
                });
            }
            if (homeDir) {
                await warnOnError(`removing ${(0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafe */ .sN)(homeDir)}`, async () => {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(homeDir, { recursive: true, force: true });
                    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`removed ${(0,_common_src_log_safe_js__WEBPACK_IMPORTED_MODULE_4__/* .logSafe */ .sN)(homeDir)}`);
                });
            }
        }
        const repository = env.GITHUB_REPOSITORY;
        if (docker && repository) {
            await warnOnError('sweeping old containers', async () => {
                const swept = await (0,_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .sweepLabelledContainers */ .Oe)({
                    docker,
                    olderThanMs: SWEEP_OLDER_THAN_MS,
                    label: `${_runevault_e2e_drivers_docker__WEBPACK_IMPORTED_MODULE_3__/* .REPO_LABEL */ .kV}=${repository}`,
                });
                if (swept.length > 0) {
                    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .info */ .pq(`swept ${swept.length} container(s) of ${repository} older than 6 h: ${swept.map((c) => c.id.slice(0, 12)).join(', ')}`);
                }
            });
        }
    });
}
async function warnOnError(what, step) {
    try {
        await step();
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .warning */ .$e(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
}


/***/ })

};
