// Types of check-structure.mjs (plain JS, run by `npm run check:structure`).
import type { ImportRule, PackageBoundaryRule } from './structure-rules.mjs';

export interface Crossing {
  /** Repo-relative file that imports. */
  file: string;
  line: number;
  rule: string;
  /** The repo-relative file or the package it reached. */
  reached: string;
  why: string;
}
export function globToRegExp(glob: string): RegExp;
export function packageOf(specifier: string): string | undefined;
export function importsOf(text: string): { specifier: string; line: number }[];
export function findCrossings(
  root: string,
  rules?: ImportRule[],
  boundary?: PackageBoundaryRule,
): { crossings: Crossing[]; filesChecked: number };
