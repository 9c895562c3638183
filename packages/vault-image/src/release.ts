// The image half of a release (scripts/release-image.mjs): the OCI labels, the push of a built
// image, and the check of what a registry serves. Loads neither esbuild nor the vault's package.json.

export { ociLabels } from './oci-labels.js';
export { type PublishedImage, type PublishImageOptions, publishVaultImage } from './publish-image.js';
export {
  VERIFY_LABEL,
  type VerifiedImage,
  type VerifyImageOptions,
  verifyPublishedImage,
} from './verify-published-image.js';
