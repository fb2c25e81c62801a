//! Dereferenceable URIs: 303 from things to documents, content negotiation,
//! validators, 410 for tombstones, 404 pages, paging, escaping.

use crate::common;

use carrefour::record::{Kind, project_key};
use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{demo_server, serve};
use common::http::{Response, get, head_request};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;

/// A project of the demo data: (key, name).
fn a_project() -> (String, String) {
    let store = common::demo::demo_store();
    let source = "https://www.fondation-territoires.example/projets/habitat-inclusif-le-local.html";
    let url = carrefour::record::canonical_url(source).unwrap();
    let key = project_key("fondation-territoires", &url);
    assert!(
        store
            .oxigraph()
            .contains_named_graph(&common::base().id(Kind::Record, &key))
            .unwrap(),
        "the demo store holds {key}"
    );
    (key, "Habitat inclusif Le Local".to_owned())
}

fn parse(response: &Response, format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .with_base_iri(common::BASE)
        .unwrap()
        .for_slice(&response.body)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("does not parse as {format:?}: {e}\n{}", response.text()))
}

#[test]
fn a_thing_answers_303_to_its_document() {
    let server = demo_server();
    let (key, _) = a_project();
    let response = get(
        server.addr,
        &format!("/id/project/{key}"),
        &[("Accept", "text/turtle")],
    );
    assert_eq!(response.status, 303);
    assert_eq!(
        response.header("location"),
        Some(format!("/doc/project/{key}").as_str())
    );
}

#[test]
fn every_accept_header_gets_its_format_after_the_303() {
    let server = demo_server();
    let (key, name) = a_project();
    let project = common::base().id(Kind::Project, &key);
    let cases = [
        ("text/turtle", "text/turtle", "ttl", Some(RdfFormat::Turtle)),
        (
            "application/n-triples",
            "application/n-triples",
            "nt",
            Some(RdfFormat::NTriples),
        ),
        (
            "application/rdf+xml",
            "application/rdf+xml",
            "rdf",
            Some(RdfFormat::RdfXml),
        ),
        ("application/ld+json", "application/ld+json", "jsonld", None),
        ("application/json", "application/ld+json", "jsonld", None),
        ("text/html", "text/html", "html", None),
        (
            "application/xhtml+xml,text/html;q=0.9,*/*;q=0.8",
            "text/html",
            "html",
            None,
        ),
        (
            "application/rdf+xml;q=0.5, text/turtle",
            "text/turtle",
            "ttl",
            Some(RdfFormat::Turtle),
        ),
        ("*/*", "text/html", "html", None),
    ];
    for (accept, media_type, extension, format) in cases {
        // What `curl -L -H 'Accept: …'` does.
        let thing = get(
            server.addr,
            &format!("/id/project/{key}"),
            &[("Accept", accept)],
        );
        assert_eq!(thing.status, 303, "{accept}");
        let location = thing.header("location").unwrap().to_owned();
        let response = get(server.addr, &location, &[("Accept", accept)]);
        assert_eq!(response.status, 200, "{accept}: {}", response.text());
        assert_eq!(response.media_type(), media_type, "{accept}");
        assert!(
            response.header("vary").unwrap().contains("Accept"),
            "{accept}"
        );
        assert_eq!(
            response.header("content-location"),
            Some(format!("/doc/project/{key}.{extension}").as_str()),
            "{accept}"
        );
        let links = response.headers("link").join(", ");
        assert_eq!(links.matches("rel=\"alternate\"").count(), 4, "{links}");
        if let Some(format) = format {
            let quads = parse(&response, format);
            assert!(
                quads
                    .iter()
                    .any(|q| q.subject.to_string() == project.to_string()
                        && q.object.to_string() == "<http://schema.org/Project>"),
                "{accept}: no `a schema:Project`"
            );
        } else if media_type == "text/html" {
            assert!(response.text().contains(&name), "{accept}");
        } else {
            assert_eq!(
                response.json()["id"].as_str(),
                Some(project.as_str()),
                "{accept}"
            );
        }
    }
}

#[test]
fn no_accept_header_gets_html_and_unacceptable_gets_406() {
    let server = demo_server();
    let (key, _) = a_project();
    let response = get(server.addr, &format!("/doc/project/{key}"), &[]);
    assert_eq!(response.media_type(), "text/html");
    let response = get(
        server.addr,
        &format!("/doc/project/{key}"),
        &[("Accept", "image/png")],
    );
    assert_eq!(response.status, 406);
    assert!(
        response.text().contains("text/turtle"),
        "{}",
        response.text()
    );
}

