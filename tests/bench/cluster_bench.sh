#!/usr/bin/env bash
# Cluster benchmark: what checkout costs on a storefront that keeps stock in Redis and orders in
# PostgreSQL, against the single-box default (stock in memory, orders in SQLite), in one run;
# how many Redis commands a checkout and how many PostgreSQL statements a group commit take;
# the anchors (a bare Lua stock-and-limit script in the same Redis, a hot-row UPDATE in the same
# PostgreSQL); and the capacity of 1, 2 and 4 nodes worked out from each part's measured CPU
# per checkout. It prints figures; it is a measuring program, not a test.
#
# Usage: tests/bench/cluster_bench.sh [path/to/topcoatd]
# Environment: DURATION (s per wrk run, default 8), REPEATS (rounds, default 3), CONNS (wrk
# connections, default 32), KEEP=1 keeps the work dir.
#
# Requires wrk, curl, redis-server, redis-benchmark, PostgreSQL 15 (initdb, pg_ctl, psql,
# pgbench) and runuser when run as root (PostgreSQL refuses to run as root).

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
TOPCOATD_BIN=${1:-${TOPCOATD:-build/app/topcoatd}}
[[ -n "${1:-}" && "$1" != /* && -e "$1" ]] && TOPCOATD_BIN="$PWD/$1"
cd "$repo_root"
[[ "$TOPCOATD_BIN" == /* ]] || TOPCOATD_BIN="$repo_root/$TOPCOATD_BIN"
DURATION=${DURATION:-8}
REPEATS=${REPEATS:-3}
CONNS=${CONNS:-32}
KEEP=${KEEP:-0}
PG_BIN=/usr/lib/postgresql/15/bin
CHECKOUT_LUA="$script_dir/checkout.lua"

die() { printf 'cluster_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"
require_tools wrk curl redis-server redis-benchmark redis-cli
for tool in initdb pg_ctl psql pgbench; do
    [[ -x "$PG_BIN/$tool" ]] || die "missing $PG_BIN/$tool; install postgresql-15"
done
[[ -x "$TOPCOATD_BIN" ]] || die "topcoatd not found: $TOPCOATD_BIN"
raise_open_files 1024

work=$(mktemp -d "${TMPDIR:-/tmp}/cluster-bench.XXXXXX")
chmod 0755 "$work"
pg_data="$work/pg"
pg_port="" redis_port=""
cleanup() {
    stop_started
    [[ -n "$redis_port" ]] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    [[ -d "$pg_data" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
    if [[ "$KEEP" == 1 ]]; then printf 'kept %s\n' "$work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_postgres() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 30000)); port_in_use "$p" || { echo "$p"; return; }; done; }
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { # pid...: user + system ticks of those processes
    local pid total=0 fields
    for pid in "$@"; do
        fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        set -- $fields
        total=$((total + ${12} + ${13}))
    done
    echo "$total"
}
postgres_pids() { echo "$pg_pid" $(pgrep -P "$pg_pid" || true); }
admin_stats() { curl -sS -H "Authorization: Bearer $token" "$admin_url/admin/stats"; }
json_number() { # json path...: a number from the JSON on stdin
    python3 -c 'import json,sys
v=json.load(sys.stdin)
for k in sys.argv[1:]: v=v[k]
print(v)' "$@"
}

echo "== cluster benchmark =="
print_machine
echo "redis:      $(redis-server --version | cut -d' ' -f3)"
echo "postgresql: $("$PG_BIN/postgres" --version)"
echo "plan:       $REPEATS rounds x 2 storefronts x ${DURATION}s, wrk -t1 -c$CONNS, checkout.lua"
echo

# ---------------------------------------------------------------- Redis and PostgreSQL
redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes \
    --appendfsync everysec --save '' --daemonize yes --logfile "$work/redis/log" >/dev/null
for ((i = 0; i < 100; i++)); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis_pid=$(redis-cli -p "$redis_port" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')

mkdir -p "$pg_data" && chmod 0700 "$pg_data"
((EUID == 0)) && chown postgres "$pg_data"
as_postgres "$PG_BIN/initdb" -D "$pg_data" --auth=trust -U postgres >/dev/null
pg_port=$(free_port)
as_postgres "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_data/log" -w start -o \
    "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements" >/dev/null
pg_pid=$(head -n1 "$pg_data/postmaster.pid")
psql_do() { "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qtAX "$@"; }
psql_do -c "CREATE ROLE topcoat LOGIN SUPERUSER" -c "CREATE DATABASE topcoat OWNER topcoat"
psql_do -d topcoat -c "CREATE EXTENSION pg_stat_statements"
pg_url="postgresql://topcoat@127.0.0.1:$pg_port/topcoat"

# ---------------------------------------------------------------- anchors
# The issue's reference figures, measured here: a Lua script that checks a customer's limit and
# a SKU's stock and takes both, as Redis runs it (AOF everysec, then always), and one hot row
# updated with synchronous commit.
anchor_lua="local u = tonumber(redis.call('GET', KEYS[2]) or '0') if u + 1 > 5 then return 2 end if tonumber(redis.call('HGET', KEYS[1], 'available') or '0') < 1 then return 1 end redis.call('HINCRBY', KEYS[1], 'available', -1) redis.call('INCRBY', KEYS[2], 1) return 0"
redis-cli -p "$redis_port" hset 'anchor:{s}:stock' available 1000000000 >/dev/null
anchor_rate() {
    redis-benchmark -p "$redis_port" -c 32 -n 300000 -r 100000 -q \
        eval "$anchor_lua" 2 'anchor:{s}:stock' 'anchor:{s}:used:__rand_int__' |
        awk '{ for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^requests/) { print $i; exit } }'
}
redis_everysec=$(anchor_rate)
redis-cli -p "$redis_port" config set appendfsync always >/dev/null
redis_always=$(anchor_rate)
redis-cli -p "$redis_port" config set appendfsync everysec >/dev/null
redis-cli -p "$redis_port" del 'anchor:{s}:stock' >/dev/null
redis-cli -p "$redis_port" --scan --pattern 'anchor:*' | xargs -r -n 1000 redis-cli -p "$redis_port" del >/dev/null
psql_do -d topcoat -c "CREATE TABLE anchor (id int PRIMARY KEY, n bigint)" -c "INSERT INTO anchor VALUES (1, 0)"
echo 'UPDATE anchor SET n = n + 1 WHERE id = 1;' >"$work/hot.sql"
pg_hot=$("$PG_BIN/pgbench" -h 127.0.0.1 -p "$pg_port" -U topcoat -n -c 8 -T 5 -f "$work/hot.sql" topcoat 2>/dev/null |
    awk '/^tps = / { printf "%.0f\n", $3 }')
psql_do -d topcoat -c "DROP TABLE anchor"
echo "anchor:     Lua stock-and-limit script $redis_everysec calls/s (AOF everysec), $redis_always (always)"
echo "anchor:     one hot PostgreSQL row $pg_hot updates/s (synchronous commit, 8 clients)"
echo

# ---------------------------------------------------------------- the two storefronts
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
start_topcoatd "$TOPCOATD_BIN" "$work/single" "$token"
single_pid=$topcoatd_pid single_store=$store_url single_admin=$admin_url
seed_catalog "$single_admin" "$token"
lift_limits "$single_admin" "$token"
start_topcoatd "$TOPCOATD_BIN" "$work/node" "$token" --inventory "redis://127.0.0.1:$redis_port" --orders "$pg_url"
node_pid=$topcoatd_pid node_store=$store_url node_admin=$admin_url
seed_catalog "$node_admin" "$token"
lift_limits "$node_admin" "$token"
echo "single box: $single_store (memory stock, SQLite orders)"
echo "node:       $node_store (stock in Redis, orders in PostgreSQL)"

declare -A by_command evalshas orders_per_commit single_us single_rps single_p99 node_rps node_p99 node_us redis_us pg_us cmds stmts
for ((round = 1; round <= REPEATS; round++)); do
    report="$work/single-$round.txt"
    admin_url=$single_admin
    single_before=$(admin_stats | json_number orders committed)
    t_single=$(cpu_ticks "$single_pid")
    wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$CHECKOUT_LUA" "$single_store/api/checkout" -- "s$round" >"$report"
    single_rps[$round]=$(wrk_rps "$report")
    single_p99[$round]=$(wrk_percentile_ms "$report" 99)
    single_orders=$(($(admin_stats | json_number orders committed) - single_before))
    single_us[$round]=$(awk -v t=$(($(cpu_ticks "$single_pid") - t_single)) -v hz="$clk_tck" -v n="$single_orders" \
        'BEGIN { print (n > 0 ? t * 1e6 / hz / n : "NA") }')
    sleep 1

    admin_url=$node_admin
    before_orders=$(admin_stats | json_number orders committed)
    before_batches=$(admin_stats | json_number orders batches)
    before_cmds=$(redis-cli -p "$redis_port" info stats | sed -n 's/^total_commands_processed:\([0-9]*\).*/\1/p')
    redis-cli -p "$redis_port" info commandstats | tr -d '\r' >"$work/commands-before"
    before_stmts=$(psql_do -d topcoat -c "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'topcoat'")
    t_node=$(cpu_ticks "$node_pid") t_redis=$(cpu_ticks "$redis_pid") t_pg=$(cpu_ticks $(postgres_pids))
    report="$work/node-$round.txt"
    wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$CHECKOUT_LUA" "$node_store/api/checkout" -- "n$round" >"$report"
    t_node=$(($(cpu_ticks "$node_pid") - t_node)) t_redis=$(($(cpu_ticks "$redis_pid") - t_redis))
    t_pg=$(($(cpu_ticks $(postgres_pids)) - t_pg))
    after_orders=$(admin_stats | json_number orders committed)
    after_batches=$(admin_stats | json_number orders batches)
    after_cmds=$(redis-cli -p "$redis_port" info stats | sed -n 's/^total_commands_processed:\([0-9]*\).*/\1/p')
    redis-cli -p "$redis_port" info commandstats | tr -d '\r' >"$work/commands-after"
    after_stmts=$(psql_do -d topcoat -c "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'topcoat'")
    orders=$((after_orders - before_orders)) batches=$((after_batches - before_batches))
    node_rps[$round]=$(wrk_rps "$report")
    node_p99[$round]=$(wrk_percentile_ms "$report" 99)
    # CPU microseconds per confirmed checkout, each part's own.
    per() { awk -v t="$1" -v hz="$clk_tck" -v n="$orders" 'BEGIN { print (n > 0 ? t * 1e6 / hz / n : "NA") }'; }
    node_us[$round]=$(per "$t_node") redis_us[$round]=$(per "$t_redis") pg_us[$round]=$(per "$t_pg")
    cmds[$round]=$(awk -v c=$((after_cmds - before_cmds)) -v n="$orders" 'BEGIN { print (n > 0 ? c / n : "NA") }')
    evalshas[$round]=$(awk -F'[:,=]' -v n="$orders" 'FNR == NR && /^cmdstat_evalsha:/ { b = $3; next }
        /^cmdstat_evalsha:/ { print (n > 0 ? ($3 - b) / n : "NA") }' "$work/commands-before" "$work/commands-after")
    orders_per_commit[$round]=$(awk -v n="$orders" -v b="$batches" 'BEGIN { print (b > 0 ? n / b : "NA") }')
    stmts[$round]=$(awk -v s=$((after_stmts - before_stmts)) -v b="$batches" 'BEGIN { print (b > 0 ? s / b : "NA") }')
    # Which commands, per checkout (the largest first).
    by_command[$round]=$(awk -F'[:,=]' -v n="$orders" '
        FNR == NR && /^cmdstat_/ { before[$1] = $3; next }
        /^cmdstat_/ { d = $3 - before[$1]; if (d > 0 && n > 0) printf "%s %.2f\n", substr($1, 9), d / n }' \
        "$work/commands-before" "$work/commands-after" | sort -k2 -nr | head -n 6 | paste -sd ' ')
    printf 'round %d:    single %s/s p99 %s ms | node %s/s p99 %s ms, %d orders in %d commits\n' \
        "$round" "$(fmt "${single_rps[$round]}" 0)" "$(fmt "${single_p99[$round]}" 1)" \
        "$(fmt "${node_rps[$round]}" 0)" "$(fmt "${node_p99[$round]}" 1)" "$orders" "$batches"
    sleep 1
done

values() { local -n map=$1; local r; for ((r = 1; r <= REPEATS; r++)); do echo "${map[$r]}"; done; }
m() { median $(values "$1"); }
s_rps=$(m single_rps) n_rps=$(m node_rps)
n_us=$(m node_us) r_us=$(m redis_us) p_us=$(m pg_us)
echo
echo "== medians of $REPEATS rounds =="
printf 'checkout, single box (memory + SQLite):  %8s/s  p99 %s ms\n' "$(fmt "$s_rps" 0)" "$(fmt "$(m single_p99)" 1)"
printf 'checkout, node (Redis + PostgreSQL):     %8s/s  p99 %s ms  (%sx the single box)\n' \
    "$(fmt "$n_rps" 0)" "$(fmt "$(m node_p99)" 1)" "$(ratio "$n_rps" "$s_rps")"
printf 'Redis round trips per checkout:          %8s  (EVALSHA: reserve, then commit)\n' "$(fmt "$(m evalshas)" 2)"
printf 'Redis commands per checkout:             %8s  (inside the scripts; last round: %s)\n' "$(fmt "$(m cmds)" 2)" "${by_command[$REPEATS]}"
printf 'PostgreSQL statements per group commit:  %8s  (pg_stat_statements, BEGIN and COMMIT included; %s orders per commit)\n' "$(fmt "$(m stmts)" 1)" "$(fmt "$(m orders_per_commit)" 1)"
printf 'CPU per checkout: single box %s us; node %s us, Redis %s us, PostgreSQL %s us\n' "$(fmt "$(m single_us)" 1)" "$(fmt "$n_us" 1)" "$(fmt "$r_us" 1)" "$(fmt "$p_us" 1)"
echo
# Capacity, worked out (this machine has too few cores to pin 4 nodes, Redis, PostgreSQL and
# wrk apart): every node on a core of its own, one core for Redis (single-threaded), PostgreSQL
# on one core or two.
echo "== capacity worked out from the CPU per checkout (one core per node, Redis one core) =="
awk -v n="$n_us" -v r="$r_us" -v p="$p_us" -v anchor="$redis_everysec" 'BEGIN {
    if (n == "NA" || r == "NA" || p == "NA") { print "NA"; exit }
    redis = 1e6 / r; pg1 = 1e6 / p; pg2 = 2e6 / p
    printf "Redis alone would take %.0f checkouts/s (%.2f of the bare script anchor); PostgreSQL %.0f on one core, %.0f on two\n", redis, redis / anchor, pg1, pg2
    split("1 2 4", nodes, " ")
    for (i = 1; i <= 3; i++) {
        k = nodes[i]; front = k * 1e6 / n
        cap = front; limit = "the nodes"
        if (redis < cap) { cap = redis; limit = "Redis" }
        if (pg2 < cap) { cap = pg2; limit = "PostgreSQL (2 cores)" }
        printf "%d node(s): %7.0f checkouts/s (nodes alone %.0f; bound by %s)\n", k, cap, front, limit
    }
}'
