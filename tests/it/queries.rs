//! The example queries of `queries/`: each is documented in the format the
//! query page reads, each local one runs on the demo data and its result
//! is checked against the demo sites' ground truth (`expected.json`) or
//! against the store's statements read without SPARQL; the federated one
//! is parsed. A query file without a check fails the suite.

use crate::common;

use common::demo::expected_projects;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use carrefour::record::organisation_key;
use carrefour::server::datasets::projects::params::departement_of;
use carrefour::store::Store;
use chrono::{DateTime, FixedOffset};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BASE: &str = common::BASE;

/// A query file: its documentation header and its text.
#[derive(Clone)]
struct Query {
    slug: String,
    title: String,
    description: Vec<String>,
    network: bool,
    text: String,
}

fn queries() -> Vec<Query> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let comments: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
            let body = |l: &&str| l.strip_prefix("# ").unwrap_or_default().to_owned();
            Query {
                slug: path.file_stem().unwrap().to_string_lossy().into_owned(),
                title: comments.first().map(body).unwrap_or_default(),
                description: comments
                    .iter()
                    .skip(1)
                    .filter(|l| **l != "# requires: network")
                    .map(body)
                    .collect(),
                network: comments.contains(&"# requires: network"),
                text,
            }
        })
        .collect()
}

/// A SELECT's results: its variables and rows.
struct Table {
    variables: Vec<String>,
    rows: Vec<Vec<Option<Term>>>,
}

impl Table {
    /// The lexical value (or IRI) of `variable` in each row, `""` if unbound.
    fn column(&self, variable: &str) -> Vec<String> {
        let index = self
            .variables
            .iter()
            .position(|v| v == variable)
            .unwrap_or_else(|| panic!("no column {variable} in {:?}", self.variables));
        self.rows
            .iter()
            .map(|row| row[index].as_ref().map(lexical).unwrap_or_default())
            .collect()
    }

    fn numbers(&self, variable: &str) -> Vec<usize> {
        self.column(variable)
            .iter()
            .map(|n| n.parse().unwrap())
            .collect()
    }
}

