#!/usr/bin/env bash
# Front-door benchmark: a new topcoatd against an old build and against nginx serving the same
# bytes, in one run, each round running every phase on every server back to back (in an order
# that alternates between rounds) so a shared machine's noise lands on all of them alike.
# Figures are medians over rounds, for the new server and the old one:
#   1. GET /api/products and POST /api/checkout at wrk -t1 -c64, as ratios to nginx serving
#      the same /api/products bytes (targets: catalog >= 0.7x, checkout >= 0.4x nginx);
#   2. checkout p99 at wrk -t1 -c32 beside POLLERS connections polling /api/stock every
#      POLL_INTERVAL s like an open page (If-None-Match of the last ETag), against checkout
#      alone (target <= 2x);
#   3. memory per idle connection: a fresh server's VmRSS before and after IDLE keep-alive
#      connections that each sent one request, divided by the connections it held (< 16 KiB);
#   4. checkout beside SLOW connections that send a partial request head and then one byte
#      every SLOW_INTERVAL s: customers' errors (target 0) and p99 against alone (<= 2x).
# A measuring program, not a test: exits 0 whenever it managed to measure.
#
# Usage:
#   tests/bench/front_door_bench.sh [path/to/new/topcoatd]
#
# Environment:
#   TOPCOATD       new server when no argument is given (default build/app/topcoatd)
#   BEFORE         old server (default /tmp/topcoatd-before if it exists; "none": new only)
#   CROWD          crowd generator (default build/tests/bench/connection_crowd)
#   DURATION       seconds per wrk run (default 10)
#   REPEATS        rounds (default 3)
#   POLLERS        polling connections (default 20000; lowered to fit the open-file hard limit)
#   POLL_INTERVAL  seconds between one page's polls (default 5)
#   IDLE           idle connections for the memory figure (default 10000)
#   SLOW           slow-header connections (default 2000)
#   SLOW_INTERVAL  seconds between one slow connection's bytes (default 3)
#   SETTLE         seconds to pause after each run (default 2)
#   KEEP=1         keep the temporary directory (logs, wrk and crowd reports)
#
# Requires wrk, nginx and curl, and connection_crowd built:
#   cmake --build build --target topcoatd connection_crowd

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)

