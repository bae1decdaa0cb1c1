#!/usr/bin/env bash
# Restart one lab engine (usage: restart-host.sh h3) so it picks up its drop-ins: stops its dockerd
# (SIGTERM, then waits), then runs up.sh, which starts it again on its old state with a config
# written for the drop-ins present (lab_dropins in env.sh). This is the CAAS_DOCKER_RESTART hook the
# host registration script calls in the lab (issue 15). Runs up.sh in the root network namespace,
# whatever namespace it is called from.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
h=${1:-}
case " ${CAAS_LAB_HOSTS[*]} " in *" $h "*) ;; *) echo "usage: restart-host.sh <${CAAS_LAB_HOSTS[*]}>" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "lab: must run as root" >&2; exit 1; }
if pid=$(lab_dockerd_pid "$h"); then
  kill "$pid"
  for _ in $(seq 1 300); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  if [ -d "/proc/$pid" ]; then echo "lab: dockerd $h (pid $pid) did not stop within 30 s" >&2; exit 1; fi
fi
nsenter --net=/proc/1/ns/net bash "$HERE/up.sh" >/dev/null