fn lexical(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn run(store: &Store, query: &Query) -> Table {
    let QueryResults::Solutions(solutions) = common::query(store, &query.text) else {
        panic!("{} is not a SELECT", query.slug);
    };
    let variables = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let rows = solutions
        .map(|row| row.unwrap().values().to_vec())
        .collect();
    Table { variables, rows }
}

fn demo(query: &Query) -> Table {
    let table = run(&common::demo::demo_store(), query);
    assert!(
        !table.rows.is_empty(),
        "{} gives nothing on the demo data",
        query.slug
    );
    table
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// `{partner id: what}` counted over the expected projects.
fn count_by<K: Ord>(key: impl Fn(&str, &Value) -> Option<K>) -> BTreeMap<K, usize> {
    let mut counts = BTreeMap::new();
    for (partner, project) in expected_projects() {
        if let Some(k) = key(&partner, &project) {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
}

fn key_of(iri: &str) -> String {
    iri.rsplit('/').next().unwrap().to_owned()
}

fn assert_sorted<T: Ord + std::fmt::Debug + Clone>(items: &[T], what: &str) {
    let mut sorted = items.to_vec();
    sorted.sort();
    assert_eq!(items, sorted.as_slice(), "{what}");
}

/// Statements of the store read without SPARQL, to check aggregates against.
fn objects(store: &Store, subject: &Term, predicate: &str) -> Vec<Term> {
    let Term::NamedNode(subject) = subject else {
        return Vec::new();
    };
    store
        .oxigraph()
        .quads_for_pattern(
            Some(subject.as_ref().into()),
            Some(NamedNodeRef::new(predicate).unwrap()),
            None,
            None,
        )
        .map(|q| q.unwrap().object)
        .collect()
}

fn subjects(store: &Store, predicate: &str, object: Option<&str>) -> Vec<(Term, Term)> {
    let object = object.map(|o| NamedNodeRef::new(o).unwrap());
    store
        .oxigraph()
        .quads_for_pattern(
            None,
            Some(NamedNodeRef::new(predicate).unwrap()),
            object.map(Into::into),
            None,
        )
        .map(|q| {
            let q = q.unwrap();
            let subject = match q.subject {
                NamedOrBlankNode::NamedNode(n) => Term::NamedNode(n),
                NamedOrBlankNode::BlankNode(b) => Term::BlankNode(b),
            };
            (subject, q.object)
        })
        .collect()
}

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SCHEMA: &str = "http://schema.org/";
const DCT_SUBJECT: &str = "http://purl.org/dc/terms/subject";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

/// The published projects, read from the store's statements.
fn live_projects(store: &Store) -> HashSet<Term> {
    subjects(store, RDF_TYPE, Some(&format!("{SCHEMA}Project")))
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

fn path(store: &Store, start: &Term, predicates: &[&str]) -> Vec<Term> {
    predicates.iter().fold(vec![start.clone()], |terms, p| {
        terms.iter().flat_map(|t| objects(store, t, p)).collect()
    })
}

type Check = fn(&Query);

/// Every query file and its check.
const CHECKS: &[(&str, Check)] = &[
    ("01-projets-par-theme-et-region", themes_and_regions),
    ("02-projets-par-partenaire", per_partner),
    ("03-projets-par-stade", per_stage),
    ("04-projets-avec-contact", with_contact),
    (
        "05-organisations-plusieurs-projets",
        organisations_with_several,
    ),
    ("06-provenance-d-un-projet", provenance_of_a_project),
    ("07-licences-par-partenaire", licences_per_partner),
    ("08-communes-wikidata", federated_with_wikidata),
    ("09-derniers-moissonnages", latest_harvests),
    ("10-moissonnages-en-echec", failed_harvests),
    ("11-projets-sans-lieu", without_place),
    ("12-hierarchie-des-themes", theme_hierarchy),
    ("13-projets-par-departement", per_departement),
    ("14-projets-retires", withdrawn_projects),
    ("15-mots-cles-frequents", frequent_keywords),
    ("16-projets-autour-de-lyon", around_lyon),
    ("17-projets-a-moins-de-30-km-de-lille", near_lille),
    ("18-projets-par-region", per_region),
    ("19-projets-par-theme", per_top_theme),
    ("20-moissonnages-par-jour", harvests_per_day),
    ("21-recherche-plein-texte", text_search),
];

#[test]
fn every_query_file_has_a_check_and_every_check_a_file() {
    let files: BTreeSet<String> = queries().into_iter().map(|q| q.slug).collect();
    let checked: BTreeSet<String> = CHECKS.iter().map(|(slug, _)| slug.to_string()).collect();
    assert_eq!(
        files, checked,
        "add a check to CHECKS for each queries/*.rq"
    );
    assert!(files.len() >= 12);
}

#[test]
fn every_query_is_documented_for_the_query_page() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("queries/README.md")).unwrap();
    for query in queries() {
        let slug = &query.slug;
        assert!(
            query.title.len() > 10,
            "{slug}: first line is `# <French title>`"
        );
        assert!(!query.description.is_empty(), "{slug}: describe it");
        assert!(
            query.description.iter().any(|l| l.starts_with("English: ")),
            "{slug}: an `English: ` line"
        );
        assert_eq!(
            query.network,
            query.text.contains("SERVICE"),
            "{slug}: `# requires: network` exactly when it federates"
        );
        assert!(
            query.text.contains("PREFIX"),
            "{slug}: declares its prefixes"
        );
        let parsed = SparqlEvaluator::new().parse_query(&query.text);
        assert!(parsed.is_ok(), "{slug} does not parse: {:?}", parsed.err());
        assert!(
            readme.contains(&format!("{slug}.rq")),
            "queries/README.md lists {slug}"
        );
    }
}

#[test]
fn every_local_query_gives_its_checked_result() {
    let queries = queries();
    let mut failures = Vec::new();
    for (slug, check) in CHECKS {
        let Some(query) = queries.iter().find(|q| q.slug == *slug) else {
            continue;
        };
        if std::panic::catch_unwind(|| check(query)).is_err() {
            failures.push(*slug);
        }
    }
    assert!(failures.is_empty(), "failed checks: {failures:?}");
}

fn themes_and_regions(query: &Query) {
    let table = demo(query);
    let store = common::demo::demo_store();
    let tops: HashSet<Term> = subjects(&store, &format!("{SKOS}topConceptOf"), None)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let top_of = |theme: &Term| -> Term {
        if tops.contains(theme) {
            return theme.clone();
        }
        objects(&store, theme, &format!("{SKOS}broader"))
            .into_iter()
            .next()
            .unwrap()
    };
    let mut expected: BTreeMap<(String, String), HashSet<Term>> = BTreeMap::new();
    for project in live_projects(&store) {
        let regions = path(
            &store,
            &project,
            &[
                &format!("{SCHEMA}location"),
                &format!("{SCHEMA}address"),
                &format!("{SCHEMA}addressRegion"),
            ],
        );
        for theme in objects(&store, &project, DCT_SUBJECT) {
            for region in &regions {
                let key = (lexical(&top_of(&theme)), lexical(region));
                expected.entry(key).or_default().insert(project.clone());
            }
        }
    }
    let expected: BTreeMap<(String, String), usize> =
        expected.into_iter().map(|(k, v)| (k, v.len())).collect();
    let found: BTreeMap<(String, String), usize> = table
        .column("theme")
        .into_iter()
        .zip(table.column("region"))
        .zip(table.numbers("projects"))
        .collect();
    assert_eq!(found, expected);
    let order: Vec<(String, String)> = table
        .column("themeLabel")
        .into_iter()
        .zip(table.column("region"))
        .collect();
    assert_sorted(&order, "ordered by theme label, then région");
}

fn per_partner(query: &Query) {
    let table = demo(query);
    let found: BTreeMap<String, usize> = table
        .column("partner")
        .iter()
        .map(|p| key_of(p))
        .zip(table.numbers("projects"))
        .collect();
    assert_eq!(found, count_by(|partner, _| Some(partner.to_owned())));
    let counts = table.numbers("projects");
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most projects first: {counts:?}"
    );
}

fn per_stage(query: &Query) {
    let table = demo(query);
    let stages: Vec<String> = table.column("stage").iter().map(|s| key_of(s)).collect();
    assert_eq!(
        stages,
        ["lancement", "deploiement", "changement-echelle", "acheve"]
    );
    assert_eq!(table.numbers("position"), [1, 2, 3, 4]);
    let expected = count_by(|_, p| text(&p["stage"]));
    let found: BTreeMap<String, usize> =
        stages.into_iter().zip(table.numbers("projects")).collect();
    assert_eq!(found, expected);
}

fn with_contact(query: &Query) {
    let table = demo(query);
    let mut expected = BTreeMap::new();
    for (_, project) in expected_projects() {
        let email = text(&project["contact"]["email"]).unwrap_or_default();
        let telephone = text(&project["contact"]["telephone"]).unwrap_or_default();
        if !email.is_empty() || !telephone.is_empty() {
            expected.insert(text(&project["source"]).unwrap(), (email, telephone));
        }
    }
    let found: BTreeMap<String, (String, String)> = table
        .column("source")
        .into_iter()
        .zip(
            table
                .column("email")
                .into_iter()
                .zip(table.column("telephone")),
        )
        .collect();
    assert_eq!(
        table.rows.len(),
        expected.len(),
        "one row per reachable project"
    );
    assert_eq!(found, expected);
    assert!(table.column("partnerName").iter().all(|n| !n.is_empty()));
}

fn organisations_with_several(query: &Query) {
    let table = demo(query);
    let mut expected: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for (partner, project) in expected_projects() {
        let name = text(&project["organisation"]["name"]).unwrap();
        let entry = expected.entry(organisation_key(&name)).or_default();
        entry.0.insert(text(&project["source"]).unwrap());
        entry.1.insert(partner);
    }
    let expected: BTreeMap<String, (usize, usize)> = expected
        .into_iter()
        .filter(|(_, (projects, _))| projects.len() > 1)
        .map(|(key, (projects, partners))| (key, (projects.len(), partners.len())))
        .collect();
    let found: BTreeMap<String, (usize, usize)> = table
        .column("organisation")
        .iter()
        .map(|o| key_of(o))
        .zip(
            table
                .numbers("projects")
                .into_iter()
                .zip(table.numbers("partners")),
        )
        .collect();
    assert_eq!(found, expected);
    assert!(
        found.values().any(|(_, partners)| *partners > 1),
        "some meet across partners"
    );
    let counts = table.numbers("projects");
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
}

fn provenance_of_a_project(query: &Query) {
    let table = demo(query);
    assert_eq!(table.rows.len(), 1, "one project has this name");
    let (partner, project) = expected_projects()
        .into_iter()
        .find(|(_, p)| p["name"] == "Habitat inclusif Le Local")
        .unwrap();
    assert_eq!(table.column("source"), [text(&project["source"]).unwrap()]);
    assert_eq!(
        table.column("partnerName"),
        ["Fondation Solidaire des Territoires"]
    );
    assert_eq!(table.column("license"), [licence_of(&partner)]);
    let project_key = key_of(&table.column("project")[0]);
    assert_eq!(
        table.column("record")[0],
        format!("{BASE}id/record/{project_key}")
    );
    assert!(table.column("harvest")[0].starts_with(&format!("{BASE}id/harvest/{partner}-")));
    let time = |column: &str| -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&table.column(column)[0]).unwrap()
    };
    assert!(time("started") <= time("harvestedAt") && time("harvestedAt") <= time("ended"));
}

