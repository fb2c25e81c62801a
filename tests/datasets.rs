//! The dataset as a whole, over HTTP on the demo data: `/api/projects`
//! (paging, every filter, bad parameters, members that read back as the
//! store's statements), `/void` and `/.well-known/void` (figures that match
//! the store), and the dumps (validators, contents, names).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use carrefour::record::{organisation_key, slug};
use carrefour::server::ServerConfig;
use carrefour::store::{Statistics, Store};
use common::demo::{TestServer, demo_store, serve};
use common::http::{self, Response};
use oxigraph::io::{JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term, Triple};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BASE: &str = common::BASE;
const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// The demo data served with its dumps written to a temporary directory.
struct Fixture {
    server: TestServer,
    store: Store,
    dumps: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let store = demo_store();
        let dumps = tempfile::tempdir().unwrap();
        store.write_dumps(dumps.path()).unwrap();
        let config = ServerConfig {
            dumps_dir: Some(dumps.path().to_owned()),
            ..ServerConfig::default()
        };
        Fixture {
            server: serve(store.clone(), config),
            store,
            dumps,
        }
    })
}

fn get(path: &str, headers: &[(&str, &str)]) -> Response {
    http::get(fixture().server.addr, path, headers)
}

fn statistics() -> Statistics {
    fixture().store.statistics().unwrap()
}

/// The ground truth of the demo sites: every project, with its partner id.
fn expected_projects() -> Vec<(String, Value)> {
    let mappings = carrefour::mapping::load_dir(&Path::new(ROOT).join("mappings")).unwrap();
    let sites = Path::new(ROOT).join("tests/fixtures/sites");
    let mut projects = Vec::new();
    for entry in std::fs::read_dir(&sites).unwrap() {
        let file = entry.unwrap().path().join("expected.json");
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let site: Value = serde_json::from_str(&text).unwrap();
        let partner = mappings
            .iter()
            .find(|m| m.partner.homepage.as_str() == site["homepage"])
            .map(|m| m.partner.id.clone())
            .unwrap();
        for project in site["projects"].as_array().unwrap() {
            projects.push((partner.clone(), project.clone()));
        }
    }
    assert_eq!(projects.len(), 410, "the demo sites hold 410 projects");
    projects
}

fn expected_count(keep: impl Fn(&str, &Value) -> bool) -> usize {
    expected_projects()
        .iter()
        .filter(|(partner, project)| keep(partner, project))
        .count()
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
    assert_eq!(statistics().projects, 410);
    assert_eq!(first["member"].as_array().unwrap().len(), 20);
    let view = &first["view"];
    assert_eq!(view["type"], "hydra:PartialCollectionView");
    assert_eq!(view["first"], format!("{BASE}api/projects?page=1"));
    assert_eq!(view["next"], format!("{BASE}api/projects?page=2"));
    assert_eq!(view["last"], format!("{BASE}api/projects?page=21"));
    assert!(view.get("previous").is_none());
    assert!(
        first["search"]["template"]
            .as_str()
            .unwrap()
            .contains("{?theme,region,")
    );

    // Follow `next` with the largest pages: every project once, in order.
    let mut link = "/api/projects?limit=100".to_owned();
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
    let second = collection("page=2");
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
        format!("{BASE}api/projects?page=1")
    );
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
    let auvergne = expected_count(|_, p| region(p).as_deref() == Some("auvergne-rhone-alpes"));
    assert!(auvergne > 10);
    assert_eq!(
        total("region=auvergne%20rhone%20ALPES"),
        auvergne,
        "without case or accents"
    );
    assert_eq!(total("region=Auvergne-Rh%C3%B4ne-Alpes"), auvergne);
    let rhone = expected_count(|_, p| postal(p).starts_with("69"));
    assert!(rhone > 0);
    assert_eq!(total("departement=69"), rhone);
    let corse_du_sud =
        expected_count(|_, p| postal(p).starts_with("200") || postal(p).starts_with("201"));
    assert_eq!(total("departement=2a"), corse_du_sud);
    let both =
        expected_count(|partner, p| partner == "fondation-territoires" && stage(p, "deploiement"));
    assert_eq!(
        total("partner=fondation-territoires&stage=deploiement"),
        both
    );
    assert_eq!(total("region=Atlantide"), 0);

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
    let store = &fixture().store;
    let count = |themes: &str| -> usize {
        let sparql = format!(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{
               GRAPH ?r {{ ?p a <http://schema.org/Project> ; <http://purl.org/dc/terms/subject> ?t }}
               VALUES ?t {{ {themes} }} }}"
        );
        let n = store.select_one(&sparql).unwrap().unwrap();
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
        ("q=jardin", "q"),
        ("page=0", "page"),
        ("page=deux", "page"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("theme=inexistant", "theme"),
        ("theme=Sant%C3%A9", "theme"),
        ("stage=fini", "stage"),
        ("partner=inconnu", "partner"),
        ("partner=..%2Fetc", "partner"),
        ("departement=20", "departement"),
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
    let nothing = collection("region=Atlantide&page=1");
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
            assert!(geo.is_null(), "{source}: no coordinates on the site");
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
    let store = &fixture().store;
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
            let about_collection = triple.predicate.as_str().starts_with(hydra)
                || triple.object.to_string().starts_with(&format!("<{hydra}"));
            assert!(about_collection, "{partner}: a stray statement {triple}");
        }
    }
}

