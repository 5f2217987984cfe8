#!/usr/bin/env bash
# Screenshots of every main screen of the console, for the README and for review.
#
# Starts a demo topcoatd with some checkout traffic, then for each window size and each screen
# starts the console attached to it on a virtual X display of that size (the window fills it),
# opens that screen, and saves it with ImageMagick: <screen>.png at 1280×820, the size the
# screens are laid out for, and <screen>-1024x680.png at the smallest size they must fit.
#
#   packaging/screenshots.sh [output-dir]     (default packaging/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-packaging/screenshots}"
screens=(${TOPCOAT_SCREENS:-dashboard sales catalog orders degradation protection logs server shop})
sizes=(${TOPCOAT_SIZES:-1280x820 1024x680})
console="${TOPCOAT_CONSOLE:-build/app/topcoat}"
for tool in Xvfb import curl; do
    command -v "$tool" >/dev/null || { echo "missing $tool: bash packaging/install-deps.sh" >&2; exit 1; }
done
mkdir -p "$out"

source packaging/demo-server.sh
start_demo_topcoatd shots

# A sale that is live now, and a minute of shoppers, so every chart has something to show.
now=$(date -u +%s)
curl -sf -o /dev/null -H "Authorization: Bearer shots" -X POST "$admin_url/admin/sales" -d "{
    \"name\":\"Midnight Drop\",
    \"starts_at\":\"$(date -u -d @$((now - 120)) +%Y-%m-%dT%H:%M:%SZ)\",
    \"ends_at\":\"$(date -u -d @$((now + 3600)) +%Y-%m-%dT%H:%M:%SZ)\",
    \"per_customer_limit\":2,
    \"items\":[{\"sku\":\"NP-003\",\"sale_price_cents\":900},{\"sku\":\"NP-012\",\"sale_price_cents\":850}]}"
# Shoppers come from many addresses, as a proxy in front reports them.
curl -sf -o /dev/null -H "Authorization: Bearer shots" -X PUT "$admin_url/admin/protection" \
    -d '{"trusted_proxies":["127.0.0.0/8"]}'
# shop SECONDS PAUSE: a shopper buying and browsing, PAUSE seconds between purchases.
shop() {
    local end=$((SECONDS + $1))
    while ((SECONDS < end)); do
        curl -s -o /dev/null -X POST "$store_url/api/checkout" -H "Content-Type: application/json" \
            -H "X-Forwarded-For: 192.0.2.$((RANDOM % 250 + 1))" \
            -d "{\"sku\":\"NP-0$(printf %02d $((RANDOM % 24 + 1)))\",\"quantity\":$((RANDOM % 2 + 1)),\"customer\":\"shopper$((RANDOM % 400))@example.com\"}"
        curl -s -o /dev/null -H "X-Forwarded-For: 192.0.2.$((RANDOM % 250 + 1))" "$store_url/api/products"
        sleep "$2"
    done
}
# A busy minute of the drop, then a trickle that keeps the charts moving for every shot.
shop 40 0.05 &
pids+=($!)
sleep 40
shop 3600 0.5 &
pids+=($!)

# For the Protection screen, which charts only what it has watched: shoppers queueing in the
# waiting room (each its own address, as a proxy in front reports it) and one sending too fast.
protect() {
    curl -sf -o /dev/null -H "Authorization: Bearer shots" -X PUT "$admin_url/admin/protection" \
        -d '{"waiting_room":{"enabled":true,"admit_per_minute":30}}'
    local end=$((SECONDS + $1)) n=0
    while ((SECONDS < end)); do
        n=$((n + 1))
        curl -s -o /dev/null -H "X-Forwarded-For: 203.0.113.$((n % 250 + 1))" -X POST \
            -H "Content-Type: application/json" "$store_url/api/queue" -d "{\"customer\":\"queued$n@example.com\"}"
        for _ in $(seq $((n % 7 * 6))); do
            curl -s -o /dev/null -H "X-Forwarded-For: 198.51.100.7" "$store_url/api/products"
        done
        sleep 0.3
    done
}

# The shop's own name and currency, as the Shop screen and the storefront show them.
curl -sf -o /dev/null -H "Authorization: Bearer shots" -X PUT "$admin_url/admin/shop" \
    -d '{"name":"Lacquer Loft","currency":"EUR","contact_email":"hello@lacquerloft.example"}'

for size in "${sizes[@]}"; do
    display=":$((190 + RANDOM % 100))"
    Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
    xvfb_pid=$!
    pids+=("$xvfb_pid")
    sleep 1
    suffix=$([ "$size" = 1280x820 ] && echo "" || echo "-$size")
    for screen in "${screens[@]}"; do
        shot="$out/$screen$suffix.png"
        XDG_CONFIG_HOME="$work/config" DISPLAY="$display" "$console" --remote "$admin_url" \
            --token shots --show "$screen" >"$work/console.out" 2>"$work/console.err" &
        console_pid=$!
        if [ "$screen" = protection ]; then
            protect 60 & # still going when the shot is taken
            pids+=($!)
            sleep 45
        else
            sleep 6 # first polls answered and drawn
        fi
        DISPLAY="$display" import -window root "$shot"
        if [ "$screen" = protection ]; then # the line closed again for the shoppers after it
            curl -sf -o /dev/null -H "Authorization: Bearer shots" -X PUT \
                "$admin_url/admin/protection" -d '{"waiting_room":{"enabled":false}}'
        fi
        kill "$console_pid" 2>/dev/null || echo "the console exited early: see $work/console.err" >&2
        wait "$console_pid" 2>/dev/null || true
        if grep -q "no screen named" "$work/console.err"; then
            rm -f "$shot"
            echo "skipped $screen (no such screen yet)"
        else
            echo "saved $shot"
        fi
    done
    kill "$xvfb_pid" 2>/dev/null || true
done
