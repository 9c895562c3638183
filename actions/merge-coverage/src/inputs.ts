// The action's inputs as typed values; every bad one is named in one message.
import { MergeCoverageError, parseBoolean, type RawMergeCoverageOptions } from '@runevault/coverage';

export interface ActionInputs {
  merge: RawMergeCoverageOptions;
  artifactPatterns: string[];
  failBelow: boolean;
  comment: boolean;
  githubToken: string;
  reportArtifact: string;
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
    },
    artifactPatterns: getInput('artifact-pattern')
      .split(/[,\n]/)
      .map((pattern) => pattern.trim())
      .filter(Boolean),
    failBelow: flag('fail-below', true),
    comment: flag('comment', false),
    githubToken: getInput('github-token'),
    reportArtifact: getInput('report-artifact').trim(),
  };
  if (problems.length > 0) throw new MergeCoverageError(problems.join('; '));
  return inputs;
}
