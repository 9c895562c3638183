// Types for scripts/tier2-gate.mjs (plain JavaScript, run by node in ci.yml's changes job).
export const DOC_ONLY: readonly string[];
export const IMAGE_INPUTS: readonly string[];
export const NOT_IMAGE_INPUTS: readonly string[];
export function globToRegExp(glob: string): RegExp;
export function tier2Plan(changedFiles: string[]): {
  integration: boolean;
  image: boolean;
  code: string[];
  imageInputs: string[];
};
