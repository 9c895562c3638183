import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, REDACTED, SecretRedactor } from '../../src/redact.js';

const TOKEN = 'evt_0123456789abcdef0123456789abcdef';

describe('SecretRedactor', () => {
  it('replaces every occurrence of a registered secret', () => {
    const r = new SecretRedactor();
    r.add(TOKEN);
    expect(r.redact(`token=${TOKEN}; again ${TOKEN}.`)).toBe(`token=${REDACTED}; again ${REDACTED}.`);
  });

  it('leaves text alone when nothing is registered or nothing matches', () => {
    const r = new SecretRedactor();
    expect(r.redact(`plain ${TOKEN}`)).toBe(`plain ${TOKEN}`);
    r.add('some-other-secret-value');
    expect(r.redact('nothing secret here')).toBe('nothing secret here');
  });

  it('ignores undefined and values shorter than the minimum length', () => {
    const r = new SecretRedactor();
    r.add(undefined);
    r.add('short');
    r.add('x'.repeat(MIN_SECRET_LENGTH - 1));
    expect(r.redact('a short xxxxxxx word')).toBe('a short xxxxxxx word');
  });

  it('also catches the base64, base64url and JSON-escaped forms', () => {
    const secret = 'api-key/with"quote>>??';
    const r = new SecretRedactor();
    r.add(secret);
    const b64 = Buffer.from(secret).toString('base64');
    const b64url = Buffer.from(secret).toString('base64url');
    expect(b64).not.toBe(b64url);
    expect(r.redact(`Authorization: Basic ${b64}`)).toBe(`Authorization: Basic ${REDACTED}`);
    expect(r.redact(`unpadded ${b64.replace(/=+$/, '')}.`)).toBe(`unpadded ${REDACTED}.`);
    expect(r.redact(`u=${b64url}&x=1`)).toBe(`u=${REDACTED}&x=1`);
    expect(r.redact(JSON.stringify({ key: secret }))).toBe(`{"key":"${REDACTED}"}`);
  });

  it('treats regex metacharacters literally', () => {
    const r = new SecretRedactor();
    r.add('a.b*c+d?e(f)[g]');
    expect(r.redact('aXbbbcddef a.b*c+d?e(f)[g]')).toBe(`aXbbbcddef ${REDACTED}`);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const r = new SecretRedactor();
    r.add('secret-part');
    r.add('secret-part-and-more');
    expect(r.redact('x secret-part-and-more y secret-part')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('picks up secrets added after the first redact', () => {
    const r = new SecretRedactor();
    r.add('first-secret-value');
    expect(r.redact('first-secret-value second-secret-value')).toBe(`${REDACTED} second-secret-value`);
    r.add('second-secret-value');
    expect(r.redact('first-secret-value second-secret-value')).toBe(`${REDACTED} ${REDACTED}`);
  });
});
