// The file commands a step writes (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE), parsed the way the
// runner does: `name=value` lines, or `name<<DELIMITER` … `DELIMITER` for multiline values.

export class FileCommandError extends Error {}

/**
 * Later assignments of a name win, as in the runner. Throws on what the runner rejects: an
 * empty name, a line that is neither form, or a heredoc whose delimiter never comes.
 */
export function parseFileCommands(text: string, file = 'file command'): Record<string, string> {
  const values: Record<string, string> = {};
  // The runner splits on \n and trims a trailing \r, so CRLF files parse the same.
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '') throw new FileCommandError(`${file}: line ${i + 1} has an empty name`);
      values[name] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        throw new FileCommandError(`${file}: line ${i + 1} needs a name and a delimiter around <<`);
      }
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0)
        throw new FileCommandError(`${file}: delimiter ${delimiter} of ${name} (line ${i + 1}) never closes`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      throw new FileCommandError(`${file}: line ${i + 1} is neither name=value nor name<<DELIMITER`);
    }
  }
  return values;
}

/** GITHUB_PATH: one directory a line, in the order written (the runner prepends each to PATH). */
export function parsePathFile(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').trim())
    .filter((line) => line !== '');
}
