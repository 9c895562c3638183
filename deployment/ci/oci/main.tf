# The self-hosted `vault-ci` runner for e2e.yml (tier 3): one VM in a private subnet, no public
# IP and no ingress rule at all (no SSH: use the OCI console's serial console or Bastion if you
# must look inside). It reaches GitHub, the npm registry and the package mirrors through a NAT
# gateway. Docker and Node are installed at first boot by startup.sh.tftpl, which then
# registers the runner with labels self-hosted,vault-ci and runs it as a service.

data "oci_core_images" "ubuntu" {
  compartment_id           = var.compartment_ocid
  operating_system         = "Canonical Ubuntu"
  operating_system_version = "24.04"
  shape                    = var.shape
  sort_by                  = "TIMECREATED"
  sort_order               = "DESC"
}

resource "oci_core_vcn" "runner" {
  compartment_id = var.compartment_ocid
  cidr_blocks    = [var.vcn_cidr]
  display_name   = "vault-ci-runner"
  dns_label      = "vaultci"
}

resource "oci_core_nat_gateway" "runner" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.runner.id
  display_name   = "vault-ci-runner-nat"
}

resource "oci_core_route_table" "private" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.runner.id
  display_name   = "vault-ci-runner-private"

  route_rules {
    destination       = "0.0.0.0/0"
    destination_type  = "CIDR_BLOCK"
    network_entity_id = oci_core_nat_gateway.runner.id
  }
}

# Egress only: HTTPS (GitHub, npm, Docker Hub, nodejs.org) and HTTP (Ubuntu's apt mirrors).
# There is deliberately no ingress_security_rules block: nothing may connect to the runner.
resource "oci_core_security_list" "runner" {
  compartment_id = var.compartment_ocid
  vcn_id         = oci_core_vcn.runner.id
  display_name   = "vault-ci-runner-egress-only"

  egress_security_rules {
    description = "HTTPS to GitHub, registries and nodejs.org"
    destination = "0.0.0.0/0"
    protocol    = "6"
    tcp_options {
      min = 443
      max = 443
    }
  }

  egress_security_rules {
    description = "HTTP to the Ubuntu package mirrors"
    destination = "0.0.0.0/0"
    protocol    = "6"
    tcp_options {
      min = 80
      max = 80
    }
  }
}

resource "oci_core_subnet" "private" {
  compartment_id             = var.compartment_ocid
  vcn_id                     = oci_core_vcn.runner.id
  cidr_block                 = var.subnet_cidr
  display_name               = "vault-ci-runner-private"
  dns_label                  = "runner"
  prohibit_public_ip_on_vnic = true
  route_table_id             = oci_core_route_table.private.id
  security_list_ids          = [oci_core_security_list.runner.id]
}

resource "oci_core_instance" "runner" {
  compartment_id      = var.compartment_ocid
  availability_domain = var.availability_domain
  display_name        = var.runner_name
  shape               = var.shape

  shape_config {
    ocpus         = var.ocpus
    memory_in_gbs = var.memory_in_gbs
  }

  source_details {
    source_type             = "image"
    source_id               = data.oci_core_images.ubuntu.images[0].id
    boot_volume_size_in_gbs = var.boot_volume_size_in_gbs
  }

  create_vnic_details {
    subnet_id        = oci_core_subnet.private.id
    assign_public_ip = false
    display_name     = "vault-ci-runner"
  }

  # Only IMDSv2 (the legacy v1 endpoints answer any process without a header).
  instance_options {
    are_legacy_imds_endpoints_disabled = true
  }

  # No ssh_authorized_keys: there is no SSH access to give.
  metadata = {
    user_data = base64encode(templatefile("${path.module}/startup.sh.tftpl", {
      github_repository         = var.github_repository
      runner_registration_token = var.runner_registration_token
      runner_name               = var.runner_name
      runner_labels             = join(",", var.runner_labels)
      runner_version            = var.runner_version
      runner_sha256             = var.runner_sha256
      node_version              = var.node_version
    }))
  }

  lifecycle {
    # A new image or token must not replace a registered runner by surprise.
    ignore_changes = [source_details[0].source_id, metadata]
  }
}
