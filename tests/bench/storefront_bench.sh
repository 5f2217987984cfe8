#!/usr/bin/env bash
# Storefront benchmark: how topcoatd's catalog and checkout throughput compare
# with a private nginx serving the same catalog bytes from disk, on the same
# machine, in the same run. Prints figures and a PASS/FAIL line per target;
# it is a measuring program, not a test, so it exits 0 whenever it managed to
# measure (non-zero only when it could not run at all).
#
# Usage:
#   tests/bench/storefront_bench.sh [path/to/topcoatd]
#
# Environment:
#   TOPCOATD     server binary when no argument is given (default build/app/topcoatd,
#                relative to the repository root)
#   DURATION     seconds per wrk run (default 10)
#   REPEATS      rounds; each round runs every phase once (default 3)
#   DURABILITY   process | power, passed as --durability (default process)
#   KEEP=1       keep the temporary directory (logs, wrk reports, database)
#   SETTLE       seconds to pause between wrk runs (default 1)
#
# Requires wrk, nginx, sqlite3 and curl; python3 (optional) adds a count of
# orders through the admin API to the durability check.

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)

# A path given on the command line means what it meant where the caller typed
# it; TOPCOATD and the default are relative to the repository root.
TOPCOATD_BIN=${1:-${TOPCOATD:-build/app/topcoatd}}
if [[ -n "${1:-}" && "$1" != /* && -e "$1" ]]; then
    TOPCOATD_BIN="$PWD/$1"
fi
cd "$repo_root"
# Absolute from here on, so a bare name is never looked up on PATH.
[[ "$TOPCOATD_BIN" == /* ]] || TOPCOATD_BIN="$repo_root/$TOPCOATD_BIN"
DURATION=${DURATION:-10}
REPEATS=${REPEATS:-3}
DURABILITY=${DURABILITY:-process}
KEEP=${KEEP:-0}
SETTLE=${SETTLE:-1}

CONNS=64          # the ordinary load level for every phase
HIGH_CONNS=1000   # the many-idle-clients level for the catalog
SHUTDOWN_TIMEOUT=120

# Targets, as fractions of the nginx static-file rate and absolute limits.
TARGET_CATALOG_RATIO=0.5
TARGET_CHECKOUT_RATIO=0.3
TARGET_HIGH_P99_MS=100

CHECKOUT_LUA="$script_dir/checkout.lua"
QUEUE_LUA="$script_dir/queue_join.lua"

die() { printf 'storefront_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"

# ---------------------------------------------------------------- arguments

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive integer (seconds), got '$DURATION'"
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer, got '$REPEATS'"
[[ "$SETTLE" =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer, got '$SETTLE'"
case "$DURABILITY" in
    process|power) ;;
    *) die "DURABILITY must be 'process' or 'power', got '$DURABILITY'" ;;
esac

# The benchmark installs nothing; the project's install script does that.
require_tools wrk nginx sqlite3 curl
[[ -f "$CHECKOUT_LUA" ]] || die "missing $CHECKOUT_LUA"
[[ -x "$TOPCOATD_BIN" ]] || die "topcoatd binary not found or not executable: $TOPCOATD_BIN (build it first, or pass its path)"

# 1000 client sockets live in wrk and 1000 more in topcoatd; both inherit this limit.
raise_open_files $((HIGH_CONNS + 256))

# ---------------------------------------------------------------- cleanup

work=$(mktemp -d "${TMPDIR:-/tmp}/storefront-bench.XXXXXX")

cleanup() {
    stop_started
    if [[ "$KEEP" == 1 ]]; then
        printf 'kept %s\n' "$work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

runs="$work/runs"
mkdir -p "$runs"

# ---------------------------------------------------------------- machine

echo "== storefront benchmark =="
print_machine
echo "wrk:        $(wrk -v 2>&1 | head -n1 | sed 's/ Copyright.*//')"
echo "nginx:      $(nginx -v 2>&1)"
echo "topcoatd:   $TOPCOATD_BIN (--durability $DURABILITY)"
echo "plan:       $REPEATS rounds x 4 phases x ${DURATION}s, open-file limit $nofile"
echo "workdir:    $work"
echo

# ---------------------------------------------------------------- topcoatd

data_dir="$work/data"
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
start_topcoatd "$TOPCOATD_BIN" "$data_dir" "$token" --durability "$DURABILITY"
echo "topcoatd:   storefront $store_url, admin $admin_url (pid $topcoatd_pid)"

# ---------------------------------------------------------------- catalog seed

seed_catalog "$admin_url" "$token"
echo "seeded:     $SKU_COUNT products, stock $SKU_STOCK each"
lift_limits "$admin_url" "$token"

# ---------------------------------------------------------------- nginx baseline
# The baseline is the very bytes topcoatd returns for /api/products, served by
# nginx from a file under the same path, so both answer an identical request
# with an identical body.

www="$work/www"
ngx="$work/nginx"
mkdir -p "$www/api"
code=$(curl -sS -o "$www/api/products" -w '%{http_code}' "$store_url/api/products") || code=000
[[ "$code" == 200 ]] || die "GET /api/products: HTTP $code"
grep -q "NP-$(printf '%03d' "$SKU_COUNT")" "$www/api/products" || die "catalog response does not list all $SKU_COUNT SKUs"
catalog_bytes=$(wc -c <"$www/api/products")
echo "catalog:    $catalog_bytes bytes"
start_nginx "$www" "$ngx" /api/products
echo "nginx:      $nginx_url (pid $nginx_pid)"
echo

# ---------------------------------------------------------------- measurement
# Each round runs all four phases back to back, so slow drift and bursts from
# neighbours on a shared machine land on every phase rather than on one.

phases=(nginx catalog catalog_limited checkout catalog_high queue_join)
declare -A label=(
    [nginx]="nginx static /api/products"
    [catalog]="topcoatd GET /api/products"
    [catalog_limited]="  same, rate limiter deciding"
    [checkout]="topcoatd POST /api/checkout"
    [catalog_high]="topcoatd GET /api/products"
    [queue_join]="topcoatd POST /api/queue"
)
declare -A conns=([nginx]=$CONNS [catalog]=$CONNS [catalog_limited]=$CONNS [checkout]=$CONNS
                  [catalog_high]=$HIGH_CONNS [queue_join]=$CONNS)
declare -A rps p50 p99 reqs non2xx sockerr

run_tag="$$x$RANDOM"   # keeps checkout customers unique across benchmark runs

phase_cmd() { # phase round -> sets cmd array
    local phase=$1 round=$2
    cmd=(wrk -t1 "-c${conns[$phase]}" "-d${DURATION}s" --latency)
    case "$phase" in
        nginx)        cmd+=("$nginx_url/api/products") ;;
        catalog)      cmd+=("$store_url/api/products") ;;
        checkout)     cmd+=(-s "$CHECKOUT_LUA" "$store_url/api/checkout" -- "${run_tag}r$round") ;;
        catalog_high) cmd+=("$store_url/api/products") ;;
        catalog_limited) cmd+=("$store_url/api/products") ;;
        # Three seconds: long enough for well over 10,000 tickets, short enough to stay under
        # the room's 250,000-ticket cap, past which joins are answered 503.
        queue_join)   cmd=(wrk -t1 "-c${conns[$phase]}" -d3s --latency
                           -s "$QUEUE_LUA" "$store_url/api/queue" -- "${run_tag}r$round") ;;
    esac
}

