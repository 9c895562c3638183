// A workflow file as the yaml library's Document (not its text): every node keeps its source
// range, and the LineCounter turns a range into the 1-based line a report names.
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  type YAMLMap,
} from 'yaml';

export interface Workflow {
  /** The path a report names, e.g. .github/workflows/ci.yml. */
  file: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

export interface Job {
  id: string;
  key: Scalar;
  map: YAMLMap;
}

export function parseWorkflow(file: string, text: string): Workflow {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema (the library's default): `on` stays the string "on", not true.
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  return { file, text, document, lineCounter };
}

export function lineAtOffset(workflow: Workflow, offset: number): number {
  return workflow.lineCounter.linePos(offset).line;
}

/** 1-based line and column of an offset in the file. */
export function positionAt(workflow: Workflow, offset: number): { line: number; column: number } {
  const { line, col } = workflow.lineCounter.linePos(offset);
  return { line, column: col };
}

/** Where a node starts (line 1, column 1 when it has no range). */
export function positionOf(workflow: Workflow, node: unknown): { line: number; column: number } {
  const range = (node as Node | undefined)?.range;
  return range ? positionAt(workflow, range[0]) : { line: 1, column: 1 };
}

/** The line a node starts on; 1 when the node has no range (e.g. the key is absent). */
export function lineOf(workflow: Workflow, node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return range ? lineAtOffset(workflow, range[0]) : 1;
}

/** The pair whose key is the scalar `key` in a mapping node (undefined for anything else). */
export function pairOf(node: unknown, key: string): Pair<Scalar, unknown> | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair as Pair<Scalar, unknown>;
  }
  return undefined;
}

export function valueAt(node: unknown, key: string): unknown {
  return pairOf(node, key)?.value;
}

/** A scalar's value as text (true → "true"); undefined for maps, sequences and absent nodes. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

export function jobsOf(workflow: Workflow): Job[] {
  const jobs = valueAt(workflow.document.contents, 'jobs');
  if (!isMap(jobs)) return [];
  const result: Job[] = [];
  for (const pair of jobs.items) {
    if (isScalar(pair.key) && isMap(pair.value))
      result.push({ id: String(pair.key.value), key: pair.key, map: pair.value });
  }
  return result;
}

export function stepsOf(job: Job): YAMLMap[] {
  const steps = valueAt(job.map, 'steps');
  return isSeq(steps) ? steps.items.filter((step): step is YAMLMap => isMap(step)) : [];
}

/**
 * The events a workflow triggers on, each with the node to report: `on: push`,
 * `on: [push, pull_request]` and `on: { push: …, pull_request: … }` all count.
 */
export function triggersOf(workflow: Workflow): Map<string, Node> {
  const triggers = new Map<string, Node>();
  const on = pairOf(workflow.document.contents, 'on');
  if (!on) return triggers;
  const value = on.value;
  if (isScalar(value)) triggers.set(String(value.value), value);
  else if (isSeq(value)) {
    for (const item of value.items) if (isScalar(item)) triggers.set(String(item.value), item);
  } else if (isMap(value)) {
    for (const pair of value.items) if (isScalar(pair.key)) triggers.set(String(pair.key.value), pair.key);
  }
  return triggers;
}

/** Every scalar value under a node (mapping keys left out: expressions live in values). */
export function* scalarsIn(node: unknown): Generator<Scalar> {
  if (isScalar(node)) yield node;
  else if (isMap(node)) for (const pair of node.items) yield* scalarsIn(pair.value);
  else if (isSeq(node)) for (const item of node.items) yield* scalarsIn(item);
  else if (isPair(node)) yield* scalarsIn(node.value);
}
