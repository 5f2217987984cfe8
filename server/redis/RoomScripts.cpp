#include "RoomScripts.h"

namespace topcoat::redis {
namespace {

// Shared by join and status: moving the line forward to `now`, and describing a ticket.
constexpr const char* prelude = R"lua(
local state, tickets, line, early, pool = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local seen, admitted, used = KEYS[6], KEYS[7], KEYS[8]
local abandonAfter = 90 * 1000000
local batch = 1000 -- at most this many tickets move per call, so no call holds Redis long
-- Numbers given to redis.call travel exactly; text is made with %.0f, since Lua's own printing
-- keeps 14 digits and these times have 16.

local function field(name) return tonumber(redis.call('HGET', state, name) or '') end

local function forget(id, from)
  redis.call('ZREM', from, id)
  redis.call('ZREM', seen, id)
  redis.call('HDEL', tickets, id)
end

-- Every waiting ticket nobody asked about for longer than abandonAfter, wherever it stands.
local function sweep(now, limit)
  local before = string.format('(%.0f', now - abandonAfter)
  local silent
  if limit then
    silent = redis.call('ZRANGEBYSCORE', seen, '-inf', before, 'LIMIT', 0, limit)
  else
    silent = redis.call('ZRANGEBYSCORE', seen, '-inf', before)
  end
  for _, id in ipairs(silent) do
    redis.call('ZREM', line, id)
    redis.call('ZREM', early, id)
    forget(id, pool)
  end
  redis.call('HINCRBY', state, 'abandoned', #silent)
end

-- The next ticket to go in, and the set it is in.
local function head()
  local first = redis.call('ZRANGE', line, 0, 0, 'WITHSCORES')
  if redis.call('ZCARD', pool) > 0 and
     (first[1] == nil or tonumber(first[2]) > (field('pool_after') or 0)) then
    return redis.call('ZRANGE', pool, 0, 0)[1], pool
  end
  return first[1], line
end

local function advance(now)
  local nowMs = math.floor(now / 1000)
  -- Passes dead now: forgetting that they were used lets nothing in again.
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', admitted, '-inf', nowMs, 'LIMIT', 0, batch)) do
    redis.call('HDEL', used, id)
    redis.call('HDEL', tickets, id)
    redis.call('ZREM', admitted, id)
  end
  if redis.call('HGET', state, 'enabled') ~= '1' then return end
  sweep(now, batch)
  local nextAt = field('next') or now
  local opens = field('opens')
  if opens and now >= opens then
    nextAt = math.max(nextAt, opens)
    if redis.call('EXISTS', early) == 1 then
      -- Two openings this close together are rare; their joiners then share one draw.
      if redis.call('EXISTS', pool) == 1 then
        redis.call('ZUNIONSTORE', pool, 2, pool, early)
        redis.call('DEL', early)
      else
        redis.call('RENAME', early, pool)
      end
      redis.call('HSET', state, 'pool_after', field('seq') or 0)
    end
    redis.call('HDEL', state, 'opens')
  end
  local interval, lifetime = field('interval') or 1000000, field('lifetime') or 600000
  local moved = 0
  while nextAt <= now and moved < batch do
    local id, from = head()
    if not id then break end
    moved = moved + 1
    if now - tonumber(redis.call('ZSCORE', seen, id)) > abandonAfter then
      forget(id, from) -- beyond the sweep's batch: dropped without using the rate
      redis.call('HINCRBY', state, 'abandoned', 1)
    else
      redis.call('ZREM', from, id)
      redis.call('ZREM', seen, id)
      redis.call('ZADD', admitted, nowMs + lifetime, id)
      redis.call('HINCRBY', state, 'admitted', 1)
      nextAt = nextAt + interval
    end
  end
  -- An idle room banks no admissions: after a quiet spell only the next customer walks in.
  if redis.call('ZCARD', line) + redis.call('ZCARD', pool) == 0 then
    nextAt = math.max(nextAt, now)
  end
  redis.call('HSET', state, 'next', string.format('%.0f', nextAt))
end

local function secondsRoundedUp(us)
  if us <= 0 then return 0 end
  return math.ceil(us / 1000000)
end

local function describe(id, now)
  local customer = redis.call('HGET', tickets, id)
  local expires = redis.call('ZSCORE', admitted, id)
  if expires then return {0, 0, tonumber(expires), customer} end
  local interval = field('interval') or 1000000
  local untilNext = math.max(0, (field('next') or now) - now)
  local waitingPool = redis.call('ZCARD', pool)
  local position
  if redis.call('ZSCORE', early, id) then
    -- Its place is drawn at the opening, so promise the worst.
    position = redis.call('ZCARD', early) + waitingPool + redis.call('ZCARD', line)
    local untilOpening = (field('opens') or now) - now
    return {position, secondsRoundedUp(math.max(untilOpening, untilNext) + (position - 1) * interval),
            0, customer}
  end
  local drawn = redis.call('ZRANK', pool, id)
  if drawn then
    position = redis.call('ZCOUNT', line, '-inf', field('pool_after') or 0) + drawn + 1
  else
    position = redis.call('ZRANK', line, id) + 1
    if waitingPool > 0 and tonumber(redis.call('ZSCORE', line, id)) > (field('pool_after') or 0) then
      position = position + waitingPool
    end
  end
  return {position, secondsRoundedUp(untilNext + (position - 1) * interval), 0, customer}
end
)lua";

constexpr const char* join = R"lua(
local now, id, customer, draw, opensAt, capacity =
  tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local enabled = redis.call('HGET', state, 'enabled')
if not enabled then return {-4} end -- a Redis that lost the room: configure it again
if enabled ~= '1' then return {-1} end
advance(now)
-- Sent again after a connection failed: the ticket it took is the answer.
if redis.call('HEXISTS', tickets, id) == 1 then return describe(id, now) end
if redis.call('HLEN', tickets) >= capacity then sweep(now, nil) end
if redis.call('HLEN', tickets) >= capacity then return {-2} end
redis.call('HSET', tickets, id, customer)
redis.call('ZADD', seen, now, id)
redis.call('HINCRBY', state, 'joined', 1)
if draw ~= '' then
  redis.call('ZADD', early, draw, id)
  local opens = field('opens')
  if not opens or opensAt < opens then
    redis.call('HSET', state, 'opens', string.format('%.0f', opensAt))
  end
else
  redis.call('ZADD', line, redis.call('HINCRBY', state, 'seq', 1), id)
end
advance(now) -- an empty line admits the newcomer at once
return describe(id, now)
)lua";

constexpr const char* status = R"lua(
local now, id = tonumber(ARGV[1]), ARGV[2]
advance(now)
if redis.call('HEXISTS', tickets, id) == 0 then return {-3} end
if redis.call('ZSCORE', seen, id) then redis.call('ZADD', seen, now, id) end
return describe(id, now)
)lua";

