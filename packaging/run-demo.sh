#!/usr/bin/env bash
# Installs what is missing, builds, and opens the console on a demo shop (its storefront
# embedded). Without a display it runs the storefront headless instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh

data_dir="${TOPCOAT_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/topcoat-demo}"
port="${TOPCOAT_PORT:-8080}"
echo
echo "Demo shop data: $data_dir"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Opening the console; closing its window stops the storefront and flushes every order."
    echo
    exec build/app/topcoat --data-dir "$data_dir" --port "$port" --demo
fi
echo "No display: running the storefront without the console (admin token: $data_dir/admin-token)."
echo "Stop with Ctrl-C; orders are flushed before it exits."
echo
exec build/app/topcoatd --data-dir "$data_dir" --port "$port" --admin-port "${TOPCOAT_ADMIN_PORT:-8081}" --demo
