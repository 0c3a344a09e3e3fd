-- The requests of the load benchmark (tests/perf/load_bench.py), one scenario per wrk run.
--
-- Read from the environment (the bench sets them; the cookies and the CSRF token are fetched
-- from the running server before wrk starts):
--   LOAD_SCENARIO        dashboard | dashboard_floor | youth | form_floor | entry | mixed
--   LOAD_SLUG            the alliance's slug
--   LOAD_STEERING        the session cookie of a steering group member (reads the dashboard)
--   LOAD_COORDINATOR     the session cookie of a coordinator (enters figures)
--   LOAD_CSRF            the CSRF cookie; the same value is posted as the form's token
--   LOAD_ENTRY_TARGETS   the coordinator's entry forms, "path|period|organisation" joined by ";"
--
-- response() sorts every answer into what it proves: "page" (200), "youth" (302 to the
-- portal's thank-you page: an input was saved), "entry" (302 to the reporting overview: figures
-- were saved), "form" (302 back to the minimal form: its row was saved) or "other" (anything
-- else, a redirect to the login page among them). done() prints one JSON line with wrk's
-- latency percentiles, counts and socket errors, and these kinds.

local scenario = os.getenv("LOAD_SCENARIO") or "dashboard"
local slug = os.getenv("LOAD_SLUG") or "kalundborg"
local steering = os.getenv("LOAD_STEERING") or ""
local coordinator = os.getenv("LOAD_COORDINATOR") or ""
local csrf = os.getenv("LOAD_CSRF") or ""

local targets = {}
for item in string.gmatch(os.getenv("LOAD_ENTRY_TARGETS") or "", "[^;]+") do
  local target_path, period, organisation = string.match(item, "([^|]+)|([^|]+)|([^|]+)")
  table.insert(targets, {path = target_path, period = period, organisation = organisation})
end

local FORM = "application/x-www-form-urlencoded"
local KINDS = {"idea", "worry", "question", "feedback"}
local TEXTS = {
  "Vi mangler et sted at være om aftenen, hvor der ikke koster noget.",
  "Bussen til skolen kører for sjældent, så vi kommer for sent.",
  "Kan ungdomsklubben holde åbent i weekenden?",
  "Lektiecaféen på biblioteket var rigtig god, mere af det!",
}

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

counts = {page = 0, youth = 0, entry = 0, form = 0, other = 0}
local sent = 0

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

local function urlencode(text)
  local encoded = string.gsub(text, "[^%w%-_.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end)
  return encoded
end

local function youth_body()
  local n = math.random(1, 1000000)
  return "csrfmiddlewaretoken=" .. csrf
    .. "&kind=" .. KINDS[n % #KINDS + 1]
    .. "&text=" .. urlencode(TEXTS[n % #TEXTS + 1] .. " (" .. n .. ")")
    .. "&website="
end

local function dashboard()
  return wrk.format("GET", "/" .. slug .. "/measurement/", {Cookie = "sessionid=" .. steering})
end

local function dashboard_floor()
  return wrk.format(
    "GET", "/bench-floor/" .. slug .. "/dashboard/", {Cookie = "sessionid=" .. steering}
  )
end

local function post(target_path, cookie, body)
  return wrk.format("POST", target_path, {["Content-Type"] = FORM, Cookie = cookie}, body)
end

local function youth()
  return post("/" .. slug .. "/ung/send/", "csrftoken=" .. csrf, youth_body())
end

local function form_floor()
  return post("/bench-floor/" .. slug .. "/form/", "csrftoken=" .. csrf, youth_body())
end

local function entry()
  local target = targets[sent % #targets + 1]
  -- A different figure each time, so every post changes the stored draft.
  local value = string.format("%d,%d", math.random(1, 5000), math.random(0, 9))
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&period=" .. target.period
    .. "&organisation=" .. target.organisation
    .. "&total-value=" .. value
    .. "&total-respondents="
    .. "&comment=&action=save"
  return post(target.path, "sessionid=" .. coordinator .. "; csrftoken=" .. csrf, body)
end

-- The mix: half of the requests read the dashboard, a quarter are youth inputs, a quarter are
-- figures entered by a coordinator.
local MIX = {dashboard, youth, dashboard, entry}

local SCENARIOS = {
  dashboard = {dashboard},
  dashboard_floor = {dashboard_floor},
  youth = {youth},
  form_floor = {form_floor},
  entry = {entry},
  mixed = MIX,
}
local plan = SCENARIOS[scenario]

function request()
  sent = sent + 1
  return plan[sent % #plan + 1]()
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local kind = "other"
  if status == 200 then
    kind = "page"
  elseif status == 302 then
    if string.find(location, "/ung/tak/", 1, true) then
      kind = "youth"
    elseif string.find(location, "/measurement/report/", 1, true) then
      kind = "entry"
    elseif string.find(location, "/bench-floor/", 1, true) then
      kind = "form"
    end
  end
  counts[kind] = counts[kind] + 1
end

function done(summary, latency, requests)
  local kinds = {page = 0, youth = 0, entry = 0, form = 0, other = 0}
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts")
    for kind, count in pairs(thread_counts) do
      kinds[kind] = kinds[kind] + count
    end
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD_JSON {"scenario": "%s", "duration_us": %d, "requests": %d, "bytes": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"kinds": {"page": %d, "youth": %d, "entry": %d, "form": %d, "other": %d}}\n',
    scenario, summary.duration, summary.requests, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout,
    kinds.page, kinds.youth, kinds.entry, kinds.form, kinds.other
  ))
end
