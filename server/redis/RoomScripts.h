#pragma once

// The Lua scripts of the waiting room in Redis (RedisWaitingRoom), each atomic on the server,
// so every storefront of a shop serves one line. The keys share one hash tag, so they live in
// one Redis Cluster slot; in this order, as KEYS of every script:
//   1 state     hash: enabled, interval (µs between admissions), lifetime (a pass's, ms),
//               next (µs: when the next admission is due), seq (the last place given),
//               opens (µs: the early joiners' opening), pool_after (see below),
//               joined, admitted, abandoned (totals)
//   2 tickets   hash: ticket -> customer, for every ticket waiting or holding a pass
//   3 line      sorted set: ticket -> place (seq), in the order joined
//   4 early     sorted set: ticket -> a random draw, joined before the opening
//   5 pool      sorted set: the early joiners once their sale opened, in the order drawn; they
//               go in after every ticket of the line placed at or before pool_after and before
//               any placed later
//   6 seen      sorted set: waiting ticket -> when it was last asked about (µs)
//   7 admitted  sorted set: ticket -> when its pass expires (ms)
//   8 used      hash: ticket -> the idempotency key its pass was used with
// Time comes from the storefront as ARGV (µs since the epoch; exact in Lua's numbers).
//
// join and status answer {position, eta seconds, pass expiry ms (0 while waiting), customer};
// join answers {-1} when the room is closed, {-2} when it is full and {-4} when Redis holds no
// settings for it (it lost them: configure again); status answers {-3} for an unknown ticket.

#include "LuaScript.h"

namespace topcoat::redis {

// ARGV now, ticket, customer, early draw ('' for the line), opening µs ('' for none), capacity.
// A ticket already taken is described instead, so a join may be sent twice.
const Script& joinScript();
// ARGV now, ticket.
const Script& statusScript();
// ARGV now, enabled ('1' | '0'), µs between admissions, pass lifetime ms. Opening the room
// starts admitting now; closing it forgets every waiting ticket.
const Script& configureScript();
// ARGV ticket, idempotency key. {0} valid, {1} replayed (used with this key), {2} used,
// {3} the room holds no pass for the ticket.
const Script& claimScript();
// {waiting, joined, admitted, abandoned}.
const Script& countsScript();

} // namespace topcoat::redis
