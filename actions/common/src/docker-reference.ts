// Docker's grammar for image references and container names, checked before an action talks
// to the engine, so a bad input fails with a message that says which part is wrong rather than
// with the engine's "invalid reference format". The grammar is distribution/reference's:
//
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component { "/" path-component }     (at most 255 chars)
//   domain    := host [ ":" port ]        host: DNS-like labels, or [IPv6]
//   path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*    separator: "." "_" "__" or "-"+
//   tag       := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//   digest    := algorithm ":" hex     sha256 (64 hex), sha384 (96) or sha512 (128), as the engine's
//                                      go-digest accepts
//
// The first component is the domain when Docker's CLI would take it as one (it holds "." or
// ":", is "localhost", or has an upper-case letter), as `docker pull` decides.

import { quoteInput } from './log-safe.js';

export interface ImageReference {
  /** Registry host[:port], when the name has one. */
  domain: string | undefined;
  /** The repository path after the domain, e.g. org/runevault. */
  path: string;
  /** domain/path as written: the `repo` of a `docker tag`. */
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

export type ParsedImageReference = { ok: true; reference: ImageReference } | { ok: false; reason: string };

const NAME_MAX_LENGTH = 255;
const ALPHANUMERIC = /^[a-z0-9]+/;
const SEPARATOR = /^(?:__|[._]|-+)/;
const DOMAIN_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const IMAGE_ID = /^[a-f0-9]{64}$/;
// Docker's own rule for container names (daemon/names: restrictedNamePattern).
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Why `component` is not a path component, or undefined when it is one. */
function pathComponentProblem(component: string): string | undefined {
  if (component === '') return 'it has an empty path component (two slashes, or one at an end)';
  if (/[A-Z]/.test(component)) return 'repository names must be lowercase';
  // alphanumeric runs joined by single separators; scanned, so the message can say what broke.
  let rest = component;
  for (;;) {
    const run = ALPHANUMERIC.exec(rest);
    if (!run) break;
    rest = rest.slice(run[0].length);
    if (rest === '') return undefined;
    const separator = SEPARATOR.exec(rest);
    if (!separator) break;
    rest = rest.slice(separator[0].length);
  }
  return `path component ${quoteInput(component)} must be lowercase letters and digits, joined by one of . _ __ or dashes, starting and ending with a letter or digit`;
}

function domainProblem(domain: string): string | undefined {
  let host = domain;
  const portAt = domain.startsWith('[') ? domain.indexOf(']:') + 1 : domain.lastIndexOf(':');
  if (portAt > 0) {
    host = domain.slice(0, portAt);
    if (!PORT.test(domain.slice(portAt + 1)))
      return `registry ${quoteInput(domain)} has a port that is not a number`;
  }
  if (IPV6_HOST.test(host)) return undefined;
  if (host.split('.').every((label) => DOMAIN_LABEL.test(label))) return undefined;
  return `registry ${quoteInput(domain)} is not a host name (letters, digits and dashes, separated by dots) with an optional :port`;
}

function looksLikeDomain(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component.toLowerCase() !== component;
}

/** Checks `text` against Docker's reference grammar; the reason says which part is wrong. */
export function parseImageReference(text: string): ParsedImageReference {
  const fail = (reason: string): ParsedImageReference => ({ ok: false, reason });
  if (text === '') return fail('it is empty');
  if (/[\s\p{Cc}]/u.test(text)) return fail('it contains a space, line break or control character');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const colon = digest.indexOf(':');
    const length = colon < 0 ? undefined : DIGEST_HEX_LENGTH[digest.slice(0, colon)];
    const hex = digest.slice(colon + 1);
    if (length === undefined || hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
      return fail(
        'the digest after @ must be sha256: and 64 lowercase hex digits (or sha384:/sha512: and 96/128)',
      );
    }
  }

  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  // A colon before the last slash is a registry port, not a tag.
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return fail('the tag after : must be 1 to 128 letters, digits, _ . or -, and not start with . or -');
    }
  }

  const name = rest;
  if (name === '') return fail('it has no repository name');
  if (name.length > NAME_MAX_LENGTH)
    return fail(`the repository name is longer than ${NAME_MAX_LENGTH} characters`);
  const components = name.split('/');
  let domain: string | undefined;
  if (components.length > 1 && looksLikeDomain(components[0] ?? '')) {
    domain = components.shift();
    const problem = domainProblem(domain ?? '');
    if (problem) return fail(problem);
  }
  for (const component of components) {
    const problem = pathComponentProblem(component);
    if (problem) return fail(problem);
  }
  const path = components.join('/');
  // What `docker run` would take for an image ID, which cannot be tagged.
  if (IMAGE_ID.test(name)) return fail('a 64-hex-digit name is an image ID, not a repository name');
  return { ok: true, reference: { domain, path, name, tag, digest } };
}

/** Why `text` cannot be a container name, or undefined when Docker accepts it. */
export function containerNameProblem(text: string): string | undefined {
  if (CONTAINER_NAME.test(text)) return undefined;
  return 'at least 2 of letters, digits, _ . -, starting with a letter or digit';
}
