#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian 12 machine: PostgreSQL 15 with the
# pglogical packages (for the live tests), then the Node dependencies, then the build (npm ci does
# not build: the build runs on prepack only, so installing the published package never compiles).
set -euo pipefail
cd "$(dirname "$0")/.."

# Node is not installed here (Debian 12's own nodejs is 18): the dev tools need 20.19 or later.
if ! command -v node >/dev/null || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "setup: Node.js 20.19 or later is needed (found: $(node --version 2>/dev/null || echo none)); install it, then run this again" >&2
  exit 2
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_packages=()
for pkg in postgresql-15 postgresql-15-pglogical; do
  # Upgrade too: current minor releases matter (output plugin restrictions, security fixes).
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
     || [ -n "$(apt-get -s install --only-upgrade "$pkg" 2>/dev/null | grep '^Inst ' || true)" ]; then
    need_packages+=("$pkg")
  fi
done
if [ "${#need_packages[@]}" -gt 0 ] || ! command -v pg_ctlcluster >/dev/null; then
  echo "setup: installing ${need_packages[*]:-postgresql-15 postgresql-15-pglogical}" >&2
  $SUDO apt-get update -qq
  # The package's own cluster is not used: tests start their own clusters on loopback ports.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    postgresql-15 postgresql-15-pglogical >/dev/null
fi

echo "setup: npm ci" >&2
npm ci --no-audit --no-fund --loglevel=error
echo "setup: npm run build" >&2
npm run build --silent
