#!/usr/bin/env bash
# Installs what is missing, builds, and starts the storefront on a demo shop.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/build.sh

data_dir="${TOPCOAT_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/topcoat-demo}"
port="${TOPCOAT_PORT:-8080}"
admin_port="${TOPCOAT_ADMIN_PORT:-8081}"
echo
echo "Demo shop data: $data_dir (admin token: $data_dir/admin-token)"
echo "Stop with Ctrl-C; orders are flushed before it exits."
echo
exec build/app/topcoatd --data-dir "$data_dir" --port "$port" --admin-port "$admin_port" --demo
