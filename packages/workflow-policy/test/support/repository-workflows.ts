// This repository's workflows as GitHub's own parser (@actions/workflow-parser) reads them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { parse } from 'yaml';

import { REPO_ROOT, WORKFLOWS_DIR } from './repo-paths.js';

export { REPO_ROOT };

export interface ParsedWorkflow {
  file: string;
  text: string;
  template: WorkflowTemplate;
  /** The parser's token tree, for what the template model leaves out (permissions). */
  root: TemplateToken;
  errors: string[];
}

export async function parseRepositoryWorkflow(name: string): Promise<ParsedWorkflow> {
  const file = join(WORKFLOWS_DIR, name);
  const text = readFileSync(file, 'utf8');
  const parsed = parseWorkflow({ name, content: text }, new NoOperationTraceWriter());
  if (!parsed.value)
    throw new Error(
      `${name}: ${parsed.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('; ')}`,
    );
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = [
    ...parsed.context.errors.getErrors().map((error) => error.message),
    ...(template.errors ?? []).map((error) => error.Message),
  ];
  return { file, text, template, root: parsed.value, errors };
}

/** A token as plain data: mappings → objects, sequences → arrays, scalars → their text/value. */
export function plain(token: TemplateToken | undefined): unknown {
  if (!token) return undefined;
  if (isMapping(token)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < token.count; i++) {
      const pair = token.get(i);
      out[String(plain(pair.key))] = plain(pair.value);
    }
    return out;
  }
  if (isSequence(token)) {
    const out: unknown[] = [];
    for (let i = 0; i < token.count; i++) out.push(plain(token.get(i)));
    return out;
  }
  const json = token.toJSON() as unknown;
  if (json && typeof json === 'object' && 'expr' in json) return `\${{ ${(json as { expr: string }).expr} }}`;
  return json;
}

/** `permissions:` of the workflow (job undefined) or of one job, as plain data. */
export function permissionsOf(workflow: ParsedWorkflow, job?: string): unknown {
  if (!isMapping(workflow.root)) return undefined;
  if (job === undefined) return plain(workflow.root.find('permissions'));
  const jobs = workflow.root.find('jobs');
  if (!jobs || !isMapping(jobs)) return undefined;
  const definition = jobs.find(job);
  return definition && isMapping(definition) ? plain(definition.find('permissions')) : undefined;
}

export interface ActionInputs {
  declared: Set<string>;
  required: Set<string>;
}

/** The inputs of a local action (`./actions/<name>`); undefined while its action.yml is not there. */
export function localActionInputs(uses: string): ActionInputs | undefined {
  const file = join(REPO_ROOT, uses, 'action.yml');
  if (!existsSync(file)) return undefined;
  const metadata = parse(readFileSync(file, 'utf8')) as {
    inputs?: Record<string, { required?: boolean; default?: unknown } | null>;
  };
  const inputs = Object.entries(metadata.inputs ?? {});
  return {
    declared: new Set(inputs.map(([name]) => name)),
    required: new Set(
      inputs.filter(([, spec]) => spec?.required && spec.default === undefined).map(([name]) => name),
    ),
  };
}

/** One job as plain data from the parser's token tree (the template model drops step `with:`). */
export function rawJob(workflow: ParsedWorkflow, job: string): Record<string, unknown> {
  const all = plain(isMapping(workflow.root) ? workflow.root.find('jobs') : undefined) as
    | Record<string, Record<string, unknown>>
    | undefined;
  const found = all?.[job];
  if (!found) throw new Error(`${workflow.file} has no job ${job}`);
  return found;
}
