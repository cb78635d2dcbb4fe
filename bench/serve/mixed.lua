-- mixed.lua -- wrk script for the mixed-fault load run: about 10% of the
-- requests go to faulty guests (a third each to /fault/trap, /fault/loop and
-- /fault/oom), the rest to the healthy `/hello`. Responses are sorted by what
-- came back: a 2xx whose body is the healthy guest's greeting, a 500, a 504, or
-- anything else. wrk's response callback does not say which request a response
-- belongs to, so the checks compare counts (see mixed-faults.sh).
--   wrk -s mixed.lua ... ; FAULT_PERMILLE=100 by default (the environment variable overrides)

local fault_permille = tonumber(os.getenv("FAULT_PERMILLE") or "100")
local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(1000 + id)
    sent_healthy, sent_trap, sent_loop, sent_oom = 0, 0, 0, 0
    got_healthy, got_500, got_504, got_other = 0, 0, 0, 0
    healthy_req = wrk.format("GET", "/hello")
    trap_req = wrk.format("GET", "/fault/trap")
    loop_req = wrk.format("GET", "/fault/loop")
    oom_req = wrk.format("GET", "/fault/oom")
end

function request()
    local r = math.random(1000)
    if r > fault_permille then
        sent_healthy = sent_healthy + 1
        return healthy_req
    end
    local kind = r % 3
    if kind == 0 then
        sent_trap = sent_trap + 1
        return trap_req
    elseif kind == 1 then
        sent_loop = sent_loop + 1
        return loop_req
    end
    sent_oom = sent_oom + 1
    return oom_req
end

function response(status, headers, body)
    if status >= 200 and status < 300 and body and body:find("Hello, ", 1, true) then
        got_healthy = got_healthy + 1
    elseif status == 500 then
        got_500 = got_500 + 1
    elseif status == 504 then
        got_504 = got_504 + 1
    else
        got_other = got_other + 1
    end
end

-- One line the shell script parses: the counters summed over the threads.
function done(summary, latency, requests)
    local names = { "sent_healthy", "sent_trap", "sent_loop", "sent_oom", "got_healthy", "got_500", "got_504", "got_other" }
    local line = "mixed:"
    for _, name in ipairs(names) do
        local total = 0
        for _, thread in ipairs(threads) do total = total + (thread:get(name) or 0) end
        line = line .. " " .. name .. "=" .. total
    end
    io.write(line .. " p99_ms=" .. string.format("%.3f", latency:percentile(99) / 1000) .. "\n")
end
