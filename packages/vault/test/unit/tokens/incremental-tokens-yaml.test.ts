import { describe, expect, it } from 'vitest';
import { IncrementalTokensYaml } from '../../../src/tokens/incremental-tokens-yaml.js';
import { renderTokensYaml, type TokenRecord } from '../../../src/tokens/token-files.js';

const record = (user: string, extra: Partial<TokenRecord> = {}): TokenRecord => ({
  user,
  token: `evt_${user.length.toString(16).padStart(32, '0')}`,
  role: 'member',
  issued_at: '2026-03-20',
  expires: '2026-06-18',
  ...extra,
});

// Names YAML must quote or escape, and records with and without optional fields.
const RECORDS: TokenRecord[] = [
  record('alice'),
  record('tokens:', { expires: 'never' }),
  record('a "quoted" name'),
  record('- dash', { role: 'admin' }),
  record('名前 ü'),
  record('#hash'),
  { user: 'no', token: `evt_${'e'.repeat(32)}`, role: 'member', expires: 'never' },
];

describe('IncrementalTokensYaml', () => {
  it('writes exactly what renderTokensYaml writes, for any list and order', () => {
    const renderer = new IncrementalTokensYaml();
    for (let n = 0; n <= RECORDS.length; n++) {
      const list = RECORDS.slice(0, n);
      expect(renderer.render(list)).toBe(renderTokensYaml(list));
      expect(renderer.render([...list].reverse())).toBe(renderTokensYaml([...list].reverse()));
    }
  });

  it('renders a replaced record anew, not from the item of the one it replaced', () => {
    const renderer = new IncrementalTokensYaml();
    const first = record('alice');
    renderer.render([first]);
    const rotated = { ...first, token: `evt_${'f'.repeat(32)}` };
    expect(renderer.render([rotated])).toBe(renderTokensYaml([rotated]));
  });
});
