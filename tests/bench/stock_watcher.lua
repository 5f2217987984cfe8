-- wrk script: one connection = one open storefront page polling GET /api/stock the way the
-- page does: every ~2 s (jittered 1.5-2.5 s), with If-None-Match set to the last ETag seen,
-- so an unchanged answer is a bodiless 304.
--
-- Usage: wrk -c2000 ... -s tests/bench/stock_watcher.lua http://HOST:PORT/api/stock
--
-- The response() callback is needed to learn the ETag; at ~1000 requests/s in all it does not
-- limit wrk. done() prints the share of 200s and 304s.

local etag = nil
local counts = {}
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   math.randomseed(os.time() * 1000 + math.random(0, 999))
   counts = {}
end

function delay()
   return math.random(1500, 2500)
end

function request()
   local headers = {}
   if etag then
      headers["If-None-Match"] = etag
   end
   return wrk.format("GET", nil, headers)
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
   local tag = headers["ETag"] or headers["Etag"] or headers["etag"]
   if status == 200 and tag then
      etag = tag
   end
   -- thread:get() in done() reads globals, so keep the tallies there too.
   ok_200 = counts[200] or 0
   not_modified_304 = counts[304] or 0
end

function done(summary, latency, requests)
   local ok, nm = 0, 0
   for _, thread in ipairs(threads) do
      ok = ok + (tonumber(thread:get("ok_200")) or 0)
      nm = nm + (tonumber(thread:get("not_modified_304")) or 0)
   end
   io.write(string.format("watcher statuses: 200=%d 304=%d other=%d\n", ok, nm,
                          summary.requests - ok - nm))
end