fn licence_of(partner: &str) -> String {
    carrefour::mapping::load_dir(&Path::new(ROOT).join("mappings"))
        .unwrap()
        .into_iter()
        .find(|m| m.partner.id == partner)
        .map(|m| m.partner.license.to_string())
        .unwrap()
}

fn licences_per_partner(query: &Query) {
    let table = demo(query);
    let partners: Vec<String> = table.column("partner").iter().map(|p| key_of(p)).collect();
    for (partner, license) in partners.iter().zip(table.column("license")) {
        assert_eq!(license, licence_of(partner), "{partner}");
    }
    let found: BTreeMap<String, usize> =
        partners.into_iter().zip(table.numbers("records")).collect();
    assert_eq!(found, count_by(|partner, _| Some(partner.to_owned())));
    assert_sorted(&table.column("partnerName"), "ordered by partner name");
}

fn federated_with_wikidata(query: &Query) {
    assert!(query.network, "marked `# requires: network`");
    let parsed = SparqlEvaluator::new().parse_query(&query.text);
    assert!(parsed.is_ok(), "{:?}", parsed.err());
    assert!(
        query
            .text
            .contains("SERVICE <https://query.wikidata.org/sparql>")
    );
    assert!(query.text.contains("wdt:P374"), "joins on the INSEE code");
}

