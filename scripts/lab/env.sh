# shellcheck shell=bash
# Paths and names of the multi-host engine lab, sourced by up.sh and down.sh so both agree on
# exactly what the lab owns. down.sh kills and deletes only what these names point at.

CAAS_LAB_DIR="${CAAS_LAB_DIR:-/var/lib/caas-lab}"   # data-root, exec-root, pidfile, logs per host
CAAS_LAB_RUN=/run/caas-lab                           # API unix sockets
# Two sets of three engines: set 1 (h1..h3) is the default lab; set 2 (h4..h6) lets a second test
# tier run at the same time on engines of its own (npm test runs integration on set 1 and
# integration-pg on set 2). up.sh brings up the sets it is asked for, down.sh removes both.
CAAS_LAB_ALL_HOSTS=(h1 h2 h3 h4 h5 h6)               # host hN gets 10.77.0.1N
lab_set_hosts() { case "$1" in 1) echo h1 h2 h3 ;; 2) echo h4 h5 h6 ;; *) return 1 ;; esac; }
# shellcheck disable=SC2207
CAAS_LAB_HOSTS=($(lab_set_hosts "${CAAS_LAB_SET:-1}")) || { echo "CAAS_LAB_SET must be 1 or 2 (got '${CAAS_LAB_SET}')" >&2; exit 2; }
CAAS_LAB_NETNS_PREFIX=caas-lab-                      # netns caas-lab-h1.. and caas-lab-lan (the bridge)
CAAS_LAB_LAN_NETNS=caas-lab-lan
CAAS_LAB_VETH=caas0                                  # root-netns end of the LAN, 10.77.0.1
CAAS_LAB_ROOT_IP=10.77.0.1
CAAS_LAB_PREFIX_LEN=24
CAAS_LAB_CGROUP_PREFIX=caas-lab-                     # dockerd cgroup-parent caas-lab-hN
CAAS_LAB_IMAGE=lab/busybox:latest
# the test portals' embedded registries: set 1's tier on :5000, set 2's on :5001 (every engine trusts both)
# Plain-http registries the lab engines pull from: the two tiers' embedded registries, and any port
# of the bridge address (a CIDR: region registries the replication suite starts on free ports).
CAAS_LAB_REGISTRIES=(10.77.0.1:5000 10.77.0.1:5001 10.77.0.1/32)
# hardcoded paths of dockerd/libnetwork/containerd-shim, bind-mounted per host (see up.sh)
CAAS_LAB_SHADOWED=(/var/lib/docker /run/docker /run/containerd)

# The lab dir is rm -rf'ed piecewise and matched in /proc/*/cmdline: refuse anything vague.
case "$CAAS_LAB_DIR" in
  /*) ;;
  *) echo "CAAS_LAB_DIR must be an absolute path (got '$CAAS_LAB_DIR')" >&2; exit 2 ;;
esac
if [[ "$CAAS_LAB_DIR" =~ [[:space:]] || "$CAAS_LAB_DIR" == "/" || "$CAAS_LAB_DIR" == *..* ]]; then
  echo "CAAS_LAB_DIR must not be '/', contain '..' or whitespace (got '$CAAS_LAB_DIR')" >&2; exit 2
fi
CAAS_LAB_DIR="${CAAS_LAB_DIR%/}"

lab_ip() { echo "10.77.0.1${1#h}"; }                       # h2 -> 10.77.0.12
lab_netns() { echo "${CAAS_LAB_NETNS_PREFIX}$1"; }         # h2 -> caas-lab-h2
lab_sock() { echo "$CAAS_LAB_RUN/$1.sock"; }
lab_endpoint() { echo "tcp://$(lab_ip "$1"):2375"; }
lab_pidfile() { echo "$CAAS_LAB_DIR/$1/docker.pid"; }
lab_config() { echo "$CAAS_LAB_DIR/$1/daemon.json"; }
# Drop-ins of host $1: files of dockerd flags (one per line) that up.sh adds when it starts the
# host, e.g. the TLS listener the host registration command writes (issue 15).
lab_dropin_dir() { echo "$CAAS_LAB_DIR/$1/dockerd.d"; }
lab_dropins() { local f; for f in "$(lab_dropin_dir "$1")"/*.flags; do [ -f "$f" ] && echo "$f"; done; return 0; }

# pid of host $1's dockerd if it is alive and really ours (a stale pidfile can name a reused pid).
lab_dockerd_pid() {
  local f pid
  f=$(lab_pidfile "$1")
  [ -s "$f" ] || return 1
  pid=$(tr -dc '0-9' < "$f")   # no trailing newline in dockerd's pidfile
  [ -n "$pid" ] || return 1
  grep -qaF -- "$(lab_config "$1")" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# The lab's docker CLI calls always name their engine with -H; make sure nothing from the
# caller's environment (a context, a TLS setting) redirects them to another engine.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
lab_docker() { local h=$1; shift; docker -H "unix://$(lab_sock "$h")" "$@"; }