constexpr const char* configure = R"lua(
local now, enabled, interval, lifetime = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
if enabled == '1' and redis.call('HGET', state, 'enabled') ~= '1' then
  redis.call('HSET', state, 'next', string.format('%.0f', now))
end
if enabled ~= '1' then
  -- Nobody waits for a room that is closed: their tickets become unknown, and the page,
  -- rejoining, learns that the room is closed and buys directly.
  for _, set in ipairs({line, early, pool}) do
    for _, id in ipairs(redis.call('ZRANGE', set, 0, -1)) do
      redis.call('HDEL', tickets, id)
      redis.call('ZREM', seen, id)
    end
    redis.call('DEL', set)
  end
  redis.call('HDEL', state, 'opens', 'pool_after')
end
redis.call('HSET', state, 'enabled', enabled, 'interval', interval, 'lifetime', lifetime)
return {}
)lua";

constexpr const char* claim = R"lua(
local ticket, key = ARGV[1], ARGV[2]
if not redis.call('ZSCORE', admitted, ticket) then return {3} end
if redis.call('HSETNX', used, ticket, key) == 1 then return {0} end
if key ~= '' and redis.call('HGET', used, ticket) == key then return {1} end
return {2}
)lua";

constexpr const char* counts = R"lua(
local totals = redis.call('HMGET', state, 'joined', 'admitted', 'abandoned')
return {redis.call('ZCARD', line) + redis.call('ZCARD', early) + redis.call('ZCARD', pool),
        tonumber(totals[1]) or 0, tonumber(totals[2]) or 0, tonumber(totals[3]) or 0}
)lua";

Script roomScript(std::string name, const char* body) {
    return makeScript(std::move(name), std::string(prelude) + body);
}

} // namespace

const Script& joinScript() {
    static const Script script = roomScript("join", join);
    return script;
}
const Script& statusScript() {
    static const Script script = roomScript("status", status);
    return script;
}
const Script& configureScript() {
    static const Script script = roomScript("configure", configure);
    return script;
}
const Script& claimScript() {
    static const Script script = roomScript("claim", claim);
    return script;
}
const Script& countsScript() {
    static const Script script = roomScript("counts", counts);
    return script;
}

} // namespace topcoat::redis
