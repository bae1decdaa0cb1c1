#!/usr/bin/env bash
# Restart one lab engine (usage: restart-host.sh h3) so it picks up its drop-ins: stops its dockerd
# (SIGTERM, then waits), writes its config for the drop-ins present (lab_dropins in env.sh) and
# starts it again on its old state, exactly as up.sh does. This is the CAAS_DOCKER_RESTART hook the
# host registration script calls in the lab (issue 15); it works from any network namespace (the
# script runs in the host's own).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
log() { echo "lab: $*" >&2; }
die() { echo "lab: $*" >&2; exit 1; }
h=${1:-}
case " ${CAAS_LAB_ALL_HOSTS[*]} " in *" $h "*) ;; *) die "usage: restart-host.sh <${CAAS_LAB_ALL_HOSTS[*]}>" ;; esac
[ "$(id -u)" = 0 ] || die "must run as root"
[ -e "/run/netns/$(lab_netns "$h")" ] || die "the lab is not up (no netns $(lab_netns "$h")): npm run lab:up"
# not while up.sh or down.sh runs (same lock)
exec 9<"$HERE/env.sh"
flock -w 120 9 || die "another scripts/lab/up.sh or down.sh has been running for 2 minutes"
# shellcheck source=dockerd.sh
. "$HERE/dockerd.sh"
if pid=$(lab_dockerd_pid "$h"); then
  kill "$pid"
  for _ in $(seq 1 300); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  [ -d "/proc/$pid" ] && die "dockerd $h (pid $pid) did not stop within 30 s"
fi
write_config "$h"
start_dockerd "$h"
wait_dockerd "$h"
log "restarted dockerd $h"
