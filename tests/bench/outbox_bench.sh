#!/usr/bin/env bash
# Order events benchmark: checkout throughput of a storefront that writes every order's event
# to the outbox and sends a confirmation e-mail and a webhook for it, against one that sends
# nothing, in the same run, alternating rounds; then how fast the outbox's sender works off the
# backlog a flash sale leaves (e-mails and webhooks delivered per second), against a local SMTP
# server (aiosmtpd, as the tests use) and a private nginx answering the webhook with 204.
# Prints figures and a PASS/FAIL line for the target (with events on, within 10% of off).
#
# Usage: tests/bench/outbox_bench.sh [path/to/topcoatd]
# Environment: DURATION (seconds per wrk run, default 10), REPEATS (rounds, default 3),
#              CONNS (default 64), KEEP=1 keeps the temporary directory.

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
CONNS=${CONNS:-64}
KEEP=${KEEP:-0}
TARGET_RATIO=0.9
CHECKOUT_LUA="$script_dir/checkout.lua"
SMTP_SCRIPT="$repo_root/tests/support/smtp_server.py"

die() { printf 'outbox_bench: %s\n' "$*" >&2; exit 1; }
source "$script_dir/bench_helpers.sh"

require_tools wrk nginx curl
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null ||
    die "needs Debian's python3-aiosmtpd (bash packaging/install-deps.sh)"
[[ -x "$TOPCOATD_BIN" ]] || die "topcoatd binary not found: $TOPCOATD_BIN"
raise_open_files 4096

work=$(mktemp -d "${TMPDIR:-/tmp}/outbox-bench.XXXXXX")
cleanup() {
    stop_started
    if [[ "$KEEP" == 1 ]]; then printf 'kept %s\n' "$work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== order events benchmark =="
print_machine
echo "plan:       $REPEATS rounds x 2 storefronts x ${DURATION}s, wrk -t2 -c$CONNS"
echo

# The webhook receiver: nginx answering 204 to every POST /hook.
mkdir -p "$work/www"
echo '{}' >"$work/www/ok.json"
start_nginx "$work/www" "$work/nginx" /ok.json 'location = /hook { return 204; }'
echo "webhooks:   $nginx_url/hook (nginx, 204)"

# The mail server: aiosmtpd on a free port, each message kept as a file.
smtp_port=""
for ((attempt = 0; attempt < 10; attempt++)); do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    mkdir -p "$work/smtp"
    /usr/bin/python3 -I "$SMTP_SCRIPT" --port "$port" --dir "$work/smtp" >"$work/smtp.out" 2>&1 &
    smtp_pid=$!
    started_pids+=("$smtp_pid")
    for ((i = 0; i < 100; i++)); do
        grep -q '^ready' "$work/smtp.out" 2>/dev/null && smtp_port=$port && break
        kill -0 "$smtp_pid" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n "$smtp_port" ]] && break
done
[[ -n "$smtp_port" ]] || die "could not start the SMTP server: $(tail -5 "$work/smtp.out")"
echo "mail:       smtp://127.0.0.1:$smtp_port (aiosmtpd)"

token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
start_topcoatd "$TOPCOATD_BIN" "$work/off" "$token"
off_store=$store_url off_admin=$admin_url
start_topcoatd "$TOPCOATD_BIN" "$work/on" "$token" \
    --smtp "smtp://127.0.0.1:$smtp_port" --mail-from orders@bench.example.com
on_store=$store_url on_admin=$admin_url
for admin in "$off_admin" "$on_admin"; do
    seed_catalog "$admin" "$token"
    lift_limits "$admin" "$token"
done
curl -sSf -o /dev/null -X POST -H "Authorization: Bearer $token" \
    --data "{\"url\":\"$nginx_url/hook\"}" "$on_admin/admin/webhooks" ||
    die "could not register the webhook"
echo "storefronts: off $off_store, on $on_store (e-mail and a webhook)"
echo

counts() { # admin_url -> "waiting sent failed" (waiting: new events and pending deliveries)
    curl -sS -H "Authorization: Bearer $token" "$1/admin/outbox?limit=1" |
        /usr/bin/python3 -c 'import json,sys; c=json.load(sys.stdin)["counts"]; print(c["new"] + c["pending"], c["sent"], c["failed"])'
}

declare -A rps
for ((round = 1; round <= REPEATS; round++)); do
    for side in off on; do
        url_var="${side}_store"
        report="$work/wrk-$side-$round.txt"
        wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$CHECKOUT_LUA" \
            "${!url_var}/api/checkout" -- "$side$round" >"$report"
        rps[$side,$round]=$(wrk_rps "$report")
        non2xx=$(awk '/Non-2xx/ { print $NF }' "$report")
        printf 'round %d %-3s  %10s checkouts/s  p99 %s ms%s\n' "$round" "$side" \
            "$(fmt "${rps[$side,$round]}" 0)" "$(wrk_percentile_ms "$report" 99)" \
            "${non2xx:+  ($non2xx non-2xx)}"
        sleep 1
    done
done

off_median=$(median $(round_values rps off))
on_median=$(median $(round_values rps on))
checkout_ratio=$(ratio "$on_median" "$off_median")
echo
printf 'checkouts/s, median: off %s, on %s; on/off %s (target >= %s): %s\n' \
    "$(fmt "$off_median" 0)" "$(fmt "$on_median" 0)" "$(fmt "$checkout_ratio" 3)" \
    "$TARGET_RATIO" "$(at_least "$checkout_ratio" "$TARGET_RATIO")"

# The backlog the rounds left: timed until every delivery is sent (at most DRAIN seconds).
DRAIN=${DRAIN:-120}
read -r waiting sent failed <<<"$(counts "$on_admin")"
echo "backlog:    $waiting events and deliveries waiting, $sent sent, $failed failed when the load stopped"
start=$(date +%s.%N)
start_sent=$sent
for ((second = 1; waiting > 0 && second <= DRAIN; second++)); do
    sleep 1
    read -r waiting sent failed <<<"$(counts "$on_admin")"
    ((second % 10 == 0)) && echo "  after ${second}s: $((sent - start_sent)) delivered, $waiting waiting"
done
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
drained=$((sent - start_sent))
mails=$(find "$work/smtp/messages" -name '*.json' | wc -l)
printf 'drained:    %d deliveries in %.1f s: %s deliveries/s (half e-mails, half webhooks), %d failed\n' \
    "$drained" "$elapsed" "$(fmt "$(awk -v n="$drained" -v s="$elapsed" 'BEGIN { print n / s }')" 0)" "$failed"
echo "e-mails:    $mails kept by the SMTP server"
