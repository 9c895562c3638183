#!/usr/bin/env bash
# Tools the tests use that npm does not provide, as Debian packages:
#   python3-coverage  coverage.py writes the Cobertura reports merge-coverage is tested on
#   docker-registry   a real OCI registry on loopback (image pull and release publish tests)
# Installs the missing ones with apt-get as root, or through passwordless sudo (GitHub's hosted
# runners); always exits 0 and prints one line saying what it did (a test that needs a missing
# tool says so itself, and fails under CI).
set -uo pipefail
declare -A COMMAND_OF=([python3-coverage]=python3-coverage [docker-registry]=/usr/bin/docker-registry)
missing=()
for package in python3-coverage docker-registry; do
  command -v "${COMMAND_OF[$package]}" >/dev/null 2>&1 || missing+=("$package")
done
if [[ ${#missing[@]} == 0 ]]; then
  echo "test tools: python3-coverage, docker-registry present"
  exit 0
fi
as_root=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
fi
if { [[ "$(id -u)" != 0 ]] && [[ ${#as_root[@]} == 0 ]]; } || ! command -v apt-get >/dev/null 2>&1; then
  echo "test tools: ${missing[*]} missing and cannot be installed here (needs apt-get as root or through sudo)"
  exit 0
fi
if { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/tmp/runevault-test-tools.log 2>&1; then
  echo "test tools: installed ${missing[*]}"
else
  echo "test tools: apt-get install ${missing[*]} failed (see /tmp/runevault-test-tools.log)"
fi
exit 0
