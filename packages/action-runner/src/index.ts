// @runevault/action-runner: runs an action's committed bundle as GitHub's runner does (inputs
// with action.yml defaults, file commands, state, post, masks, workflow commands), for the
// actions' tests, the benches and the job runners in ./jobs.

export { downloadActionRepository } from './action-download.js';
export {
  type ActionEntry,
  type ActionRunResult,
  HARNESS_RUN_ID,
  inputVariable,
  pathForNextStep,
  REPO_ROOT,
  type RunActionOptions,
  readActionMetadata,
  resolveInputs,
  runAction,
  runnerEnvironment,
  type StepFileTexts,
  stepReport,
} from './action-runner.js';
export { FileCommandError, parseFileCommands, parsePathFile } from './file-commands.js';
export {
  type MaskReport,
  maskedLog,
  maskReports,
  parseCommandLine,
  parseCommands,
  unescapeData,
  unescapeProperty,
  type WorkflowCommand,
} from './workflow-commands.js';
