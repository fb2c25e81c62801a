//! Partner sites shaped as the 2018 platform's real partners were (issue
//! 10): projects as table rows with their details in the next row, category
//! search pages whose items have no page of their own, detail pages whose
//! fields sit under headings and in label cells. Each fixture site of
//! `tests/fixtures/sites/mirrors-shapes.toml` harvests, from its mirror,
//! into the records its `expected.json` describes, field by field.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use carrefour::harvest::{HarvestReport, Verdict, fold};
use carrefour::mapping::Mapping;
use carrefour::record::ProjectRecord;
use common::truth::differences;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn sites() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/sites")
}

fn expected(site: &Path) -> Value {
    let text = std::fs::read_to_string(site.join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn mapping(name: &str) -> Mapping {
    Mapping::load(&Path::new(ROOT).join("tests/fixtures/mappings").join(name)).unwrap()
}

/// Harvests `site` (a directory mirroring the partner's origin) with `mapping`.
fn harvest(site: &Path, mapping: Mapping) -> (Vec<ProjectRecord>, HarvestReport) {
    let origin = expected(site)["origin"].as_str().unwrap().to_owned();
    let outcome = common::dry_run(site, &origin, mapping);
    (outcome.records, outcome.report)
}

/// Every project of the site's truth harvested, field by field. Projects
/// without a page of their own share their listing page as source: they
/// are matched by name.
fn assert_site(site: &str, mapping_file: &str) -> Vec<ProjectRecord> {
    let dir = sites().join(site);
    let truth = expected(&dir);
    let (records, report) = harvest(&dir, mapping(mapping_file));
    assert!(
        matches!(report.verdict, Verdict::DryRun { .. }),
        "{site}: {}\n{:#?}",
        report.summary(),
        report.errors
    );
    let by_name: BTreeMap<String, &ProjectRecord> =
        records.iter().map(|r| (fold(&r.name), r)).collect();
    let truths = truth["projects"].as_array().unwrap();
    let mut problems = Vec::new();
    for project in truths {
        let name = project["name"].as_str().unwrap();
        match by_name.get(&fold(name)) {
            None => problems.push(format!("{name}: not harvested")),
            Some(record) => {
                problems.extend(
                    differences(record, project)
                        .into_iter()
                        .map(|d| format!("{name}: {d}")),
                );
                if record.source.as_str() != project["source"].as_str().unwrap()
                    && !record
                        .source
                        .as_str()
                        .starts_with(&format!("{}#", project["source"].as_str().unwrap()))
                {
                    problems.push(format!(
                        "{name}: source {}, want {}",
                        record.source, project["source"]
                    ));
                }
            }
        }
    }
    if records.len() != truths.len() {
        problems.push(format!(
            "{} records, {} expected",
            records.len(),
            truths.len()
        ));
    }
    let shown: Vec<&String> = problems.iter().take(25).collect();
    assert!(
        problems.is_empty(),
        "{site}: {} problems\n{shown:#?}\n{}",
        problems.len(),
        report.summary()
    );
    records
}

#[test]
fn projects_as_table_rows_with_details_in_the_next_row() {
    let records = assert_site("table-fondation", "fondation-solidaire-table.toml");
    // A row with an id links back to its own anchor.
    assert!(
        records.iter().any(|r| r
            .source
            .fragment()
            .is_some_and(|f| f.starts_with("projet-"))),
        "no record links back to its row's anchor"
    );
}

#[test]
fn category_pages_list_projects_without_pages_and_tag_them() {
    let records = assert_site("categories-fondation", "fondation-categories.toml");
    // Listed under two categories: one record carrying both.
    let twice = records.iter().filter(|r| r.keywords.len() == 2).count();
    assert_eq!(twice, 2);
    let conciergerie = records
        .iter()
        .find(|r| r.name == "Conciergerie solidaire de Concarneau")
        .unwrap();
    assert_eq!(
        conciergerie.keywords,
        ["Accès à l'emploi", "Insertion par le logement"]
    );
    // The category tags align to themes like any tag.
    assert_eq!(conciergerie.themes, ["emploi-insertion", "logement"]);
}

#[test]
fn fields_under_headings_and_in_label_cells() {
    let records = assert_site("titres-bretagne", "bretagne-solidaire.toml");
    assert_eq!(records.len(), 30);
}

/// The keys of a site's records, by name.
fn keys(records: &[ProjectRecord]) -> BTreeMap<String, String> {
    records.iter().map(|r| (r.key(), r.name.clone())).collect()
}

#[test]
fn keys_stay_the_same_across_runs_and_page_orders() {
    let site = sites().join("table-fondation");
    let mapping = || mapping("fondation-solidaire-table.toml");
    let first = keys(&harvest(&site, mapping()).0);
    let again = keys(&harvest(&site, mapping()).0);
    assert_eq!(first, again);
    // The first and last listing pages swap their rows: every project is on
    // another page, at another position; the keys do not change.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&site, copy.path());
    let pages = copy.path().join("fr/projets-soutenus");
    let (one, three) = (pages.join("index.html"), pages.join("index.html?page=2"));
    let (text_one, text_three) = (
        std::fs::read_to_string(&one).unwrap(),
        std::fs::read_to_string(&three).unwrap(),
    );
    let (rows_one, rows_three) = (tbody(&text_one), tbody(&text_three));
    std::fs::write(&one, text_one.replace(rows_one, rows_three)).unwrap();
    std::fs::write(&three, text_three.replace(rows_three, rows_one)).unwrap();
    let shuffled = harvest(copy.path(), mapping()).0;
    assert_eq!(keys(&shuffled), first);
    // …while their link back follows them to their new page.
    let moved = shuffled
        .iter()
        .filter(|r| r.source.as_str().contains("page=2"))
        .count();
    assert!(moved > 0);
}

/// The rows of a listing page's table.
fn tbody(page: &str) -> &str {
    let start = page.find("<tbody>").unwrap() + "<tbody>".len();
    let end = page.find("</tbody>").unwrap();
    &page[start..end]
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn category_keys_stay_the_same_across_runs_and_category_orders() {
    let site = sites().join("categories-fondation");
    let file = Path::new(ROOT).join("tests/fixtures/mappings/fondation-categories.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let first = harvest(&site, mapping("fondation-categories.toml")).0;
    let again = harvest(&site, mapping("fondation-categories.toml")).0;
    assert_eq!(keys(&first), keys(&again));
    // The two categories of the first source read in the other order: a
    // project listed under both is met first under the other one.
    let line = |category: &str| {
        let needle = format!("projets?categorie={category}\"");
        text.lines()
            .find(|l| l.contains(&needle))
            .unwrap()
            .to_owned()
    };
    let (emploi, logement) = (line("emploi"), line("logement"));
    let swapped = text
        .replace(&emploi, "@@")
        .replace(&logement, &emploi)
        .replace("@@", &logement);
    assert_ne!(swapped, text);
    let swapped = Mapping::parse(&file, &swapped).unwrap();
    let reordered = harvest(&site, swapped).0;
    assert_eq!(keys(&reordered), keys(&first));
    let tags = |records: &[ProjectRecord]| -> BTreeMap<String, Vec<String>> {
        records
            .iter()
            .map(|r| {
                let mut tags = r.keywords.clone();
                tags.sort();
                (r.key(), tags)
            })
            .collect()
    };
    assert_eq!(tags(&reordered), tags(&first));
}