# Paths given on the command line or in the environment mean what they meant where the caller
# typed them; the defaults are relative to the repository root.
absolute() { [[ "$1" == /* || ! -e "$1" ]] && printf '%s\n' "$1" || printf '%s/%s\n' "$PWD" "$1"; }
NEW_BIN=$(absolute "${1:-${TOPCOATD:-$repo_root/build/app/topcoatd}}")
if [[ -z "${BEFORE+set}" ]]; then
    BEFORE_BIN=/tmp/topcoatd-before
    [[ -x "$BEFORE_BIN" ]] || BEFORE_BIN=none
else
    BEFORE_BIN=$BEFORE
    [[ "$BEFORE_BIN" == none || -z "$BEFORE_BIN" ]] && BEFORE_BIN=none || BEFORE_BIN=$(absolute "$BEFORE_BIN")
fi
CROWD_BIN=$(absolute "${CROWD:-$repo_root/build/tests/bench/connection_crowd}")
cd "$repo_root"

DURATION=${DURATION:-10}
REPEATS=${REPEATS:-3}
POLLERS=${POLLERS:-20000}
POLL_INTERVAL=${POLL_INTERVAL:-5}
IDLE=${IDLE:-10000}
SLOW=${SLOW:-2000}
SLOW_INTERVAL=${SLOW_INTERVAL:-3}
SETTLE=${SETTLE:-2}
KEEP=${KEEP:-0}

CONNS=64               # catalog and checkout throughput
CHECKOUT_CONNS=32      # the customers beside a crowd
CHECKOUT_TIMEOUT=10    # seconds a customer's checkout may take before wrk counts a timeout
POLL_TIMEOUT=10        # seconds a page waits for a poll's answer
IDLE_TIMEOUT=5         # an idle connection's one answer; short, so the old server's 15 s
                       # keep-alive has not closed the answered ones when RSS is read
RAMP_TIMEOUT=60        # a crowd is ready at the latest this long after it starts
FD_RESERVE=300         # a server's own files besides a crowd's sockets: database, logs, wrk's

TARGET_CATALOG=0.7
TARGET_CHECKOUT=0.4
TARGET_CROWD_P99=2
TARGET_IDLE_KIB=16

CHECKOUT_LUA="$script_dir/checkout.lua"

die() { printf 'front_door_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"

# ---------------------------------------------------------------- arguments

for n in DURATION REPEATS POLLERS IDLE SLOW; do
    [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, got '${!n}'"
done
for n in POLL_INTERVAL SLOW_INTERVAL; do
    [[ "${!n}" =~ ^[0-9]+(\.[0-9]+)?$ && "${!n}" != 0 ]] || die "$n must be a positive number of seconds, got '${!n}'"
done
[[ "$SETTLE" =~ ^[0-9]+$ ]] || die "SETTLE must be a non-negative integer, got '$SETTLE'"
require_tools wrk nginx curl
[[ -f "$CHECKOUT_LUA" ]] || die "missing $CHECKOUT_LUA"
[[ -x "$NEW_BIN" ]] || die "new topcoatd not found or not executable: $NEW_BIN (build it first, or pass its path)"
[[ "$BEFORE_BIN" == none || -x "$BEFORE_BIN" ]] || die "old topcoatd not found or not executable: $BEFORE_BIN"
[[ -x "$CROWD_BIN" ]] || die "connection_crowd not found: $CROWD_BIN (cmake --build build --target connection_crowd)"

# Every process inherits the open-file limit raised here; the new server raises its own, the
# old one lives with this one. Past the hard limit nothing can go, and a server must hold a
# whole crowd plus its own files, so a crowd larger than that is cut down to fit.
hard=$(ulimit -Hn)
fit() { # wanted -> the count that fits under the hard limit
    if [[ "$hard" != unlimited ]] && (($1 + FD_RESERVE > hard)); then echo $((hard - FD_RESERVE)); else echo "$1"; fi
}
pollers=$(fit "$POLLERS") idle=$(fit "$IDLE") slow=$(fit "$SLOW")
largest_crowd=$(largest "$pollers" "$idle" "$slow")
raise_open_files $((largest_crowd + 64))

# ---------------------------------------------------------------- cleanup

work=$(mktemp -d "${TMPDIR:-/tmp}/front-door-bench.XXXXXX")
runs="$work/runs"
mkdir -p "$runs"

cleanup() {
    stop_started
    if [[ "$KEEP" == 1 ]]; then printf 'kept %s\n' "$work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- machine

servers=(new)
declare -A bin=([new]=$NEW_BIN)
if [[ "$BEFORE_BIN" != none ]]; then
    servers+=(before)
    bin[before]=$BEFORE_BIN
fi
describe() { # binary
    local same=""
    [[ "$BEFORE_BIN" != none ]] && cmp -s "$NEW_BIN" "$BEFORE_BIN" && same=" (new and before are the same file)"
    printf '%s, sha256 %s, built %s%s\n' "$1" "$(sha256sum "$1" | cut -c1-12)" \
        "$(date -r "$1" '+%Y-%m-%d %H:%M')" "$same"
}

echo "== front-door benchmark =="
print_machine
echo "wrk:        $(wrk -v 2>&1 | head -n1 | sed 's/ Copyright.*//')"
echo "nginx:      $(nginx -v 2>&1)"
echo "new:        $(describe "$NEW_BIN")"
if [[ "$BEFORE_BIN" != none ]]; then
    echo "before:     $(describe "$BEFORE_BIN")"
else
    echo "before:     none (no /tmp/topcoatd-before and no BEFORE): new server only"
fi
echo "plan:       $REPEATS rounds; wrk -t1 ${DURATION}s per run; $pollers pollers every ${POLL_INTERVAL}s," \
    "$idle idle, $slow slow-header (a byte every ${SLOW_INTERVAL}s)"
echo "open files: limit $nofile (hard $hard)"
for wanted in POLLERS IDLE SLOW; do
    got=$(fit "${!wanted}")
    if ((got != ${!wanted})); then
        echo "            $wanted=${!wanted} cut to $got: no process here may hold more than $hard files, and the server needs ~$FD_RESERVE besides the crowd's"
    fi
done
echo "workdir:    $work"
echo

# ---------------------------------------------------------------- servers, catalog and nginx

declare -A store token
for server in "${servers[@]}"; do
    token[$server]="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    start_topcoatd "${bin[$server]}" "$work/$server" "${token[$server]}"
    store[$server]=$store_url
    seed_catalog "$admin_url" "${token[$server]}"
    lift_limits "$admin_url" "${token[$server]}"
    printf '%-11s %s, admin %s (pid %s), %d products seeded\n' "$server:" "$store_url" "$admin_url" \
        "$topcoatd_pid" "$SKU_COUNT"
done

# nginx serves the new server's /api/products bytes under the same path; an old build's
# catalog may differ a little, so its size is shown too.
www="$work/www"
mkdir -p "$www/api"
for server in "${servers[@]}"; do
    curl -sSf -o "$work/$server.products" "${store[$server]}/api/products" || die "GET /api/products from $server failed"
    grep -q "NP-$(printf '%03d' "$SKU_COUNT")" "$work/$server.products" || die "$server's catalog does not list all $SKU_COUNT SKUs"
done
cp "$work/new.products" "$www/api/products"
start_nginx "$www" "$work/nginx" /api/products
sizes="new $(wc -c <"$work/new.products") bytes"
[[ "$BEFORE_BIN" != none ]] && sizes+=", before $(wc -c <"$work/before.products") bytes"
echo "nginx:      $nginx_url (pid $nginx_pid), the new server's /api/products; catalog $sizes"
echo

# ---------------------------------------------------------------- runs

declare -A rps p99 errors requests       # wrk's figures, by phase.server,round
declare -A open_at_ready page_failures kib held # the crowds' figures, the same way
run_tag="fd$$x$RANDOM" # keeps checkout customers unique across benchmark runs

port_of() { echo "${1##*:}"; }

# wrk's report into the maps under key: req/s, p99 (NA when nothing was answered: wrk then
# prints zeros), and customers' errors, non-2xx answers plus socket errors of every kind.
record_wrk() { # report key label
    local c r w t
    rps[$2]=$(wrk_rps "$1")
    p99[$2]=$(wrk_percentile_ms "$1" 99)
    requests[$2]=$(wrk_requests "$1")
    [[ "${requests[$2]}" =~ ^[1-9] ]] || p99[$2]=NA
    read -r c r w t <<<"$(wrk_socket_errors "$1")"
    errors[$2]=$(($(wrk_non2xx "$1") + c + r + w + t))
    printf '  round %d  %-44s %9s req/s  p99 %9s ms  requests %8s  non-2xx %s  socket c/r/w/t %s/%s/%s/%s\n' \
        "$round" "$3" "$(fmt "${rps[$2]}" 0)" "$(fmt "${p99[$2]}" 3)" "${requests[$2]}" \
        "$(wrk_non2xx "$1")" "$c" "$r" "$w" "$t"
    if [[ "${rps[$2]}" == NA ]]; then
        printf '    (no figures; wrk said: %s)\n' "$(tail -n 3 "$1" | tr '\n' ' ')"
    fi
}

run_wrk() { # key label wrk-argument...
    local key=$1 label=$2 report="$runs/$round-$1.txt"
    shift 2
    wrk -t1 "$@" >"$report" 2>&1 || true
    record_wrk "$report" "$key,$round" "$label"
    sleep "$SETTLE"
}

checkout_args() { # server conns tag: sets wrk_args, checkouts by new customers
    wrk_args=("-c$2" "-d${DURATION}s" --timeout "${CHECKOUT_TIMEOUT}s" --latency -s "$CHECKOUT_LUA"
              "${store[$1]}/api/checkout" -- "${run_tag}r$round$3")
}

crowd_figure() { # report line-word key
    awk -v word="$2" -v key="$3" '$1 == word { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) v = kv[2] } }
        END { print (v == "" ? "NA" : v) }' "$1"
}

crowd_summary() { # report -> one line on what the crowd achieved
    local report=$1
    printf 'ready after %ss with %s open; opened %s, failures %s (connect %s, dropped %s, timeouts %s), requests %s, statuses%s' \
        "$(crowd_figure "$report" ready seconds)" "$(crowd_figure "$report" ready open)" \
        "$(crowd_figure "$report" connections opened)" "$(crowd_figure "$report" connections failures)" \
        "$(crowd_figure "$report" connections connect_failed)" "$(crowd_figure "$report" connections dropped)" \
        "$(crowd_figure "$report" connections timeouts)" "$(crowd_figure "$report" requests sent)" \
        "$(sed -n 's/^statuses//p' "$report" | head -n1)"
    grep -m1 '^first_error' "$report" | sed 's/^first_error/; first error:/' | tr -d '\n' || true
}

# Checkouts beside a crowd: the crowd connects and reaches its steady state (ready), the
# customers' wrk runs, then the crowd is stopped and says what it achieved.
crowd_phase() { # server phase label mode count interval timeout
    local server=$1 phase=$2 label=$3 mode=$4 count=$5 interval=$6 timeout=$7
    local report="$runs/$round-$phase.$server.crowd.txt" crowd i
    : >"$report" # before the first look for its ready line, which may come before the job's redirection
    "$CROWD_BIN" --mode "$mode" --count "$count" --port "$(port_of "${store[$server]}")" \
        --interval "$interval" --timeout "$timeout" --ramp-timeout "$RAMP_TIMEOUT" \
        --duration $((DURATION + RAMP_TIMEOUT + 60)) >"$report" 2>&1 &
    crowd=$!
    started_pids+=("$crowd")
    for ((i = 0; i < (RAMP_TIMEOUT + 10) * 10; i++)); do
        grep -q '^ready' "$report" && break
        kill -0 "$crowd" 2>/dev/null || break
        sleep 0.1
    done
    checkout_args "$server" "$CHECKOUT_CONNS" "$phase$server"
    run_wrk "$phase.$server" "$server: $label" "${wrk_args[@]}"
    stop_pid "$crowd"
    forget_pid "$crowd"
    open_at_ready[$phase.$server,$round]=$(crowd_figure "$report" ready open)
    page_failures[$phase.$server,$round]=$(crowd_figure "$report" connections failures)
    printf '           crowd: %s\n' "$(crowd_summary "$report")"
    sleep "$SETTLE"
}

# A fresh server, so threads or buffers left by earlier phases are not counted as free: its
# RSS before and one second after the idle crowd has had its answers, per connection held.
memory_phase() { # server
    local server=$1
    local dir="$work/memory-$server-$round" report="$runs/$round-memory.$server.crowd.txt"
    local fresh_token="bench-$round-$RANDOM"
    start_topcoatd "${bin[$server]}" "$dir" "$fresh_token"
    local fresh_pid=$topcoatd_pid fresh_store=$store_url
    seed_catalog "$admin_url" "$fresh_token"
    lift_limits "$admin_url" "$fresh_token"
    sleep 1
    "$CROWD_BIN" --mode idle --count "$idle" --port "$(port_of "$fresh_store")" --timeout "$IDLE_TIMEOUT" \
        --ramp-timeout "$RAMP_TIMEOUT" --duration 1 --rss-pid "$fresh_pid" >"$report" 2>&1 || true
    stop_pid "$fresh_pid"
    forget_pid "$fresh_pid"
    kib[memory.$server,$round]=$(crowd_figure "$report" rss per_connection_kib)
    held[memory.$server,$round]=$(crowd_figure "$report" rss held)
    local before_kib after_kib
    before_kib=$(crowd_figure "$report" rss before_kib) after_kib=$(crowd_figure "$report" rss after_kib)
    printf '  round %d  %-44s %9s KiB per held connection  (RSS %s -> %s KiB, held %s of %s)\n' \
        "$round" "$server: RSS per idle connection" "${kib[memory.$server,$round]}" "$before_kib" \
        "$after_kib" "${held[memory.$server,$round]}" "$idle"
    printf '           crowd: %s\n' "$(crowd_summary "$report")"
    [[ "$KEEP" == 1 ]] || rm -rf "$dir"
    sleep "$SETTLE"
}

echo "== runs =="
for ((round = 1; round <= REPEATS; round++)); do
    # Alternate which server goes first, so neither always follows the other's aftermath.
    order=("${servers[@]}")
    if ((round % 2 == 0 && ${#servers[@]} == 2)); then order=("${servers[1]}" "${servers[0]}"); fi

    run_wrk nginx "nginx GET /api/products c=$CONNS" "-c$CONNS" "-d${DURATION}s" --latency "$nginx_url/api/products"
    for server in "${order[@]}"; do
        run_wrk "catalog.$server" "$server: GET /api/products c=$CONNS" "-c$CONNS" "-d${DURATION}s" --latency \
            "${store[$server]}/api/products"
    done
    for server in "${order[@]}"; do
        checkout_args "$server" "$CONNS" checkout
        run_wrk "checkout.$server" "$server: POST /api/checkout c=$CONNS" "${wrk_args[@]}"
    done
    for server in "${order[@]}"; do
        checkout_args "$server" "$CHECKOUT_CONNS" alone
        run_wrk "alone.$server" "$server: checkout c=$CHECKOUT_CONNS alone" "${wrk_args[@]}"
    done
    for server in "${order[@]}"; do
        crowd_phase "$server" pollers "checkout c=$CHECKOUT_CONNS + $pollers pollers" poll-stock \
            "$pollers" "$POLL_INTERVAL" "$POLL_TIMEOUT"
    done
    for server in "${order[@]}"; do
        crowd_phase "$server" slow "checkout c=$CHECKOUT_CONNS + $slow slow headers" slow-headers \
            "$slow" "$SLOW_INTERVAL" "$POLL_TIMEOUT"
    done
    for server in "${order[@]}"; do
        memory_phase "$server"
    done
done
echo

# ---------------------------------------------------------------- summary

med() { # map key: median over rounds
    local v
    mapfile -t v < <(round_values "$1" "$2")
    median "${v[@]}"
}

total() { # map key: sum over rounds; NA if any round has none
    round_values "$1" "$2" | awk '$1 == "NA" { na = 1 } { s += $1 } END { print (na ? "NA" : s) }'
}

# p99 of a phase as a multiple of p99 alone; NA when either has no figure.
p99_ratio() { ratio "$(med p99 "$1.$2")" "$(med p99 "alone.$2")"; }

at_most() { # value threshold -> PASS/FAIL
    awk -v v="$1" -v t="$2" 'BEGIN { print (v != "NA" && v + 0 <= t + 0 ? "PASS" : "FAIL") }'
}
equal_zero() { [[ "$1" == 0 ]] && echo PASS || echo FAIL; }

# A p99 counts only the checkouts that were answered, so a crowd's p99 passes only when no
# customer had an error beside it either.
crowd_verdict() { # ratio errors
    [[ "$2" == 0 ]] && at_most "$1" "$TARGET_CROWD_P99" || echo FAIL
}

nginx_rps=$(med rps nginx)
declare -A figure verdict
for server in "${servers[@]}"; do
    catalog_ratio=$(ratio "$(med rps "catalog.$server")" "$nginx_rps")
    checkout_ratio=$(ratio "$(med rps "checkout.$server")" "$nginx_rps")
    figure[catalog.$server]="$(fmt "$(med rps "catalog.$server")" 0), ${catalog_ratio}x"
    verdict[catalog.$server]=$(at_least "$catalog_ratio" "$TARGET_CATALOG")
    figure[checkout.$server]="$(fmt "$(med rps "checkout.$server")" 0), ${checkout_ratio}x"
    verdict[checkout.$server]=$(at_least "$checkout_ratio" "$TARGET_CHECKOUT")
    figure[alone.$server]="$(fmt "$(med rps "alone.$server")" 0), $(fmt "$(med p99 "alone.$server")" 2) ms, $(total errors "alone.$server") errors"

    for crowd in pollers slow; do
        crowd_ratio=$(p99_ratio "$crowd" "$server")
        crowd_errors=$(total errors "$crowd.$server")
        figure[$crowd.$server]="$(fmt "$(med rps "$crowd.$server")" 0), $(fmt "$(med p99 "$crowd.$server")" 2) ms, ${crowd_ratio}x"
        verdict[$crowd.$server]=$(crowd_verdict "$crowd_ratio" "$crowd_errors")
        figure[$crowd-errors.$server]="$crowd_errors customers, $(total page_failures "$crowd.$server") crowd"
        figure[$crowd-open.$server]="$(med open_at_ready "$crowd.$server")"
    done
    verdict[slow-errors.$server]=$(equal_zero "$(total errors "slow.$server")")

    idle_kib=$(med kib "memory.$server")
    figure[memory.$server]="$(fmt "$idle_kib" 1) KiB (held $(med held "memory.$server"))"
    verdict[memory.$server]=$(below "$idle_kib" "$TARGET_IDLE_KIB")
done

trim() { printf '%s\n' "${1%"${1##*[! ]}"}"; }

row() { # label target key: a server's figure, then its verdict where the row has a target
    local line server cell
    line=$(printf '%-40s %-13s' "$1" "$2")
    for server in "${servers[@]}"; do
        cell=${figure[$3.$server]:-}
        [[ -n "${verdict[$3.$server]:-}" ]] && cell+="  ${verdict[$3.$server]}"
        line+=$(printf ' %-36s' "$cell")
    done
    trim "$line"
}

echo "== figures: medians over $REPEATS rounds of ${DURATION}s, wrk -t1; nginx $(fmt "$nginx_rps" 0) req/s =="
header=$(printf '%-40s %-13s' figure target)
for server in "${servers[@]}"; do header+=$(printf ' %-36s' "$server"); done
trim "$header"
row "catalog c=$CONNS: req/s, / nginx" ">= ${TARGET_CATALOG}x" catalog
row "checkout c=$CONNS: req/s, / nginx" ">= ${TARGET_CHECKOUT}x" checkout
row "checkout c=$CHECKOUT_CONNS alone: req/s, p99" "" alone
row "+ $pollers pollers: req/s, p99, / alone" "<= ${TARGET_CROWD_P99}x" pollers
row "  pollers open when checkouts began" "$pollers" pollers-open
row "  failures: customers, pollers" "" pollers-errors
row "+ $slow slow headers: req/s, p99, / alone" "<= ${TARGET_CROWD_P99}x" slow
row "  slow connections open at the start" "$slow" slow-open
row "  errors: customers, slow connections" "0 customers" slow-errors
row "RSS per idle connection ($idle opened)" "< ${TARGET_IDLE_KIB} KiB" memory
echo
echo "Customers' errors: wrk's non-2xx answers and socket errors (connect, read, write, timeout"
echo "after ${CHECKOUT_TIMEOUT}s), all rounds; p99 counts answered checkouts only, so beside a crowd it passes only"
echo "with no customer errors, and is NA when none was answered. A poller's failure is a poll that"
echo "could not connect, was dropped unanswered or had no answer within ${POLL_TIMEOUT}s; a slow connection's is"
echo "being cut off (what a server should do to them). Idle RSS is divided by the connections the"
echo "server held (answered and still open), which for a server that cannot take them all is fewer."
