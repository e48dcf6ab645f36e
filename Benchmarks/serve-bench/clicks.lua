-- wrk script of the serve benchmark: replays the prepared clicks.
--
--   wrk -t T -c C -d D -s clicks.lua http://127.0.0.1:PORT -- CLICKS.tsv T [RESULT.json]
--
-- CLICKS.tsv holds one click a line: path, cookie, user, what (tab-separated).
-- Each request takes the next (path, cookie) pair; thread k starts k/T of the
-- way into the list, so the threads do not request the same pages at once.
-- A response other than 2xx counts as an error (a 3xx would be a lost
-- session sending to /login). done() prints p50/p95/p99/max, requests,
-- requests/s and errors (non-2xx + socket errors), and writes them as JSON
-- to RESULT.json (the environment's SERVE_BENCH_RESULT: the main Lua state
-- done() runs in gets no script arguments).

local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

local clicks = {}
local next_click = 1
errors = 0
statuses = {}

function init(args)
    local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
    for line in file:lines() do
        local path, cookie = line:match("^([^\t]+)\t([^\t]+)")
        if path then
            table.insert(clicks, wrk.format("GET", path, { ["Cookie"] = cookie, ["Accept-Language"] = "fr" }))
        end
    end
    file:close()
    assert(#clicks > 0, "no clicks in " .. args[1])
    local count = tonumber(args[2]) or 1
    next_click = math.floor(id * #clicks / count) % #clicks + 1
end

function request()
    local r = clicks[next_click]
    next_click = next_click % #clicks + 1
    return r
end

function response(status, headers, body)
    if status < 200 or status > 299 then
        errors = errors + 1
        statuses[status] = (statuses[status] or 0) + 1
    end
end

function done(summary, latency, requests)
    local status_errors, counts = 0, {}
    for _, thread in ipairs(threads) do
        status_errors = status_errors + thread:get("errors")
        for status, count in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + count end
    end
    local statuses = ""
    for status, count in pairs(counts) do statuses = statuses .. string.format(" %d×%d", count, status) end
    local e = summary.errors
    local socket_errors = e.connect + e.read + e.write + e.timeout
    local seconds = summary.duration / 1e6
    local ms = function(p) return latency:percentile(p) / 1000 end
    local result = {
        requests = summary.requests,
        seconds = seconds,
        rps = summary.requests / seconds,
        p50 = ms(50), p95 = ms(95), p99 = ms(99), max = latency.max / 1000, mean = latency.mean / 1000,
        status_errors = status_errors,
        socket_errors = socket_errors,
        errors = status_errors + socket_errors,
    }
    io.write(string.format("clicks: %d requests in %.1f s, %.1f requests/s\n", result.requests, seconds, result.rps))
    io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f\n",
        result.p50, result.p95, result.p99, result.max, result.mean))
    io.write(string.format("errors: %d (non-2xx %d%s; socket: connect %d, read %d, write %d, timeout %d)\n",
        result.errors, status_errors, statuses ~= "" and (":" .. statuses) or "", e.connect, e.read, e.write, e.timeout))
    local out = os.getenv("SERVE_BENCH_RESULT")
    if out and out ~= "" then
        local file = assert(io.open(out, "w"))
        local fields = {}
        for key, value in pairs(result) do table.insert(fields, string.format("%q: %s", key, tostring(value))) end
        file:write("{" .. table.concat(fields, ", ") .. "}\n")
        file:close()
    end
end
