//! The public pages over the demo data (`server::pages`): the search page
//! is the API's selection with facet links whose counts hold, the map
//! page points at the GeoJSON of the same selection, the statistics page
//! draws what its queries give, the partner directory lists every partner
//! and a harvesting hub shows each source's health. Without JavaScript:
//! everything here is read from the HTML as served.

use crate::common;
use crate::live_hub::{Hub, Server};

use common::demo::demo_server;
use common::http::{Response, get};
use serde_json::Value;

fn page(path: &str) -> Response {
    let response = get(demo_server().addr, path, &[]);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    assert_eq!(response.media_type(), "text/html", "{path}");
    response
}

fn api(query: &str) -> Value {
    let path = format!("/api/projects?{query}");
    let response = get(
        demo_server().addr,
        &path,
        &[("Accept", "application/ld+json")],
    );
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

/// The `href`s of the page's links inside the element that starts with
/// `start` (up to its `end`), HTML entities of `&` undone.
fn links_in(html: &str, start: &str, end: &str) -> Vec<String> {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let part = &html[from..from + html[from..].find(end).unwrap()];
    part.split("href=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .replace("&#38;", "&")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The number in the page's result count line.
fn shown_total(html: &str) -> u64 {
    let from = html.find("id=\"result-count\">").unwrap() + "id=\"result-count\">".len();
    html[from..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_search_page_is_the_api_selection_with_facets_that_keep_their_counts() {
    let html = page("/?q=jardin").text();
    let total = api("q=jardin")["totalItems"].as_u64().unwrap();
    assert!(total > 20, "{total}");
    assert_eq!(shown_total(&html), total);
    assert_eq!(html.matches("<li class=\"result\">").count(), 20);
    assert!(html.contains("value=\"jardin\""), "the box keeps the words");
    assert!(html.contains("fiche d’origine"), "results link back");
    assert!(
        html.contains("Référencé par "),
        "results credit the partner"
    );
    assert!(!html.contains("<script"), "no script needed");
    // Every facet link narrows the search to what its count says.
    let facets = links_in(&html, "<nav class=\"facets\"", "</nav>");
    assert!(facets.len() >= 10, "{facets:?}");
    for href in facets.iter().take(8) {
        assert!(href.starts_with("/?q=jardin&"), "{href}");
        let count_shown = {
            let at = html
                .find(&format!("href=\"{}\"", href.replace('&', "&#38;")))
                .unwrap();
            let rest = &html[at..];
            let from = rest.find("class=\"count\">").unwrap() + "class=\"count\">".len();
            rest[from..rest[from..].find('<').unwrap() + from]
                .parse::<u64>()
                .unwrap()
        };
        let narrowed = page(href).text();
        assert_eq!(shown_total(&narrowed), count_shown, "{href}");
        // The filter shows, with a link that removes it.
        let removals = links_in(&narrowed, "<ul class=\"active-filters\"", "</ul>");
        assert_eq!(removals.len(), 1, "{href}");
        assert_eq!(shown_total(&page(&removals[0]).text()), total, "{href}");
    }
    // Paging keeps the search; the map and the API show the same selection.
    let pages = links_in(&html, "<nav class=\"pages\"", "</nav>");
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert!(pages[0].contains("q=jardin") && pages[0].contains("page=2"));
    assert!(html.contains("href=\"/carte?q=jardin\""), "{html}");
    // Bad parameters are a 400 naming them, as on the API.
    let bad = get(demo_server().addr, "/?theme=nulle-part", &[]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("theme"), "{}", bad.text());
}

#[test]
fn the_map_page_draws_the_geojson_of_the_same_selection() {
    let html = page("/carte?q=jardin&region=53").text();
    let source = "/api/projects?q=jardin&region=53&format=geojson";
    assert!(
        html.contains(&format!(
            "data-geojson=\"{}\"",
            source.replace('&', "&#38;")
        )),
        "{html}"
    );
    for asset in [
        "/assets/npm/leaflet/dist/leaflet.js",
        "/assets/npm/leaflet.markercluster/dist/leaflet.markercluster.js",
        "/assets/carte.js",
    ] {
        assert!(html.contains(asset), "{asset}");
        let served = get(demo_server().addr, asset, &[]);
        assert_eq!(served.status, 200, "{asset}: run .ci/setup (npm ci)");
    }
    let geojson = get(demo_server().addr, source, &[]);
    assert_eq!(geojson.media_type(), "application/geo+json");
    let geojson = geojson.json();
    assert_eq!(geojson["type"], "FeatureCollection");
    let features = geojson["features"].as_array().unwrap();
    let members = api("q=jardin&region=53&limit=100")["member"]
        .as_array()
        .unwrap()
        .clone();
    let located = members
        .iter()
        .filter(|m| m["location"]["geo"].is_object())
        .count();
    assert!(located > 0);
    assert_eq!(features.len(), located);
    for feature in features {
        let [lon, lat] = [0, 1].map(|i| feature["geometry"]["coordinates"][i].as_f64().unwrap());
        assert!(
            (-6.0..10.0).contains(&lon) && (41.0..52.0).contains(&lat),
            "{feature}"
        );
        let properties = &feature["properties"];
        assert!(properties["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(properties["partner"].is_string(), "{feature}");
        assert!(
            properties["page"]
                .as_str()
                .unwrap()
                .starts_with("/id/project/")
        );
        assert!(properties["source"].as_str().unwrap().starts_with("http"));
    }
    // The organisation, as the API's members name it.
    for member in &members {
        let Some(feature) = features.iter().find(|f| f["id"] == member["id"]) else {
            continue;
        };
        let organisation = member["organisation"]["name"].as_str();
        assert_eq!(
            feature["properties"]["organisation"].as_str(),
            organisation,
            "{feature}"
        );
    }
    assert!(
        features
            .iter()
            .any(|f| f["properties"]["organisation"].is_string())
    );
    // Negotiated too, and the whole collection without a query.
    let all = get(
        demo_server().addr,
        "/api/projects",
        &[("Accept", "application/geo+json")],
    );
    assert_eq!(all.media_type(), "application/geo+json");
    assert!(all.json()["features"].as_array().unwrap().len() > 300);
}

#[test]
fn the_statistics_page_draws_its_queries_with_their_data() {
    let html = page("/statistiques").text();
    assert_eq!(html.matches("<figure class=\"chart\"").count(), 5);
    assert_eq!(html.matches("<svg ").count(), 5);
    assert_eq!(html.matches("<table class=\"chart-data\">").count(), 5);
    assert_eq!(html.matches("href=\"/sparql?query=").count(), 5);
    for chart in ["themes", "regions", "partners", "stages", "harvests"] {
        let csv = get(
            demo_server().addr,
            &format!("/statistiques/{chart}.csv"),
            &[],
        );
        assert_eq!(csv.status, 200, "{chart}");
        assert_eq!(csv.media_type(), "text/csv");
        let rows: Vec<String> = csv.text().lines().skip(1).map(str::to_owned).collect();
        assert!(!rows.is_empty(), "{chart}");
        // Each CSV row is a bar of the chart and a row of its table.
        for row in &rows {
            let (label, value) = row.rsplit_once(',').unwrap();
            let label = label.trim_matches('"');
            assert!(
                html.contains(&format!("<td>{value}</td>")),
                "{chart}: {row}"
            );
            assert!(
                html.contains(label) || label.contains('\''),
                "{chart}: {label}"
            );
        }
    }
    // The partners chart counts what the API's partner facet counts.
    let csv = get(demo_server().addr, "/statistiques/partners.csv", &[]).text();
    let facets = api("limit=1")["facets"]["partner"].clone();
    for value in facets.as_array().unwrap() {
        let line = format!("{},{}", value["label"].as_str().unwrap(), value["count"]);
        assert!(csv.contains(&line), "{line} in {csv}");
    }
    // The SPARQL link runs the very query, as CSV.
    let at = html.find("href=\"/sparql?query=").unwrap() + "href=\"".len();
    let link = html[at..at + html[at..].find('"').unwrap()].replace("&#38;", "&");
    let answer = get(demo_server().addr, &link, &[]);
    assert_eq!(answer.status, 200, "{link}");
    assert_eq!(answer.media_type(), "text/csv");
    assert_eq!(
        get(demo_server().addr, "/statistiques/nothing.csv", &[]).status,
        404
    );
}

#[test]
fn the_directory_lists_every_partner_and_a_hub_shows_each_source_health() {
    let html = page("/partenaires").text();
    let statistics = common::demo::demo_store().statistics().unwrap();
    assert_eq!(statistics.partners.len(), 6);
    for partner in &statistics.partners {
        assert!(html.contains(&format!("href=\"/partenaires/{}\"", partner.id)));
        assert!(html.contains(&format!(
            "href=\"/?partner={}\">{}<",
            partner.id, partner.projects
        )));
    }
    // A server of the demo store runs no harvests: it says so.
    let id = &statistics.partners[0].id;
    let health = page(&format!("/partenaires/{id}")).text();
    assert!(health.contains("ne moissonne pas"), "{health}");
    assert_eq!(
        get(demo_server().addr, "/partenaires/inconnu", &[]).status,
        404
    );

    // A harvesting hub reads its reports: the runs, their verdicts, the
    // field coverage and the places.
    let hub = Hub::new("");
    hub.harvest_here();
    let mut server = Server::start(&hub, &["--no-schedule"]);
    let health = get(server.address, "/partenaires/fondation-territoires", &[]);
    assert_eq!(health.status, 200, "{}", health.text());
    let health = health.text();
    assert!(health.contains("publié (95 projets)"), "{health}");
    assert!(
        health.contains("<td>organisation.name</td><td>100 %"),
        "{health}"
    );
    assert!(health.contains("projets situés à la commune"), "{health}");
    assert!(server.terminate().success());
}

#[test]
fn pages_speak_english_on_request_and_keep_the_choice() {
    let addr = demo_server().addr;
    // French first; English when the browser prefers it.
    let french = get(addr, "/statistiques", &[]);
    assert!(french.text().contains("<html lang=\"fr\">"));
    assert!(french.text().contains("Projets par thème"));
    assert_eq!(french.header("vary"), Some("Accept-Language, Cookie"));
    let english = get(
        addr,
        "/statistiques",
        &[("Accept-Language", "en-GB,en;q=0.9,fr;q=0.4")],
    );
    let text = english.text();
    assert!(text.contains("<html lang=\"en\">"), "{text}");
    // (The query files shown keep their French comments.)
    assert!(text.contains("<h2>Projects per theme</h2>") && !text.contains("<h2>Projets"));
    // The switch: the same page in the other language, remembered.
    assert!(text.contains("href=\"/statistiques?lang=fr\""), "{text}");
    let switched = get(addr, "/?q=jardin&lang=en", &[]);
    assert_eq!(switched.status, 200);
    let cookie = switched
        .header("set-cookie")
        .expect("the switch sets a cookie");
    assert!(cookie.starts_with("carrefour-lang=en;"), "{cookie}");
    let page = switched.text();
    assert!(
        page.contains("Listed by ") && page.contains("value=\"jardin\""),
        "{page}"
    );
    assert_eq!(
        shown_total(&page),
        api("q=jardin")["totalItems"].as_u64().unwrap()
    );
    let next = get(addr, "/partenaires", &[("Cookie", "carrefour-lang=en")]);
    assert!(next.text().contains("<h1>Partners</h1>"), "{}", next.text());
    let map = get(addr, "/carte?q=jardin", &[("Cookie", "carrefour-lang=en")]).text();
    assert!(
        map.contains("Map of the projects") && map.contains("href=\"/carte?q=jardin&#38;lang=fr\""),
        "{map}"
    );
}

/// The fields of a CSV line (RFC 4180 quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Each chart draws what its SPARQL query gives: the query behind the
/// chart's "run" link, answered by the endpoint, has the chart's rows.
#[test]
fn every_chart_is_what_its_query_gives() {
    let html = page("/statistiques").text();
    let charts = [
        ("themes", "themeLabel", "projects"),
        ("regions", "name", "projects"),
        ("partners", "partnerName", "projects"),
        ("stages", "stageLabel", "projects"),
        ("harvests", "day", "harvests"),
    ];
    for (chart, label, value) in charts {
        let drawn = get(
            demo_server().addr,
            &format!("/statistiques/{chart}.csv"),
            &[],
        )
        .text();
        let drawn: Vec<Vec<String>> = drawn.lines().skip(1).map(csv_fields).collect();
        let at = html.find(&format!("id=\"{chart}\"")).unwrap();
        let run = &html[at..];
        let from = run.find("href=\"/sparql?query=").unwrap() + "href=\"".len();
        let link = run[from..from + run[from..].find('"').unwrap()].replace("&#38;", "&");
        let answer = get(demo_server().addr, &link, &[]).text();
        let mut lines = answer.lines();
        let header = csv_fields(lines.next().unwrap());
        let column = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (l, v) = (column(label), column(value));
        let queried: Vec<Vec<String>> = lines
            .map(csv_fields)
            .map(|row| vec![row[l].clone(), row[v].clone()])
            .filter(|row| row[1] != "0" || chart == "stages")
            .collect();
        assert_eq!(drawn, queried, "{chart}");
    }
}
