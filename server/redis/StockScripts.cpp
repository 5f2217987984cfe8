#include "StockScripts.h"

namespace topcoat::redis {
namespace {

// Shared by every script: the answer, and Redis's own clock (so holds from every storefront
// age on one clock). The answer ends with the levels' version, which every change moves
// forward, so a storefront that gets two answers in the wrong order keeps the newer levels. A
// version starts from Redis's clock in ms × 1000 when the levels are (re)written whole, so it
// also grows past a restart; the product stays below 2^53, exact in Lua's numbers.
constexpr const char* prelude = R"lua(
local moved = false
local function levels(status)
  -- One version step per script that changed the levels, however many counters it moved.
  if moved then redis.call('HINCRBY', KEYS[1], 'version', 1) end
  local v = redis.call('HMGET', KEYS[1], 'available', 'reserved', 'sold', 'stocked', 'version')
  return {status, tonumber(v[1]) or 0, tonumber(v[2]) or 0, tonumber(v[3]) or 0,
          tonumber(v[4]) or 0, tonumber(v[5]) or 0}
end
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- As text: Lua would print a number this large in exponent form, which HINCRBY refuses.
local function versionFromClock() return string.format('%.0f', now() * 1000) end
local function move(field, units)
  redis.call('HINCRBY', KEYS[1], field, units)
  moved = true
end
local function lessUsed(key, units)
  if key ~= '' and redis.call('DECRBY', key, units) <= 0 then redis.call('DEL', key) end
end
)lua";

constexpr const char* reserve = R"lua(
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return {3, 0, 0, 0, 0, 0} end
local qty, limit, hold = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
if hold ~= '' and redis.call('HEXISTS', KEYS[2], hold) == 1 then return levels(0) end
if limit >= 0 and tonumber(redis.call('GET', KEYS[3]) or '0') + qty > limit then
  return levels(2)
end
if tonumber(redis.call('HGET', KEYS[1], 'available')) < qty then return levels(1) end
move('available', -qty)
move('reserved', qty)
local used = ''
if limit >= 0 then
  redis.call('INCRBY', KEYS[3], qty)
  used = KEYS[3]
end
if hold ~= '' then
  redis.call('HSET', KEYS[2], hold, cjson.encode({q = qty, at = now(), u = used}))
end
return levels(0)
)lua";

constexpr const char* commit = R"lua(
local qty, hold = tonumber(ARGV[1]), ARGV[2]
if hold ~= '' then
  local stored = redis.call('HGET', KEYS[2], hold)
  if not stored then return levels(0) end
  local h = cjson.decode(stored)
  if h.s == 'released' then
    move('available', -h.q)
    move('sold', h.q)
    if h.u and h.u ~= '' then redis.call('INCRBY', h.u, h.q) end
    redis.call('HSET', KEYS[2], hold, cjson.encode({s = 'committed', at = now(), q = h.q, u = h.u}))
    return levels(5)
  end
  if h.s then return levels(0) end
  redis.call('HDEL', KEYS[2], hold)
  qty = h.q
end
move('reserved', -qty)
move('sold', qty)
return levels(0)
)lua";

constexpr const char* release = R"lua(
local qty, hold, used = tonumber(ARGV[1]), ARGV[2], KEYS[3] or ''
if hold ~= '' then
  local stored = redis.call('HGET', KEYS[2], hold)
  if not stored then return levels(0) end
  redis.call('HDEL', KEYS[2], hold)
  local h = cjson.decode(stored)
  if h.s then return levels(0) end
  qty, used = h.q, h.u
end
move('reserved', -qty)
move('available', qty)
lessUsed(used, qty)
return levels(0)
)lua";

constexpr const char* giveBack = R"lua(
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return {3, 0, 0, 0, 0, 0} end
local qty = math.min(tonumber(ARGV[2]), tonumber(redis.call('HGET', KEYS[1], 'sold')))
move('sold', -qty)
move('available', qty)
lessUsed(KEYS[2] or '', qty)
return levels(0)
)lua";

constexpr const char* adjust = R"lua(
local delta = tonumber(ARGV[2])
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  if delta < 0 then return {4, 0, 0, 0, 0, 0} end
  redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'available', delta, 'reserved', 0, 'sold', 0,
             'stocked', delta, 'version', versionFromClock())
  return levels(0)
end
if epoch ~= ARGV[1] then return {3, 0, 0, 0, 0, 0} end
if delta < 0 and tonumber(redis.call('HGET', KEYS[1], 'available')) + delta < 0 then
  return levels(4)
end
move('available', delta)
move('stocked', delta)
return levels(0)
)lua";

constexpr const char* settle = R"lua(
local hold, outcome = ARGV[1], ARGV[2]
local stored = redis.call('HGET', KEYS[2], hold)
if not stored then return levels(0) end
local h = cjson.decode(stored)
if h.s then return levels(0) end
move('reserved', -h.q)
if outcome == 'committed' then
  move('sold', h.q)
else
  move('available', h.q)
  lessUsed(h.u or '', h.q)
end
redis.call('HSET', KEYS[2], hold, cjson.encode({s = outcome, at = now(), q = h.q, u = h.u}))
return levels(0)
)lua";

constexpr const char* rebuild = R"lua(
local epoch, stocked, sold, durable = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4])
for i = 5, 4 + durable do redis.call('HDEL', KEYS[2], ARGV[i]) end
local reserved, heldBy = 0, {}
local holds = redis.call('HGETALL', KEYS[2])
for i = 1, #holds, 2 do
  local h = cjson.decode(holds[i + 1])
  if h.s then
    redis.call('HDEL', KEYS[2], holds[i])
  else
    reserved = reserved + h.q
    if h.u and h.u ~= '' then heldBy[h.u] = (heldBy[h.u] or 0) + h.q end
  end
end
for i = 5 + durable, #ARGV, 2 do
  local key = ARGV[i]
  redis.call('SET', key, tonumber(ARGV[i + 1]) + (heldBy[key] or 0))
  heldBy[key] = nil
end
for key, units in pairs(heldBy) do redis.call('SET', key, units) end
redis.call('HSET', KEYS[1], 'epoch', epoch, 'available', stocked - sold - reserved,
           'reserved', reserved, 'sold', sold, 'stocked', stocked, 'version', versionFromClock())
return levels(0)
)lua";

Script stockScript(std::string name, const char* body) {
    return makeScript(std::move(name), std::string(prelude) + body);
}

} // namespace

const Script& reserveScript() {
    static const Script script = stockScript("reserve", reserve);
    return script;
}
const Script& commitScript() {
    static const Script script = stockScript("commit", commit);
    return script;
}
const Script& releaseScript() {
    static const Script script = stockScript("release", release);
    return script;
}
const Script& returnScript() {
    static const Script script = stockScript("return", giveBack);
    return script;
}
const Script& adjustScript() {
    static const Script script = stockScript("adjust", adjust);
    return script;
}
const Script& settleScript() {
    static const Script script = stockScript("settle", settle);
    return script;
}
const Script& rebuildScript() {
    static const Script script = stockScript("rebuild", rebuild);
    return script;
}

} // namespace topcoat::redis
