import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The service definitions must start the one binary as `daemon start` with the config the
// image and the docs use, and stop it with SIGTERM (the drain path).

const read = (name: string) => readFileSync(new URL(`../../deploy/${name}`, import.meta.url), 'utf8');

describe('deploy/', () => {
  it('the systemd unit runs `runevault --config … daemon start` as a non-root user and stops with SIGTERM', () => {
    const unit = read('runevault.service');
    expect(unit).toMatch(
      /^ExecStart=\/usr\/local\/bin\/runevault --config \/opt\/rune-vault\/configs\/runevault\.conf daemon start$/m,
    );
    expect(unit).toMatch(/^User=runevault$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^UMask=0077$/m);
  });

  it('the launchd plist runs the same command with umask 077', () => {
    const plist = read('io.runevault.daemon.plist');
    const args = [...plist.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]);
    const start = args.indexOf('/usr/local/bin/runevault');
    expect(args.slice(start, start + 5)).toEqual([
      '/usr/local/bin/runevault',
      '--config',
      '/opt/rune-vault/configs/runevault.conf',
      'daemon',
      'start',
    ]);
    expect(plist).toContain('<key>Umask</key>\n  <integer>63</integer>');
  });
});
