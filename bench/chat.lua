-- wrk script: one OpenAI chat completion per request, streamed or not.
-- Settings come from the environment: BENCH_STREAM=true|false, BENCH_KEYS="sk-agg-a,sk-agg-b"
-- (rotated per request; empty when calling the mock-provider directly), BENCH_MODEL (default
-- mock-gpt; mock-gpt-latency-50 makes the mock-provider answer after 50 ms).

local stream = os.getenv("BENCH_STREAM") == "true"
local model = os.getenv("BENCH_MODEL") or "mock-gpt"
local keys = {}
for key in string.gmatch(os.getenv("BENCH_KEYS") or "", "[^,]+") do keys[#keys + 1] = key end

local body
if stream then
  body = '{"model":"' .. model .. '","max_tokens":16,"stream":true,"stream_options":{"include_usage":true},'
    .. '"messages":[{"role":"user","content":"Benchmark: say something short."}]}'
else
  body = '{"model":"' .. model .. '","max_tokens":16,'
    .. '"messages":[{"role":"user","content":"Benchmark: say something short."}]}'
end

local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok = 0
  failed = 0
  status402 = 0
  status429 = 0
  status5xx = 0
end

function request()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  if #keys > 0 then headers["Authorization"] = "Bearer " .. keys[(counter % #keys) + 1] end
  return wrk.format("POST", "/v1/chat/completions", headers, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
  if status == 402 then status402 = status402 + 1 end
  if status == 429 then status429 = status429 + 1 end
  if status >= 500 then status5xx = status5xx + 1 end
end

function done(summary, latency, requests)
  local succeeded, refused, s402, s429, s5xx = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    succeeded = succeeded + thread:get("ok")
    refused = refused + thread:get("failed")
    s402 = s402 + thread:get("status402")
    s429 = s429 + thread:get("status429")
    s5xx = s5xx + thread:get("status5xx")
  end
  io.write(string.format(
    "RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f ok=%d failed=%d socket_errors=%d status_402=%d status_429=%d status_5xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    succeeded, refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    s402, s429, s5xx))
end
