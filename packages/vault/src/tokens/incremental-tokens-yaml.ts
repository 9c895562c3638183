import { renderTokensYaml, type TokenRecord } from './token-files.js';

const LIST_KEY = '\ntokens:\n';

/**
 * tokens.yml text, as renderTokensYaml writes it, without rendering every token again each
 * time: the yaml library costs ~40 µs a token (126 ms for 3,000), and a group commit writes
 * the whole file for every group. Each record is rendered once, alone, and its list item kept
 * (records are never mutated: a change replaces the record, so a stale item is never reused).
 */
export class IncrementalTokensYaml {
  private readonly items = new WeakMap<TokenRecord, string>();
  private header: string | undefined;

  render(records: readonly TokenRecord[]): string {
    if (records.length === 0) return renderTokensYaml(records);
    const parts: string[] = [];
    for (const record of records) {
      const item = this.itemOf(record);
      // A layout this cannot split (another renderer version): render the whole list.
      if (item === undefined) return renderTokensYaml(records);
      parts.push(item);
    }
    return `${this.header}${parts.join('')}`;
  }

  private itemOf(record: TokenRecord): string | undefined {
    const cached = this.items.get(record);
    if (cached !== undefined) return cached;
    const alone = renderTokensYaml([record]);
    const at = alone.indexOf(LIST_KEY);
    if (at < 0) return undefined;
    const header = alone.slice(0, at + LIST_KEY.length);
    if (this.header !== undefined && header !== this.header) return undefined;
    this.header = header;
    const item = alone.slice(at + LIST_KEY.length);
    this.items.set(record, item);
    return item;
  }
}
