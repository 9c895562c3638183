// What every action's input parsing shares. Problems are collected rather than thrown one at a
// time, so one `::error::` line tells the user everything to fix in one edit. Not an action
// itself (no action.yml): the actions import it, and ncc bundles it into each.
import { isAbsolute, resolve } from 'node:path';
import { containerNameProblem, type ImageReference, parseImageReference } from './docker-reference.js';
import { quoteInput } from './log-safe.js';

// Line breaks, other controls and the runner's legacy command marker: a path or name holding
// one could start a workflow command in the output of tools that echo it unescaped
// (@actions/exec prints its command line raw; the vault CLI prints its paths).
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]|##\[/u;

/** A path input made absolute: as given, or against GITHUB_WORKSPACE, where the runner starts steps. */
export function inWorkspace(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(value) ? value : resolve(env.GITHUB_WORKSPACE || process.cwd(), value);
}

/** Every problem with an action's inputs, prefixed with the action's name. */
export class InputError extends Error {
  constructor(
    readonly action: string,
    readonly problems: string[],
  ) {
    super(`${action}: ${problems.join('; ')}`);
    this.name = 'InputError';
  }
}

// The spellings GitHub's own core.getBooleanInput accepts (YAML 1.2 core schema).
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/**
 * Reads inputs through `getInput` (which returns '' for an input neither given nor defaulted,
 * as core.getInput does). Each reader notes a problem and returns the fallback, so parsing goes
 * on and `throwIfProblems()` reports them all.
 */
export class InputReader {
  readonly problems: string[] = [];

  constructor(
    private readonly action: string,
    readonly getInput: (name: string) => string,
  ) {}

  /** The value without surrounding whitespace. */
  get(name: string): string {
    return this.getInput(name).trim();
  }

  problem(text: string): void {
    this.problems.push(text);
  }

  /**
   * The value, trimmed, for an input that names one thing (a path, a container): a line break
   * or control character in it is a problem, not something to print or pass on.
   */
  line(name: string): string {
    const value = this.get(name);
    if (NOT_ONE_LINE.test(value)) {
      this.problem(
        `input ${name}: ${quoteInput(value)} contains a line break, a control character or the runner's legacy command marker; give one line of plain text`,
      );
    }
    return value;
  }

  /**
   * An image reference (name[:tag][@digest]) in Docker's grammar; `fallback` when empty.
   * The problem names the input, the value and the part that is wrong.
   */
  imageReference(name: string, fallback: string): ImageReference | undefined {
    const value = this.get(name) || fallback;
    const parsed = parseImageReference(value);
    if (parsed.ok) return parsed.reference;
    this.problem(
      `input ${name}: ${quoteInput(value)} is not a Docker image reference: ${parsed.reason} (e.g. ghcr.io/org/runevault:1.2)`,
    );
    return undefined;
  }

  /** A container name or ID as Docker accepts it; `fallback` when empty, '' when neither. */
  containerName(name: string, fallback = ''): string {
    const value = this.get(name) || fallback;
    if (value === '') return value;
    const problem = containerNameProblem(value);
    if (problem)
      this.problem(`input ${name} must be a container name (${problem}), got ${quoteInput(value)}`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.get(name);
    if (value === '') return fallback;
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    this.problem(`input ${name} must be true or false, got ${quoteInput(value)}`);
    return fallback;
  }

  /** 0–65535; `hint` follows the range in the message, e.g. " (0 = a free one)". */
  port(name: string, fallback: number, hint = ''): number {
    const value = this.get(name);
    if (value === '') return fallback;
    const number = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
    if (number >= 0 && number <= 65535) return number;
    this.problem(`input ${name} must be a port number from 0 to 65535${hint}, got ${quoteInput(value)}`);
    return fallback;
  }

  /** One of `allowed` (empty: the fallback); `hint` follows the list in the message. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T, hint = ''): T {
    const value = this.get(name) || fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(`input ${name} must be ${allowed.join(' or ')}${hint}, got ${quoteInput(value)}`);
    return fallback;
  }

  /** Throws an InputError listing every problem noted so far, if there is one. */
  throwIfProblems(): void {
    if (this.problems.length > 0) throw new InputError(this.action, this.problems);
  }
}
