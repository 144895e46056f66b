#!/usr/bin/env bash
# Build the dashboard's front end (web/ -> flashpoint/web/static/build/) with the pinned npm packages of
# web/package-lock.json. Needs Node.js >= 18 and npm: Debian's packages are installed when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../web"
need_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]
}
if ! need_node; then
  echo "Node.js >= 18 not found: installing Debian's nodejs and npm"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
  need_node || { echo "the dashboard needs Node.js >= 18 and npm to build (https://nodejs.org)"; exit 1; }
fi
# the exact versions of package-lock.json; no install scripts run (esbuild's binary comes as its own package)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
node build.mjs