# Before each phase: the protection it measures, and none otherwise. The limiter's phase
# sets a rate no client reaches, so it decides every request and refuses none; the queue's
# admits one a minute, so every join adds to the line. Switching the room off between
# rounds forgets the line.
phase_setup() { # phase
    case "$1" in
        catalog_limited) protect "$admin_url" "$token" '{"client_rate":{"per_second":1000000,"burst":1000000}}' ;;
        queue_join) protect "$admin_url" "$token" '{"waiting_room":{"enabled":true,"admit_per_minute":1,"randomize_before_open":false}}' ;;
        *) protect "$admin_url" "$token" '{"client_rate":{"per_second":0},"waiting_room":{"enabled":false}}' ;;
    esac
}

queue_length() {
    curl -sSf -H "Authorization: Bearer $token" "$admin_url/admin/stats" |
        sed -n 's/.*"waiting":\([0-9]*\).*/\1/p'
}
declare -A queued

echo "== runs =="
for ((round = 1; round <= REPEATS; round++)); do
    for phase in "${phases[@]}"; do
        phase_setup "$phase"
        phase_cmd "$phase" "$round"
        report="$runs/$round-$phase.txt"
        printf '$ %s\n' "${cmd[*]}"
        "${cmd[@]}" >"$report" 2>&1 || true
        key="$phase,$round"
        rps[$key]=$(wrk_rps "$report")
        p50[$key]=$(wrk_percentile_ms "$report" 50)
        p99[$key]=$(wrk_percentile_ms "$report" 99)
        reqs[$key]=$(wrk_requests "$report")
        non2xx[$key]=$(wrk_non2xx "$report")
        sockerr[$key]=$(wrk_socket_errors "$report")
        read -r c r w t <<<"${sockerr[$key]}"
        printf '  round %d  %-28s c=%-4d %10s req/s  p50 %8s ms  p99 %8s ms  requests %s  non-2xx %s  socket c/r/w/t %s/%s/%s/%s\n' \
            "$round" "${label[$phase]}" "${conns[$phase]}" "$(fmt "${rps[$key]}")" \
            "$(fmt "${p50[$key]}" 3)" "$(fmt "${p99[$key]}" 3)" "${reqs[$key]}" "${non2xx[$key]}" "$c" "$r" "$w" "$t"
        if [[ "${rps[$key]}" == NA ]]; then
            printf '    (no figures; wrk said: %s)\n' "$(tail -n 3 "$report" | tr '\n' ' ')"
        fi
        if [[ "$phase" == queue_join ]]; then
            queued[$round]=$(queue_length)
            printf '    tickets waiting in line at the end: %s\n' "${queued[$round]}"
        fi
        sleep "$SETTLE"
    done