fn latest_harvests(query: &Query) {
    let table = demo(query);
    let partners: Vec<String> = table.column("partner").iter().map(|p| key_of(p)).collect();
    let found: BTreeMap<String, usize> = partners
        .iter()
        .cloned()
        .zip(table.numbers("records"))
        .collect();
    assert_eq!(found, count_by(|partner, _| Some(partner.to_owned())));
    let statistics = common::demo::demo_store().statistics().unwrap();
    let ends = table.column("lastHarvest");
    for (partner, end) in partners.iter().zip(&ends) {
        let stats = statistics
            .partners
            .iter()
            .find(|p| &p.id == partner)
            .unwrap();
        let harvested =
            DateTime::parse_from_rfc3339(stats.last_harvest.as_deref().unwrap()).unwrap();
        assert!(
            DateTime::parse_from_rfc3339(end).unwrap() >= harvested,
            "{partner}"
        );
    }
    let mut descending = ends.clone();
    descending.sort_by(|a, b| b.cmp(a));
    assert_eq!(ends, descending, "most recent first");
}

/// A store whose one partner published three projects, then two (one
/// withdrawn), then failed a harvest.
fn store_with_history() -> Store {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("atelier");
    let first = common::harvest(&partner, 8);
    store
        .replace_partner(&partner, &first, &common::records(&partner, &first, 3))
        .unwrap();
    let second = common::harvest(&partner, 9);
    store
        .replace_partner(&partner, &second, &common::records(&partner, &second, 2))
        .unwrap();
    let failed = common::harvest(&partner, 10);
    let reason = "trop peu de projets : 0 au lieu de 2 au moins".to_owned();
    store.record_failed_harvest(&failed, &[reason]).unwrap();
    store
}

