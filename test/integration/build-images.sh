#!/usr/bin/env bash
# Builds the integration stack's images FROM scratch out of this machine's own binaries (node,
# caddy, prometheus, postgres) and the bundled stand-ins: nothing is pulled, no registry is needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/test/.build"
mkdir -p "$build"

# Bundle the stand-ins and the healthcheck into single CommonJS files node can run bare.
node "$root/scripts/bundle-standins.mjs"

# Copy binaries and every library ldd lists into a rootfs folder, keeping their paths.
rootfs() {
  local dir=$1; shift
  rm -rf "$dir"; mkdir -p "$dir/tmp" "$dir/etc"
  chmod 1777 "$dir/tmp"
  for bin in "$@"; do
    cp --parents -L "$bin" "$dir/"
    ldd "$bin" 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/lib/{print $1}' | while read -r lib; do
      cp --parents -L "$lib" "$dir/" 2>/dev/null || true
    done
  done
  # A fixed path for node in every image, wherever the host keeps it.
  if [ -n "${node_bin:-}" ] && [ -e "$dir$node_bin" ]; then ln -sf "$node_bin" "$dir/node"; fi
  echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
  echo 'root:x:0:' > "$dir/etc/group"
  echo 'hosts: files dns' > "$dir/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$dir/etc/hosts"
}

image() { # name dir dockerfile-body
  printf 'FROM scratch\nCOPY . /\n%s\n' "$3" > "$2/Dockerfile"
  docker build -q -t "$1" "$2" >/dev/null
  echo "built $1"
}

node_bin=$(readlink -f "$(command -v node)")

rootfs "$build/img-litellm" "$node_bin"
cp "$build/litellm-standin.cjs" "$build/hc.cjs" "$build/img-litellm/"
image hagw-test/litellm:latest "$build/img-litellm" "ENTRYPOINT [\"/node\", \"/litellm-standin.cjs\"]"

rootfs "$build/img-vllm" "$node_bin"
cp "$build/vllm-standin.cjs" "$build/hc.cjs" "$build/img-vllm/"
image hagw-test/vllm:latest "$build/img-vllm" "ENTRYPOINT [\"/node\", \"/vllm-standin.cjs\"]"

# Debian's redis-server and redis-cli (the healthcheck); the compose command finds them on PATH.
rootfs "$build/img-redis" /usr/bin/redis-server /usr/bin/redis-cli
mkdir -p "$build/img-redis/data"
image hagw-test/redis:latest "$build/img-redis" "ENV PATH=/usr/bin"

# The batch service: node alone; compose mounts the bundled compose/batch/hagw-batch.cjs at /app
# and runs it with "node" from PATH, exactly as on the stock node image.
rootfs "$build/img-batch" "$node_bin"
cp "$build/hc.cjs" "$build/img-batch/"
image hagw-test/batch:latest "$build/img-batch" "ENV PATH=$(dirname "$node_bin"):/usr/bin:/bin"

rootfs "$build/img-caddy" "$node_bin" /usr/bin/caddy
cp "$build/hc.cjs" "$build/img-caddy/"
image hagw-test/caddy:latest "$build/img-caddy" "ENV XDG_DATA_HOME=/data XDG_CONFIG_HOME=/config
ENTRYPOINT [\"/usr/bin/caddy\"]
CMD [\"run\", \"--config\", \"/etc/caddy/Caddyfile\", \"--adapter\", \"caddyfile\"]"

rootfs "$build/img-prometheus" "$node_bin" /usr/bin/prometheus
cp "$build/hc.cjs" "$build/img-prometheus/"
mkdir -p "$build/img-prometheus/prometheus"
image hagw-test/prometheus:latest "$build/img-prometheus" "ENTRYPOINT [\"/usr/bin/prometheus\"]"

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgroot=$(dirname "$pgbin")
pgshare=/usr/share/postgresql/$(basename "$pgroot")
rootfs "$build/img-postgres" /bin/sh "$pgbin/postgres" "$pgbin/initdb" "$pgbin/pg_isready" "$pgbin/psql"
for tree in "$pgroot/lib" "$pgshare"; do
  mkdir -p "$build/img-postgres$(dirname "$tree")"
  cp -a "$tree" "$build/img-postgres$tree"
done
for lib in "$pgroot"/lib/*.so; do
  ldd "$lib" 2>/dev/null | awk '/=> \//{print $3}' | while read -r l; do cp --parents -L "$l" "$build/img-postgres/" 2>/dev/null || true; done
done
# PostgreSQL refuses to run as root: an unprivileged user whose uid owns the data folder.
echo 'postgres:x:999:999::/var/lib/postgresql:/bin/sh' >> "$build/img-postgres/etc/passwd"
echo 'postgres:x:999:' >> "$build/img-postgres/etc/group"
mkdir -p "$build/img-postgres/var/lib/postgresql/data"
cp "$root/test/integration/images/postgres-entrypoint.sh" "$build/img-postgres/entrypoint.sh"
chmod 755 "$build/img-postgres/entrypoint.sh"
image hagw-test/postgres:latest "$build/img-postgres" "COPY --chown=999:999 var/lib/postgresql /var/lib/postgresql
ENV PATH=$pgbin:/bin PGHOST=/tmp
USER 999:999
ENTRYPOINT [\"/entrypoint.sh\"]"
