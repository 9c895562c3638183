// Zip archives made by Python's zipfile (a real zip writer, not ours), including the hostile
// ones a fork could upload: names that climb out, symlinks, bombs, sizes that lie.
import { execFileSync } from 'node:child_process';

export interface ZipEntrySpec {
  name: string;
  /** UTF-8 text; or `zeros` bytes of 0 (compresses to almost nothing: a bomb). */
  text?: string;
  zeros?: number;
  /** Stored as a symlink to this target. */
  symlinkTo?: string;
  /** Patch the central directory to declare this uncompressed size (a lying archive). */
  declareSize?: number;
}

const SCRIPT = `
import io, json, struct, sys, zipfile
spec = json.load(sys.stdin)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
    for entry in spec:
        info = zipfile.ZipInfo(entry['name'])
        info.compress_type = zipfile.ZIP_DEFLATED
        if 'symlinkTo' in entry:
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, entry['symlinkTo'])
        elif 'zeros' in entry:
            archive.writestr(info, bytes(entry['zeros']))
        else:
            archive.writestr(info, entry.get('text', '').encode('utf-8'))
data = bytearray(buffer.getvalue())
# Central directory headers: patch the declared uncompressed size where asked.
offset = 0
for entry in spec:
    offset = data.find(b'PK\\x01\\x02', offset)
    if 'declareSize' in entry:
        struct.pack_into('<I', data, offset + 24, entry['declareSize'])
    offset += 4
sys.stdout.buffer.write(bytes(data))
`;

export function makeZip(entries: ZipEntrySpec[]): Buffer {
  return execFileSync('python3', ['-c', SCRIPT], {
    input: JSON.stringify(entries),
    maxBuffer: 64 * 1024 * 1024,
  });
}
