//! `/api/projects` over HTTP on the demo data: paging in a stable order,
//! every filter, bad parameters, content negotiation, and members that read
//! back as the statements they are built from.

use crate::common;
use crate::datasets_common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use carrefour::record::{organisation_key, slug};
use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{demo_server, demo_store, serve};
use common::http::{self, Response};
use datasets_common::{expected_count, expected_projects, mapping, store_with_history};
use oxigraph::io::{JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term, Triple};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BASE: &str = common::BASE;
const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

fn get(path: &str, headers: &[(&str, &str)]) -> Response {
    http::get(demo_server().addr, path, headers)
}

fn store() -> Store {
    demo_store()
}

/// `GET /api/projects?{query}` as JSON-LD, checked to be a 200.
fn collection(query: &str) -> Value {
    let response = get(&format!("/api/projects?{query}"), &[]);
    assert_eq!(response.status, 200, "{query}: {}", response.text());
    response.json()
}

fn total(query: &str) -> usize {
    collection(query)["totalItems"].as_u64().unwrap() as usize
}

/// A link of the collection as a path on the test server.
fn path_of(link: &Value) -> String {
    let link = link.as_str().expect("a link");
    format!(
        "/{}",
        link.strip_prefix(BASE)
            .expect("links are under the base IRI")
    )
}

#[test]
fn the_collection_pages_through_every_project_in_a_stable_order() {
    let response = get("/api/projects", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(response.media_type(), "application/ld+json");
    assert_eq!(response.header("vary"), Some("Accept"));
    let first = response.json();
    assert_eq!(first["type"], "hydra:Collection");
    assert_eq!(first["id"], format!("{BASE}api/projects"));
    assert_eq!(first["@context"][0], format!("{BASE}ns/context.jsonld"));
    assert_eq!(first["totalItems"], 410);
    assert_eq!(store().statistics().unwrap().projects, 410);
    assert_eq!(first["member"].as_array().unwrap().len(), 20);
    let view = &first["view"];
    assert_eq!(view["type"], "hydra:PartialCollectionView");
    // Without words to find, the day's fair order; the links name the day.
    let day = today();
    assert_eq!(
        view["first"],
        format!("{BASE}api/projects?day={day}&page=1")
    );
    assert_eq!(view["next"], format!("{BASE}api/projects?day={day}&page=2"));
    assert_eq!(
        view["last"],
        format!("{BASE}api/projects?day={day}&page=21")
    );
    assert!(view.get("previous").is_none());
    assert!(
        first["search"]["template"]
            .as_str()
            .unwrap()
            .contains("{?q,theme,region,")
    );

    // Follow `next` with the largest pages: every project once, in order.
    let mut link = "/api/projects?order=name&limit=100".to_owned();
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let page = get(&link, &[]).json();
        for member in page["member"].as_array().unwrap() {
            let name = member["name"].as_str().unwrap();
            seen.push((
                slug(name),
                name.to_owned(),
                member["id"].as_str().unwrap().to_owned(),
            ));
        }
        pages.push(page["member"].as_array().unwrap().len());
        if pages.len() > 1 {
            assert!(
                page["view"]["previous"].is_string(),
                "page {} has a previous link",
                pages.len()
            );
        }
        match page["view"].get("next") {
            Some(next) => link = path_of(next),
            None => {
                assert_eq!(page["view"]["id"], page["view"]["last"]);
                break;
            }
        }
    }
    assert_eq!(
        pages,
        [100, 100, 100, 100, 10],
        "the last page holds the rest"
    );
    let ids: HashSet<&str> = seen.iter().map(|(_, _, id)| id.as_str()).collect();
    assert_eq!(ids.len(), 410, "each project appears once");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(
        seen, sorted,
        "ordered by name without case or accents, then IRI"
    );

    // Page 2 of 20 is the second slice of the same order.
    let second = collection("order=name&page=2");
    let second_ids: Vec<&str> = second["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = seen[20..40].iter().map(|(_, _, id)| id.as_str()).collect();
    assert_eq!(second_ids, expected);
    assert_eq!(
        second["view"]["previous"],
        format!("{BASE}api/projects?order=name&page=1")
    );
}

/// Today in UTC, as the fair order's links write it.
fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// Every member id of the collection at `query`, following `next`.
fn every_id(query: &str) -> Vec<String> {
    let mut link = format!("/api/projects?{query}");
    let mut ids = Vec::new();
    loop {
        let page = get(&link, &[]).json();
        for member in page["member"].as_array().unwrap() {
            ids.push(member["id"].as_str().unwrap().to_owned());
        }
        match page["view"].get("next") {
            Some(next) => link = path_of(next),
            None => return ids,
        }
    }
}

#[test]
fn the_fair_order_mixes_partners_changes_with_the_day_and_pages_through_everything() {
    let by_partner: BTreeMap<String, String> = store()
        .statistics()
        .unwrap()
        .partners
        .iter()
        .flat_map(|p| {
            every_id(&format!("partner={}&order=name&limit=100", p.id))
                .into_iter()
                .map(move |id| (id, p.id.clone()))
        })
        .collect();
    let mut openers = HashSet::new();
    let mut orders = HashSet::new();
    for day in [
        "2026-12-06",
        "2026-12-07",
        "2026-12-08",
        "2027-01-15",
        "2027-06-01",
    ] {
        // Small pages, through `next`: every project once, none repeated.
        let ids = every_id(&format!("day={day}&limit=37"));
        assert_eq!(ids.len(), 410, "{day}");
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), 410, "{day}: no project twice");
        // The same day gives the same order.
        assert_eq!(every_id(&format!("day={day}&limit=100")), ids, "{day}");
        // Every partner has about its share of the first page.
        let first: Vec<&String> = ids[..20].iter().map(|id| &by_partner[id]).collect();
        let partners: HashSet<&&String> = first.iter().collect();
        assert!(partners.len() >= 4, "{day}: the first page has {first:?}");
        openers.insert(by_partner[&ids[0]].clone());
        orders.insert(ids);
    }
    assert_eq!(orders.len(), 5, "each day its own order");
    assert!(openers.len() >= 2, "no partner always first: {openers:?}");
    // A filter keeps the order of the day, as a subsequence.
    let day = "2026-12-07";
    let all = every_id(&format!("day={day}&limit=100"));
    let health = every_id(&format!("day={day}&theme=sante&limit=100"));
    let kept: Vec<&String> = all.iter().filter(|id| health.contains(id)).collect();
    assert_eq!(kept, health.iter().collect::<Vec<_>>());
    // Bad values are refused with the parameter named.
    for (query, parameter) in [
        ("order=relevance", "order"),
        ("order=random", "order"),
        ("day=06-12-2026", "day"),
    ] {
        let response = get(&format!("/api/projects?{query}"), &[]);
        assert_eq!(response.status, 400, "{query}");
        assert!(
            response.text().contains(parameter),
            "{query}: {}",
            response.text()
        );
    }
}

