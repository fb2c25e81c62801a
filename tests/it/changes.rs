//! The change feed at `/changes`: a partner published, published again
//! unchanged, then with one project changed and one gone; the feed says
//! exactly that, in order, pages by `since=`, revalidates, and goes on
//! numbering where it was after the store is reopened.

use crate::common;

use carrefour::server::ServerConfig;
use carrefour::store::{Store, Withdrawal};
use common::demo::serve;
use common::http::get;
use common::*;
use serde_json::Value;

/// Publishes three projects, the same three again, then project 0
/// renamed and project 2 gone.
fn publish_three_times(store: &Store) {
    let partner = partner("alpha");
    let first = harvest(&partner, 10);
    store
        .replace_partner(&partner, &first, &records(&partner, &first, 3))
        .unwrap();
    let again = harvest(&partner, 11);
    store
        .replace_partner(&partner, &again, &records(&partner, &again, 3))
        .unwrap();
    let last = harvest(&partner, 12);
    let mut changed = records(&partner, &last, 2);
    changed[0].name = "Projet n°0, nouveau nom".into();
    store
        .publish_harvest(&partner, &last, &changed, &Withdrawal::immediate())
        .unwrap();
}

fn activities(page: &Value) -> Vec<(String, String)> {
    page["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let object = match &item["object"] {
                Value::String(iri) => iri.clone(),
                object => object["id"].as_str().unwrap().to_owned(),
            };
            let key = object.rsplit('/').next().unwrap().to_owned();
            (item["type"].as_str().unwrap().to_owned(), key)
        })
        .collect()
}

#[test]
fn the_feed_says_what_each_publication_changed() {
    let store = Store::in_memory(base()).unwrap();
    publish_three_times(&store);
    let keys: Vec<String> = records(&partner("alpha"), &harvest(&partner("alpha"), 10), 3)
        .iter()
        .map(|r| r.key())
        .collect();
    let server = serve(store, ServerConfig::default());
    let collection = get(server.addr, "/changes", &[]);
    assert_eq!(collection.status, 200);
    assert_eq!(collection.media_type(), "application/activity+json");
    let collection = collection.json();
    assert_eq!(collection["type"], "OrderedCollection");
    // Three created, nothing for the unchanged publication, then one
    // update and one withdrawal.
    assert_eq!(collection["totalItems"], 5);
    let first = get(server.addr, "/changes?since=0", &[]).json();
    assert_eq!(first["type"], "OrderedCollectionPage");
    let mut created: Vec<(String, String)> = activities(&first)[..3].to_vec();
    created.sort();
    let mut expected_created: Vec<(String, String)> = keys
        .iter()
        .map(|k| ("Create".to_owned(), k.clone()))
        .collect();
    expected_created.sort();
    assert_eq!(created, expected_created);
    assert_eq!(
        activities(&first)[3..],
        [
            ("Update".to_owned(), keys[0].clone()),
            ("Delete".to_owned(), keys[2].clone())
        ]
    );
    assert_eq!(first["orderedItems"][4]["object"]["type"], "Tombstone");
    assert_eq!(
        first["orderedItems"][0]["actor"],
        format!("{BASE}id/partner/alpha")
    );
    assert!(first.get("next").is_none(), "one page holds five changes");
    // What came after the first three.
    let since = get(
        server.addr,
        "/changes?since=3",
        &[("Accept", "application/ld+json")],
    );
    assert!(
        since
            .header("content-type")
            .unwrap()
            .contains("activitystreams")
    );
    let since = since.json();
    assert_eq!(since["startIndex"], 3);
    assert_eq!(activities(&since).len(), 2);
    assert_eq!(since["prev"], format!("{BASE}changes?since=0"));
    // Revalidation, and a bad cursor.
    let page = get(server.addr, "/changes?since=0", &[]);
    let etag = page.header("etag").unwrap().to_owned();
    let again = get(server.addr, "/changes?since=0", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    let bad = get(server.addr, "/changes?since=yesterday", &[]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("since=yesterday"));
}

#[test]
fn the_journal_survives_reopening_and_pages_follow_next() {
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("beta");
    {
        let store = Store::open(dir.path(), base()).unwrap();
        let h = harvest(&partner, 10);
        store
            .replace_partner(&partner, &h, &records(&partner, &h, 150))
            .unwrap();
    }
    let store = Store::open(dir.path(), base()).unwrap();
    let h = harvest(&partner, 11);
    store
        .replace_partner(&partner, &h, &records(&partner, &h, 149))
        .unwrap();
    let page = store.changes_after(149, 10).unwrap();
    assert_eq!(page.total, 151);
    assert_eq!(page.changes.len(), 2);
    assert_eq!(
        page.changes[1].seq, 151,
        "numbering goes on after reopening"
    );
    let server = serve(store, ServerConfig::default());
    let mut next = Some(format!("{BASE}changes?since=0"));
    let mut seen = 0;
    while let Some(url) = next.take() {
        let path = url.strip_prefix(&BASE[..BASE.len() - 1]).unwrap();
        let page = get(server.addr, path, &[]).json();
        seen += page["orderedItems"].as_array().unwrap().len();
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, 151);
}

/// Harvested again from unchanged sites, the demo partners change nothing:
/// the places they name (shared territories) and the harvest's own
/// bookkeeping are not changes.
#[test]
fn harvesting_unchanged_sites_again_journals_nothing() {
    let store = Store::in_memory(base()).unwrap();
    let partners = ["reseau-ess-ouest", "territoires-engages"];
    common::demo::harvest_partners(&store, &partners);
    let first = store.changes_after(0, 0).unwrap().total;
    assert!(first > 100);
    common::demo::harvest_partners(&store, &partners);
    let page = store.changes_after(first, 10).unwrap();
    assert_eq!(page.total, first, "{:?}", page.changes);
}
