//! One project, several partners: after a round, the projects two partners
//! list are linked (`owl:sameAs` both ways, `schema:sameAs` the other's
//! page), listed once by `/api/projects` (found by either partner), and
//! each page names every partner with its link back. A look-alike in
//! another commune is not linked. (The rule itself, with its precision and
//! recall on generated fixtures, is tested in `record::same`.)

use crate::common;

use carrefour::record::{BaseIri, Kind, ProjectRecord, Territory, TerritoryLevel};
use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::serve;
use common::http::get;
use common::{harvest, partner, records, select_one};

fn in_commune(mut record: ProjectRecord, code: &str) -> ProjectRecord {
    let location = record.location.get_or_insert_with(Default::default);
    location.territory = Some(Territory {
        level: TerritoryLevel::Commune,
        code: code.to_owned(),
    });
    record
}

#[test]
fn a_project_two_partners_list_is_linked_listed_once_and_credits_both() {
    let base = BaseIri::new("http://localhost:7878/").unwrap();
    let store = Store::in_memory(base.clone()).unwrap();
    let (a, b) = (partner("reseau-a"), partner("fondation-b"));
    let (ha, hb) = (harvest(&a, 8), harvest(&b, 9));
    let listed_by_a: Vec<ProjectRecord> = records(&a, &ha, 3)
        .into_iter()
        .map(|r| in_commune(r, "69259"))
        .collect();
    // B: project 0 typed its own way, a look-alike of project 1 in Lyon,
    // and project 2's very page.
    let mut listed_by_b: Vec<ProjectRecord> = records(&b, &hb, 3)
        .into_iter()
        .map(|r| in_commune(r, "69259"))
        .collect();
    listed_by_b[0].name = "PROJET N°0 !".to_owned();
    listed_by_b[0].organisation.name = "Asso. Les Jardins d’Emile".to_owned();
    listed_by_b[1] = in_commune(listed_by_b[1].clone(), "69123");
    listed_by_b[2].source = listed_by_a[2].source.clone();
    listed_by_b[2].name = "Un autre intitulé".to_owned();
    store.replace_partner(&a, &ha, &listed_by_a).unwrap();
    store.replace_partner(&b, &hb, &listed_by_b).unwrap();

    assert_eq!(store.link_same_projects().unwrap(), 4);
    let revision = store.revision();
    assert_eq!(store.link_same_projects().unwrap(), 4);
    assert_eq!(
        store.revision(),
        revision,
        "unchanged links are not rewritten"
    );

    let iri = |r: &ProjectRecord| base.id(Kind::Project, &r.key()).into_string();
    let linked = |x: &ProjectRecord, y: &ProjectRecord| {
        let ask = format!(
            "SELECT ?page WHERE {{ <{}> <http://www.w3.org/2002/07/owl#sameAs> <{}> ;
               <http://schema.org/sameAs> ?page . FILTER(?page = <{}>) }}",
            iri(x),
            iri(y),
            y.source
        );
        select_one(&store, &ask).is_some()
    };
    for (x, y) in [(0, 0), (2, 2)] {
        assert!(linked(&listed_by_a[x], &listed_by_b[y]), "A{x} → B{y}");
        assert!(linked(&listed_by_b[y], &listed_by_a[x]), "B{y} → A{x}");
    }
    assert!(
        !linked(&listed_by_a[1], &listed_by_b[1]),
        "same name, other commune"
    );

    let server = serve(store, ServerConfig::default());
    let total = |query: &str| {
        let response = get(server.addr, &format!("/api/projects?{query}"), &[]);
        assert_eq!(response.status, 200, "{}", response.text());
        response.json()["totalItems"].as_u64().unwrap()
    };
    assert_eq!(total(""), 4, "six records, two of them listed twice");
    assert_eq!(total("partner=reseau-a"), 3);
    assert_eq!(total("partner=fondation-b"), 3, "found by either partner");

    // Each listing's page names the other partner and its link back.
    for (this, other) in [
        (&listed_by_a[0], &listed_by_b[0]),
        (&listed_by_b[0], &listed_by_a[0]),
    ] {
        let path = format!("/doc/project/{}", this.key());
        let page = get(server.addr, &path, &[("Accept", "text/html")]).text();
        assert!(page.contains("Également référencé par"), "{page}");
        assert!(page.contains(&other.provenance.partner_name), "{page}");
        assert!(page.contains(other.source.as_str()), "{page}");
    }
    let alone = format!("/doc/project/{}", listed_by_a[1].key());
    let page = get(server.addr, &alone, &[("Accept", "text/html")]).text();
    assert!(!page.contains("Également référencé par"));
}
