// The registration script (issue 15): plain POSIX sh that a user reads before running it. Only
// the first lines differ between commands (portal, token, mode); everything else is this text.
const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

export function registrationScript(o: {
  portal: string;
  token: string;
  environmentName: string;
  mode: "register" | "rotate";
  hostName: string | null;
  address: string | null;
}): string {
  const header = [
    "#!/bin/sh",
    `# CaaS portal: ${o.mode === "rotate" ? "renew the TLS certificate of this Docker host" : "add this machine's Docker engine as a host"} of environment ${JSON.stringify(o.environmentName).replace(/\n/g, " ")}.`,
    "# Read it before you run it. The one-time token below works once and expires soon.",
    "#",
    "# What it does, step by step (each failed step says what failed and how to undo):",
    "#  1. checks: Linux, root, dockerd present (20.10 or later), openssl, curl or wget",
    "#  2. makes a new private key ON THIS MACHINE (it never leaves it) and a certificate request",
    "#     for this host's name and address, and sends the request (not the key) to the portal",
    "#  3. gets back the server certificate signed by the environment's CA, and the CA certificate",
    "#  4. saves a backup of every file it is about to change, then writes the key, certificates and",
    "#     a dockerd drop-in that adds a TCP listener with TLS client verification; the unix socket and",
    "#     your other dockerd settings stay as they are (daemon.json is not modified)",
    "#  5. restarts dockerd and waits for it; if it does not come back, the backup is restored",
    "#  6. tells the portal the engine is ready: the portal connects with a client certificate of the",
    "#     same CA, checks the engine and joins it to the environment's swarm",
    "#",
    "# Settings (environment variables, all optional; with sudo: curl ... | sudo CAAS_HOST_NAME=x sh):",
    "#   CAAS_HOST_NAME             the host's name in the portal (default: hostname)",
    "#   CAAS_HOST_ADDRESS          IPv4 address the portal and the other hosts reach this machine at",
    "#                              (default: the source address of the route to the portal)",
    "#   CAAS_DOCKER_TLS_PORT       TCP port of the TLS API (default 2376)",
    "#   CAAS_DOCKER_CONFIG_DIR     key, certificates and backups (default /etc/docker/caas)",
    "#   CAAS_DOCKER_DROPIN         the drop-in file (default /etc/systemd/system/docker.service.d/caas-tls.conf)",
    "#   CAAS_DOCKER_DROPIN_FORMAT  systemd (default): an ExecStart override that keeps the unit's own",
    "#                              arguments; flags: one dockerd flag per line, for launchers that read such a file",
    "#   CAAS_DOCKER_RESTART        the command that restarts dockerd",
    "#                              (default: systemctl daemon-reload && systemctl restart docker)",
    "#   CAAS_DOCKER_SOCKET         the engine's unix socket (default /var/run/docker.sock)",
    "",
    `PORTAL=${q(o.portal)}`,
    `TOKEN=${q(o.token)}`,
    `MODE=${q(o.mode)}`,
    `BOUND_NAME=${q(o.hostName ?? "")}`,
    `BOUND_ADDRESS=${q(o.address ?? "")}`,
    "",
  ].join("\n");
  return header + BODY.replace(/\\\$\{/g, "${");
}

const BODY = String.raw`set -u
umask 077

say() { printf 'caas: %s\n' "$*"; }
fail() {
  printf 'caas: FAILED: %s\n' "$1" >&2
  if [ -n "\${2:-}" ]; then printf 'caas: to undo: %s\n' "$2" >&2; fi
  exit 1
}
NOTHING="nothing to undo: nothing on this machine was changed"

# ---- 1. checks -------------------------------------------------------------------------------
[ "$(uname -s)" = Linux ] || fail "this machine runs $(uname -s), not Linux: Docker hosts must run Linux" "$NOTHING"
[ "$(id -u)" = 0 ] || fail "run it as root (... | sudo sh)" "$NOTHING"
command -v dockerd >/dev/null 2>&1 ||
  fail "dockerd is not installed. Install Docker Engine first (https://docs.docker.com/engine/install/ or your distribution's docker.io package), then run the command again" "$NOTHING"
DOCKER_VERSION=$(dockerd --version 2>/dev/null | sed -n 's/^Docker version \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
MAJOR=\${DOCKER_VERSION%%.*}
MINOR=\${DOCKER_VERSION#*.}
case "$MAJOR$MINOR" in '' | *[!0-9]*) fail "could not read the version of dockerd ($(dockerd --version 2>&1 | head -n 1))" "$NOTHING" ;; esac
if [ "$MAJOR" -lt 20 ] || { [ "$MAJOR" -eq 20 ] && [ "$MINOR" -lt 10 ]; }; then
  fail "Docker $DOCKER_VERSION is too old: 20.10 or later is needed (https://docs.docker.com/engine/install/)" "$NOTHING"
fi
command -v openssl >/dev/null 2>&1 || fail "openssl is needed to make the key on this machine: install the openssl package" "$NOTHING"
if command -v curl >/dev/null 2>&1; then FETCH=curl
elif command -v wget >/dev/null 2>&1; then FETCH=wget
else fail "curl or wget is needed" "$NOTHING"; fi

DIR=\${CAAS_DOCKER_CONFIG_DIR:-/etc/docker/caas}
DROPIN=\${CAAS_DOCKER_DROPIN:-/etc/systemd/system/docker.service.d/caas-tls.conf}
FORMAT=\${CAAS_DOCKER_DROPIN_FORMAT:-systemd}
RESTART=\${CAAS_DOCKER_RESTART:-systemctl daemon-reload && systemctl restart docker}
SOCK=\${CAAS_DOCKER_SOCKET:-/var/run/docker.sock}
PORT=\${CAAS_DOCKER_TLS_PORT:-2376}
case "$PORT" in '' | *[!0-9]*) fail "CAAS_DOCKER_TLS_PORT must be a port number" "$NOTHING" ;; esac
case "$FORMAT" in systemd | flags) ;; *) fail "CAAS_DOCKER_DROPIN_FORMAT must be systemd or flags" "$NOTHING" ;; esac

NAME=\${CAAS_HOST_NAME:-\${BOUND_NAME:-$(hostname 2>/dev/null || uname -n)}}
ADDRESS=\${CAAS_HOST_ADDRESS:-$BOUND_ADDRESS}
if [ -z "$ADDRESS" ] && command -v ip >/dev/null 2>&1; then
  PORTAL_HOST=$(printf '%s' "$PORTAL" | sed -e 's#^[a-z]*://##' -e 's#[/:].*$##')
  case "$PORTAL_HOST" in
    *[!0-9.]*) PORTAL_IP=$(getent ahostsv4 "$PORTAL_HOST" 2>/dev/null | awk 'NR == 1 { print $1 }') ;;
    *) PORTAL_IP=$PORTAL_HOST ;;
  esac
  if [ -n "$PORTAL_IP" ]; then
    ADDRESS=$(ip -4 route get "$PORTAL_IP" 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1)
  fi
fi
[ -n "$ADDRESS" ] || fail "could not find this machine's address: set CAAS_HOST_ADDRESS=<IPv4 address> and run the command again" "$NOTHING"
say "host $NAME, address $ADDRESS, Docker $DOCKER_VERSION, TLS port $PORT"

if [ "$FORMAT" = systemd ]; then
  command -v systemctl >/dev/null 2>&1 ||
    fail "systemd was not found: set CAAS_DOCKER_DROPIN_FORMAT=flags, CAAS_DOCKER_DROPIN and CAAS_DOCKER_RESTART for your init system" "$NOTHING"
  if [ -f /etc/docker/daemon.json ] && grep -Eq '"(hosts|tls|tlsverify|tlscacert|tlscert|tlskey)"' /etc/docker/daemon.json; then
    fail "/etc/docker/daemon.json already sets hosts or TLS; dockerd refuses the same setting as a flag. Remove those keys (or set up TLS yourself) and run the command again" "$NOTHING"
  fi
fi

WORK=$(mktemp -d) || fail "mktemp failed" "$NOTHING"
trap 'rm -rf "$WORK"' EXIT

# POST $2 (a file) to the portal's URL $1; the answer goes to $WORK/answer.
post() {
  if [ "$FETCH" = curl ]; then
    code=$(curl -sS --max-time 300 -X POST -H 'content-type: text/plain' --data-binary "@$2" -o "$WORK/answer" -w '%{http_code}' "$1") || return 1
    case "$code" in 2??) return 0 ;; *) return 1 ;; esac
  else
    wget -q -O "$WORK/answer" --header='content-type: text/plain' --post-file="$2" "$1"
  fi
}
answer() { if [ -s "$WORK/answer" ]; then cat "$WORK/answer"; else echo "(no answer from the portal)"; fi; }
urlq() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/&/%26/g' -e 's/+/%2B/g' -e 's/#/%23/g'; }

# ---- 2. key and certificate request (the key never leaves this machine) ------------------------
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/server-key.pem" 2>"$WORK/err" ||
  fail "making the key failed: $(cat "$WORK/err")" "$NOTHING"
printf '[req]\ndistinguished_name=dn\nprompt=no\nreq_extensions=ext\n[dn]\nCN=%s\n[ext]\nsubjectAltName=IP:%s,DNS:%s\n' "$NAME" "$ADDRESS" "$NAME" >"$WORK/req.cnf"
openssl req -new -key "$WORK/server-key.pem" -config "$WORK/req.cnf" -out "$WORK/server.csr" 2>"$WORK/err" ||
  fail "making the certificate request failed: $(cat "$WORK/err")" "$NOTHING"

# ---- 3. the portal signs it --------------------------------------------------------------------
say "sending the certificate request to the portal"
post "$PORTAL/api/v1/hosts/register/$TOKEN/csr?name=$(urlq "$NAME")&address=$(urlq "$ADDRESS")&port=$PORT" "$WORK/server.csr" ||
  fail "the portal refused the certificate request: $(answer)" "$NOTHING"
awk -v a="$WORK/server-cert.pem" -v b="$WORK/ca.pem" '
  /-----BEGIN CERTIFICATE-----/ { n++ }
  n == 1 { print > a } n == 2 { print > b }' "$WORK/answer"
[ -s "$WORK/server-cert.pem" ] && [ -s "$WORK/ca.pem" ] || fail "the portal's answer holds no certificates" "$NOTHING"
openssl verify -CAfile "$WORK/ca.pem" "$WORK/server-cert.pem" >/dev/null 2>&1 ||
  fail "the certificate does not verify against the environment's CA" "$NOTHING"

# ---- 4. backup, then the new files -------------------------------------------------------------
if [ "$FORMAT" = systemd ]; then
  ORIG_EXEC="$DIR/original-execstart"
  if [ ! -s "$ORIG_EXEC" ]; then
    [ -e "$DROPIN" ] && fail "$DROPIN exists but $ORIG_EXEC does not: remove $DROPIN, restart docker and run the command again" "$NOTHING"
    mkdir -p "$DIR" && chmod 700 "$DIR" || fail "cannot create $DIR" "$NOTHING"
    systemctl show docker.service -p ExecStart --value 2>/dev/null | sed -n 's/.*argv\[\]=\([^;]*\) ;.*/\1/p' | head -n 1 >"$WORK/execstart"
    [ -s "$WORK/execstart" ] || fail "could not read docker.service's ExecStart (is Docker installed as the systemd unit docker.service?)" "$NOTHING"
    mv "$WORK/execstart" "$ORIG_EXEC"
  fi
  { echo "# Written by the CaaS portal's registration script: TLS API on port $PORT with client verification."
    echo "# The unit's own arguments are kept (unix socket included). To undo: remove this file,"
    echo "# systemctl daemon-reload && systemctl restart docker (certificates and backups: $DIR)."
    echo "[Service]"
    echo "ExecStart="
    echo "ExecStart=$(cat "$ORIG_EXEC") -H tcp://0.0.0.0:$PORT --tlsverify --tlscacert=$DIR/ca.pem --tlscert=$DIR/server-cert.pem --tlskey=$DIR/server-key.pem"
  } >"$WORK/dropin"
else
  { echo "# Written by the CaaS portal's registration script: TLS API on port $PORT with client verification."
    echo "# One dockerd flag per line. To undo: remove this file and restart dockerd (certificates and backups: $DIR)."
    echo "--host=tcp://0.0.0.0:$PORT"
    echo "--tlsverify"
    echo "--tlscacert=$DIR/ca.pem"
    echo "--tlscert=$DIR/server-cert.pem"
    echo "--tlskey=$DIR/server-key.pem"
  } >"$WORK/dropin"
fi

mkdir -p "$DIR" && chmod 700 "$DIR" || fail "cannot create $DIR" "$NOTHING"
BACKUP="$DIR/backup-$(date +%Y%m%d%H%M%S)-$$"
mkdir -p "$BACKUP" || fail "cannot create $BACKUP" "$NOTHING"
{ echo "#!/bin/sh"
  echo "# Puts back what the registration script changed on $(date), then restarts dockerd."
  for f in ca.pem server-cert.pem server-key.pem; do
    if [ -f "$DIR/$f" ]; then cp -p "$DIR/$f" "$BACKUP/$f" && echo "cp -p '$BACKUP/$f' '$DIR/$f'"
    else echo "rm -f '$DIR/$f'"; fi
  done
  if [ -f "$DROPIN" ]; then cp -p "$DROPIN" "$BACKUP/dropin" && echo "cp -p '$BACKUP/dropin' '$DROPIN'"
  else echo "rm -f '$DROPIN'"; fi
  printf '%s\n' "$RESTART"
} >"$BACKUP/undo.sh" || fail "writing the backup in $BACKUP failed" "rm -rf '$BACKUP'"
UNDO="sh $BACKUP/undo.sh"
say "backup of what changes, and the undo script: $BACKUP"

mkdir -p "$(dirname "$DROPIN")" || fail "cannot create the directory of $DROPIN" "$UNDO"
for f in ca.pem server-cert.pem server-key.pem; do
  cp "$WORK/$f" "$DIR/$f.new" && mv -f "$DIR/$f.new" "$DIR/$f" || fail "writing $DIR/$f failed" "$UNDO"
done
chmod 600 "$DIR/server-key.pem"
chmod 644 "$DIR/ca.pem" "$DIR/server-cert.pem"
cp "$WORK/dropin" "$DROPIN.new" && chmod 644 "$DROPIN.new" && mv -f "$DROPIN.new" "$DROPIN" || fail "writing $DROPIN failed" "$UNDO"
say "wrote $DROPIN and the certificates in $DIR"

# ---- 5. restart dockerd ------------------------------------------------------------------------
engine_answers() {
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -s --max-time 3 --unix-socket "$SOCK" http://docker/_ping 2>/dev/null)" = OK ]
  else
    docker -H "unix://$SOCK" version >/dev/null 2>&1
  fi
}
say "restarting dockerd: $RESTART"
if ! sh -c "$RESTART"; then
  sh "$BACKUP/undo.sh" >/dev/null 2>&1
  fail "restarting dockerd failed; the previous files were put back and dockerd restarted again (see its log)" "$UNDO"
fi
i=0
until engine_answers; do
  i=$((i + 1))
  if [ "$i" -ge 90 ]; then
    say "dockerd does not answer on $SOCK: putting the previous configuration back"
    sh "$BACKUP/undo.sh" >/dev/null 2>&1
    fail "dockerd did not come back with the new configuration (see its log); the previous configuration was restored" "$UNDO"
  fi
  sleep 1
done
say "dockerd is back (unix socket $SOCK, TLS on port $PORT)"

# ---- 6. tell the portal ------------------------------------------------------------------------
: >"$WORK/empty"
say "asking the portal to connect to tcp://$ADDRESS:$PORT"
post "$PORTAL/api/v1/hosts/register/$TOKEN/complete?port=$PORT" "$WORK/empty" ||
  fail "the portal could not add the engine: $(answer)
  dockerd keeps listening with TLS on port $PORT (only clients with a certificate of the environment's CA get in)" "$UNDO"
answer
say "done"
`;
