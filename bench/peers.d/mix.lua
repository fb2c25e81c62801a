-- wrk script of bench/peers: rotates through the query mix (queries.lua,
-- written by make_mix.py), one query per request, in order.
--
--   wrk ... URL -s mix.lua -- ENDPOINT MODE OFFSET QUERIES_LUA [INDEX]
--
-- ENDPOINT is /sparql (Carrefour) or /query (Oxigraph). MODE "warm" sends the
-- same five texts over and over (Carrefour answers them from its cache after
-- the first time); "cold" makes every request a query never seen before by
-- appending a LIMIT no other request uses (always larger than any answer, so
-- the rows are the same), so the evaluator is what is measured. OFFSET keeps
-- the LIMITs of one run apart from those of every other run. INDEX (1-based)
-- sends that query only.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  endpoint = args[1]
  mode = args[2]
  offset = tonumber(args[3])
  queries = dofile(args[4])
  if args[5] then queries = { queries[tonumber(args[5])] } end
  counter = 0
end

function request()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  local limit = 100000
  if mode == "cold" then
    limit = 100000 + offset + tid * 1000000 + counter
  end
  return wrk.format("GET", endpoint .. "?query=" .. q.query .. "%0ALIMIT%20" .. limit,
    { ["Accept"] = q.accept })
end
