-- wrk script: POST /api/checkout, one unit of a random SKU (NP-001..NP-050)
-- per request, with a customer address that is never reused. A unique customer
-- per request keeps any per-customer rule (purchase limits, dedup) from turning
-- the run into a measurement of rejections instead of confirmed orders.
--
-- Usage: wrk ... -s tests/bench/checkout.lua http://HOST:PORT/api/checkout -- TAG
--   TAG distinguishes one wrk invocation from another, so customers stay
--   unique across the rounds of a benchmark run too.
--
-- There is deliberately no response() callback: defining one makes wrk hand
-- every response to Lua, which slows the load generator itself. Status codes
-- are taken from wrk's own "Non-2xx or 3xx responses" count instead.

local sku_count = 50

local thread_count = 0 -- only used in the setup (main) Lua state
local counter = 0      -- per-thread state below
local thread_no = 0
local tag = "bench"
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
   -- thread:set() defines a global in that thread's own Lua state; the threads
   -- share nothing else, so this is how each learns a distinct number.
   thread_count = thread_count + 1
   thread:set("bench_thread_no", thread_count)
end

function init(args)
   thread_no = tonumber(bench_thread_no) or 0
   if args[1] and args[1] ~= "" then
      tag = args[1]
   end
   -- Seed per thread so two threads never walk the same SKU sequence.
   math.randomseed(os.time() * 1000 + thread_no)
end

function request()
   counter = counter + 1
   local sku = string.format("NP-%03d", math.random(1, sku_count))
   local customer = string.format("bench-%s-t%d-%d-%06d@example.com",
                                  tag, thread_no, counter, math.random(0, 999999))
   local body = string.format('{"sku":"%s","quantity":1,"customer":"%s"}', sku, customer)
   -- wrk.format fills in Host and Content-Length.
   return wrk.format("POST", nil, headers, body)
end
