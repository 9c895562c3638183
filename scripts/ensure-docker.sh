#!/usr/bin/env bash
# Makes a Docker engine answer on this machine, or says in one line why it cannot.
#   scripts/ensure-docker.sh          install docker.io (Debian, root) and start dockerd as needed
#   scripts/ensure-docker.sh --stop   stop the dockerd that an earlier call started (silent)
# Always exits 0: tests that need Docker skip with the printed reason instead of failing.
# The engine runs without a bridge or iptables rules: containers here use host networking only.
set -uo pipefail

LOG_FILE="${RUNEVAULT_DOCKERD_LOG:-/tmp/runevault-dockerd.log}"
# Written only when this script starts dockerd, so --stop never touches an engine it did not
# start; a caller that must stop only what its own call started passes a unique path (.ci/run).
STATE_FILE="${RUNEVAULT_DOCKERD_STATE:-/tmp/runevault-dockerd.pid}"
WAIT_SECONDS="${RUNEVAULT_DOCKERD_WAIT:-60}"

engine_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

stop_started_engine() {
  [[ -f "$STATE_FILE" ]] || return 0
  local pid
  pid="$(cat "$STATE_FILE")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    # dockerd stops its containers first (up to its 15 s shutdown timeout).
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
  fi
  rm -f "$STATE_FILE"
}

if [[ "${1:-}" == "--stop" ]]; then
  stop_started_engine >>"$LOG_FILE" 2>&1
  exit 0
fi

if engine_answers; then
  echo "docker: engine already answering (${DOCKER_HOST:-unix:///var/run/docker.sock}); nothing to do"
  exit 0
fi

done_steps=()
if ! command -v dockerd >/dev/null 2>&1; then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "docker: unavailable: dockerd is not installed and this script can only install it as root with apt-get"
    exit 0
  fi
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker.io; } >>"$LOG_FILE" 2>&1; then
    echo "docker: unavailable: apt-get install docker.io failed (see $LOG_FILE)"
    exit 0
  fi
  done_steps+=("installed docker.io")
fi

# dockerd may be installed while the docker CLI is not (engine_answers needs it).
if ! command -v docker >/dev/null 2>&1; then
  echo "docker: unavailable: dockerd is installed but the docker CLI is missing"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "docker: unavailable: no engine answers and starting dockerd needs root"
  exit 0
fi

started_at=$SECONDS
nohup dockerd --bridge=none --iptables=false >>"$LOG_FILE" 2>&1 &
dockerd_pid=$!
echo "$dockerd_pid" >"$STATE_FILE"
while ((SECONDS - started_at < WAIT_SECONDS)); do
  if engine_answers; then
    done_steps+=("started dockerd (pid $dockerd_pid, log $LOG_FILE) in $((SECONDS - started_at)) s")
    joined="$(printf '%s, ' "${done_steps[@]}")"
    echo "docker: ${joined%, }"
    exit 0
  fi
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    rm -f "$STATE_FILE"
    echo "docker: unavailable: dockerd exited at start: $(tail -n 1 "$LOG_FILE")"
    exit 0
  fi
  sleep 1
done
stop_started_engine >>"$LOG_FILE" 2>&1
echo "docker: unavailable: dockerd did not answer within ${WAIT_SECONDS} s (see $LOG_FILE)"
exit 0
