// Scrubs known secrets (tokens, the team secret, API keys) from text before it reaches a
// log line or an error message.

export const REDACTED = '[REDACTED]';
/** Shorter values would also match ordinary words and numbers, mangling logs for no gain. */
export const MIN_SECRET_LENGTH = 8;

export class SecretRedactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers a secret and the forms it is likely to appear in; undefined or short values are ignored. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    const sizeBefore = this.secrets.size;
    for (const form of formsOf(secret)) this.secrets.add(form);
    if (this.secrets.size !== sizeBefore) this.pattern = undefined;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    this.pattern ??= buildPattern(this.secrets);
    return text.replace(this.pattern, REDACTED);
  }
}

// The raw value, its base64 / base64url encodings (as sent in headers or bundles; with and
// without padding, the padded one wins as the longer match), and its JSON-escaped form.
function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = bytes.toString('base64');
  const forms = [
    secret,
    base64,
    base64.replace(/=+$/, ''),
    bytes.toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
  ];
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

// Longest first, so a secret that contains another is replaced whole.
function buildPattern(secrets: Set<string>): RegExp {
  const alternatives = [...secrets].sort((x, y) => y.length - x.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
