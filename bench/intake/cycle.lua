-- wrk script for the contact-form benchmark: each connection repeats what a browser does,
-- GET the form, POST it with the page's hidden fields and its CSRF cookie, GET the page the
-- redirect names. One sample is the wall time of the whole cycle. Run with as many threads as
-- connections (one connection per thread, so each thread's state is one browser's):
--
--   BENCH_WARMUP=3 wrk -t8 -c8 -d15s -s bench/intake/cycle.lua http://127.0.0.1:8761/bli-medlem/
--
-- BENCH_COOKIE, if set ("name=value; other=value"), is sent with every request beside the CSRF
-- cookie: a visitor who carries it (a consent choice, say). Cycles started in the first
-- BENCH_WARMUP seconds are not counted. Each thread writes its
-- samples to a file in BENCH_SAMPLES (a folder; wrk's thread:get() garbles tables), and
-- done() prints one JSON line with the counts and percentiles.
local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } timespec;
  int clock_gettime(int clk_id, timespec *tp);
]])
local ts = ffi.new("timespec")
local function now()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local function urlencode(text)
  return (text:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local step, path, cookie, body, location
local started, step_started, warmup_until, n
local samples
local folder = os.getenv("BENCH_SAMPLES") or "/tmp"

local warmup = tonumber(os.getenv("BENCH_WARMUP") or "3")
local extra_cookie = os.getenv("BENCH_COOKIE") or ""

-- The Cookie header: the CSRF cookie the site set (none before the first answer) and the
-- visitor's extra cookie.
local function cookies()
  if cookie and extra_cookie ~= "" then return cookie .. "; " .. extra_cookie end
  if cookie then return cookie end
  if extra_cookie ~= "" then return extra_cookie end
  return nil
end

function init(args)
  samples = assert(io.open(folder .. "/thread-" .. id .. ".txt", "w"))
  path = wrk.path
  warmup_until = now() + warmup
  step, n = "get", 0
end

function request()
  step_started = now()
  if step == "get" then
    started = step_started
    local headers = {}
    headers["Cookie"] = cookies()
    return wrk.format("GET", path, headers)
  elseif step == "post" then
    return wrk.format("POST", path, {
      ["Cookie"] = cookies(),
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  else
    return wrk.format("GET", location, { ["Cookie"] = cookies() })
  end
end

local function fail(why)
  samples:write("error ", why, "\n")
  samples:flush()
  step = "get"
end

local function form_body(html)
  local fields = {}
  for name, value in html:gmatch('<input type="hidden" name="([^"]+)" value="([^"]*)"') do
    fields[name] = value
  end
  n = n + 1
  local who = id * 1000000 + n
  fields["contact_name"] = "Åse Ødegård " .. who
  fields["phone"] = "912 34 567"
  fields["email"] = "ase" .. who .. "@odegard-bygg.example"
  fields["company_name"] = "Ødegård Bygg AS"
  fields["org_number"] = "928 050 475"
  fields["county"] = "oslo"
  fields["subsidiary"] = html:match('name="subsidiary" id="id_subsidiary_0" value="([^"]+)"')
    or "usikker"
  fields["message"] = "Vi er seks tømrere i Groruddalen.\nVi vil gjerne høre mer."
  fields["privacy_acknowledged"] = "on"
  local parts = {}
  for name, value in pairs(fields) do
    table.insert(parts, urlencode(name) .. "=" .. urlencode(value))
  end
  return table.concat(parts, "&")
end

function response(status, headers, payload)
  local finished = now()
  if step == "get" then
    if status ~= 200 then return fail("GET answered " .. status) end
    local set_cookie = headers["Set-Cookie"]
    if set_cookie then
      local token = set_cookie:match("csrftoken=([^;]+)")
      if token then cookie = "csrftoken=" .. token end
    end
    body = form_body(payload)
    step_get = finished - step_started
    step = "post"
  elseif step == "post" then
    if status ~= 302 then return fail("POST answered " .. status) end
    location = headers["Location"]
    step_post = finished - step_started
    step = "redirect"
  else
    if status ~= 200 then return fail("redirect answered " .. status) end
    if started >= warmup_until then
      samples:write(string.format("%.6f %.6f %.6f %.6f\n", finished - started, step_get,
        step_post, finished - step_started))
      samples:flush()
    end
    step = "get"
  end
end

local function percentile(values, p)
  table.sort(values)
  if #values == 0 then return nil end
  local index = math.min(#values, math.max(1, math.floor(p / 100 * #values + 0.5)))
  return values[index]
end

local function ms(value)
  if value == nil then return "null" end
  return string.format("%.1f", value * 1000)
end

function done(summary, latency, requests)
  local all, get, post, redirect, failed, why = {}, {}, {}, {}, 0, {}
  for i = 1, #threads do
    for line in io.lines(folder .. "/thread-" .. i .. ".txt") do
      local problem = line:match("^error (.*)")
      if problem then
        failed = failed + 1
        if #why < 3 then table.insert(why, '"' .. problem .. '"') end
      else
        local c, g, p, r = line:match("(%S+) (%S+) (%S+) (%S+)")
        table.insert(all, tonumber(c))
        table.insert(get, tonumber(g))
        table.insert(post, tonumber(p))
        table.insert(redirect, tonumber(r))
      end
    end
  end
  local seconds = summary.duration / 1e6 - warmup
  io.write(string.format(
    '{"client": "wrk", "clients": %d, "seconds": %.1f, "requests": %d, "cycles": %d, '
      .. '"cycles_per_second": %.1f, "cycle_p50_ms": %s, "cycle_p95_ms": %s, '
      .. '"step_p95_ms": {"get": %s, "post": %s, "redirect": %s}, '
      .. '"socket_errors": %d, "errors": %d, "first_errors": [%s]}\n',
    #threads, seconds, summary.requests, #all, #all / seconds, ms(percentile(all, 50)),
    ms(percentile(all, 95)), ms(percentile(get, 95)), ms(percentile(post, 95)),
    ms(percentile(redirect, 95)),
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    failed, table.concat(why, ", ")))
end
