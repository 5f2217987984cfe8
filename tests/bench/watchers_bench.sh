#!/usr/bin/env bash
# Watchers benchmark: does a crowd of open storefront pages, each polling GET /api/stock every
# ~2 s like the page does, slow down checkouts on the thread-per-connection server? Runs a
# checkout load alone, then beside WATCHERS polling connections to topcoatd, then beside the
# same crowd polling nginx serving the same /api/stock bytes (the cost of the load generator
# and the crowd on this machine, without topcoatd serving it). Prints checkout p99 for each
# and their ratios; target: with watchers on topcoatd, p99 at most 2x the p99 alone.
# A measuring program, not a test: exits 0 whenever it managed to measure.
#
# Usage:
#   tests/bench/watchers_bench.sh [path/to/topcoatd]
#
# Environment:
#   TOPCOATD     server binary when no argument is given (default build/app/topcoatd)
#   DURATION     seconds per checkout run (default 10)
#   REPEATS      rounds; each round runs every phase once (default 3)
#   WATCHERS     polling connections (default 2000)
#   CHECKOUT_CONNS checkout connections (default 32)
#   KEEP=1       keep the temporary directory (logs, wrk reports, database)
#
# Requires wrk, nginx and curl.

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
TOPCOATD_BIN=${1:-${TOPCOATD:-build/app/topcoatd}}
if [[ -n "${1:-}" && "$1" != /* && -e "$1" ]]; then
    TOPCOATD_BIN="$PWD/$1"
fi
cd "$repo_root"
[[ "$TOPCOATD_BIN" == /* ]] || TOPCOATD_BIN="$repo_root/$TOPCOATD_BIN"
DURATION=${DURATION:-10}
REPEATS=${REPEATS:-3}
WATCHERS=${WATCHERS:-2000}
CHECKOUT_CONNS=${CHECKOUT_CONNS:-32}
KEEP=${KEEP:-0}

RAMP=4             # seconds for the watchers to connect and settle before checkouts start
TARGET_RATIO=2
CHECKOUT_LUA="$script_dir/checkout.lua"
WATCHER_LUA="$script_dir/stock_watcher.lua"

die() { printf 'watchers_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"

for n in DURATION REPEATS WATCHERS CHECKOUT_CONNS; do
    [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, got '${!n}'"
done
require_tools wrk nginx curl
[[ -x "$TOPCOATD_BIN" ]] || die "topcoatd not found or not executable: $TOPCOATD_BIN (build it first)"

raise_open_files $((WATCHERS + 512))

work=$(mktemp -d "${TMPDIR:-/tmp}/watchers-bench.XXXXXX")
watchers_pid=""

cleanup() {
    stop_pid "$watchers_pid"
    stop_started
    if [[ "$KEEP" == 1 ]]; then printf 'kept %s\n' "$work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== watchers benchmark =="
print_machine
echo "plan:       $REPEATS rounds x 3 phases; checkout wrk -t1 -c$CHECKOUT_CONNS ${DURATION}s; $WATCHERS watchers polling every 1.5-2.5 s"
echo

# ---------------------------------------------------------------- topcoatd and its catalog

token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
start_topcoatd "$TOPCOATD_BIN" "$work/data" "$token"
echo "topcoatd:   $store_url (pid $topcoatd_pid)"
seed_catalog "$admin_url" "$token"
lift_limits "$admin_url" "$token"

# ---------------------------------------------------------------- nginx with the same bytes

www="$work/www" ngx="$work/nginx"
mkdir -p "$www/api"
curl -sSf -o "$www/api/stock" "$store_url/api/stock" || die "GET /api/stock failed"
echo "stock body: $(wc -c <"$www/api/stock") bytes, $SKU_COUNT products"
start_nginx "$www" "$ngx" /api/stock 'add_header Cache-Control no-cache;'
echo "nginx:      $nginx_url (pid $nginx_pid), same /api/stock bytes"
echo

# ---------------------------------------------------------------- runs

phases=(alone topcoatd nginx)
declare -A label=([alone]="checkout alone" [topcoatd]="checkout + watchers on topcoatd"
                  [nginx]="checkout + watchers on nginx")
declare -A p50 p99 rps
run_tag="w$$x$RANDOM"

echo "== runs =="
for ((round = 1; round <= REPEATS; round++)); do
    # Each round starts with a different phase, so whatever the previous phase leaves behind
    # (closing sockets, a cooling cache) does not always fall on the same one.
    order=()
    for ((i = 0; i < ${#phases[@]}; i++)); do
        order+=("${phases[(i + round - 1) % ${#phases[@]}]}")
    done
    for phase in "${order[@]}"; do
        watch_report="$work/$round-$phase-watchers.txt"
        if [[ "$phase" != alone ]]; then
            target=$store_url
            [[ "$phase" == nginx ]] && target=$nginx_url
            wrk -t2 "-c$WATCHERS" "-d$((DURATION + RAMP + 2))s" --timeout 10s --latency \
                -s "$WATCHER_LUA" "$target/api/stock" >"$watch_report" 2>&1 &
            watchers_pid=$!
            sleep "$RAMP"
        fi
        report="$work/$round-$phase.txt"
        wrk -t1 "-c$CHECKOUT_CONNS" "-d${DURATION}s" --latency -s "$CHECKOUT_LUA" \
            "$store_url/api/checkout" -- "${run_tag}r${round}$phase" >"$report" 2>&1 || true
        key="$phase,$round"
        rps[$key]=$(wrk_rps "$report")
        p50[$key]=$(wrk_percentile_ms "$report" 50)
        p99[$key]=$(wrk_percentile_ms "$report" 99)
        printf '  round %d  %-34s %9s checkouts/s  p50 %7s ms  p99 %7s ms  non-2xx %s  socket c/r/w/t %s\n' \
            "$round" "${label[$phase]}" "$(fmt "${rps[$key]}" 0)" "$(fmt "${p50[$key]}" 3)" \
            "$(fmt "${p99[$key]}" 3)" "$(wrk_non2xx "$report")" "$(wrk_socket_errors "$report" | tr ' ' /)"
        if [[ -n "$watchers_pid" ]]; then
            wait "$watchers_pid" 2>/dev/null || true
            watchers_pid=""
            printf '           watchers: %9s polls/s  p99 %7s ms  %s  socket c/r/w/t %s\n' \
                "$(fmt "$(wrk_rps "$watch_report")" 0)" "$(fmt "$(wrk_percentile_ms "$watch_report" 99)" 3)" \
                "$(grep -m1 'watcher statuses' "$watch_report" || echo 'statuses: NA')" \
                "$(wrk_socket_errors "$watch_report" | tr ' ' /)"
        fi
        sleep 1
    done
done
echo

declare -A med
for phase in "${phases[@]}"; do
    mapfile -t v < <(round_values p99 "$phase"); med[$phase]=$(median "${v[@]}")
done
with_topcoatd=$(ratio "${med[topcoatd]}" "${med[alone]}")
with_nginx=$(ratio "${med[nginx]}" "${med[alone]}")
echo "== summary: medians over $REPEATS rounds =="
printf '%-36s %10s\n' "phase" "p99 ms"
for phase in "${phases[@]}"; do
    printf '%-36s %10s\n' "${label[$phase]}" "$(fmt "${med[$phase]}" 3)"
done
echo "checkout p99 with $WATCHERS watchers on topcoatd / alone: ${with_topcoatd}x (target <= ${TARGET_RATIO}x)"
echo "checkout p99 with $WATCHERS watchers on nginx / alone:    ${with_nginx}x (the same crowd served elsewhere)"
verdict=$(awk -v r="$with_topcoatd" -v t="$TARGET_RATIO" 'BEGIN { print (r != "NA" && r + 0 <= t + 0 ? "PASS" : "FAIL") }')
echo "$verdict: watchers cost checkouts at most ${TARGET_RATIO}x p99"