done
echo

# ---------------------------------------------------------------- summary

declare -A med_rps med_p50 med_p99 max_p99
for phase in "${phases[@]}"; do
    mapfile -t v < <(round_values rps "$phase");  med_rps[$phase]=$(median "${v[@]}")
    mapfile -t v < <(round_values p50 "$phase");  med_p50[$phase]=$(median "${v[@]}")
    mapfile -t v < <(round_values p99 "$phase");  med_p99[$phase]=$(median "${v[@]}")
    max_p99[$phase]=$(largest "${v[@]}")
done

echo "== summary: durability=$DURABILITY, $REPEATS rounds x ${DURATION}s, wrk -t1, medians over rounds =="
printf '%-30s %6s %12s %17s %9s %9s %9s %9s\n' phase conns "req/s" "min..max" "p50 ms" "p99 ms" "p99 max" "non-2xx"
for phase in "${phases[@]}"; do
    mapfile -t v < <(round_values rps "$phase")
    read -r lo hi <<<"$(minmax "${v[@]}")"
    total_non2xx=0
    for ((round = 1; round <= REPEATS; round++)); do
        total_non2xx=$((total_non2xx + ${non2xx[$phase,$round]}))
    done
    printf '%-30s %6d %12s %17s %9s %9s %9s %9d\n' "${label[$phase]}" "${conns[$phase]}" \
        "$(fmt "${med_rps[$phase]}" 0)" "$lo..$hi" "$(fmt "${med_p50[$phase]}" 3)" \
        "$(fmt "${med_p99[$phase]}" 3)" "$(fmt "${max_p99[$phase]}" 3)" "$total_non2xx"
done
echo

