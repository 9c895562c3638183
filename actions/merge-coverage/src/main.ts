// The action's adapter: inputs → mergeCoverage() (packages/coverage) → outputs, summary,
// artifact, comment, threshold verdict.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import {
  describeShortfalls,
  type MetricResult,
  mergeCoverage,
  parseMergeCoverageOptions,
  SUMMARY_FILE,
  writeJsonSummary,
  writeReportBundle,
} from '@runevault/coverage';
import { logSafeLines } from '../../common/src/log-safe.js';
import { ArtifactService } from './artifact-service.js';
import { lookUpBaseSummary, pullRequestBase, summaryToKeep } from './base-branch.js';
import { parseInputs } from './inputs.js';
import { commentOnPullRequest } from './pull-request-comment.js';
import { runContext } from './run-context.js';

export async function run(): Promise<void> {
  try {
    // Masked before anything else runs, so no later line can show it.
    const token = core.getInput('github-token');
    if (token) core.setSecret(token);
    const inputs = parseInputs((name) => core.getInput(name));
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const temp = process.env.RUNNER_TEMP || workspace;
    // A push keeps its summary for later pull requests; a pull request leaves its report for
    // the report workflow (workflow_run), which comments with a token this run does not get.
    const summaryName = summaryToKeep(inputs.summaryArtifact);
    const pull = pullRequestBase();
    const publishName = pull ? inputs.publishArtifact : '';
    const artifacts = ArtifactService.open({
      downloadPatterns: inputs.artifactPatterns,
      uploadName: [inputs.reportArtifact, summaryName, publishName].filter(Boolean).join(', '),
    });
    const artifactDirs = await artifacts.download(
      inputs.artifactPatterns,
      join(process.env.RUNNER_TEMP || workspace, 'merge-coverage-artifacts'),
    );
    const options = parseMergeCoverageOptions(inputs.merge, workspace, artifactDirs);
    if (inputs.reportArtifact) options.fullReportHint = `the ${inputs.reportArtifact} artifact`;
    const baseLookup = await lookUpBaseSummary(
      inputs.summaryArtifact,
      inputs.githubToken,
      inputs.baseLookback,
    );
    if (baseLookup) options.baseLookup = baseLookup;
    if (baseLookup && 'missing' in baseLookup) core.notice(baseLookup.missing);
    const result = await mergeCoverage(options);
    for (const notice of result.notices)
      if (notice.level === 'warning') core.warning(notice.message);
      else core.notice(notice.message);

    const percentOf = (metric: MetricResult['metric']) =>
      result.metrics.find((result) => result.metric === metric)?.percent?.toFixed(2) ?? '';
    core.setOutput('lines', result.noReports ? '' : percentOf('lines'));
    core.setOutput('branches', percentOf('branches'));
    core.setOutput('functions', percentOf('functions'));
    core.setOutput('patch', percentOf('patch'));
    core.setOutput('report-dir', result.outputDir);
    core.setOutput('markdown', result.commentMarkdown);
    // A plain shell (or an old act) has no step summary file: the log gets the Markdown instead.
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(result.summaryMarkdown, true).write();
    // The Markdown holds the title input and report paths: each line made safe for the log.
    else core.info(logSafeLines(result.summaryMarkdown));
    if (result.noReports) return;

    await artifacts.upload(inputs.reportArtifact, Object.values(result.written), result.outputDir);
    if (summaryName || publishName) {
      const summaryPath =
        result.written['json-summary'] ??
        (() => {
          const dir = join(temp, 'merge-coverage-summary');
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, SUMMARY_FILE), writeJsonSummary(result.files));
          return join(dir, SUMMARY_FILE);
        })();
      if (summaryName) await artifacts.upload(summaryName, [summaryPath], join(summaryPath, '..'));
      if (publishName && pull) {
        const dir = join(temp, 'merge-coverage-report-bundle');
        const head = runContext().payload.pull_request?.head?.sha;
        const files = writeReportBundle(
          dir,
          {
            schema: 1,
            kind: 'coverage',
            claimedPullRequest: pull.number,
            ...(typeof head === 'string' ? { headSha: head } : {}),
          },
          result.commentMarkdown,
          [summaryPath],
        );
        await artifacts.upload(publishName, files, dir);
      }
    }
    if (inputs.comment) await commentOnPullRequest(inputs.githubToken, options.title, result.commentMarkdown);
    const failures: string[] = [];
    if (result.shortfalls.length > 0) {
      const table = result.shortfalls.map(
        (metric) => `  ${metric.metric.padEnd(10)} ${metric.percent?.toFixed(2)}% < ${metric.threshold}%`,
      );
      core.info(`Below threshold:\n${table.join('\n')}`);
      failures.push(describeShortfalls(result.shortfalls));
    }
    if (result.dropFailure) {
      core.info(result.dropFailure);
      failures.push(result.dropFailure);
    }
    if (failures.length > 0 && inputs.failBelow) core.setFailed(failures.join('; '));
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
