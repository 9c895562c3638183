// Types of structure-rules.mjs (plain JS, read by scripts/check-structure.mjs).
export interface ImportRule {
  name: string;
  why: string;
  /** Globs of the files the rule applies to. */
  from: string[];
  forbid: { paths?: string[]; packages?: string[] };
}
export interface PackageBoundaryRule {
  name: string;
  why: string;
  from: string[];
  insides: string[];
  sharedSource?: string[];
}
export const IMPORT_RULES: ImportRule[];
export const PACKAGE_BOUNDARY_RULE: PackageBoundaryRule;
