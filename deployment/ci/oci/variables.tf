variable "region" {
  description = "OCI region, e.g. eu-frankfurt-1."
  type        = string
}

variable "compartment_ocid" {
  description = "Compartment that holds the runner's network and instance."
  type        = string
}

variable "availability_domain" {
  description = "Availability domain name for the instance (see `oci iam availability-domain list`)."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the repository the runner serves."
  type        = string
}

variable "runner_registration_token" {
  description = <<-EOT
    A registration token for the repository's self-hosted runners
    (`gh api -X POST repos/OWNER/REPO/actions/runners/registration-token --jq .token`).
    It expires an hour after it is made: create it right before `terraform apply`. It reaches the
    instance through its user data and is used once, at first boot.
  EOT
  type        = string
  sensitive   = true
}

variable "runner_name" {
  description = "The runner's name as GitHub lists it."
  type        = string
  default     = "vault-ci-oci-1"
}

variable "runner_labels" {
  description = "Labels of the runner; e2e.yml picks it with vars.E2E_RUNS_ON = [\"self-hosted\",\"vault-ci\"]."
  type        = list(string)
  default     = ["self-hosted", "vault-ci"]
}

variable "runner_version" {
  description = "actions/runner release to install (the runner then updates itself)."
  type        = string
  default     = "2.321.0"
}

variable "runner_sha256" {
  description = "sha256 of actions-runner-linux-x64-<runner_version>.tar.gz, as published on the release page."
  type        = string
  default     = "ba46ba7ce3a4d7236b16fbe44419fb453bc08f866b24f04d549ec89f1722a29e"
}

variable "node_version" {
  description = "Node.js release preinstalled for jobs that do not run actions/setup-node (the repo's engines: >=20.19)."
  type        = string
  default     = "20.20.2"
}

variable "ocpus" {
  description = "OCPUs of the flexible shape."
  type        = number
  default     = 2
}

variable "memory_in_gbs" {
  description = "Memory of the flexible shape, GB."
  type        = number
  default     = 8
}

variable "shape" {
  description = "A flexible x86 shape."
  type        = string
  default     = "VM.Standard.E5.Flex"
}

variable "boot_volume_size_in_gbs" {
  description = "Room for Docker images and layer cache."
  type        = number
  default     = 100
}

variable "vcn_cidr" {
  description = "Address range of the runner's own VCN."
  type        = string
  default     = "10.42.0.0/16"
}

variable "subnet_cidr" {
  description = "Address range of the runner's private subnet."
  type        = string
  default     = "10.42.1.0/24"
}
