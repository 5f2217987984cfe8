#!/usr/bin/env bash
# How much CPU the console itself uses while charting a storefront under load.
#
# A topcoatd runs in its own process with a wrk checkout load against it; the console attaches
# to it remotely (so its process holds only the UI), on a virtual X display. The console's CPU
# time is read from /proc before and after the measured window.
#
#   tests/bench/console_cpu.sh [seconds]        (default 30)
#   TOPCOAT_SCREEN=protection tests/bench/...   (the screen in front; default the dashboard)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-30}"
console="${TOPCOAT_CONSOLE:-build/app/topcoat}"
for tool in wrk Xvfb curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool: bash packaging/install-deps.sh" >&2; exit 1; }
done

source packaging/demo-server.sh
start_demo_topcoatd bench
# wrk is one client on one address, far above a customer's rate.
curl -sf -o /dev/null -H "Authorization: Bearer bench" -X PUT "$admin_url/admin/protection" \
    -d '{"client_rate":{"per_second":0},"max_in_flight":0}'
# Plenty of stock so the load is confirmed checkouts, not sold-outs.
for sku in $(seq -f "NP-%03g" 1 24); do
    curl -sf -o /dev/null -H "Authorization: Bearer bench" -X POST \
        "$admin_url/admin/products/$sku/restock" -d '{"quantity":10000000}'
done

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
pids+=($!)
sleep 1
XDG_CONFIG_HOME="$work/config" DISPLAY="$display" "$console" --remote "$admin_url" --token bench \
    --show "${TOPCOAT_SCREEN:-dashboard}" >"$work/console.out" 2>"$work/console.err" &
console_pid=$!
pids+=("$console_pid")
sleep 5 # let the console draw its first frames before measuring

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

wrk -t1 -c32 -d"$((seconds + 4))s" -s tests/bench/checkout.lua "$store_url/api/checkout" \
    >"$work/wrk.txt" 2>&1 &
pids+=($!)
sleep 2
before=$(cpu_ticks "$console_pid")
sleep "$seconds"
after=$(cpu_ticks "$console_pid")
wait "${pids[-1]}" || true

used=$(awk -v t="$((after - before))" -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.1f", 100 * t / hz / s }')
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load: $(grep 'Requests/sec' "$work/wrk.txt" | xargs) (wrk -t1 -c32 POST /api/checkout)"
echo "console CPU over ${seconds}s while charting at 1 Hz: ${used}% of one core (target < 5%)"
