// Which folders may import which: the seams of issue #16 written as data, checked by
// scripts/check-structure.mjs (`npm run check:structure`, tier 1). Paths are repo-relative
// globs (`*` one segment, `**` any, `{a,b}` either); `packages` are npm package names as
// imported (`jose`, `@runevault/e2e`). A rule lists what files matching `from` must not reach
// through their own static imports (import, export … from, import()).

/** The vault's server side: everything a client of the vault must not carry. */
const VAULT_SERVER =
  'packages/vault/src/{admin,audit,cli,config,daemon,fs,grpc,http,log,metrics,oidc,tls,tokens}/**';

export const IMPORT_RULES = [
  {
    name: 'client-sdk-without-server',
    why: 'a client of the vault (@runevault/vault/client) must not carry the server, its JWT verifier or its health service',
    from: ['packages/vault/src/client/**', 'packages/vault/src/protocol/**'],
    forbid: {
      paths: [VAULT_SERVER, 'packages/vault/src/{vault,vault-operations,dev,index,call-outcome}.ts'],
      packages: ['jose', 'grpc-health-check', '@grpc/reflection', 'prom-client', 'commander', 'yaml'],
    },
  },
  {
    name: 'core-without-transport',
    why: "the vault's core (tokens, OIDC exchange, FHE, metadata) knows no transport: the gRPC and admin layers map its outcomes",
    from: ['packages/vault/src/{tokens,oidc,fhe,metadata}/**'],
    forbid: { paths: ['packages/vault/src/{grpc,admin,http,daemon,cli}/**'], packages: ['@grpc/grpc-js'] },
  },
  {
    name: 'vault-runtime-without-build-tooling',
    why: 'image building lives in @runevault/vault-image, which depends on the vault: the vault (its tests and benches too) does not load it, Docker, esbuild or tar',
    from: ['packages/vault/**'],
    forbid: {
      paths: ['packages/vault-image/**'],
      packages: ['dockerode', 'esbuild', 'tar-stream', '@runevault/vault-image'],
    },
  },
  {
    name: 'vault-below-e2e',
    why: 'e2e and the actions depend on the vault, never the other way round (a cycle)',
    from: ['packages/vault/**', 'packages/vault-image/**'],
    forbid: {
      paths: ['packages/e2e/**', 'packages/action-runner/**', 'actions/**'],
      packages: ['@runevault/e2e', '@runevault/action-runner'],
    },
  },
  {
    name: 'sources-without-tests',
    why: 'shipped code never loads test code',
    from: ['packages/*/src/**', 'actions/*/src/**', 'packages/*/bin/**'],
    forbid: { paths: ['**/test/**', '**/bench/**'] },
  },
  {
    name: 'scripts-through-exports',
    why: "the repository's scripts use packages through their exports, never another package's test code",
    from: ['scripts/**'],
    forbid: { paths: ['packages/*/test/**', 'actions/*/test/**'] },
  },
];

/**
 * Files under test/ or bench/ reach another package's test/ or src/ only through that package's
 * exports: a relative import that leaves the file's own package is refused. (Each folder with a
 * package.json is a package; actions/common is the actions' shared source, bundled into each, so
 * an action's files may reach it.)
 */
export const PACKAGE_BOUNDARY_RULE = {
  name: 'tests-through-package-exports',
  why: 'a test or bench uses another package only through its package exports (@runevault/…), not by a relative path into its src/ or test/',
  from: ['packages/*/{test,bench}/**', 'actions/*/{test,bench}/**'],
  /** What counts as a package's insides. */
  insides: ['{packages,actions}/*/{src,test}/**'],
  sharedSource: ['actions/common/**'],
};