#[test]
fn each_filter_counts_like_the_demo_sites() {
    let stage = |p: &Value, code: &str| p["stage"] == code;
    let region = |p: &Value| p["location"]["region"].as_str().map(slug);
    let postal = |p: &Value| {
        p["location"]["postal_code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };

    assert_eq!(total("partner=fondation-territoires"), 95);
    assert_eq!(total("partner=tiers-lieux-solidaires"), 40);
    let deploiement = expected_count(|_, p| stage(p, "deploiement"));
    assert!(deploiement > 20);
    assert_eq!(total("stage=deploiement"), deploiement);
    assert_eq!(
        total(&format!("stage={BASE}id/stage/deploiement")),
        deploiement,
        "a stage IRI works like its code"
    );
    // Régions and départements: through the territory each project resolved
    // to (the harvest tests check those against the location test set).
    let auvergne = projects_in(
        |c| c.region == "84",
        |level, code| level == "region" && code == "84",
    );
    assert!(auvergne > region_text_count(&region, "auvergne-rhone-alpes") / 2);
    assert_eq!(
        total("region=auvergne%20rhone%20ALPES"),
        auvergne,
        "without case or accents"
    );
    assert_eq!(total("region=Auvergne-Rh%C3%B4ne-Alpes"), auvergne);
    assert_eq!(total("region=84"), auvergne, "by INSEE code");
    assert_eq!(
        total("region=Rh%C3%B4ne-Alpes"),
        auvergne,
        "an old région name"
    );
    let rhone = projects_in(
        |c| c.departement == "69",
        |level, code| level == "departement" && code == "69",
    );
    assert!(rhone > 0);
    assert!(rhone >= expected_count(|_, p| postal(p).starts_with("69")));
    assert_eq!(total("departement=69"), rhone);
    let corse_du_sud = projects_in(
        |c| c.departement == "2A",
        |level, code| level == "departement" && code == "2A",
    );
    assert_eq!(total("departement=2a"), corse_du_sud);
    let both =
        expected_count(|partner, p| partner == "fondation-territoires" && stage(p, "deploiement"));
    assert_eq!(
        total("partner=fondation-territoires&stage=deploiement"),
        both
    );

    // An organisation carrying several projects, by a differently written name.
    let mut by_organisation: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (_, project) in expected_projects() {
        let name = project["organisation"]["name"].as_str().unwrap().to_owned();
        by_organisation
            .entry(organisation_key(&name))
            .or_insert((name, 0))
            .1 += 1;
    }
    let (key, (name, count)) = by_organisation
        .iter()
        .max_by_key(|(key, (_, n))| (*n, std::cmp::Reverse((*key).clone())))
        .unwrap();
    assert!(
        *count >= 2,
        "the demo has organisations with several projects"
    );
    let shouted = http::form_encode(&name.to_uppercase());
    assert_eq!(total(&format!("organisation={shouted}")), *count, "{name}");
    assert_eq!(total(&format!("organisation={key}")), *count);
}

#[test]
fn a_parent_theme_matches_its_narrower_themes() {
    let store = &store();
    let count = |themes: &str| -> usize {
        let sparql = format!(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{
               GRAPH ?r {{ ?p a <http://schema.org/Project> ; <http://purl.org/dc/terms/subject> ?t }}
               VALUES ?t {{ {themes} }} }}"
        );
        let n = common::select_one(store, &sparql).unwrap();
        let Term::Literal(n) = n else { panic!("{n}") };
        n.value().parse().unwrap()
    };
    let theme = |code: &str| format!("<{BASE}id/theme/{code}>");
    let family = [
        "alimentation",
        "alimentation-circuits-courts",
        "alimentation-aide-alimentaire",
        "agriculture-urbaine",
    ];
    let whole = count(&family.map(theme).join(" "));
    let narrower_only = count(&theme("agriculture-urbaine"));
    assert!(
        whole > narrower_only && narrower_only > 0,
        "{whole} {narrower_only}"
    );
    assert_eq!(total("theme=alimentation"), whole);
    assert_eq!(total("theme=agriculture-urbaine"), narrower_only);
    let iri = http::form_encode(&format!("{BASE}id/theme/alimentation"));
    assert_eq!(total(&format!("theme={iri}")), whole);
}

#[test]
fn bad_parameters_are_refused_with_a_message_naming_them() {
    for (query, parameter) in [
        ("colour=bleu", "colour"),
        ("query=jardin", "query"),
        ("page=0", "page"),
        ("page=deux", "page"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("theme=inexistant", "theme"),
        ("theme=Sant%C3%A9%20publique%20mondiale", "theme"),
        ("stage=inexistant", "stage"),
        ("partner=inconnu", "partner"),
        ("partner=..%2Fetc", "partner"),
        ("departement=20", "departement"),
        ("region=Atlantide", "region"),
        ("near=91,2", "near"),
        ("near=48.8", "near"),
        ("radius_km=5", "radius_km"),
        ("near=48.8,2.3&radius_km=0", "radius_km"),
        ("bbox=5,45,4,46", "bbox"),
        ("departement=6900", "departement"),
        ("theme=sante&theme=logement", "theme"),
        ("format=xml", "format"),
    ] {
        let response = get(&format!("/api/projects?{query}"), &[]);
        assert_eq!(response.status, 400, "{query}: {}", response.text());
        assert_eq!(response.media_type(), "text/plain");
        assert!(
            response.text().contains(parameter),
            "{query}: {}",
            response.text()
        );
    }
    let past = get("/api/projects?partner=tiers-lieux-solidaires&page=3", &[]);
    assert_eq!(past.status, 404, "{}", past.text());
    assert!(past.text().contains("last page (2)"), "{}", past.text());
    let nothing = collection("bbox=-30,-60,-29,-59&page=1");
    assert_eq!(nothing["member"], serde_json::json!([]));
    assert_eq!(nothing["view"]["last"], nothing["view"]["first"]);
}

#[test]
fn browsers_get_a_list_and_programs_get_json_ld() {
    let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let html = get(
        "/api/projects?partner=solidarites-locales",
        &[("Accept", firefox)],
    );
    assert_eq!(html.status, 200);
    assert_eq!(html.media_type(), "text/html");
    let page = html.text();
    assert!(page.contains("55 projets"), "{page}");
    assert!(page.contains("href=\"/id/project/solidarites-locales-"));
    assert!(page.contains("<option value=\"solidarites-locales\" selected>"));
    assert!(page.contains("rel=\"next\""));
    // Each row shows what the same page of JSON-LD says.
    let first = &collection("partner=solidarites-locales")["member"][0];
    for shown in [
        &first["name"],
        &first["organisation"]["name"],
        &first["location"]["name"],
        &first["record"]["attributedTo"]["name"],
    ] {
        let text = escaped(shown.as_str().expect("a plain string"));
        assert!(page.contains(&text), "{text} is not in {page}");
    }

    assert_eq!(
        get("/api/projects", &[("Accept", "*/*")]).media_type(),
        "application/ld+json"
    );
    let json = get("/api/projects", &[("Accept", "application/json")]);
    assert_eq!(json.media_type(), "application/json");
    assert_eq!(json.json()["totalItems"], 410);
    let forced = get("/api/projects?format=jsonld", &[("Accept", firefox)]);
    assert_eq!(forced.media_type(), "application/ld+json");
    assert_eq!(get("/api/projects", &[("Accept", "image/png")]).status, 406);

    let etag = json.header("etag").unwrap().to_owned();
    let again = get(
        "/api/projects",
        &[("Accept", "application/json"), ("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304);
}

/// Text as the HTML templates escape it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Reads JSON-LD with the published context served from `ontology/`.
fn parse_json_ld(body: &[u8]) -> Vec<Quad> {
    let context = std::fs::read(Path::new(ROOT).join("ontology/context.jsonld")).unwrap();
    RdfParser::from_format(JSON_LD)
        .for_slice(body)
        .with_document_loader(move |url| {
            assert_eq!(url, format!("{BASE}ns/context.jsonld"));
            Ok(LoadedDocument {
                url: url.to_owned(),
                content: context.clone(),
                format: JSON_LD,
            })
        })
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The members of `GET /api/projects?partner={partner}&limit=100`, and the body.
fn members_of(partner: &str) -> (Vec<Value>, Vec<u8>) {
    let response = get(&format!("/api/projects?partner={partner}&limit=100"), &[]);
    assert_eq!(response.status, 200, "{partner}: {}", response.text());
    let document: Value = serde_json::from_slice(&response.body).unwrap();
    let members = document["member"].as_array().unwrap().clone();
    (members, response.body)
}

#[test]
fn members_show_the_project_its_record_and_the_partner_to_credit() {
    let (members, _) = members_of("fondation-territoires");
    assert_eq!(members.len(), 95);
    let partner = mapping("fondation-territoires").partner;
    for member in &members {
        let keys: Vec<&str> = member
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys[..2], ["id", "type"], "{member:#}");
        assert!(
            !keys.contains(&"@context"),
            "the collection carries the context"
        );
        assert!(member["name"].is_string(), "a French name: {member:#}");
        let record = &member["record"];
        assert_eq!(record["primaryTopic"], member["id"]);
        assert_eq!(record["license"], partner.license.as_str());
        assert_eq!(record["attributionName"], partner.name.as_str());
        let credited = &record["attributedTo"];
        assert_eq!(credited["name"], partner.name.as_str());
        assert_eq!(credited["logo"], partner.logo.as_ref().unwrap().as_str());
        assert!(
            credited["type"]
                .as_array()
                .is_some_and(|types| types.contains(&"Partner".into()))
        );
    }
    let member = members
        .iter()
        .find(|m| m["location"]["address"]["postalCode"].is_string())
        .expect("a member with a postal code");
    assert!(member["organisation"]["name"].is_string(), "{member:#}");
    assert_eq!(member["location"]["address"]["addressCountry"], "FR");
}

#[test]
fn members_place_their_coordinates_like_the_demo_site() {
    let (members, _) = members_of("tiers-lieux-solidaires");
    let expected: BTreeMap<String, Value> = expected_projects()
        .into_iter()
        .filter(|(partner, _)| partner == "tiers-lieux-solidaires")
        .map(|(_, project)| (project["source"].as_str().unwrap().to_owned(), project))
        .collect();
    let mut placed = 0;
    for member in &members {
        let source = member["source"].as_str().unwrap();
        let location = &expected[source]["location"];
        let geo = &member["location"]["geo"];
        let Some(latitude) = location["latitude"].as_f64() else {
            // No coordinates on the site: at most the gazetteer's point of
            // its territory, saying so.
            assert!(
                geo.is_null() || geo["cis:precision"].is_string() || geo["precision"].is_string(),
                "{source}: an approximate point must state its precision: {geo:#}"
            );
            continue;
        };
        let coordinate = |key: &str| geo[key].as_str().and_then(|v| v.parse::<f64>().ok());
        assert_eq!(coordinate("latitude"), Some(latitude), "{source}");
        assert_eq!(coordinate("longitude"), location["longitude"].as_f64());
        assert!(member["location"]["geometry"]["wkt"].is_string());
        placed += 1;
    }
    assert!(placed > 20, "{placed} members with coordinates");
}

/// The statements a page of members reads back as, parsed with the
/// collection's context: those about minted IRIs, and the collection's own.
fn read_back(body: &[u8]) -> (HashSet<Triple>, HashSet<Triple>) {
    parse_json_ld(body)
        .into_iter()
        .map(Triple::from)
        .partition(|t| t.subject.to_string().starts_with(&format!("<{BASE}id/")))
}

#[test]
fn members_read_back_as_the_statements_they_are_built_from() {
    use carrefour::server::datasets::projects::member::statements;
    let store = &store();
    let db = store.oxigraph();
    for partner in ["fondation-territoires", "tiers-lieux-solidaires"] {
        let (members, body) = members_of(partner);
        let (minted, collection) = read_back(&body);
        let mut built = HashSet::new();
        for member in &members {
            let project = oxigraph::model::NamedNode::new(member["id"].as_str().unwrap()).unwrap();
            built.extend(statements(store, &project).unwrap());
        }
        assert!(
            built.len() > members.len() * 15,
            "{partner}: {}",
            built.len()
        );
        let lost: Vec<String> = built.difference(&minted).map(|t| t.to_string()).collect();
        let added: Vec<String> = minted.difference(&built).map(|t| t.to_string()).collect();
        assert!(
            lost.is_empty() && added.is_empty(),
            "{partner}: lost {lost:#?}, added {added:#?}"
        );
        for triple in &minted {
            let held = db
                .quads_for_pattern(
                    Some(triple.subject.as_ref()),
                    Some(triple.predicate.as_ref()),
                    Some(triple.object.as_ref()),
                    None,
                )
                .next()
                .is_some();
            assert!(held, "the store does not hold {triple}");
        }
        let hydra = "http://www.w3.org/ns/hydra/core#";
        for triple in &collection {
            // Hydra's terms, and the selection's facet counts (a JSON literal).
            let facets = triple.predicate.as_str() == "https://w3id.org/carrefour/ns#facets";
            let about_collection = triple.predicate.as_str().starts_with(hydra)
                || triple.object.to_string().starts_with(&format!("<{hydra}"))
                || facets;
            assert!(about_collection, "{partner}: a stray statement {triple}");
        }
    }
}

#[test]
fn the_html_list_escapes_scraped_text() {
    let server = serve(store_with_history(), ServerConfig::default());
    let html = http::get(server.addr, "/api/projects", &[("Accept", "text/html")]);
    assert_eq!(html.status, 200);
    let page = html.text();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&#60;script&#62;alert"), "{page}");
    let json = http::get(server.addr, "/api/projects", &[]).json();
    assert_eq!(json["totalItems"], 2);
    assert_eq!(
        json["member"][1]["name"], "<script>alert('nom')</script> Jardin",
        "JSON keeps the text as it is; \"Projet n°1\" sorts first"
    );
}

/// Projects whose place resolved to a commune for which `commune` holds, or
/// to an area (level, code) for which `area` holds: read from the store's
/// statements directly, not through the API's query.
fn projects_in(
    commune: impl Fn(&carrefour::territory::Commune) -> bool,
    area: impl Fn(&str, &str) -> bool,
) -> usize {
    let gazetteer = carrefour::territory::Gazetteer::get();
    let contained =
        oxigraph::model::NamedNodeRef::new_unchecked("http://schema.org/containedInPlace");
    let location = oxigraph::model::NamedNodeRef::new_unchecked("http://schema.org/location");
    let db = store();
    let mut projects = HashSet::new();
    for quad in db
        .oxigraph()
        .quads_for_pattern(None, Some(location), None, None)
    {
        let quad = quad.unwrap();
        let Term::NamedNode(place) = &quad.object else {
            continue;
        };
        for territory in db.oxigraph().quads_for_pattern(
            Some(place.as_ref().into()),
            Some(contained),
            None,
            None,
        ) {
            let Term::NamedNode(territory) = territory.unwrap().object else {
                continue;
            };
            let mut parts = territory.as_str().rsplit('/');
            let (code, level) = (parts.next().unwrap(), parts.next().unwrap());
            let inside = match level {
                "commune" => gazetteer.commune(code).is_some_and(&commune),
                "departement" => {
                    area(level, code)
                        || gazetteer
                            .departement(code)
                            .is_some_and(|d| area("region", d.region))
                }
                _ => area(level, code),
            };
            if inside {
                projects.insert(quad.subject.to_string());
            }
        }
    }
    projects.len()
}

fn region_text_count(region: &dyn Fn(&Value) -> Option<String>, wanted: &str) -> usize {
    expected_count(|_, p| region(p).as_deref() == Some(wanted))
}

#[test]
fn near_and_bbox_filters_find_projects_on_the_map() {
    // Around Lille, as query 17 does with GeoSPARQL.
    let near = total("near=50.6292,3.0573&radius_km=30");
    assert!(near >= 2, "{near}");
    assert!(total("near=50.6292,3.0573&radius_km=300") > near);
    assert_eq!(total("radius_km=30&near=50.6292,3.0573"), near, "any order");
    let page = collection("near=50.6292,3.0573&radius_km=30");
    assert!(
        page["view"]["first"]
            .as_str()
            .unwrap()
            .contains("radius_km=30")
    );
    // A box around Lyon holds at least the projects the near filter finds at 10 km.
    let lyon = total("near=45.764,4.8357&radius_km=10");
    assert!(lyon > 0);
    assert!(total("bbox=4.4,45.4,5.3,46.1") >= lyon);
    // A box round every French territory holds every project with a point.
    let located = common::select_one(
        &store(),
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://schema.org/Project> ;
           <http://schema.org/location>/<http://schema.org/geo> ?g }",
    )
    .map(|n| match n {
        Term::Literal(l) => l.value().parse::<usize>().unwrap(),
        other => panic!("{other}"),
    })
    .unwrap();
    assert!(located > 350 && located < total(""), "{located}");
    assert_eq!(total("bbox=-180,-60,180,60"), located);
}

#[test]
fn themes_and_stages_are_named_by_code_iri_or_label() {
    let by_code = total("theme=alimentation&stage=deploiement");
    assert!(by_code > 0);
    assert_eq!(total("theme=Alimentation&stage=D%C3%A9ploiement"), by_code);
    assert_eq!(total("theme=ALIMENTATION&stage=deploiement"), by_code);
    let iri = http::form_encode(&format!("{BASE}id/theme/alimentation"));
    assert_eq!(total(&format!("theme={iri}&stage=deploiement")), by_code);
}
