//! Hub B harvests hub A as a partner (`format = "hub"`), through A's change
//! feed and SPARQL endpoint on loopback: every project A publishes reaches
//! B with its original partner, source page and licence, plus A's record
//! and A itself in its provenance; an update and a withdrawal made on A
//! reach B at its next run, which asks A only for what changed.

use crate::common;

use carrefour::harvest::{FetchPolicy, Fetcher, Outcome, PageCache, Progress, Verdict};
use carrefour::mapping::Mapping;
use carrefour::record::{BaseIri, ProjectRecord};
use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{TestServer, loopback_listener, serve_on};
use common::{harvest, partner, records, select_one};
use oxigraph::model::Term;
use std::sync::Arc;
use std::time::Duration;

const CC_BY: &str = "http://creativecommons.org/licenses/by/4.0/";

/// Hub A on its own loopback address, publishing `count` projects of one
/// partner licensed CC BY.
fn hub_a(count: usize) -> (TestServer, Vec<ProjectRecord>) {
    let listener = loopback_listener();
    let base = BaseIri::new(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let store = Store::in_memory(base).unwrap();
    let mut fondation = partner("fondation-exemple");
    fondation.license = url::Url::parse(CC_BY).unwrap();
    let first = harvest(&fondation, 8);
    let mut published = records(&fondation, &first, count);
    for record in &mut published {
        record.provenance.license = fondation.license.clone();
    }
    store
        .replace_partner(&fondation, &first, &published)
        .unwrap();
    (
        serve_on(listener, store, ServerConfig::default()),
        published,
    )
}

fn mapping(a: &TestServer) -> Arc<Mapping> {
    let text = format!(
        r#"
        [partner]
        id = "hub-a"
        name = "Carrefour régional A"
        homepage = "http://{addr}/"

        [discovery]
        start = ["http://{addr}/changes"]

        [listing]
        format = "hub"

        [checks]
        withdraw_after = 1
        "#,
        addr = a.addr
    );
    Arc::new(Mapping::parse("hub-a.toml", &text).unwrap())
}

fn fetcher() -> Fetcher {
    let policy = FetchPolicy {
        min_delay: Duration::ZERO,
        allow_loopback: true,
        ..FetchPolicy::default()
    };
    Fetcher::new(policy).unwrap()
}

fn run(mapping: &Arc<Mapping>, store: &Store, cache: &PageCache) -> Outcome {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(carrefour::harvest::harvest_partner(
        &fetcher(),
        mapping.clone(),
        Some(store),
        cache,
        &Progress::default(),
    ))
}

fn text(term: Option<Term>) -> String {
    match term {
        Some(Term::Literal(literal)) => literal.value().to_owned(),
        Some(Term::NamedNode(iri)) => iri.into_string(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hub_b_follows_hub_a_through_its_change_feed_with_two_hop_provenance() {
    let (a, published) = hub_a(50);
    let a_base = format!("http://{}/", a.addr);
    let b = Store::in_memory(BaseIri::new("http://localhost:7878/").unwrap()).unwrap();
    let mapping = mapping(&a);

    let first = run(&mapping, &b, &PageCache::default());
    assert_eq!(
        first.report.verdict,
        Verdict::Published {
            projects: 50,
            previous: 0
        },
        "{}",
        first.report.summary()
    );
    let sparql_requests = |outcome: &Outcome| {
        outcome
            .harvest
            .used
            .iter()
            .filter(|url| url.path() == "/sparql")
            .count()
    };
    assert_eq!(sparql_requests(&first), 2, "50 projects, 40 per request");

    // Project 0 at B: A's partner, page and licence; A's record and A.
    let original = published[0].source.as_str();
    let a_record = format!("{a_base}id/record/{}", published[0].key());
    let provenance = format!(
        "PREFIX schema: <http://schema.org/>
         PREFIX foaf: <http://xmlns.com/foaf/0.1/>
         PREFIX prov: <http://www.w3.org/ns/prov#>
         PREFIX cc: <http://creativecommons.org/ns#>
         SELECT ?VALUE WHERE {{
           ?project schema:mainEntityOfPage <{original}> ; foaf:isPrimaryTopicOf ?record .
           ?record prov:wasDerivedFrom <{original}> , <{a_record}> ;
             prov:wasAttributedTo <http://localhost:7878/id/partner/hub-a> ,
               <{a_base}id/partner/fondation-exemple> ;
             cc:attributionURL <{original}> ;
             VARIABLE }}"
    );
    let ask = |variable: &str| {
        select_one(
            &b,
            &provenance
                .replace("VARIABLE", variable)
                .replace("VALUE", "value"),
        )
    };
    assert_eq!(text(ask("cc:license ?value")), CC_BY);
    assert_eq!(
        text(ask("cc:attributionName ?value")),
        "Partenaire fondation-exemple"
    );
    let name = format!(
        "PREFIX schema: <http://schema.org/>
         SELECT ?name WHERE {{ ?p schema:mainEntityOfPage <{original}> ; schema:name ?name }}"
    );
    assert_eq!(text(select_one(&b, &name)), published[0].name);
    let organisation = format!(
        "PREFIX schema: <http://schema.org/>
         SELECT ?o WHERE {{ ?p schema:mainEntityOfPage <{original}> ;
           schema:parentOrganization/schema:name ?o }}"
    );
    assert_eq!(
        text(select_one(&b, &organisation)),
        published[0].organisation.name
    );

    // On A: project 0 renamed, project 49 withdrawn.
    let fondation = {
        let mut p = partner("fondation-exemple");
        p.license = url::Url::parse(CC_BY).unwrap();
        p
    };
    let later = harvest(&fondation, 9);
    let mut now: Vec<ProjectRecord> = published[..49].to_vec();
    now[0].name = "Atelier renommé".to_owned();
    for record in &mut now {
        record.provenance.harvest = later.id.clone();
        record.provenance.harvested_at = later.started_at;
    }
    a.state
        .store
        .replace_partner(&fondation, &later, &now)
        .unwrap();

    let second = run(&mapping, &b, &first.cache);
    assert!(!second.report.failed(), "{}", second.report.summary());
    assert_eq!(b.partner_project_count("hub-a").unwrap(), 49);
    assert_eq!(text(select_one(&b, &name)), "Atelier renommé");
    let withdrawn = published[49].source.as_str();
    let gone = format!(
        "PREFIX schema: <http://schema.org/>
         SELECT ?p WHERE {{ GRAPH ?g {{ ?p a schema:Project ; schema:mainEntityOfPage <{withdrawn}> }} }}"
    );
    assert_eq!(select_one(&b, &gone), None, "the withdrawn project is gone");
    // Only the renamed project was asked for again.
    let asked: Vec<String> = second
        .harvest
        .used
        .iter()
        .filter(|url| url.path() == "/sparql")
        .flat_map(|url| {
            url.query_pairs()
                .map(|(_, v)| v.into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(asked.len(), 1, "{asked:?}");
    let renamed = format!("{a_base}id/project/{}", published[0].key());
    assert!(asked[0].contains(&format!("<{renamed}>")), "{asked:?}");
    assert!(!asked[0].contains(&published[1].key()), "{asked:?}");
}