fn failed_harvests(query: &Query) {
    let none = run(&common::demo::demo_store(), query);
    assert!(
        none.rows.is_empty(),
        "the demo harvests all passed their checks"
    );
    assert_eq!(
        none.variables,
        ["harvest", "mapping", "started", "ended", "reason"]
    );
    let table = run(&store_with_history(), query);
    assert_eq!(table.rows.len(), 1, "only the failed run");
    assert_eq!(
        table.column("harvest"),
        [format!("{BASE}id/harvest/atelier-20261129t100000000z")]
    );
    assert_eq!(
        table.column("mapping"),
        [format!("{BASE}id/partner/atelier#mapping")]
    );
    assert!(table.column("reason")[0].contains("trop peu de projets"));
    assert_eq!(
        DateTime::parse_from_rfc3339(&table.column("started")[0]).unwrap(),
        common::at(10)
    );
}

fn without_place(query: &Query) {
    let table = demo(query);
    let mut expected: Vec<(String, String)> = expected_projects()
        .into_iter()
        .filter(|(_, p)| p["location"].is_null())
        .map(|(partner, p)| (partner, text(&p["name"]).unwrap()))
        .collect();
    expected.sort();
    let partners: BTreeMap<String, String> = common::demo::demo_store()
        .statistics()
        .unwrap()
        .partners
        .into_iter()
        .map(|p| (p.name, p.id))
        .collect();
    let mut found: Vec<(String, String)> = table
        .column("partnerName")
        .iter()
        .map(|n| partners[n].clone())
        .zip(table.column("name"))
        .collect();
    found.sort();
    assert_eq!(found, expected);
}

fn theme_hierarchy(query: &Query) {
    let table = demo(query);
    let store = common::demo::demo_store();
    let broader: BTreeSet<(String, String)> = subjects(&store, &format!("{SKOS}broader"), None)
        .into_iter()
        .map(|(narrower, top)| (lexical(&top), lexical(&narrower)))
        .collect();
    let found: BTreeSet<(String, String)> = table
        .column("top")
        .into_iter()
        .zip(table.column("theme"))
        .collect();
    assert_eq!(found, broader, "one row per narrower theme");
    assert_eq!(table.rows.len(), broader.len());
    let tops: BTreeSet<String> = table.column("top").into_iter().collect();
    assert!(tops.len() >= 10 && tops.len() <= 12, "{tops:?}");
    assert!(table.column("themeLabelEn").iter().all(|l| !l.is_empty()));
    for (theme, count) in table.column("theme").iter().zip(table.numbers("projects")) {
        let direct = subjects(&store, DCT_SUBJECT, Some(theme)).len();
        assert_eq!(count, direct, "{theme}");
    }
    let order: Vec<(String, String)> = table
        .column("topLabel")
        .into_iter()
        .zip(table.column("themeLabel"))
        .collect();
    assert_sorted(&order, "ordered by parent, then theme");
}

fn per_departement(query: &Query) {
    let table = demo(query);
    let expected = count_by(|_, p| {
        let postal_code = text(&p["location"]["postal_code"])?;
        departement_of(&postal_code)
    });
    let found: BTreeMap<String, usize> = table
        .column("departement")
        .into_iter()
        .zip(table.numbers("projects"))
        .collect();
    assert_eq!(found, expected);
    assert!(
        found.contains_key("2A") || found.contains_key("2B"),
        "Corse is 2A/2B"
    );
}

fn withdrawn_projects(query: &Query) {
    assert!(run(&common::demo::demo_store(), query).rows.is_empty());
    let table = run(&store_with_history(), query);
    assert_eq!(
        table.column("source"),
        ["https://atelier.example/projets/2"]
    );
    assert_eq!(table.column("partnerName"), ["Partenaire atelier"]);
    assert_eq!(
        DateTime::parse_from_rfc3339(&table.column("withdrawnAt")[0]).unwrap(),
        common::at(9)
    );
    assert!(table.column("project")[0].starts_with(&format!("{BASE}id/project/atelier-")));
}

