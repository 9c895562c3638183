// Reads a zip that someone else wrote (a fork's artifact) into memory, within limits decided
// before any byte is inflated: entry count, declared and actual sizes, names that stay inside
// the archive, no symlinks, no encryption, stored or deflated only. Nothing is written to disk,
// so a hostile name can never reach the file system; it is refused all the same, so the sender
// learns that the archive is wrong.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Files and folders listed in the archive. */
  maxEntries: number;
  /** Inflated size of one file. */
  maxFileBytes: number;
  /** Inflated size of all files together. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 32,
  maxFileBytes: 2 * 1024 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
};

/** Why an archive was refused; the message is one line and names the entry (escaped). */
export class UnsafeArchiveError extends Error {
  override readonly name = 'UnsafeArchiveError';
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const UNIX_HOST = 3;
const FILE_TYPE_MASK = 0o170000;
const SYMLINK_TYPE = 0o120000;

/** An entry name shown in a message: JSON-quoted, controls escaped, cut to 80 characters. */
export function quoteEntryName(name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return JSON.stringify(shown).replace(/[\u2028\u2029\u202A-\u202E\u2066-\u2069]|##\[/g, (text) =>
    text === '##[' ? '##\\u005b' : `\\u${text.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function nameProblem(name: string): string | undefined {
  if (name === '') return 'has an empty name';
  if (/\p{Cc}/u.test(name)) return 'has a control character in its name';
  if (name.includes('\\')) return 'has a backslash in its name (not a zip path)';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '..')) return 'leaves the archive (path traversal)';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'has an empty or "." segment';
  return undefined;
}

/** The files of `zip` (folders left out), name → content. Throws UnsafeArchiveError. */
export function readBoundedZip(zip: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Buffer> {
  const refuse = (why: string): never => {
    throw new UnsafeArchiveError(why);
  };
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) {
      eocd = offset;
      break;
    }
  }
  if (eocd < 0) refuse('is not a zip archive (no end of central directory)');
  const entryCount = zip.readUInt16LE(eocd + 10);
  const directorySize = zip.readUInt32LE(eocd + 12);
  const directoryOffset = zip.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff)
    refuse('is a zip64 archive, larger than a report can be');
  if (entryCount > limits.maxEntries)
    refuse(`has ${entryCount} entries, over the limit of ${limits.maxEntries}`);
  if (directoryOffset + directorySize > eocd) refuse('has a central directory outside the archive');

  const files = new Map<string, Buffer>();
  let total = 0;
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + 46 > eocd || zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE)
      refuse('has a damaged central directory');
    const madeBy = zip.readUInt16LE(offset + 4) >> 8;
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const declaredSize = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const externalAttributes = zip.readUInt32LE(offset + 38);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;

    const entry = `entry ${quoteEntryName(name)}`;
    const problem = nameProblem(name);
    if (problem) refuse(`${entry} ${problem}`);
    if (madeBy === UNIX_HOST && ((externalAttributes >>> 16) & FILE_TYPE_MASK) === SYMLINK_TYPE)
      refuse(`${entry} is a symbolic link`);
    if (name.endsWith('/')) continue;
    if (flags & 0x1) refuse(`${entry} is encrypted`);
    if (method !== 0 && method !== 8)
      refuse(`${entry} uses compression method ${method} (only stored and deflate)`);
    if (files.has(name)) refuse(`${entry} appears twice`);
    if (declaredSize > limits.maxFileBytes)
      refuse(`${entry} is ${declaredSize} bytes, over the limit of ${limits.maxFileBytes} per file`);
    if (total + declaredSize > limits.maxTotalBytes)
      refuse(`the files add up to over ${limits.maxTotalBytes} bytes (at ${entry})`);

    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE)
      refuse(`${entry} has no local header where the directory says`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > zip.length) refuse(`${entry} runs past the end of the archive`);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    // The declared size is the sender's claim: inflation itself stops at the limit.
    const room = Math.min(limits.maxFileBytes, limits.maxTotalBytes - total);
    let content: Buffer;
    if (method === 0) content = data;
    else {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, room) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          refuse(`${entry} inflates past ${room} bytes though it declares ${declaredSize} (a zip bomb)`);
        refuse(`${entry} does not inflate: ${(error as Error).message.split('\n')[0]}`);
        throw error;
      }
    }
    if (content.length !== declaredSize)
      refuse(`${entry} holds ${content.length} bytes but declares ${declaredSize}`);
    total += content.length;
    files.set(name, content);
  }
  return files;
}
