// The OCI image annotations a published runevault image carries
// (https://github.com/opencontainers/image-spec/blob/main/annotations.md), as labels. The
// release workflow gets the same set from docker/metadata-action; this is the set the local
// publish (and its test) writes, so both say where an image came from and what it is.

const OCI_LABEL_PREFIX = 'org.opencontainers.image';

/** The labels every published image must carry; the verify step checks they are there. */
export const REQUIRED_OCI_LABELS = [
  'source',
  'version',
  'revision',
  'created',
  'title',
  'description',
  'licenses',
].map((name) => `${OCI_LABEL_PREFIX}.${name}`);

export interface OciLabelInputs {
  /** The repository's web address, e.g. https://github.com/runevault/runevault. */
  source: string;
  version: string;
  /** The commit the image was built from (40 hex). */
  revision: string;
  created: Date;
  /**
   * SPDX expression. The repository declares no license yet, so the default is SPDX's
   * NOASSERTION rather than a guess; release.yml's metadata-action reads the repository's.
   */
  licenses?: string;
  title?: string;
  description?: string;
}

const IMAGE_TITLE = 'runevault';
// The same sentence as the Dockerfile's LABEL, so a local build and a release describe alike.
const IMAGE_DESCRIPTION = 'FHE decryption vault over gRPC (daemon and admin CLI)';

export function ociLabels(inputs: OciLabelInputs): Record<string, string> {
  if (!/^[0-9a-f]{40}$/.test(inputs.revision))
    throw new Error(
      `revision ${JSON.stringify(inputs.revision)} is not a 40-hex commit id; pass the full SHA`,
    );
  if (!/^https:\/\/\S+$/.test(inputs.source))
    throw new Error(`source ${JSON.stringify(inputs.source)} is not an https:// address of the repository`);
  return {
    [`${OCI_LABEL_PREFIX}.source`]: inputs.source,
    [`${OCI_LABEL_PREFIX}.version`]: inputs.version,
    [`${OCI_LABEL_PREFIX}.revision`]: inputs.revision,
    [`${OCI_LABEL_PREFIX}.created`]: inputs.created.toISOString(),
    [`${OCI_LABEL_PREFIX}.title`]: inputs.title ?? IMAGE_TITLE,
    [`${OCI_LABEL_PREFIX}.description`]: inputs.description ?? IMAGE_DESCRIPTION,
    [`${OCI_LABEL_PREFIX}.licenses`]: inputs.licenses ?? 'NOASSERTION',
  };
}

/** The required labels an image lacks (empty values count as missing). */
export function missingOciLabels(labels: Record<string, string> | null | undefined): string[] {
  return REQUIRED_OCI_LABELS.filter((name) => !labels?.[name]);
}
