// The action's inputs as typed values; every bad one is named in one message.
import { MergeCoverageError, parseBoolean, type RawMergeCoverageOptions } from '@runevault/coverage';
import { quoteInput } from '../../common/src/log-safe.js';

export interface ActionInputs {
  merge: RawMergeCoverageOptions;
  artifactPatterns: string[];
  failBelow: boolean;
  comment: boolean;
  githubToken: string;
  reportArtifact: string;
  /** Prefix of the per-commit summary artifacts (coverage-summary → coverage-summary-<sha>); '' off. */
  summaryArtifact: string;
  baseLookback: number;
  /** On a pull request: the artifact the report workflow publishes from (runevault-report); '' off. */
  publishArtifact: string;
}

export function parseInputs(getInput: (name: string) => string): ActionInputs {
  const problems: string[] = [];
  const flag = (name: string, fallback: boolean) => {
    try {
      return parseBoolean(name, getInput(name), fallback);
    } catch (error) {
      problems.push((error as Error).message);
      return fallback;
    }
  };
  const artifactName = (name: string) => {
    const value = getInput(name).trim();
    if (value !== '' && !/^[\w.-]{1,80}$/.test(value))
      problems.push(
        `${name}: ${quoteInput(value.slice(0, 80))} is not an artifact name (letters, digits, . _ -)`,
      );
    return value;
  };
  const lookback = () => {
    const value = getInput('base-lookback').trim() || '20';
    const number = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    if (number >= 1 && number <= 100) return number;
    problems.push(
      `base-lookback: ${quoteInput(value.slice(0, 20))} is not a number of commits from 1 to 100`,
    );
    return 20;
  };
  const inputs: ActionInputs = {
    merge: {
      files: getInput('files'),
      pathRemap: getInput('path-remap'),
      root: getInput('root'),
      outputDir: getInput('output-dir'),
      formats: getInput('formats'),
      thresholds: getInput('thresholds'),
      diffBase: getInput('diff-base'),
      title: getInput('title'),
      ifNoFilesFound: getInput('if-no-files-found'),
      maxDrop: getInput('max-drop'),
    },
    artifactPatterns: getInput('artifact-pattern')
      .split(/[,\n]/)
      .map((pattern) => pattern.trim())
      .filter(Boolean),
    failBelow: flag('fail-below', true),
    comment: flag('comment', false),
    githubToken: getInput('github-token'),
    reportArtifact: getInput('report-artifact').trim(),
    summaryArtifact: artifactName('summary-artifact'),
    baseLookback: lookback(),
    publishArtifact: artifactName('publish-artifact'),
  };
  if (problems.length > 0) throw new MergeCoverageError(problems.join('; '));
  return inputs;
}
