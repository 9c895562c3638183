// The vault internals that other packages' test stand-ins are built from (e2e's pre-hardening
// and unvalidated vaults re-create older behaviour out of the vault's own parts), exported
// through the package (`@runevault/vault/test-support/vault-internals`) so those stand-ins do not
// reach into src/ by path, and so this list shows what they depend on.
export { VaultError } from '../../src/errors.js';
export { createCkksContext, loadSeal } from '../../src/fhe/ckks-params.js';
export { parseKeyFile } from '../../src/fhe/key-files.js';
export { decodeStrictBase64 } from '../../src/grpc/request-validation.js';
export { STATUS_BY_KIND } from '../../src/grpc/status-map.js';
export { decryptMetadataList } from '../../src/metadata/decrypt-metadata-list.js';
export { protoDir } from '../../src/proto-dir.js';
