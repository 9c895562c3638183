// Usage errors in argparse's words, so `runevault` refuses a bad command line exactly as
// vault_admin_cli.py did: `usage: …` then `<prog>: error: <argparse's sentence>` on stderr, exit
// 2. Commander parses; the rules argparse enforces (required flags, `type=int`, a required
// mutually exclusive group, a required subcommand) are checked here so the texts are argparse's.
import type { Command, Option } from 'commander';
import { quoteCallerValue } from '../log/logger.js';

/** A command line argparse would refuse; runCli prints it and exits 2. */
export class UsageError extends Error {
  constructor(
    readonly command: Command,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ArgparseRules {
  /** `required=True` flags, in declaration order (argparse lists the missing ones in it). */
  required?: readonly string[];
  /** `type=int` flags: refused unless an integer, then stored as a number. */
  ints?: readonly string[];
  /** `add_mutually_exclusive_group(required=True)` of two flags. */
  oneOf?: readonly [string, string];
}

const rulesOf = new WeakMap<Command, ArgparseRules>();

/** `runevault token issue`: the prog argparse prints for a (sub)command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

// argparse's metavar for `--top-k` is its dest upper-cased: TOP_K.
const metavar = (long: string) => long.replace(/^--/, '').replace(/-/g, '_').toUpperCase();
const spell = (option: Option) =>
  option.required || option.optional
    ? `${option.long} ${metavar(option.long as string)}`
    : (option.long as string);

/** The usage line argparse would print, e.g. `runevault token issue [-h] --user USER …`. */
export function argparseUsage(command: Command): string {
  const rules = rulesOf.get(command) ?? {};
  const parts = [commandPath(command), '[-h]'];
  for (const option of command.options) {
    if (option.hidden || !option.long) continue;
    const group = rules.oneOf;
    if (group?.includes(option.long)) {
      if (option.long === group[0]) {
        const members = command.options.filter((o) => o.long !== undefined && group.includes(o.long));
        parts.push(`(${members.map(spell).join(' | ')})`);
      }
      continue;
    }
    parts.push(rules.required?.includes(option.long) ? spell(option) : `[${spell(option)}]`);
  }
  if (command.commands.length > 0) parts.push(`{${command.commands.map((c) => c.name()).join(',')}} ...`);
  return parts.join(' ');
}

/** Applies argparse's rules before the action runs, in argparse's order. */
export function argparseRules(command: Command, rules: ArgparseRules): Command {
  rulesOf.set(command, rules);
  return command.hook('preAction', (self) => {
    const byFlag = (flag: string) => self.options.find((o) => o.long === flag) as Option;
    // Conversions and conflicts fail while argparse consumes arguments, before the
    // end-of-parse checks for missing ones.
    for (const flag of rules.ints ?? []) {
      const key = byFlag(flag).attributeName();
      const value = self.getOptionValue(key) as string | undefined;
      if (value === undefined) continue;
      // Python's int(): optional sign and surrounding whitespace, digits (underscores between).
      if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) {
        throw new UsageError(self, `argument ${flag}: invalid int value: '${quoteCallerValue(value)}'`);
      }
      self.setOptionValue(key, Number(value.replace(/_/g, '')));
    }
    const given = (flag: string) => self.getOptionValue(byFlag(flag).attributeName()) !== undefined;
    if (rules.oneOf) {
      const [a, b] = rules.oneOf;
      if (given(a) && given(b)) {
        const [first, second] = inArgvOrder(self, a, b);
        throw new UsageError(self, `argument ${second}: not allowed with argument ${first}`);
      }
    }
    const missing = (rules.required ?? []).filter((flag) => !given(flag));
    if (missing.length > 0) {
      throw new UsageError(self, `the following arguments are required: ${missing.join(', ')}`);
    }
    if (rules.oneOf && !rules.oneOf.some(given)) {
      throw new UsageError(self, `one of the arguments ${rules.oneOf.join(' ')} is required`);
    }
  });
}

/**
 * A command that only groups subcommands: with none, or an unknown one, argparse's
 * `add_subparsers(dest=…, required=True)` refuses the line; `dest` is what it names.
 */
export function requireSubcommand(command: Command, dest: string): Command {
  return command.allowExcessArguments(true).action((_opts: unknown, self: Command) => {
    const choice = self.args[0];
    if (choice === undefined) throw new UsageError(self, `the following arguments are required: ${dest}`);
    const choices = self.commands.map((c) => `'${c.name()}'`).join(', ');
    throw new UsageError(
      self,
      `argument ${dest}: invalid choice: '${quoteCallerValue(choice)}' (choose from ${choices})`,
    );
  });
}

// argparse names the flag that came second as the one "not allowed".
function inArgvOrder(command: Command, a: string, b: string): [string, string] {
  let root = command;
  while (root.parent) root = root.parent;
  const argv = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const at = (flag: string) => argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  return at(b) >= 0 && at(b) < at(a) ? [b, a] : [a, b];
}