#[test]
fn suffixed_documents_answer_directly() {
    let server = demo_server();
    let (key, _) = a_project();
    for (extension, media_type) in [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
        ("nt", "application/n-triples"),
        ("html", "text/html"),
    ] {
        let path = format!("/doc/project/{key}.{extension}");
        let response = get(server.addr, &path, &[("Accept", "text/turtle")]);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.media_type(), media_type, "{path}");
    }
    let response = get(server.addr, &format!("/doc/project/{key}.exe"), &[]);
    assert_eq!(response.status, 404);
}

#[test]
fn validators_give_304() {
    let server = demo_server();
    let (key, _) = a_project();
    let path = format!("/doc/project/{key}");
    let accept = ("Accept", "text/turtle");
    let first = get(server.addr, &path, &[accept]);
    let etag = first.header("etag").expect("an ETag").to_owned();
    let last_modified = first
        .header("last-modified")
        .expect("a Last-Modified")
        .to_owned();
    let again = get(server.addr, &path, &[accept, ("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = get(
        server.addr,
        &path,
        &[accept, ("If-None-Match", "\"stale\"")],
    );
    assert_eq!(other.status, 200);
    let since = get(
        server.addr,
        &path,
        &[accept, ("If-Modified-Since", &last_modified)],
    );
    assert_eq!(since.status, 304);
    // Another format is another representation, with another tag.
    let html = get(
        server.addr,
        &path,
        &[("Accept", "text/html"), ("If-None-Match", &etag)],
    );
    assert_eq!(html.status, 200);
}

#[test]
fn head_answers_like_get_without_a_body() {
    let server = demo_server();
    let (key, _) = a_project();
    let path = format!("/doc/project/{key}.ttl");
    let get_response = get(server.addr, &path, &[]);
    let head = head_request(server.addr, &path, &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("etag"), get_response.header("etag"));
    assert_eq!(head.media_type(), "text/turtle");
    assert!(head.body.is_empty());
}

#[test]
fn reads_are_open_to_every_origin() {
    let server = demo_server();
    let (key, _) = a_project();
    let response = get(
        server.addr,
        &format!("/doc/project/{key}.jsonld"),
        &[("Origin", "https://research.example")],
    );
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn unknown_things_get_a_helpful_404() {
    let server = demo_server();
    for path in [
        "/id/project/no-such-project",
        "/id/unicorn/x",
        "/doc/project/nope.ttl",
    ] {
        let page = get(server.addr, path, &[("Accept", "text/html")]);
        assert_eq!(page.status, 404, "{path}");
        assert!(
            page.text().contains("/api/projects"),
            "{path}: {}",
            page.text()
        );
        let text = get(server.addr, path, &[("Accept", "text/turtle")]);
        assert_eq!(text.status, 404, "{path}");
        assert!(text.text().contains("/id/project/<key>"), "{path}");
    }
}

#[test]
fn a_tombstone_answers_410_with_what_we_know() {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("ancien");
    let first = common::harvest(&partner, 9);
    let records = common::records(&partner, &first, 3);
    store.replace_partner(&partner, &first, &records).unwrap();
    let second = common::harvest(&partner, 10);
    let kept = common::records(&partner, &second, 2);
    store.replace_partner(&partner, &second, &kept).unwrap();
    let gone = records[2].key();
    let server = serve(store, ServerConfig::default());

    let turtle = get(
        server.addr,
        &format!("/id/project/{gone}"),
        &[("Accept", "text/turtle")],
    );
    assert_eq!(turtle.status, 410);
    let quads = parse(&turtle, RdfFormat::Turtle);
    assert!(
        quads
            .iter()
            .any(|q| q.object.to_string().ends_with("ns#Tombstone>"))
    );
    let page = get(
        server.addr,
        &format!("/doc/project/{gone}"),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 410);
    assert!(page.text().contains("n’est plus publié"));
    assert!(page.text().contains(records[2].source.as_str()));
    let live = get(server.addr, &format!("/id/project/{}", kept[0].key()), &[]);
    assert_eq!(live.status, 303);
}

#[test]
fn links_to_a_partner_are_paged_beyond_100() {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("grand");
    let harvest = common::harvest(&partner, 9);
    store
        .replace_partner(
            &partner,
            &harvest,
            &common::records(&partner, &harvest, 130),
        )
        .unwrap();
    let server = serve(store, ServerConfig::default());
    let first = get(server.addr, "/doc/partner/grand.nt", &[]);
    assert_eq!(first.status, 200);
    let incoming = |r: &Response| {
        parse(r, RdfFormat::NTriples)
            .iter()
            .filter(|q| q.object.to_string() == format!("<{}id/partner/grand>", common::BASE))
            .count()
    };
    assert_eq!(incoming(&first), 100);
    let links = first.headers("link").join(", ");
    assert!(
        links.contains("</doc/partner/grand?page=2>; rel=\"next\""),
        "{links}"
    );
    let second = get(server.addr, "/doc/partner/grand.nt?page=2", &[]);
    assert_eq!(incoming(&second), 30);
    assert!(second.headers("link").join(", ").contains("rel=\"prev\""));
    assert_eq!(
        get(server.addr, "/doc/partner/grand.nt?page=3", &[]).status,
        404
    );
    assert_eq!(
        get(server.addr, "/doc/partner/grand.nt?page=0", &[]).status,
        400
    );
    let html = get(
        server.addr,
        "/doc/partner/grand",
        &[("Accept", "text/html")],
    );
    assert!(html.text().contains("Page suivante"));
}

#[test]
fn scraped_text_is_inert_in_html() {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("piege");
    let harvest = common::harvest(&partner, 9);
    let mut records = common::records(&partner, &harvest, 1);
    records[0].name = "<script>alert('nom')</script>".into();
    records[0].description = "</script><script>alert('description')</script> & <b>gras</b>".into();
    records[0].organisation.name = "<img src=x onerror=alert(1)>".into();
    store.replace_partner(&partner, &harvest, &records).unwrap();
    let server = serve(store, ServerConfig::default());
    let key = records[0].key();
    let page = get(server.addr, &format!("/doc/project/{key}.html"), &[]).text();
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(!page.contains("<b>gras"), "{page}");
    assert!(
        page.contains("&#60;script&#62;alert(&#39;nom&#39;)"),
        "{page}"
    );
    // The embedded schema.org JSON-LD cannot close its element either.
    let json = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .unwrap();
    let json = json.split("</script>").next().unwrap();
    assert!(json.contains("\\u003cscript\\u003e"), "{json}");
    let parsed: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(parsed["name"], "<script>alert('nom')</script>");
}

#[test]
fn the_project_page_credits_and_links_back() {
    let server = demo_server();
    let (key, name) = a_project();
    let page = get(server.addr, &format!("/doc/project/{key}.html"), &[]).text();
    assert!(page.contains(&format!("<h1>{name}</h1>")), "{page}");
    assert!(page.contains("Voir ce projet sur le site de"), "{page}");
    assert!(page.contains(
        "href=\"https://www.fondation-territoires.example/projets/habitat-inclusif-le-local.html\""
    ));
    assert!(page.contains("Projet référencé par"), "{page}");
    assert!(page.contains("rel=\"license\""), "{page}");
    assert!(page.contains("\"@type\":\"Project\""), "{page}");
    // A map where the project is (Pontivy's point: the page gives no address point).
    assert!(page.contains("id=\"map\""), "{page}");
    assert!(page.contains("data-latitude=\"48.0684\""), "{page}");
    assert!(page.contains("celle de la commune"), "{page}");
}

#[test]
fn vocabulary_and_context_are_served() {
    let server = demo_server();
    let turtle = get(server.addr, "/ontology", &[("Accept", "text/turtle")]);
    assert_eq!(turtle.media_type(), "text/turtle");
    assert!(parse(&turtle, RdfFormat::Turtle).len() > 20);
    let html = get(server.addr, "/ontology", &[("Accept", "text/html")]);
    assert!(html.text().contains("cis:Tombstone"));
    let jsonld = get(server.addr, "/ontology.jsonld", &[]).json();
    let published = format!("{}ns/context.jsonld", common::BASE);
    assert_eq!(jsonld["@context"].as_str(), Some(published.as_str()));
    let context = get(server.addr, "/ns/context.jsonld", &[]);
    assert_eq!(context.media_type(), "application/ld+json");
    assert!(context.json()["@context"]["name"].is_object());
}

#[test]
fn home_page_metrics_and_assets() {
    let server = demo_server();
    let home = get(server.addr, "/", &[]);
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Fondation"), "{}", home.text());
    get(server.addr, "/doc/theme/emploi-insertion.ttl", &[]);
    let metrics = get(server.addr, "/metrics", &[]).text();
    assert!(
        metrics
            .contains("carrefour_http_requests_total{route=\"/doc/{kind}/{file}\",status=\"200\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("carrefour_store_quads "), "{metrics}");
    let yasgui = get(
        server.addr,
        "/assets/npm/@zazuko/yasgui/build/yasgui.min.js",
        &[],
    );
    assert_eq!(yasgui.status, 200, "run .ci/setup to install node_modules");
    let boundaries = get(server.addr, "/assets/boundaries.geojson", &[]).json();
    assert_eq!(boundaries["type"], "FeatureCollection");
    assert!(boundaries["features"].as_array().unwrap().len() >= 100);
    assert!(
        get(server.addr, "/assets/map.js", &[])
            .text()
            .contains("L.map(")
    );
    assert_eq!(
        get(server.addr, "/assets/npm/leaflet/dist/leaflet.js", &[]).status,
        200
    );
    assert_eq!(
        get(server.addr, "/assets/npm/../Cargo.toml", &[]).status,
        404
    );
    assert_eq!(
        get(server.addr, "/assets/npm/leftpad/index.js", &[]).status,
        404
    );
}

#[test]
fn every_kind_of_thing_we_mint_dereferences() {
    let server = demo_server();
    let store = common::demo::demo_store();
    for kind in Kind::ALL {
        let prefix = format!("{}id/{kind}/", common::BASE);
        let sparql = format!(
            "SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{prefix}\") && !CONTAINS(STR(?s), \"#\")) }} LIMIT 1"
        );
        let Some(oxigraph::model::Term::NamedNode(thing)) = common::select_one(&store, &sparql)
        else {
            panic!("the demo data has no {kind}");
        };
        let path = thing
            .as_str()
            .trim_start_matches(common::BASE.trim_end_matches('/'));
        let response = get(server.addr, path, &[("Accept", "text/turtle")]);
        assert_eq!(response.status, 303, "{path}");
        let document = get(
            server.addr,
            response.header("location").unwrap(),
            &[("Accept", "text/turtle")],
        );
        assert_eq!(document.status, 200, "{path}");
        let quads = parse(&document, RdfFormat::Turtle);
        assert!(
            quads
                .iter()
                .any(|q| q.subject.to_string() == thing.to_string()),
            "{path}: the document says nothing about its thing"
        );
        let html = get(
            server.addr,
            &format!("{}.html", response.header("location").unwrap()),
            &[],
        );
        assert_eq!(html.status, 200, "{path}");
    }
}

#[test]
fn territories_dereference_and_list_their_projects() {
    let server = demo_server();
    let (key, name) = a_project(); // in Pontivy (56178), Morbihan (56), Bretagne (53)
    let project = common::base().id(Kind::Project, &key);
    for (path, label) in [
        ("/id/commune/56178", "Pontivy"),
        ("/id/departement/56", "Morbihan"),
        ("/id/region/53", "Bretagne"),
    ] {
        let thing = get(server.addr, path, &[("Accept", "text/turtle")]);
        assert_eq!(thing.status, 303, "{path}");
        let doc = thing.header("location").unwrap().to_owned();
        // A région has many projects: they come a page at a time.
        let mut quads = Vec::new();
        for page in 1..=10 {
            let response = get(
                server.addr,
                &format!("{doc}?page={page}"),
                &[("Accept", "text/turtle")],
            );
            if response.status == 404 {
                break;
            }
            quads.extend(parse(&response, RdfFormat::Turtle));
        }
        let iri = format!("<{}{}>", common::BASE, &path[1..]);
        assert!(
            quads.iter().any(|q| q.subject.to_string() == iri
                && q.predicate.as_str() == "http://schema.org/name"
                && q.object.to_string().contains(label)),
            "{path}: no name {label}"
        );
        assert!(
            quads
                .iter()
                .any(|q| q.subject.to_string() == project.to_string()
                    && q.predicate.as_str() == "http://schema.org/location"),
            "{path} does not list {name}"
        );
        if path.contains("commune") {
            let html = get(server.addr, &doc, &[("Accept", "text/html")]).text();
            assert!(
                html.contains("Projets situés ici") && html.contains(&name),
                "{path}"
            );
        }
        let json = get(server.addr, &doc, &[("Accept", "application/ld+json")]).json();
        assert_eq!(json["id"].as_str(), Some(&iri[1..iri.len() - 1]), "{path}");
        assert_eq!(
            json["identifier"].as_str(),
            Some(path.rsplit('/').next().unwrap())
        );
    }
    // A département links to its région, and to Wikidata.
    let turtle = get(server.addr, "/doc/departement/56.nt", &[]);
    let text = turtle.text();
    assert!(
        text.contains("<http://schema.org/containedInPlace> <http://localhost:7878/id/region/53>")
    );
    assert!(
        text.contains("<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q")
    );
    assert_eq!(get(server.addr, "/id/commune/99999", &[]).status, 404);
}