fn frequent_keywords(query: &Query) {
    let table = demo(query);
    let mut counts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, project) in expected_projects() {
        for keyword in project["keywords"].as_array().into_iter().flatten() {
            let keyword = keyword.as_str().unwrap().to_lowercase();
            counts
                .entry(keyword)
                .or_default()
                .insert(text(&project["source"]).unwrap());
        }
    }
    let mut expected: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, projects)| (k, projects.len()))
        .collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    expected.truncate(20);
    let found: Vec<(String, usize)> = table
        .column("keyword")
        .into_iter()
        .zip(table.numbers("projects"))
        .collect();
    assert_eq!(found, expected);
}

fn around_lyon(query: &Query) {
    let table = demo(query);
    let mut expected: Vec<String> = expected_projects()
        .into_iter()
        .filter(|(_, p)| {
            let (Some(lat), Some(long)) = (
                p["location"]["latitude"].as_f64(),
                p["location"]["longitude"].as_f64(),
            ) else {
                return false;
            };
            lat > 45.4 && lat < 46.1 && long > 4.4 && long < 5.3
        })
        .map(|(_, p)| text(&p["name"]).unwrap())
        .collect();
    expected.sort();
    assert!(expected.len() >= 3);
    // Points the pages gave are exactly the site's; the others are the
    // gazetteer's commune points and say so.
    let precisions = table.column("precision");
    let exact: Vec<String> = table
        .column("name")
        .into_iter()
        .zip(&precisions)
        .filter(|(_, precision)| precision.is_empty())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(exact, expected);
    assert!(precisions.iter().any(|p| p == "commune"), "{precisions:?}");
}

/// The projects the resolver put within 30 km of Lille: those of the demo
/// data whose commune (or own point) is in the Nord near Lille, and no other.
fn near_lille(query: &Query) {
    let table = demo(query);
    let gazetteer = carrefour::territory::Gazetteer::get();
    let kms = table.column("km");
    assert!(
        kms.iter().all(|k| k.parse::<f64>().is_ok_and(|k| k < 30.0)),
        "{kms:?}"
    );
    let mut sorted = kms
        .iter()
        .map(|k| k.parse::<f64>().unwrap())
        .collect::<Vec<_>>();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(
        sorted,
        kms.iter()
            .map(|k| k.parse::<f64>().unwrap())
            .collect::<Vec<_>>(),
        "nearest first"
    );
    // What the data should give: every harvested project whose point is
    // within 30 km of Lille, by a plain haversine on the records.
    let store = common::demo::demo_store();
    let points = run(
        &store,
        &Query {
            text: "PREFIX schema: <http://schema.org/>
                   SELECT ?name ?lat ?lon WHERE { ?p a schema:Project ; schema:name ?name ;
                   schema:location/schema:geo ?g . ?g schema:latitude ?lat ; schema:longitude ?lon }"
                .into(),
            ..query.clone()
        },
    );
    let mut expected: Vec<String> = points
        .column("name")
        .into_iter()
        .zip(points.column("lat").into_iter().zip(points.column("lon")))
        .filter(|(_, (lat, lon))| {
            haversine_km(lat.parse().unwrap(), lon.parse().unwrap(), 50.6292, 3.0573) < 30.0
        })
        .map(|(name, _)| name)
        .collect();
    expected.sort();
    let mut found = table.column("name");
    found.sort();
    assert_eq!(found, expected);
    assert!(
        found.len() >= 2,
        "the demo data has projects around Lille: {found:?}"
    );
    assert!(
        gazetteer.commune("59350").is_some(),
        "Lille is in the gazetteer"
    );
}

fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371.008_8 * a.sqrt().asin()
}

