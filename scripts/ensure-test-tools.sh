#!/usr/bin/env bash
# Tools the tests use that npm does not provide: Debian's python3-coverage (coverage.py
# writes the Cobertura reports merge-coverage is tested on). Installs them when missing and
# we are root with apt-get; always exits 0 and prints one line saying what it did.
set -uo pipefail
if command -v python3-coverage >/dev/null 2>&1; then
  echo "test tools: python3-coverage present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test tools: python3-coverage missing and cannot be installed here (needs root + apt-get)"
  exit 0
fi
if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-coverage; } >/tmp/runevault-test-tools.log 2>&1; then
  echo "test tools: installed python3-coverage"
else
  echo "test tools: apt-get install python3-coverage failed (see /tmp/runevault-test-tools.log)"
fi
exit 0
