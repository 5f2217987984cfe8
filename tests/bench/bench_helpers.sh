# Sourced by the benchmark scripts: starting topcoatd with a seeded catalog and a private nginx
# serving the same bytes, stopping what they started, reading wrk's reports and the small
# numeric helpers their summaries use. Every reading that cannot be found is NA. The sourcing
# script defines die().

stop_pid() { # pid: SIGTERM, then SIGKILL if it lingers
    local pid=$1 i
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Every process the helpers start, for stop_started in the scripts' EXIT trap.
started_pids=()

stop_started() {
    local pid
    for pid in "${started_pids[@]}"; do
        stop_pid "$pid"
    done
    started_pids=()
}

forget_pid() { # pid: the caller stopped it, so stop_started must leave the number alone
    local pid kept=()
    for pid in "${started_pids[@]}"; do
        [[ "$pid" == "$1" ]] || kept+=("$pid")
    done
    started_pids=("${kept[@]}")
}

# ---------------------------------------------------------------- the machine and its tools

require_tools() { # tool...: exits with the line that installs the missing ones
    local tool missing=()
    local -A apt_pkg=([wrk]=wrk [nginx]=nginx-light [sqlite3]=sqlite3 [curl]=curl)
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("${apt_pkg[$tool]:-$tool}")
    done
    ((${#missing[@]} == 0)) || die "missing tools; install them with: apt-get install -y ${missing[*]}"
}

# Raises the open-file limit, which every process started afterwards inherits, to 65536 or
# else to the hard limit, and sets nofile to the result; dies if that is below need.
raise_open_files() { # need
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    nofile=$(ulimit -n)
    if [[ "$nofile" != unlimited ]] && ((nofile < $1)); then
        die "open-file limit is $nofile; this run needs at least $1"
    fi
}

print_machine() {
    echo "machine:    $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')"
    echo "kernel:     $(uname -sr)"
    echo "load avg:   $(cut -d' ' -f1-3 /proc/loadavg) (at start; the machine may be shared)"
}

# ---------------------------------------------------------------- topcoatd

TOPCOATD_STARTUP_TIMEOUT=30

# Starts topcoatd on ephemeral ports with its own data dir (its output beside it, in DIR.out and
# DIR.err) and waits for both listening lines, the server's promise that it accepts traffic.
# Sets topcoatd_pid, store_url and admin_url.
start_topcoatd() { # binary data_dir token [flag...]
    local binary=$1 data_dir=$2 token=$3 i
    shift 3
    mkdir -p "$data_dir"
    local cmd=("$binary" --data-dir "$data_dir" --port 0 --admin-port 0 --bind 127.0.0.1
               --admin-token "$token" "$@")
    # The listening lines go to a file; ask libc for line buffering so they are not held back
    # in a full buffer (harmless if the server flushes itself).
    command -v stdbuf >/dev/null 2>&1 && cmd=(stdbuf -oL "${cmd[@]}")
    # Created here, not by the background job's redirection, which may come after the first read.
    : >"$data_dir.out"
    : >"$data_dir.err"
    "${cmd[@]}" >"$data_dir.out" 2>"$data_dir.err" &
    topcoatd_pid=$!
    started_pids+=("$topcoatd_pid")
    store_url="" admin_url=""
    for ((i = 0; i < TOPCOATD_STARTUP_TIMEOUT * 10; i++)); do
        store_url=$(sed -n 's#^storefront listening on \(http://[^[:space:]]*\).*#\1#p' "$data_dir.out" | head -n1)
        admin_url=$(sed -n 's#^admin listening on \(http://[^[:space:]]*\).*#\1#p' "$data_dir.out" | head -n1)
        [[ -n "$store_url" && -n "$admin_url" ]] && return 0
        if ! kill -0 "$topcoatd_pid" 2>/dev/null; then
            tail -n 20 "$data_dir.err" >&2 || true
            die "$binary exited during startup"
        fi
        sleep 0.1
    done
    die "$binary did not print its listening lines within ${TOPCOATD_STARTUP_TIMEOUT}s"
}

# 50 polishes with plausible names, shades and prices, so the catalog response has a realistic
# size; checkout.lua picks among their SKUs. Stock is huge so checkout never hits sold_out.
SKU_COUNT=50
SKU_STOCK=10000000
catalog_products=(
    "Cherry Bomb|#d2042d"      "Midnight Velvet|#2b1b3f"  "Coral Reef|#ff7f50"
    "Ballet Slipper|#f4d6d2"   "Lilac Haze|#c8a2c8"       "Emerald City|#50c878"
    "Rose Quartz|#f7cac9"      "Oxblood|#4a0000"          "Sea Glass|#a7d7c5"
    "Butter Cream|#f3e5ab"     "Tangerine Dream|#ff9a3c"  "Plum Noir|#4b2340"
    "Blush Hour|#e8a0a8"       "Cobalt Wave|#0047ab"      "Mint Julep|#98ff98"
    "Sunset Strip|#ff5e3a"     "Dove Grey|#a9a9b0"        "Fuchsia Fever|#ff1dce"
    "Champagne Toast|#f7e7ce"  "Mocha Latte|#8b5e3c"      "Ruby Slippers|#9b111e"
    "Peach Sorbet|#ffb38a"     "Lavender Field|#b57edc"   "Teal Appeal|#008080"
    "Candy Apple|#ff0800"      "Nude Awakening|#e3bc9a"   "Ink Blot|#1b1b2f"
    "Marigold|#eaa221"         "Bubblegum Pop|#ff6fb5"    "Forest Floor|#3b5323"
    "Terracotta|#e2725b"       "Sky High|#87ceeb"         "Wine Not|#722f37"
    "Gold Leaf|#d4af37"        "Seafoam|#71eeb8"          "Raspberry Beret|#b3446c"
    "Slate|#708090"            "Apricot Blush|#fbceb1"    "Electric Violet|#8f00ff"
    "Sage Advice|#9caf88"      "Firecracker|#e25822"      "Powder Puff|#ffd1dc"
    "Deep Sea|#003b5c"         "Cinnamon Stick|#d2691e"   "Pistachio|#93c572"
    "Hot Tamale|#ff4433"       "Storm Cloud|#5a5f6b"      "Pink Lemonade|#ffb6c1"
    "Black Cherry|#5c0a1a"     "Pearl Drop|#eae0c8"
)

seed_catalog() { # admin_url token
    local prices=(1200 1450 950 1800 1100 1350 990 1600 1250 1500)
    local i sku name shade body answer
    ((${#catalog_products[@]} == SKU_COUNT)) || die "product list has ${#catalog_products[@]} entries, expected $SKU_COUNT"
    for ((i = 0; i < SKU_COUNT; i++)); do
        sku=$(printf 'NP-%03d' $((i + 1)))
        name=${catalog_products[i]%%|*}
        shade=${catalog_products[i]##*|}
        body=$(printf '{"sku":"%s","name":"%s","shade_hex":"%s","price_cents":%d,"stock":%d}' \
            "$sku" "$name" "$shade" "${prices[i % ${#prices[@]}]}" "$SKU_STOCK")
        # The body, then the status on a line of its own.
        answer=$(curl -sS -w '\n%{http_code}' -X POST \
            -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
            --data "$body" "$1/admin/products") || answer=$'\n000'
        [[ "${answer##*$'\n'}" == 201 ]] ||
            die "seeding $sku at $1: HTTP ${answer##*$'\n'}: $(head -c 300 <<<"${answer%$'\n'*}")"
    done
}

protect() { # admin_url token body: PUT /admin/protection
    curl -sSf -o /dev/null -X PUT -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        --data "$3" "$1/admin/protection" || die "PUT $1/admin/protection $3 failed"
}

# wrk and the crowds are one client on one address: measure the engine, not the per-client rate
# limit, the in-flight cap or the per-client connection cap. A server ignores fields it does not
# know, so this suits builds from before the connection cap too.
lift_limits() { # admin_url token
    protect "$1" "$2" '{"client_rate":{"per_second":0},"max_in_flight":0,"max_connections_per_client":0}'
}

# ---------------------------------------------------------------- nginx

# Starts a private nginx serving www_dir, with everything it writes kept in ngx_dir, and waits
# until it returns the bytes of www_dir/check_path. nginx cannot report an ephemeral port, so
# this picks one that looks free and retries if another process wins the race for it.
# Sets nginx_pid and nginx_url.
start_nginx() { # www_dir ngx_dir check_path [server directive...]
    local www=$1 ngx=$2 check=$3 attempt i port user_line=""
    shift 3
    local extra="$*"
    mkdir -p "$ngx/tmp"
    # nginx only honours "user" when started as root; without it the workers would drop to
    # nobody and could not read the temp dir.
    [[ "$(id -u)" == 0 ]] && user_line="user root;"
    local args=(-p "$ngx" -c "$ngx/nginx.conf")
    # -e keeps nginx from touching the system error log before it reads the config.
    nginx -h 2>&1 | grep -q -- '-e filename' && args+=(-e "$ngx/error.log")
    nginx_url=""
    for ((attempt = 0; attempt < 10; attempt++)); do
        port=$((20000 + RANDOM % 30000))
        port_in_use "$port" && continue
        cat >"$ngx/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes auto;
worker_rlimit_nofile $(ulimit -n);
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    # Every writable path inside the temp dir, away from the system nginx.
    client_body_temp_path $ngx/tmp/body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    types { }
    default_type application/json;
    server { listen 127.0.0.1:$port; root $www; $extra }
}
CONF
        nginx "${args[@]}" >"$ngx/stdout.log" 2>&1 &
        nginx_pid=$!
        started_pids+=("$nginx_pid")
        for ((i = 0; i < 50; i++)); do
            if curl -sf -o /dev/null "http://127.0.0.1:$port$check"; then
                nginx_url="http://127.0.0.1:$port"
                break
            fi
            kill -0 "$nginx_pid" 2>/dev/null || break
            sleep 0.1
        done
        if [[ -n "$nginx_url" ]]; then
            cmp -s "$www$check" <(curl -sS "$nginx_url$check") || die "nginx does not return the bytes of $www$check"
            return 0
        fi
        stop_pid "$nginx_pid"
        forget_pid "$nginx_pid"
    done
    tail -n 20 "$ngx/error.log" "$ngx/stdout.log" >&2 2>/dev/null || true
    die "could not start the reference nginx"
}

# ---------------------------------------------------------------- wrk report parsing
# wrk prints durations as e.g. 812.00us, 1.23ms, 2.00s (and m/h for absurd
# cases); everything here is normalised to milliseconds. A value that cannot
# be found is reported as NA so a failed run shows up instead of a zero.

# Requests/sec:  12345.67
wrk_rps() {
    awk '$1 == "Requests/sec:" { v = $2 } END { print (v == "" ? "NA" : v) }' "$1"
}

#   545406 requests in 10.10s, 441.95MB read
wrk_requests() {
    awk '$2 == "requests" && $3 == "in" { v = $1 } END { print (v == "" ? "NA" : v) }' "$1"
}

#   Non-2xx or 3xx responses: 12   (absent when there were none)
wrk_non2xx() {
    awk '/Non-2xx or 3xx responses:/ { v = $NF } END { print (v == "" ? 0 : v) }' "$1"
}

#   Socket errors: connect 0, read 0, write 0, timeout 0   (absent when all zero)
# Prints "connect read write timeout".
wrk_socket_errors() {
    awk '/Socket errors:/ { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
         END { printf "%d %d %d %d\n", c, r, w, t }' "$1"
}

#   Latency Distribution
#      50%  409.00us
#      99%    1.37ms
wrk_percentile_ms() { # report percent
    awk -v want="$2%" '
        function to_ms(s,   n, unit) {
            if (!match(s, /^[0-9.]+/)) return "NA"
            n = substr(s, 1, RLENGTH) + 0
            unit = substr(s, RLENGTH + 1)
            if (unit == "us") return n / 1000
            if (unit == "ms") return n
            if (unit == "s")  return n * 1000
            if (unit == "m")  return n * 60000
            if (unit == "h")  return n * 3600000
            return "NA"
        }
        /Latency Distribution/ { section = 1; next }
        section && $1 == want  { v = to_ms($2); exit }
        END { print (v == "" ? "NA" : v) }' "$1"
}

# ---------------------------------------------------------------- small numeric helpers

median() { # values... (NA ignored)
    printf '%s\n' "$@" | awk '$1 != "NA" { a[++n] = $1 + 0 }
        END {
            if (n == 0) { print "NA"; exit }
            for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
            print (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
        }'
}

minmax() { # values... -> "min max"
    printf '%s\n' "$@" | awk '$1 != "NA" { v = $1 + 0; if (!n++ || v < lo) lo = v; if (n == 1 || v > hi) hi = v }
        END { if (n) printf "%.0f %.0f\n", lo, hi; else print "NA NA" }'
}

ratio() { # a b -> a/b
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "NA"; else printf "%.2f\n", a / b }'
}

fmt() { # number [decimals]
    awk -v v="$1" -v d="${2:-2}" 'BEGIN { if (v == "NA") print "NA"; else printf "%.*f\n", d, v }'
}

at_least() { # value threshold -> PASS/FAIL
    awk -v v="$1" -v t="$2" 'BEGIN { print (v != "NA" && v + 0 >= t + 0 ? "PASS" : "FAIL") }'
}

below() { # value threshold -> PASS/FAIL
    awk -v v="$1" -v t="$2" 'BEGIN { print (v != "NA" && v + 0 < t + 0 ? "PASS" : "FAIL") }'
}

round_values() { # map key: the map's values at key,1 .. key,REPEATS, one a line
    local -n map=$1
    local round
    for ((round = 1; round <= REPEATS; round++)); do
        printf '%s\n' "${map[$2,$round]:-NA}"
    done
}

largest() { # values... (NA ignored)
    printf '%s\n' "$@" | awk '$1 != "NA" { v = $1 + 0; if (!n++ || v > m) m = v } END { print (n ? m : "NA") }'
}