catalog_ratio=$(ratio "${med_rps[catalog]}" "${med_rps[nginx]}")
limited_ratio=$(ratio "${med_rps[catalog_limited]}" "${med_rps[catalog]}")
queue_ratio=$(ratio "${med_rps[queue_join]}" "${med_rps[nginx]}")
mapfile -t v < <(for ((round = 1; round <= REPEATS; round++)); do echo "${queued[$round]:-NA}"; done)
queued_median=$(median "${v[@]}")
checkout_ratio=$(ratio "${med_rps[checkout]}" "${med_rps[nginx]}")

# Socket errors at 1000 connections are summed over every round: one round
# that drops connections is a failure even if the median round is clean.
hc=0; hr=0; hw=0; ht=0; high_na=0
for ((round = 1; round <= REPEATS; round++)); do
    read -r c r w t <<<"${sockerr[catalog_high,$round]}"
    hc=$((hc + c)); hr=$((hr + r)); hw=$((hw + w)); ht=$((ht + t))
    [[ "${rps[catalog_high,$round]}" == NA ]] && high_na=1
done
high_errors=$((hc + hr + hw + ht))
if ((high_errors == 0 && !high_na)); then high_verdict=PASS; else high_verdict=FAIL; fi

echo "== targets =="
printf '%-44s %-34s %s\n' \
    "catalog / nginx req/s" "$catalog_ratio (target >= $TARGET_CATALOG_RATIO)" "$(at_least "$catalog_ratio" "$TARGET_CATALOG_RATIO")" \
    "checkout / nginx req/s" "$checkout_ratio (target >= $TARGET_CHECKOUT_RATIO)" "$(at_least "$checkout_ratio" "$TARGET_CHECKOUT_RATIO")" \
    "$HIGH_CONNS conns: socket errors, all rounds" "$high_errors (target 0)" "$high_verdict" \
    "$HIGH_CONNS conns: p99 (median of rounds)" "$(fmt "${med_p99[catalog_high]}" 3) ms (target < $TARGET_HIGH_P99_MS ms)" "$(below "${med_p99[catalog_high]}" "$TARGET_HIGH_P99_MS")"
printf '%-44s connect %d, read %d, write %d, timeout %d\n' "$HIGH_CONNS conns: socket errors by kind" "$hc" "$hr" "$hw" "$ht"
printf '%-44s %s\n' \
    "rate limiter: catalog req/s with / without" "$limited_ratio (its cost per decision: protection_bench)" \
    "waiting room joins / nginx req/s" "$queue_ratio, $(fmt "${med_p99[queue_join]}" 3) ms p99, $queued_median tickets in line (target 10,000 at once)"
echo

# ---------------------------------------------------------------- durability check
# wrk counts only responses it read in full, so confirmed orders seen by the
# client = completed requests - non-2xx responses, over all checkout runs.
# When a run ends, wrk drops the requests still in flight (at most one per
# connection, plus any whose connection failed mid-request); the server may
# well have confirmed those, so the database may legitimately hold up to that
# many more orders than wrk saw. Fewer is never legitimate: it means an order
# acknowledged with 201 did not survive shutdown.

created=0; checkout_total=0; checkout_non2xx=0; inflight_bound=0; checkout_na=0
for ((round = 1; round <= REPEATS; round++)); do
    key="checkout,$round"
    if [[ "${reqs[$key]}" == NA ]]; then checkout_na=1; continue; fi
    checkout_total=$((checkout_total + ${reqs[$key]}))
    checkout_non2xx=$((checkout_non2xx + ${non2xx[$key]}))
    read -r c r w t <<<"${sockerr[$key]}"
    inflight_bound=$((inflight_bound + CONNS + r + w))
done
created=$((checkout_total - checkout_non2xx))

