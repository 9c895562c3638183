output "instance_id" {
  description = "OCID of the runner's instance."
  value       = oci_core_instance.runner.id
}

output "private_ip" {
  description = "The runner's address inside its VCN (it has no public one)."
  value       = oci_core_instance.runner.private_ip
}

output "e2e_runs_on" {
  description = "The value to set as the repository variable E2E_RUNS_ON."
  value       = jsonencode(var.runner_labels)
}
