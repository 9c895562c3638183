// The official SARIF 2.1.0 schema, vendored in test/fixtures/sarif-schema-2.1.0.json: copied
// verbatim from oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json at commit
// 85971b3e048f61a6d643b95fc6233d073302f5b8 (the schema github/codeql-action vendors too;
// https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
// compiled with ajv 8. It declares draft 2020-12, so the 2020 build of ajv reads it.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA = JSON.parse(
  readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

// Two language patterns in the schema hold `^(?i)…`, a flag group JavaScript regular
// expressions lack: read it as the `i` flag.
const INLINE_IGNORE_CASE = /^(\^?)\(\?i\)/;
const regExp = Object.assign(
  (pattern: string, flags: string) =>
    INLINE_IGNORE_CASE.test(pattern)
      ? new RegExp(pattern.replace(INLINE_IGNORE_CASE, '$1'), `${flags}i`)
      : new RegExp(pattern, flags),
  // ajv inlines `new RegExp` when code says so; any other name makes it call this function.
  { code: 'sarifRegExp' },
);

/** RFC 3986 URIs: an absolute one has a scheme; a reference may be relative. */
const isAbsoluteUri = (value: string) => /^[a-z][a-z\d+.-]*:[^\s]*$/i.test(value) && URL.canParse(value);
const isUriReference = (value: string) =>
  !/[\s\\]/.test(value) && URL.canParse(value, 'https://base.invalid/');

export function sarifValidator() {
  // The schema has one flaw of its own: region lists `anyOf` among its properties (an array
  // where a schema belongs), which fails ajv's check of the schema against the meta-schema.
  // That check is skipped and strict mode is off; every other keyword validates in full.
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true, code: { regExp } });
  ajv.addFormat('uri', isAbsoluteUri);
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(SCHEMA);
}