/// The triples of a VoID response, parsed in `format`.
fn void_triples(path: &str, accept: &str, format: RdfFormat) -> HashSet<Triple> {
    let response = get(path, &[("Accept", accept)]);
    assert_eq!(response.status, 200, "{path} {accept}: {}", response.text());
    assert_eq!(response.header("vary"), Some("Accept"));
    RdfParser::from_format(format)
        .for_slice(&response.body)
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn object<'a>(triples: &'a HashSet<Triple>, subject: &str, predicate: &str) -> Vec<&'a Term> {
    triples
        .iter()
        .filter(|t| {
            t.subject.to_string() == format!("<{subject}>") && t.predicate.as_str() == predicate
        })
        .map(|t| &t.object)
        .collect()
}

fn number(triples: &HashSet<Triple>, subject: &str, predicate: &str) -> u64 {
    match object(triples, subject, predicate).as_slice() {
        [Term::Literal(n)] => n.value().parse().unwrap(),
        other => panic!("{subject} {predicate}: {other:?}"),
    }
}

fn iri(triples: &HashSet<Triple>, subject: &str, predicate: &str) -> String {
    match object(triples, subject, predicate).as_slice() {
        [Term::NamedNode(n)] => n.as_str().to_owned(),
        other => panic!("{subject} {predicate}: {other:?}"),
    }
}

const VOID: &str = "http://rdfs.org/ns/void#";
const DCT: &str = "http://purl.org/dc/terms/";

#[test]
fn void_figures_match_the_store() {
    let triples = void_triples("/void", "text/turtle", RdfFormat::Turtle);
    let stats = statistics();
    let store = &fixture().store;
    let dataset = format!("{BASE}void#dataset");
    let void = |local: &str| format!("{VOID}{local}");

    let all_quads = store
        .select_one("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        .unwrap()
        .unwrap();
    assert_eq!(number(&triples, &dataset, &void("triples")), stats.quads);
    assert_eq!(format!("{}", stats.quads), literal_value(&all_quads));
    assert_eq!(stats.quads, store.oxigraph().len().unwrap() as u64);
    assert_eq!(
        number(&triples, &dataset, &void("entities")),
        stats.entities
    );
    assert!(stats.entities > 410 * 3);
    let projects = format!("{BASE}void#dataset-projects");
    assert_eq!(
        iri(&triples, &projects, &void("class")),
        "http://schema.org/Project"
    );
    assert_eq!(number(&triples, &projects, &void("entities")), 410);
    assert_eq!(
        iri(&triples, &dataset, &void("sparqlEndpoint")),
        format!("{BASE}sparql")
    );
    assert_eq!(
        object(&triples, &dataset, &void("uriSpace")),
        [&Term::from(oxigraph::model::Literal::from(format!(
            "{BASE}id/"
        )))]
    );
    assert_eq!(
        iri(&triples, &dataset, &void("dataDump")),
        format!("{BASE}dumps/carrefour.nq.gz")
    );
    let titles = object(&triples, &dataset, &format!("{DCT}title"));
    let languages: BTreeSet<_> = titles
        .iter()
        .filter_map(|t| match t {
            Term::Literal(l) => l.language(),
            _ => None,
        })
        .collect();
    assert_eq!(languages, BTreeSet::from(["en", "fr"]));
    assert_eq!(object(&triples, &dataset, &void("subset")).len(), 6);

    for partner in &stats.partners {
        let subset = format!("{BASE}void#partner-{}", partner.id);
        let dump = dump_quads(&format!("{}.nq.gz", partner.id));
        assert_eq!(
            number(&triples, &subset, &void("triples")),
            dump.len() as u64
        );
        assert_eq!(partner.share.quads, dump.len() as u64);
        let count = store.partner_project_count(&partner.id).unwrap();
        assert_eq!(
            number(&triples, &format!("{subset}-projects"), &void("entities")),
            count
        );
        assert_eq!(count, expected_count(|p, _| p == partner.id) as u64);
        let mapping = mapping(&partner.id);
        assert_eq!(
            iri(&triples, &subset, &format!("{DCT}license")),
            mapping.partner.license.as_str()
        );
        assert_eq!(
            iri(&triples, &subset, &format!("{DCT}source")),
            mapping.partner.homepage.as_str()
        );
        let modified = object(&triples, &subset, &format!("{DCT}modified"));
        assert_eq!(
            literal_value(modified[0]),
            partner.last_harvest.clone().unwrap()
        );
        let example = iri(&triples, &subset, &void("exampleResource"));
        assert!(
            example.starts_with(&format!("{BASE}id/project/{}-", partner.id)),
            "{example}"
        );
        assert_eq!(
            iri(&triples, &subset, &void("dataDump")),
            format!("{BASE}dumps/{}.nq.gz", partner.id)
        );
    }
}

#[test]
fn void_is_the_same_graph_in_every_format_and_at_well_known() {
    let turtle = void_triples("/void", "text/turtle", RdfFormat::Turtle);
    assert!(turtle.len() > 100);
    assert_eq!(
        void_triples("/void", "application/ld+json", JSON_LD),
        turtle
    );
    assert_eq!(
        void_triples("/void", "application/rdf+xml", RdfFormat::RdfXml),
        turtle
    );
    assert_eq!(
        void_triples("/void", "application/n-triples", RdfFormat::NTriples),
        turtle
    );
    assert_eq!(
        void_triples("/.well-known/void", "text/turtle", RdfFormat::Turtle),
        turtle
    );
    assert_eq!(
        void_triples("/.well-known/void", "application/ld+json", JSON_LD),
        turtle
    );
    assert_eq!(
        void_triples("/void?format=nt", "text/html", RdfFormat::NTriples),
        turtle
    );

    let default = get("/void", &[]);
    assert_eq!(default.media_type(), "text/turtle");
    let etag = default.header("etag").unwrap().to_owned();
    assert_eq!(get("/void", &[("If-None-Match", &etag)]).status, 304);
    assert_eq!(get("/void", &[("Accept", "image/png")]).status, 406);
    let bad = get("/void?format=xlsx", &[]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("format"));
}

fn literal_value(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        other => panic!("not a literal: {other}"),
    }
}