/// Projects per région: the counts match the records' resolved territories.
fn per_region(query: &Query) {
    let table = demo(query);
    let gazetteer = carrefour::territory::Gazetteer::get();
    let store = common::demo::demo_store();
    // Each project's most specific territory, its région read from the
    // gazetteer (not from the store's links, which the query follows).
    let territories = run(
        &store,
        &Query {
            text: "PREFIX schema: <http://schema.org/>
                   SELECT ?p ?t WHERE { ?p a schema:Project ; schema:location/schema:containedInPlace ?t }"
                .into(),
            ..query.clone()
        },
    );
    let mut most_specific: std::collections::BTreeMap<String, (u8, String)> = Default::default();
    for (project, iri) in territories
        .column("p")
        .into_iter()
        .zip(territories.column("t"))
    {
        let code = iri.rsplit('/').next().unwrap().to_owned();
        let (rank, region) = if iri.contains("/id/commune/") {
            (0, gazetteer.commune(&code).map(|c| c.region))
        } else if iri.contains("/id/departement/") {
            (1, gazetteer.departement(&code).map(|d| d.region))
        } else {
            (2, Some(code.as_str()))
        };
        let region = region.unwrap().to_owned();
        let entry = most_specific
            .entry(project)
            .or_insert((rank, region.clone()));
        if rank < entry.0 {
            *entry = (rank, region);
        }
    }
    let mut expected: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, region) in most_specific.into_values() {
        *expected.entry(region).or_default() += 1;
    }
    let found: std::collections::BTreeMap<String, usize> = table
        .column("code")
        .into_iter()
        .zip(table.numbers("projects"))
        .collect();
    assert_eq!(found, expected);
    assert!(found.len() >= 10, "the demo spans many régions: {found:?}");
}

/// Projects per top-level theme: what the `/api/projects` index (read from
/// the quads, without SPARQL) counts for each top theme, narrower themes
/// included; the themes chart of `/statistiques` and the theme facet agree.
fn per_top_theme(query: &Query) {
    let table = demo(query);
    let store = common::demo::demo_store();
    let index = carrefour::index::ProjectIndex::build(&store).unwrap();
    let everything: Vec<&carrefour::index::IndexedProject> = index.projects.iter().collect();
    let counts: BTreeMap<String, usize> = index
        .facet_counts(&everything)
        .into_iter()
        .map(|(iri, count)| (iri.as_str().to_owned(), count))
        .collect();
    let themes = table.column("theme");
    assert!(themes.len() >= 10, "{themes:?}");
    for (theme, count) in themes.iter().zip(table.numbers("projects")) {
        assert_eq!(counts.get(theme), Some(&count), "{theme}");
    }
    let found = table.numbers("projects");
    assert!(
        found.windows(2).all(|w| w[0] >= w[1]),
        "most first: {found:?}"
    );
}

/// Harvests per day: the harvests' end times read without SPARQL.
fn harvests_per_day(query: &Query) {
    let table = demo(query);
    let store = common::demo::demo_store();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for (_, ended) in subjects(&store, "http://www.w3.org/ns/prov#endedAtTime", None) {
        *expected
            .entry(lexical(&ended)[..10].to_owned())
            .or_default() += 1;
    }
    let found: BTreeMap<String, usize> = table
        .column("day")
        .into_iter()
        .zip(table.numbers("harvests"))
        .collect();
    assert_eq!(found, expected);
    assert!(
        table.numbers("failures").iter().all(|f| *f == 0),
        "the demo's harvests pass"
    );
}

/// `cis:search` inside SPARQL finds what `/api/projects?q=` finds with the
/// same filter, best first.
fn text_search(query: &Query) {
    let store = common::demo::demo_store();
    let latest = std::sync::Arc::new(carrefour::index::LatestSearch::default());
    let (name, function) = carrefour::index::search_function(latest, store.clone());
    let mut prepared = carrefour::store::evaluator()
        .with_custom_function(name, function)
        .parse_query(&query.text)
        .unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(store.oxigraph()).execute().unwrap()
    else {
        panic!("a SELECT");
    };
    let rows: Vec<(String, f64)> = solutions
        .map(|row| {
            let row = row.unwrap();
            let score = lexical(row.get("score").unwrap()).parse().unwrap();
            (lexical(row.get("project").unwrap()), score)
        })
        .collect();
    assert!(rows.len() >= 3, "{rows:?}");
    let scores: Vec<f64> = rows.iter().map(|(_, s)| *s).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    let server = common::demo::demo_server();
    let api = common::http::get(
        server.addr,
        "/api/projects?q=jardin&region=53&limit=100",
        &[("Accept", "application/ld+json")],
    )
    .json();
    let found: BTreeSet<String> = rows.into_iter().map(|(p, _)| p).collect();
    let listed: BTreeSet<String> = api["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(found, listed);
    // The endpoint has the function too.
    let path = format!("/sparql?query={}", common::http::form_encode(&query.text));
    let answer = common::http::get(
        server.addr,
        &path,
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let bindings = answer.json()["results"]["bindings"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(bindings, found.len());
}
