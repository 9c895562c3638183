// The advisory list committed beside this package (advisories.json), read once and checked
// on load so a hand edit that breaks it fails loudly instead of matching nothing.
import { readFileSync } from 'node:fs';
import { quoteInput } from '../../../actions/common/src/log-safe.js';
import { rangeContains, type Version } from './versions.js';

export interface Advisory {
  id: string;
  /** owner/repo or owner/repo/path, lower case. */
  action: string;
  affected: string[];
  commits: string[];
  fixed: string | null;
  summary: string;
  url: string;
}

const ADVISORIES_FILE = new URL('../advisories.json', import.meta.url);

const GHSA = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
const ACTION = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?$/;
const SHA = /^[0-9a-f]{40}$/;

function fail(source: string, index: number, what: string): never {
  throw new Error(`${source}: advisories[${index}] ${what}`);
}

export function parseAdvisories(text: string, source: string): Advisory[] {
  const data = JSON.parse(text) as { advisories?: unknown };
  if (!Array.isArray(data.advisories)) throw new Error(`${source}: needs an "advisories" array`);
  return data.advisories.map((entry: Record<string, unknown>, index) => {
    const { id, action, affected, commits, fixed, summary, url } = entry;
    if (typeof id !== 'string' || !GHSA.test(id))
      fail(source, index, `id ${quoteInput(String(id))} is not a GHSA id`);
    if (typeof action !== 'string' || !ACTION.test(action))
      fail(source, index, `action ${quoteInput(String(action))} is not owner/repo[/path]`);
    if (!Array.isArray(affected) || !affected.every((range) => typeof range === 'string'))
      fail(source, index, 'affected must be a list of version ranges');
    if (!Array.isArray(commits) || !commits.every((sha) => typeof sha === 'string' && SHA.test(sha)))
      fail(source, index, 'commits must be a list of 40-hex commit SHAs');
    if (affected.length === 0 && commits.length === 0)
      fail(source, index, 'names neither affected ranges nor commits');
    if (fixed !== null && typeof fixed !== 'string') fail(source, index, 'fixed must be a version or null');
    if (typeof summary !== 'string' || summary.trim() === '') fail(source, index, 'needs a summary');
    if (typeof url !== 'string' || !url.startsWith('https://')) fail(source, index, 'needs the advisory url');
    // Read every range now: a typo must not silently match nothing.
    const probe: Version = { parts: [0, 0, 0], written: 3, text: '0.0.0' };
    for (const range of affected) {
      try {
        rangeContains(range, probe);
      } catch (error) {
        fail(source, index, (error as Error).message);
      }
    }
    return { id, action: action.toLowerCase(), affected, commits, fixed, summary, url };
  });
}

let loaded: Advisory[] | undefined;

/** The committed advisories.json (read on first use). */
export function committedAdvisories(): Advisory[] {
  loaded ??= parseAdvisories(
    readFileSync(ADVISORIES_FILE, 'utf8'),
    'packages/workflow-policy/advisories.json',
  );
  return loaded;
}
