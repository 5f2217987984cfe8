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

SKU_COUNT=50       # must match sku_count in checkout.lua
STOCK=10000000     # per SKU; no run can sell out
RAMP=4             # seconds for the watchers to connect and settle before checkouts start
TARGET_RATIO=2
CHECKOUT_LUA="$script_dir/checkout.lua"
WATCHER_LUA="$script_dir/stock_watcher.lua"

die() { printf 'watchers_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"

for n in DURATION REPEATS WATCHERS CHECKOUT_CONNS; do
    [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, got '${!n}'"
done
missing=()
declare -A apt_pkg=([wrk]=wrk [nginx]=nginx-light [curl]=curl)
for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${apt_pkg[$tool]}")
done
((${#missing[@]} == 0)) || die "missing tools; install them with: apt-get install -y ${missing[*]}"
[[ -x "$TOPCOATD_BIN" ]] || die "topcoatd not found or not executable: $TOPCOATD_BIN (build it first)"

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n)
if [[ "$nofile" != unlimited ]] && ((nofile < WATCHERS + 512)); then
    die "open-file limit is $nofile; $WATCHERS watchers need at least $((WATCHERS + 512))"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/watchers-bench.XXXXXX")
topcoatd_pid=""
nginx_pid=""
watchers_pid=""

cleanup() {
    stop_pid "$watchers_pid"
    stop_pid "$nginx_pid"
    stop_pid "$topcoatd_pid"
    if [[ "$KEEP" == 1 ]]; then printf 'kept %s\n' "$work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== watchers benchmark =="
echo "machine:    $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
echo "load avg:   $(cut -d' ' -f1-3 /proc/loadavg) (at start; the machine may be shared)"
echo "plan:       $REPEATS rounds x 3 phases; checkout wrk -t1 -c$CHECKOUT_CONNS ${DURATION}s; $WATCHERS watchers polling every 1.5-2.5 s"
echo

# ---------------------------------------------------------------- topcoatd and its catalog

data_dir="$work/data"
mkdir -p "$data_dir"
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
cmd=("$TOPCOATD_BIN" --data-dir "$data_dir" --port 0 --admin-port 0 --bind 127.0.0.1 --admin-token "$token")
command -v stdbuf >/dev/null 2>&1 && cmd=(stdbuf -oL "${cmd[@]}")
"${cmd[@]}" >"$work/topcoatd.out" 2>"$work/topcoatd.err" &
topcoatd_pid=$!
store_url="" admin_url=""
for ((i = 0; i < 300; i++)); do
    store_url=$(sed -n 's#^storefront listening on \(http://[^[:space:]]*\).*#\1#p' "$work/topcoatd.out" | head -n1)
    admin_url=$(sed -n 's#^admin listening on \(http://[^[:space:]]*\).*#\1#p' "$work/topcoatd.out" | head -n1)
    [[ -n "$store_url" && -n "$admin_url" ]] && break
    kill -0 "$topcoatd_pid" 2>/dev/null || die "topcoatd exited during startup: $(tail -n 5 "$work/topcoatd.err")"
    sleep 0.1
done
[[ -n "$store_url" ]] || die "topcoatd did not print its listening lines"
echo "topcoatd:   $store_url (pid $topcoatd_pid)"

for ((i = 1; i <= SKU_COUNT; i++)); do
    sku=$(printf 'NP-%03d' "$i")
    body=$(printf '{"sku":"%s","name":"Bench polish %d","shade_hex":"#%06x","price_cents":1200,"stock":%d}' \
        "$sku" "$i" $((i * 333331 % 16777216)) "$STOCK")
    code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data "$body" "$admin_url/admin/products") || code=000
    [[ "$code" == 201 ]] || die "seeding $sku: HTTP $code"
done
# wrk is one client on one address: measure the engine, not the per-client rate limit.
curl -sSf -o /dev/null -X PUT -H "Authorization: Bearer $token" \
    --data '{"client_rate":{"per_second":0},"max_in_flight":0}' "$admin_url/admin/protection" ||
    die "could not lift the per-client rate limit"

# ---------------------------------------------------------------- nginx with the same bytes

www="$work/www" ngx="$work/nginx"
mkdir -p "$www/api" "$ngx/tmp"
curl -sSf -o "$www/api/stock" "$store_url/api/stock" || die "GET /api/stock failed"
echo "stock body: $(wc -c <"$www/api/stock") bytes, $SKU_COUNT products"
user_line=""
[[ "$(id -u)" == 0 ]] && user_line="user root;"
nginx_url=""
for ((attempt = 0; attempt < 10; attempt++)); do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    cat >"$ngx/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes auto;
worker_rlimit_nofile $nofile;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    types { }
    default_type application/json;
    server { listen 127.0.0.1:$port; root $www; add_header Cache-Control no-cache; }
}
CONF
    nginx_args=(-p "$ngx" -c "$ngx/nginx.conf")
    nginx -h 2>&1 | grep -q -- '-e filename' && nginx_args+=(-e "$ngx/error.log")
    nginx "${nginx_args[@]}" >"$ngx/stdout.log" 2>&1 &
    nginx_pid=$!
    for ((i = 0; i < 50; i++)); do
        if curl -sf -o /dev/null "http://127.0.0.1:$port/api/stock"; then nginx_url="http://127.0.0.1:$port"; break; fi
        kill -0 "$nginx_pid" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n "$nginx_url" ]] && break
    stop_pid "$nginx_pid"; nginx_pid=""
done
[[ -n "$nginx_url" ]] || die "could not start the reference nginx"
cmp -s "$www/api/stock" <(curl -sS "$nginx_url/api/stock") || die "nginx does not return the same bytes"
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

values() { local -n map=$1; local r; for ((r = 1; r <= REPEATS; r++)); do printf '%s\n' "${map[$2,$r]}"; done; }
declare -A med
for phase in "${phases[@]}"; do
    mapfile -t v < <(values p99 "$phase"); med[$phase]=$(median "${v[@]}")
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
