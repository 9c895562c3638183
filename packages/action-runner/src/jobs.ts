// @runevault/action-runner/jobs: whole workflow jobs on this machine, step by step. Two runners,
// because they answer different questions: runWorkflowJobs runs this repository's own jobs
// (`npm run ci:tier*`: needs, parallel waves, the host's environment, third-party steps as
// no-ops) and runWorkflowJob runs a client repository's job as the runner would (actions from a
// downloaded repository, a cloned workspace, any other third-party step refused, every step's
// log kept). Both evaluate `${{ }}` and `if:` with GitHub's engine (workflow-expressions.ts).
// Apart from index.ts so an action test does not load the expression engine.

export {
  runWorkflowJob,
  type StepRun,
  type WorkflowJobOptions,
  type WorkflowJobRun,
} from './consumer-job.js';
export {
  type JobReport,
  type LocalRunOptions,
  runWorkflowJobs,
  type StepKind,
  type StepOutcome,
  type StepReport,
} from './repository-jobs.js';
export {
  type ExpressionContexts,
  evaluateCondition,
  evaluateTemplate,
  type JobStatus,
} from './workflow-expressions.js';
