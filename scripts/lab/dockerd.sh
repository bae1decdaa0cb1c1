# shellcheck shell=bash
# The lab's dockerd start/stop pieces, sourced (after env.sh) by up.sh and restart-host.sh: they work
# from any network namespace (every path and namespace is named explicitly). Callers define log/die.
write_config() {
  local h=$1 d="$CAAS_LAB_DIR/$1"
  mkdir -p "$d"
  # "tls": false avoids 20.10's deliberate 15 s startup delay for a plain TCP listener.
  # deprecated-key-path keeps each engine's identity key (engine ID) in its own dir, not /etc/docker.
  # A drop-in (lab_dropins, written by the host registration script) replaces the plain tcp
  # listener: then the hosts come from flags (dockerd refuses "hosts" in both places).
  local listen='"hosts": ["unix://'"$(lab_sock "$h")"'", "'"$(lab_endpoint "$h")"'"],
  "tls": false,'
  if [ -n "$(lab_dropins "$h")" ]; then listen=""; fi
  cat > "$d/daemon.json.tmp" <<JSON
{
  $listen
  "data-root": "$d/root",
  "exec-root": "$d/exec",
  "pidfile": "$d/docker.pid",
  "deprecated-key-path": "$d/key.json",
  "storage-driver": "overlay2",
  "cgroup-parent": "${CAAS_LAB_CGROUP_PREFIX}$h",
  "dns": ["$CAAS_LAB_ROOT_IP"],
  "insecure-registries": $(printf '%s\n' "${CAAS_LAB_REGISTRIES[@]}" | jq -R . | jq -cs .),
  "log-level": "warn"
}
JSON
  # A test may start one engine differently (e.g. TLS with client verification instead of plain tcp):
  # the keys of <lab dir>/hN/daemon.extra.json replace the base's (tests/support/lab.ts
  # restartLabEngine writes it, and removes it to restore the plain engine).
  if [ -s "$d/daemon.extra.json" ]; then
    jq -s '.[0] * .[1]' "$d/daemon.json.tmp" "$d/daemon.extra.json" > "$d/daemon.json.merged" \
      || die "$d/daemon.extra.json is not a JSON object"
    mv "$d/daemon.json.merged" "$d/daemon.json.tmp"
    log "$1: daemon.json with the keys of $d/daemon.extra.json"
  fi
  mv "$d/daemon.json.tmp" "$d/daemon.json"
}

# After a dockerd was SIGKILLed its managed containerd takes a moment to exit; a new dockerd that
# finds it (or its pidfile) alive waits for a socket that never comes ("timeout waiting for
# containerd"). Let it finish, then make sure it is gone.
reap_stale_containerd() {
  local h=$1 f cmd p t pids=()
  for f in /proc/[0-9]*/cmdline; do
    cmd=$( { tr '\0' ' ' < "$f"; } 2>/dev/null ) || continue
    case "$cmd" in
      containerd\ *"--config $CAAS_LAB_DIR/$h/exec/containerd/"*) p=${f#/proc/}; pids+=("${p%/cmdline}") ;;
    esac
  done
  for p in "${pids[@]}"; do
    for t in $(seq 1 50); do [ -d "/proc/$p" ] || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null && log "killed stale containerd of $h (pid $p)"
  done
  rm -f "$CAAS_LAB_DIR/$h/exec/containerd/containerd.pid"
}

start_dockerd() {
  local h=$1 ns p
  ns=$(lab_netns "$h")
  reap_stale_containerd "$h"
  rm -f "$(lab_pidfile "$h")" "$(lab_sock "$h")"   # stale after a SIGKILL; dockerd refuses to start otherwise
  # dockerd, libnetwork and the shims write to a few hardcoded paths whatever data-root says
  # (/var/lib/docker/network/files/lb_* for overlay load balancers, /run/docker/plugins,
  # /run/containerd/s). Each lab dockerd runs in a private mount namespace where those paths are
  # bind mounts of its own dir, so nothing lands in a system engine's directories. A mountpoint
  # that does not exist yet is created once and recorded, so down.sh can remove it again.
  for p in "${CAAS_LAB_SHADOWED[@]}"; do
    if [ ! -d "$p" ]; then
      mkdir -p "$p" && echo "$p" >> "$CAAS_LAB_DIR/created-mountpoints"
    fi
    mkdir -p "$CAAS_LAB_DIR/$h/shadow$p"
  done
  # nsenter --net, not "ip netns exec" (that remounts /sys and hides the cgroup v1 mounts);
  # own UTS ns so every node has its own hostname; env -i so no proxy/DOCKER_* leaks in.
  # Flags of the host's drop-ins (one per line, # comments), after the unix socket they replace.
  local extra=() f line
  if [ -n "$(lab_dropins "$h")" ]; then extra=(--host "unix://$(lab_sock "$h")"); fi
  for f in $(lab_dropins "$h"); do
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in '' | '#'*) ;; *) extra+=("$line") ;; esac
    done < "$f"
  done
  setsid nsenter --net="/run/netns/$ns" unshare --uts --mount --propagation private \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    /bin/sh -c 'set -e; hostname "$1"; cfg="$2"; d="$3"; n="$4"; shift 4
                while [ "$n" -gt 0 ]; do mount --bind "$d/shadow$1" "$1"; shift; n=$((n - 1)); done
                exec /usr/sbin/dockerd --config-file "$cfg" "$@"' \
    sh "$h" "$(lab_config "$h")" "$CAAS_LAB_DIR/$h" "${#CAAS_LAB_SHADOWED[@]}" "${CAAS_LAB_SHADOWED[@]}" "${extra[@]}" \
    >>"$CAAS_LAB_DIR/$h/dockerd.log" 2>&1 </dev/null 9<&- &   # 9<&-: the daemon must not inherit the lock
}

wait_dockerd() {
  local h=$1 t
  for t in $(seq 1 600); do
    if lab_docker "$h" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; then return 0; fi
    if [ "$t" -gt 20 ] && ! lab_dockerd_pid "$h" >/dev/null; then
      tail -n 20 "$CAAS_LAB_DIR/$h/dockerd.log" >&2 || true
      die "dockerd $h exited during startup (log: $CAAS_LAB_DIR/$h/dockerd.log)"
    fi
    sleep 0.1
  done
  die "dockerd $h did not answer within 60 s (log: $CAAS_LAB_DIR/$h/dockerd.log)"
}
