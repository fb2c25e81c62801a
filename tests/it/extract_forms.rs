//! Label forms and XPath rules on real-shaped pages: copies of pages of the
//! `titres-bretagne` fixture site (fields under headings, in colon-less
//! cells, sibling pairs and strong labels, with label variants) and of the
//! `table-fondation` listing (projects as table rows, details in the next
//! row, read with `following-sibling`), checked against their truth
//! (`tests/fixtures/label-forms/`).

use std::path::{Path, PathBuf};

use carrefour::harvest::{Extraction, HtmlPage, extract_html, listing_items};
use carrefour::mapping::{FieldRule, Listing, Target};
use scraper::Html;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/label-forms")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).expect("a fixture file")
}

fn truth(name: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(&read(name)).expect("JSON");
    value["projects"].as_array().expect("projects").clone()
}

#[derive(Deserialize)]
struct Rules {
    field: Vec<FieldRule>,
}

fn rules(toml: &str) -> Vec<FieldRule> {
    toml::from_str::<Rules>(toml).expect("valid rules").field
}

/// The detail rules a `titres-bretagne` mapping would use: labels only.
const DETAIL: &str = r#"
[[field]]
target = "name"
select = "h1"
[[field]]
target = "description"
label = "Le projet"
within = "article"
[[field]]
target = "organisation.name"
label = "Porteur du projet"
within = "article"
[[field]]
target = "organisation.url"
label = "Site web"
within = "article"
[[field]]
target = "location.locality"
label = "Ville"
within = "article"
[[field]]
target = "location.postal_code"
label = "Code postal"
within = "article"
[[field]]
target = "keywords"
label = "Thèmes"
within = "article"
transforms = [{ split = "," }, "collapse"]
[[field]]
target = "contact.name"
label = "Contact"
within = "article"
transforms = [{ regex = "^([^,]+)" }]
[[field]]
target = "contact.email"
label = "Courriel"
within = "article"
[[field]]
target = "contact.telephone"
label = "Téléphone"
within = "article"
[[field]]
target = "stage"
label = "Activité"
within = "article"
"#;

fn one(extraction: &Extraction, target: Target) -> Option<&str> {
    extraction.first(target)
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

#[test]
fn titres_bretagne_pages_harvest_by_their_labels() {
    let rules = rules(DETAIL);
    for project in truth("titres-bretagne.json") {
        let source = project["source"].as_str().expect("a source");
        let slug = source.rsplit('/').next().expect("a slug");
        let html = Html::parse_document(&read(&format!("{slug}.html")));
        let url = Url::parse(source).expect("a URL");
        let found = extract_html(&HtmlPage::new(&html, &url), None, &rules);
        let expect = |target: Target, truth: Option<&str>| {
            assert_eq!(one(&found, target), truth, "{slug}: {}", target.as_str());
        };
        expect(Target::Description, text(&project["description"]));
        expect(
            Target::OrganisationName,
            text(&project["organisation"]["name"]),
        );
        expect(
            Target::OrganisationUrl,
            text(&project["organisation"]["url"]),
        );
        expect(Target::Locality, text(&project["location"]["locality"]));
        expect(
            Target::PostalCode,
            text(&project["location"]["postal_code"]),
        );
        expect(Target::ContactName, text(&project["contact"]["name"]));
        expect(Target::ContactEmail, text(&project["contact"]["email"]));
        expect(
            Target::ContactTelephone,
            text(&project["contact"]["telephone"]),
        );
        expect(Target::Stage, text(&project["stage_label"]));
        let keywords: Vec<&str> = project["keywords"]
            .as_array()
            .map(|k| k.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let got: Vec<&str> = found
            .values
            .get(&Target::Keywords)
            .map(|k| k.iter().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(got, keywords, "{slug}: keywords");
    }
}

#[test]
fn the_trace_names_each_form_met_on_a_titres_bretagne_page() {
    let html = Html::parse_document(&read("groupement-d-employeurs-de-guingamp.html"));
    let url = Url::parse("https://www.bretagne-solidaire.example/initiatives/x").expect("URL");
    let found = extract_html(&HtmlPage::new(&html, &url), None, &rules(DETAIL));
    let matched = |target: Target| {
        found
            .trace
            .iter()
            .find(|t| t.target == target)
            .and_then(|t| t.matched.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        matched(Target::OrganisationName),
        "label \"Porteur du projet\" (heading)"
    );
    assert_eq!(matched(Target::Keywords), "label \"Thèmes\" (cell)");
    assert_eq!(matched(Target::Locality), "label \"Ville\" (cell)");
    assert_eq!(matched(Target::ContactName), "label \"Contact\" (inline)");
    assert_eq!(
        matched(Target::ContactEmail),
        "label \"Courriel\" (sibling)"
    );
    assert_eq!(matched(Target::Stage), "label \"Activité\" (sibling)");
}

/// The listing rules a `table-fondation` mapping would use: XPath only.
const ROWS: &str = r#"
[[field]]
target = "name"
xpath = "normalize-space(td[1])"
[[field]]
target = "keywords"
xpath = "normalize-space(td[2])"
[[field]]
target = "description"
xpath = "./following-sibling::tr[1]/td/p[1]"
[[field]]
target = "organisation.name"
# "Porteur : Asso — Ville (dép.)", the place being optional: the
# concat() makes substring-before() find a dash in every line.
xpath = "substring-before(concat(substring-after(./following-sibling::tr[1]//p[starts-with(normalize-space(.), 'Porteur')], ': '), ' — '), ' — ')"
[[field]]
target = "organisation.url"
xpath = "./following-sibling::tr[1]//a/@href"
[[field]]
target = "location.label"
xpath = "substring-after(./following-sibling::tr[1]//p[starts-with(normalize-space(.), 'Porteur')], ' — ')"
"#;

#[test]
fn table_fondation_rows_read_their_details_in_the_next_row() {
    let html = Html::parse_document(&read("projets-soutenus.html"));
    let url = Url::parse("https://www.fondation-solidaire-table.example/fr/projets-soutenus")
        .expect("URL");
    let page = HtmlPage::new(&html, &url);
    let listing: Listing = toml::from_str(
        "item_xpath = \"//div[@class='view-content']//tbody/tr[not(@class='details')]\"",
    )
    .expect("a listing");
    let rules = rules(ROWS);
    let rows: Vec<Extraction> = listing_items(&page, &listing)
        .into_iter()
        .map(|item| extract_html(&page, Some(item.element), &rules))
        .collect();
    let truths = truth("table-fondation.json");
    assert_eq!(rows.len(), truths.len());
    for (row, project) in rows.iter().zip(&truths) {
        let name = text(&project["name"]).expect("a name");
        assert_eq!(one(row, Target::Name), Some(name));
        let expect = |target: Target, truth: Option<&str>| {
            assert_eq!(one(row, target), truth, "{name}: {}", target.as_str());
        };
        expect(Target::Description, text(&project["description"]));
        expect(
            Target::OrganisationName,
            text(&project["organisation"]["name"]),
        );
        expect(
            Target::OrganisationUrl,
            text(&project["organisation"]["url"]),
        );
        expect(Target::LocationLabel, text(&project["location"]["label"]));
        expect(
            Target::Keywords,
            project["keywords"].get(0).and_then(Value::as_str),
        );
    }
}