fn mapping(partner: &str) -> carrefour::mapping::Mapping {
    carrefour::mapping::load_dir(&Path::new(ROOT).join("mappings"))
        .unwrap()
        .into_iter()
        .find(|m| m.partner.id == partner)
        .unwrap()
}

/// The quads of a dump file as written.
fn dump_quads(name: &str) -> Vec<Quad> {
    let file = std::fs::File::open(fixture().dumps.path().join(name)).unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut text)
        .unwrap();
    parse_nquads(&text)
}

fn parse_nquads(bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn the_whole_dump_downloads_with_validators() {
    let response = get("/dumps/carrefour.nq.gz", &[]);
    assert_eq!(response.status, 200);
    assert!(response.complete);
    assert_eq!(response.media_type(), "application/gzip");
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"carrefour.nq.gz\"")
    );
    let etag = response.header("etag").unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.len() > 10,
        "a strong ETag: {etag}"
    );
    let modified = response.header("last-modified").unwrap().to_owned();
    let quads = parse_nquads(&gunzip(&response.body));
    assert_eq!(quads.len() as u64, statistics().quads);
    let store_quads: BTreeSet<String> = fixture()
        .store
        .oxigraph()
        .iter()
        .map(|q| q.unwrap().to_string())
        .collect();
    let dumped: BTreeSet<String> = quads.iter().map(|q| q.to_string()).collect();
    assert_eq!(dumped, store_quads);

    let not_modified = get("/dumps/carrefour.nq.gz", &[("If-None-Match", &etag)]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.header("etag"), Some(etag.as_str()));
    assert!(not_modified.body.is_empty());
    assert_eq!(
        get(
            "/dumps/carrefour.nq.gz",
            &[("If-Modified-Since", &modified)]
        )
        .status,
        304
    );
    let changed = get(
        "/dumps/carrefour.nq.gz",
        &[
            ("If-None-Match", "\"something-else\""),
            ("If-Modified-Since", &modified),
        ],
    );
    assert_eq!(
        changed.status, 200,
        "If-None-Match wins over If-Modified-Since"
    );

    let head = http::head_request(fixture().server.addr, "/dumps/carrefour.nq.gz", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(response.body.len().to_string().as_str())
    );

    let range = get(
        "/dumps/carrefour.nq.gz",
        &[("Range", "bytes=0-9"), ("If-Range", &etag)],
    );
    assert_eq!(range.status, 206);
    assert_eq!(range.body, response.body[..10]);
    let stale = get(
        "/dumps/carrefour.nq.gz",
        &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")],
    );
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body.len(), response.body.len());
}

