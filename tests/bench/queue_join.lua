-- wrk script: POST /api/queue, a new customer per request, so each request hands out a new
-- waiting-room ticket and the line grows for the whole run.
--
-- Usage: wrk ... -s tests/bench/queue_join.lua http://HOST:PORT/api/queue -- TAG
--   TAG keeps customers unique across the rounds of a benchmark run.

local thread_count = 0
local counter = 0
local thread_no = 0
local tag = "bench"
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
   thread_count = thread_count + 1
   thread:set("bench_thread_no", thread_count)
end

function init(args)
   thread_no = tonumber(bench_thread_no) or 0
   if args[1] and args[1] ~= "" then
      tag = args[1]
   end
end

function request()
   counter = counter + 1
   local body = string.format('{"customer":"queue-%s-t%d-%d@example.com"}', tag, thread_no,
                              counter)
   return wrk.format("POST", nil, headers, body)
end
