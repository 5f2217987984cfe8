#pragma once

// The Lua scripts that change stock in Redis, each one atomic on the server. Every key a script
// touches carries the SKU as its hash tag ({SKU}), so one SKU's keys share a Redis Cluster slot:
//   topcoat:{SKU}:stock   hash: epoch, available, reserved, sold, stocked
//   topcoat:{SKU}:holds   hash: hold id (the order id) -> {"q":units,"at":ms,"u":limit key}, or
//                         once settled by the reconciler the same with "s":"committed"|"released"
//   topcoat:{SKU}:used:…  string: units a customer holds or bought under a sale's limit
// `epoch` is the run_id of the Redis process the SKU was rebuilt on: a SKU whose epoch is not
// the answering server's (a restart, or data lost with the last second of the AOF) takes no
// reservation until it is rebuilt from the orders.
//
// Each script answers {status, available, reserved, sold, stocked}.

#include "LuaScript.h"

namespace topcoat::redis {

enum class ScriptStatus {
    Done = 0,
    SoldOut = 1,
    LimitReached = 2,
    Stale = 3,
    Refused = 4,
    Late = 5
};

// KEYS stock, holds[, used]; ARGV epoch, quantity, limit (-1: none), hold id ('' for none).
// Taking the same hold id twice takes it once.
const Script& reserveScript();
// KEYS stock, holds; ARGV quantity, hold id. Reserved units become sold. A hold the reconciler
// released is taken again from available stock (answering Late); one already settled or gone
// is left alone.
const Script& commitScript();
// KEYS stock, holds[, used]; ARGV quantity, hold id. Gives back a hold that is still open.
const Script& releaseScript();
// KEYS stock[, used]; ARGV epoch, quantity. A durable order's units come back: sold units
// become available and the customer's count shrinks. Not safe to resend.
const Script& returnScript();
// KEYS stock; ARGV epoch, delta. Creates a SKU not yet known; a write-off below zero is Refused.
const Script& adjustScript();
// KEYS stock, holds; ARGV hold id, "committed" | "released". What the reconciler decided for a
// hold whose storefront went quiet; a hold no longer open is left alone.
const Script& settleScript();
// KEYS stock, holds; ARGV epoch, stocked, sold, n, n durable hold ids, then (limit key, units)
// pairs from the orders. Drops the holds whose orders are durable (they are in `sold`), keeps
// the others reserved, and sets every counter from the orders.
const Script& rebuildScript();

} // namespace topcoat::redis