#[test]
fn a_partner_dump_holds_its_records_and_their_provenance() {
    let response = get("/dumps/solidarites-locales.nq.gz", &[]);
    assert_eq!(response.status, 200);
    assert!(response.header("etag").is_some());
    let quads = parse_nquads(&gunzip(&response.body));
    let provenance = format!("<{BASE}graph/provenance>");
    let record_prefix = format!("<{BASE}id/record/solidarites-locales-");
    let projects: BTreeSet<String> = quads
        .iter()
        .filter(|q| q.object.to_string() == "<http://schema.org/Project>")
        .map(|q| q.subject.to_string())
        .collect();
    assert_eq!(projects.len(), 55);
    let records: BTreeSet<String> = quads
        .iter()
        .filter(|q| q.predicate.as_str() == "http://www.w3.org/ns/prov#wasAttributedTo")
        .map(|q| q.subject.to_string())
        .collect();
    assert_eq!(records.len(), 55);
    for quad in &quads {
        let graph = quad.graph_name.to_string();
        assert!(
            graph == provenance || graph.starts_with(&record_prefix),
            "another partner's or a reference graph: {quad}"
        );
    }
    let harvests = quads
        .iter()
        .filter(|q| q.object.to_string() == "<https://w3id.org/carrefour/ns#Harvest>")
        .count();
    assert_eq!(harvests, 1, "its harvest activity travels with it");
}

#[test]
fn unknown_dumps_and_other_files_are_not_found() {
    for path in [
        "/dumps/inconnu.nq.gz",
        "/dumps/CARREFOUR.nq.gz",
        "/dumps/carrefour.nq.gz.partial",
        "/dumps/..%2F..%2FCargo.toml",
        "/dumps/..%2Fcarrefour.nq.gz",
        "/dumps/%2e%2e%2fsecret.nq.gz",
        "/dumps/../Cargo.toml",
        "/dumps/carrefour.nq",
    ] {
        let response = get(path, &[]);
        assert_eq!(response.status, 404, "{path}: {}", response.text());
    }
    let unknown = get("/dumps/inconnu.nq.gz", &[]).text();
    assert!(unknown.contains("/dumps/carrefour.nq.gz"), "{unknown}");
    assert!(
        unknown.contains("/dumps/solidarites-locales.nq.gz"),
        "{unknown}"
    );

    let without = common::demo::demo_server();
    let response = http::get(without.addr, "/dumps/carrefour.nq.gz", &[]);
    assert_eq!(response.status, 404);
    assert!(
        response.text().contains("publishes no dumps"),
        "{}",
        response.text()
    );
}

#[test]
fn writing_dumps_drops_those_of_partners_gone() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("ancien-partenaire.nq.gz");
    std::fs::write(&stale, b"old").unwrap();
    let unrelated = dir.path().join("notes.txt");
    std::fs::write(&unrelated, b"keep").unwrap();
    let written = fixture().store.write_dumps(dir.path()).unwrap();
    assert_eq!(written.len(), 7);
    assert!(!stale.exists());
    assert!(unrelated.exists());
    let names: BTreeSet<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains("carrefour.nq.gz"));
}

/// A small store whose partner published three projects (one named with
/// markup), then two, then failed a harvest.
fn store_with_history() -> Store {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("atelier");
    let first = common::harvest(&partner, 8);
    let mut records = common::records(&partner, &first, 3);
    records[0].name = "<script>alert('nom')</script> Jardin".to_owned();
    store.replace_partner(&partner, &first, &records).unwrap();
    let second = common::harvest(&partner, 9);
    let mut kept = common::records(&partner, &second, 2);
    kept[0].name = records[0].name.clone();
    store.replace_partner(&partner, &second, &kept).unwrap();
    let failed = common::harvest(&partner, 10);
    store
        .record_failed_harvest(&failed, &["trop peu de projets".to_owned()])
        .unwrap();
    store
}

#[test]
fn a_partner_share_keeps_its_tombstones_and_every_harvest() {
    let store = store_with_history();
    let dir = tempfile::tempdir().unwrap();
    store.write_dumps(dir.path()).unwrap();
    let file = std::fs::File::open(dir.path().join("atelier.nq.gz")).unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut text)
        .unwrap();
    let quads = parse_nquads(&text);
    let typed = |class: &str| {
        quads
            .iter()
            .filter(|q| q.object.to_string() == format!("<https://w3id.org/carrefour/ns#{class}>"))
            .count()
    };
    assert_eq!(typed("Harvest"), 3, "both runs and the failed one");
    assert_eq!(typed("Tombstone"), 1);
    assert_eq!(typed("Record"), 2);
    let statistics = store.statistics().unwrap();
    let partner = &statistics.partners[0];
    assert_eq!(partner.share.quads, quads.len() as u64);
    assert_eq!(partner.projects, 2);
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
