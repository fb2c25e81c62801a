//! `/api/projects?q=`: French full-text search over the demo data. Words
//! are found whatever their case, accents or elision, by their stem
//! ("alimentaire" finds "alimentation"), with one typo in a long word, or
//! as a quoted phrase; every word must match; the filters still apply;
//! hits come by relevance, a name before a description.

use crate::common;

use common::demo::demo_server;
use common::http::{form_encode, get};
use serde_json::Value;

fn search(query: &str) -> Value {
    let server = demo_server();
    let path = format!("/api/projects?limit=100&{query}");
    let response = get(server.addr, &path, &[("Accept", "application/ld+json")]);
    assert_eq!(response.status, 200, "{query}: {}", response.text());
    response.json()
}

fn names(words: &str) -> Vec<String> {
    search(&format!("q={}", form_encode(words)))["member"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].to_string())
        .collect()
}

fn total(query: &str) -> u64 {
    search(query)["totalItems"].as_u64().unwrap()
}

#[test]
fn case_accents_and_elisions_do_not_matter() {
    let found = names("économie circulaire");
    assert!(!found.is_empty());
    assert_eq!(names("ECONOMIE CIRCULAIRE"), found);
    assert_eq!(names("economie circulaire"), found);
    assert_eq!(names("l'alimentation"), names("alimentation"));
    assert_eq!(names("d’insertion"), names("insertion"));
}

#[test]
fn a_stem_a_typo_and_a_prefix_find_the_word() {
    let alimentation = names("alimentation");
    let alimentaire = names("alimentaire");
    assert!(!alimentation.is_empty());
    assert!(
        alimentation.iter().all(|name| alimentaire.contains(name)),
        "\"alimentaire\" finds what \"alimentation\" finds"
    );
    assert_eq!(names("jardins"), names("jardin"));
    assert!(!names("jardim").is_empty(), "one typo in a long word");
    assert!(names("zzzzqqqq").is_empty());
}

#[test]
fn every_word_must_match_and_a_phrase_keeps_its_order() {
    let jardin = names("jardin");
    let both = names("jardin partagé");
    assert!(!both.is_empty() && both.len() <= jardin.len());
    assert!(both.iter().all(|name| jardin.contains(name)));
    let phrase = names("\"jardins partagés\"");
    assert!(!phrase.is_empty() && phrase.len() <= both.len());
    assert!(phrase.iter().all(|name| both.contains(name)));
    assert!(
        names("le la les").is_empty(),
        "stop words alone find nothing"
    );
}

#[test]
fn filters_still_apply_and_names_rank_first() {
    let everywhere = total("q=jardin");
    let in_region = total("q=jardin&region=84");
    assert!(in_region <= everywhere);
    let region = search("region=84")["member"].as_array().unwrap().clone();
    for member in search("q=jardin&region=84")["member"].as_array().unwrap() {
        assert!(region.contains(member), "{member}");
    }
    let found = names("jardin");
    let named = |name: &String| name.to_lowercase().contains("jardin");
    let first_unnamed = found.iter().position(|n| !named(n)).unwrap_or(found.len());
    assert!(
        found[first_unnamed..].iter().all(|n| !named(n)),
        "names with the word come first: {found:?}"
    );
}

#[test]
fn the_search_text_is_checked_and_advertised() {
    let server = demo_server();
    // An empty field of a form is no filter, as for the other parameters.
    assert_eq!(total("q="), total(""));
    let long = format!("/api/projects?q={}", "a".repeat(201));
    let response = get(server.addr, &long, &[]);
    assert_eq!(response.status, 400);
    assert!(
        response.text().contains("bad parameter q"),
        "{}",
        response.text()
    );
    let template = search("")["search"]["template"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(template.contains("{?q,"), "{template}");
}

/// The facets of a search count what the same search filtered by each
/// value counts: the numbers a page shows are the numbers it gives.
#[test]
fn facet_counts_are_what_each_filter_gives() {
    for query in ["q=jardin", "q=emploi&region=84", ""] {
        let collection = search(query);
        let facets = collection["facets"].as_object().expect("facets");
        let filters = ["theme", "region", "departement", "partner", "stage"];
        for filter in filters
            .into_iter()
            .filter(|f| !query.contains(&format!("{f}=")))
        {
            let values = facets[filter].as_array().unwrap();
            assert!(!values.is_empty(), "{query}: no {filter} facet");
            for value in values.iter().take(3) {
                let code = value["code"].as_str().unwrap();
                let expected = value["count"].as_u64().unwrap();
                let filtered = format!("{query}&{filter}={code}");
                assert_eq!(
                    total(filtered.trim_start_matches('&')),
                    expected,
                    "{filtered}"
                );
                assert!(value["label"].as_str().is_some_and(|l| !l.is_empty()));
            }
        }
    }
}
