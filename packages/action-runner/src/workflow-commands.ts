// Workflow commands (`::name key=value,key=value::message`) in a step's output, read the way
// the runner reads them, plus the masking the runner applies to every later line.

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  /** Index of the output line that carried it. */
  line: number;
}

const COMMAND_LINE = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/;

// The escapes @actions/core applies (toCommandValue / escapeProperty), undone.
export function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function unescapeProperty(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

/** One line → a command, or undefined for plain output. */
export function parseCommandLine(text: string, line = 0): WorkflowCommand | undefined {
  const match = COMMAND_LINE.exec(text.trimStart());
  if (!match) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) properties[pair.slice(0, at).trim()] = unescapeProperty(pair.slice(at + 1));
  }
  return { command: match[1] ?? '', properties, message: unescapeData(match[3] ?? ''), line };
}

/**
 * All commands in order. `::stop-commands::TOKEN` turns parsing off until a `::TOKEN::` line,
 * as on the runner, so text an action echoes cannot issue commands.
 */
export function parseCommands(lines: readonly string[]): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let resumeToken: string | undefined;
  lines.forEach((text, index) => {
    if (resumeToken !== undefined) {
      if (text.trim() === `::${resumeToken}::`) resumeToken = undefined;
      return;
    }
    const command = parseCommandLine(text, index);
    if (!command) return;
    if (command.command === 'stop-commands' && command.message !== '') resumeToken = command.message;
    commands.push(command);
  });
  return commands;
}

export interface MaskReport {
  value: string;
  /** The line of the `::add-mask::` command. */
  maskedAt: number;
  /** The first line, other than its ::add-mask:: lines, whose raw text contains the value (undefined: none). */
  firstShownAt: number | undefined;
}

/** For each masked value: where it was masked, and the first line that showed it unmasked. */
export function maskReports(lines: readonly string[], commands: readonly WorkflowCommand[]): MaskReport[] {
  const reports = new Map<string, MaskReport>();
  for (const command of commands) {
    if (command.command !== 'add-mask' || command.message === '' || reports.has(command.message)) continue;
    const value = command.message;
    const maskLines = new Set(
      commands.filter((c) => c.command === 'add-mask' && c.message === value).map((c) => c.line),
    );
    const shown = lines.findIndex((text, index) => !maskLines.has(index) && text.includes(value));
    reports.set(value, { value, maskedAt: command.line, firstShownAt: shown < 0 ? undefined : shown });
  }
  return [...reports.values()];
}

/** The log as the runner shows it: values masked so far replaced by ***. */
export function maskedLog(lines: readonly string[], commands: readonly WorkflowCommand[]): string[] {
  const masks: string[] = [];
  const byLine = new Map(commands.map((command) => [command.line, command]));
  return lines.map((text, index) => {
    const command = byLine.get(index);
    if (command?.command === 'add-mask') {
      if (command.message !== '') masks.push(command.message);
      return '::add-mask::***';
    }
    return masks.reduce((out, value) => out.replaceAll(value, '***'), text);
  });
}
