// The `https://aws.amazon.com/tags` claim AWS STS reads from a web identity token
// (AssumeRoleWithWebIdentity session tags), checked against AWS's limits when minting, so a
// token that STS would refuse is never handed out.

export const AWS_TAGS_CLAIM = 'https://aws.amazon.com/tags';
export const AWS_MAX_SESSION_TAGS = 50;
export const AWS_MAX_TAG_KEY_LENGTH = 128;
export const AWS_MAX_TAG_VALUE_LENGTH = 256;
// Letters, digits, white space and _ . : / = + - @ (the IAM tag character set).
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface AwsTagsClaim {
  principal_tags: Record<string, [string]>;
  transitive_tag_keys?: string[];
}

export class AwsTagsError extends Error {
  constructor(readonly problems: string[]) {
    super(`aws-principal-tags: ${problems.join('; ')}`);
    this.name = 'AwsTagsError';
  }
}

/**
 * Accepts `{"Key": "value", …}` or `{"principal_tags": {"Key": "value" | ["value"]},
 * "transitive_tag_keys": ["Key"]}` and returns the claim, or throws AwsTagsError listing every
 * limit broken: at most 50 tags, keys 1-128 and values 0-256 characters of the IAM set, no
 * `aws:` prefix, no two keys differing only in case, transitive keys among the tags.
 */
export function awsTagsClaim(input: unknown): AwsTagsClaim {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AwsTagsError(['expected a JSON object of tag key → value']);
  }
  const full = Object.hasOwn(input, 'principal_tags');
  const record = input as Record<string, unknown>;
  const rawTags = full ? record.principal_tags : input;
  const problems: string[] = [];
  if (full) {
    const extra = Object.keys(record).filter((k) => k !== 'principal_tags' && k !== 'transitive_tag_keys');
    if (extra.length > 0) problems.push(`unknown field(s) ${extra.join(', ')}`);
  }
  if (!rawTags || typeof rawTags !== 'object' || Array.isArray(rawTags)) {
    throw new AwsTagsError(['principal_tags must be an object of tag key → value']);
  }

  const principal: Record<string, [string]> = {};
  const seen = new Map<string, string>();
  const entries = Object.entries(rawTags as Record<string, unknown>);
  if (entries.length === 0) problems.push('at least one tag is required');
  if (entries.length > AWS_MAX_SESSION_TAGS) {
    problems.push(`${entries.length} tags; AWS allows at most ${AWS_MAX_SESSION_TAGS} session tags`);
  }
  for (const [key, raw] of entries) {
    const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (key.length < 1 || key.length > AWS_MAX_TAG_KEY_LENGTH) {
      problems.push(`tag key ${JSON.stringify(key)} must be 1-${AWS_MAX_TAG_KEY_LENGTH} characters`);
    }
    if (!TAG_CHARACTERS.test(key)) {
      problems.push(
        `tag key ${JSON.stringify(key)} may hold only letters, digits, spaces and _ . : / = + - @`,
      );
    }
    if (/^aws:/i.test(key)) problems.push(`tag key ${JSON.stringify(key)} uses the reserved aws: prefix`);
    const lower = key.toLowerCase();
    const clash = seen.get(lower);
    if (clash !== undefined) {
      problems.push(`tag keys ${JSON.stringify(clash)} and ${JSON.stringify(key)} differ only in case`);
    }
    seen.set(lower, key);
    if (typeof value !== 'string') {
      problems.push(`tag ${JSON.stringify(key)} needs one string value, got ${JSON.stringify(raw)}`);
      continue;
    }
    if (value.length > AWS_MAX_TAG_VALUE_LENGTH) {
      problems.push(
        `tag ${JSON.stringify(key)}: value is ${value.length} characters; AWS allows ${AWS_MAX_TAG_VALUE_LENGTH}`,
      );
    }
    if (!TAG_CHARACTERS.test(value)) {
      problems.push(
        `tag ${JSON.stringify(key)}: value may hold only letters, digits, spaces and _ . : / = + - @`,
      );
    }
    principal[key] = [value];
  }

  let transitive: string[] | undefined;
  if (full && record.transitive_tag_keys !== undefined) {
    const keys = record.transitive_tag_keys;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
      problems.push('transitive_tag_keys must be a list of tag keys');
    } else {
      for (const key of keys) {
        if (!seen.has(key.toLowerCase())) {
          problems.push(`transitive tag key ${JSON.stringify(key)} is not one of the principal tags`);
        }
      }
      transitive = keys;
    }
  }
  if (problems.length > 0) throw new AwsTagsError(problems);
  return { principal_tags: principal, ...(transitive ? { transitive_tag_keys: transitive } : {}) };
}