# The server's own count before shutdown, through the admin API, makes the
# comparison with the database exact. Optional: it needs python3 for JSON.
api_orders=NA
if command -v python3 >/dev/null 2>&1; then
    api_orders=$(ADMIN_URL="$admin_url" TOKEN="$token" python3 - <<'EOF' 2>"$work/admin_orders.err" || echo NA
import json, os, urllib.parse, urllib.request
base, token = os.environ["ADMIN_URL"], os.environ["TOKEN"]
count, after = 0, None
while True:
    url = base + "/admin/orders?limit=1000"
    if after is not None:
        url += "&after=" + urllib.parse.quote(str(after), safe="")
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=30) as resp:
        page = json.load(resp)
    count += len(page["orders"])
    after = page.get("next")
    if after is None or not page["orders"]:
        break
print(count)
EOF
)
    [[ "$api_orders" =~ ^[0-9]+$ ]] || api_orders=NA
fi

# The server's own count of 201s it sent: every one of them must be in the database.
server_confirmed=$(curl -sSf "${admin_url%/}/metrics" 2>/dev/null |
    awk '$1 == "topcoat_checkouts_total{outcome=\"confirmed\"}" { print $2 }')
[[ "$server_confirmed" =~ ^[0-9]+$ ]] || server_confirmed=NA

# SIGTERM must flush everything; then the database file is the ground truth.
kill -TERM "$topcoatd_pid" 2>/dev/null || true
exit_status=timeout
for ((i = 0; i < SHUTDOWN_TIMEOUT * 10; i++)); do
    if ! kill -0 "$topcoatd_pid" 2>/dev/null; then
        exit_status=0
        wait "$topcoatd_pid" || exit_status=$?
        break
    fi
    sleep 0.1
done
if [[ "$exit_status" == timeout ]]; then
    exit_status="none: still running after ${SHUTDOWN_TIMEOUT}s, killed"
    kill -KILL "$topcoatd_pid" 2>/dev/null || true
    wait "$topcoatd_pid" 2>/dev/null || true
fi
forget_pid "$topcoatd_pid"

db_orders=$(sqlite3 "$data_dir/topcoat.db" 'select count(*) from orders' 2>"$work/sqlite.err") || db_orders=NA

echo "== durability check (durability=$DURABILITY) =="
printf '%-52s %s\n' \
    "checkout requests completed (wrk, all rounds)" "$checkout_total" \
    "  of which non-2xx" "$checkout_non2xx" \
    "  of which 201 (orders confirmed to the client)" "$created" \
    "orders listed by GET /admin/orders before SIGTERM" "$api_orders" \
    "201s sent, by the server's /metrics" "$server_confirmed" \
    "topcoatd exit status after SIGTERM" "$exit_status" \
    "orders in topcoat.db after exit" "$db_orders"
if [[ "$db_orders" == NA ]]; then
    verdict="MISMATCH (could not read the database: $(head -n1 "$work/sqlite.err"))"
elif ((checkout_na)); then
    verdict="MISMATCH (a checkout run produced no figures, so the 201 count is unknown)"
elif [[ "$server_confirmed" != NA && "$server_confirmed" != "$db_orders" ]]; then
    verdict="MISMATCH (server sent $server_confirmed 201s, database holds $db_orders orders)"
elif [[ "$api_orders" != NA && "$api_orders" != "$db_orders" ]]; then
    verdict="MISMATCH (server listed $api_orders orders before SIGTERM, database holds $db_orders)"
elif ((db_orders < created)); then
    verdict="MISMATCH ($((created - db_orders)) orders confirmed with 201 are missing from the database)"
elif ((db_orders == created)); then
    verdict="MATCH (every 201 the server sent is in the database)"
elif ((db_orders - created <= inflight_bound)); then
    verdict="MATCH (every 201 the server sent is in the database; wrk stopped before reading $((db_orders - created)) of them, at most $inflight_bound)"
else
    verdict="MISMATCH (database has $((db_orders - created)) more orders than wrk saw; in-flight requests explain at most $inflight_bound)"
fi
if [[ "$exit_status" != 0 ]]; then
    verdict="$verdict; note: topcoatd exit status $exit_status, expected 0"
fi
printf '%-52s %s\n' "durable check" "$verdict"
