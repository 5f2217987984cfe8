#!/usr/bin/env bash
# Installs the browser tests' npm packages (package-lock.json, exact versions) into DIR, a
# folder of the build tree, so the source tree stays clean. Does nothing when DIR already
# holds this lock's packages; `npm ci` otherwise.
#
# Usage: tests/e2e/install.sh DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:?usage: install.sh DIR}
mkdir -p "$dir"
stamp="$dir/node_modules/.topcoat-lock"
if [[ -f "$stamp" ]] && cmp -s "$stamp" "$here/package-lock.json"; then
    exit 0
fi
command -v npm >/dev/null || { echo "install.sh: npm is missing; run packaging/install-deps.sh" >&2; exit 1; }
cp "$here/package.json" "$here/package-lock.json" "$dir/"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
cp "$here/package-lock.json" "$stamp"
