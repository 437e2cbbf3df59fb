-- wrk script: cycle through one scenario's requests (bench/prepare.py writes them), each with
-- its user's session cookie and CSRF token; "{uuid}" in a body becomes a fresh UUID per request
-- (the session log's idempotency key). At the end, print the figures as one JSON line.
--   wrk -s bench/load.lua ... http://127.0.0.1:PORT -- FILE.tsv

local requests = {}
local counter = 0

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

local function uuid()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (template:gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
  for line in io.lines(args[1]) do
    if #line > 0 then
      local f = split(line)
      local headers = {}
      if f[3] ~= "" then headers["Cookie"] = f[3] end
      if f[4] ~= "" then headers["X-CSRFToken"] = f[4] end
      if f[6] and f[6] ~= "" then
        local name, value = f[6]:match("^([^:]+):%s*(.*)$")
        headers[name] = value
      end
      if f[1] == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
      requests[#requests + 1] = {method = f[1], path = f[2], headers = headers, body = f[5] or ""}
    end
  end
  counter = math.random(0, #requests - 1)
end

function request()
  counter = counter + 1
  local r = requests[(counter % #requests) + 1]
  local body = nil
  if r.method == "POST" then body = r.body:gsub("{uuid}", uuid()) end
  return wrk.format(r.method, r.path, r.headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "rps": %.2f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "max_ms": %.2f, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
