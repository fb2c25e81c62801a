-- bench/search's questions: each request a search not asked before (a
-- word or phrase, a filter combination, a page size), so the page cache
-- does not answer it. 40 x 8 x 20 = 6 400 questions; each wrk thread
-- starts at a different one.
local words = {
  "jardin", "alimentaire", "insertion emploi", "\"jardin partagé\"", "mobilité",
  "numérique", "santé", "culture", "habitat", "énergie", "recyclage", "solidarité",
  "éducation", "tiers-lieu", "coopérative", "handicap", "jeunesse", "seniors",
  "agriculture", "logement", "l'économie circulaire", "repair café", "épicerie",
  "vélo", "ressourcerie", "maraîchage", "quartier", "insertion", "formation",
  "accompagnement", "réemploi", "citoyen", "médiation", "entraide", "cantine",
  "aidants", "inclusion numérique", "circuit court", "zéro déchet", "musique",
}
local filters = {
  "", "&region=84", "&region=53", "&theme=alimentation", "&partner=fondation-territoires",
  "&stage=deploiement", "&departement=69", "&region=11&stage=lancement",
}
local counter = 0

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("start", math.random(0, 6399))
end

function init(args)
  counter = start or 0
end

function request()
  counter = counter + 1
  local w = words[(counter % #words) + 1]
  local f = filters[(math.floor(counter / #words) % #filters) + 1]
  local limit = 10 + (math.floor(counter / (#words * #filters)) % 20)
  local path = "/api/projects?q=" .. encode(w) .. f .. "&limit=" .. limit
  return wrk.format("GET", path, { ["Accept"] = "application/ld+json" })
end
