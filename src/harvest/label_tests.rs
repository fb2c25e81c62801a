//! Each label form on a small snippet, the order they are tried in, and the
//! way labels are compared.

use scraper::Html;

use super::*;

fn find(html: &str, labels: &[&str]) -> Option<(LabelForm, Vec<String>)> {
    find_in(html, labels, false)
}

fn find_in(html: &str, labels: &[&str], lines: bool) -> Option<(LabelForm, Vec<String>)> {
    let html = Html::parse_document(html);
    let labels: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
    find_label(html.root_element(), &labels, lines).map(|m| (m.form, m.values))
}

fn one(form: LabelForm, value: &str) -> Option<(LabelForm, Vec<String>)> {
    Some((form, vec![value.to_owned()]))
}

#[test]
fn inline_takes_what_follows_the_colon_in_the_innermost_element() {
    let html = "<div><p>Porteur : Asso X</p><p>Ville : Rennes</p></div>";
    assert_eq!(find(html, &["Porteur"]), one(LabelForm::Inline, "Asso X"));
    assert_eq!(find(html, &["Ville"]), one(LabelForm::Inline, "Rennes"));
    let spip = "<p><strong>Région</strong>&nbsp;: Bretagne</p>";
    assert_eq!(find(spip, &["Région"]), one(LabelForm::Inline, "Bretagne"));
}

#[test]
fn definition_takes_the_dd_after_the_dt() {
    let html = "<dl><dt>Contact :</dt><dd>Julie<br>02 99 00 00 00</dd></dl>";
    assert_eq!(
        find(html, &["contact"]),
        one(LabelForm::Definition, "Julie 02 99 00 00 00")
    );
}

#[test]
fn heading_takes_the_content_up_to_the_next_heading_of_its_level() {
    let html = "<article><h2>Durée du projet</h2><p>Deux ans,</p><h3>Détail</h3>\
        <p>renouvelables.</p><h2>Budget</h2><p>10 000 €</p></article>";
    assert_eq!(
        find(html, &["Durée du projet"]),
        one(LabelForm::Heading, "Deux ans, Détail renouvelables.")
    );
    assert_eq!(find(html, &["Budget"]), one(LabelForm::Heading, "10 000 €"));
    let wrapped = "<h3>Lieu</h3><div>Rennes</div><section><h2>Autre</h2><p>non</p></section>";
    assert_eq!(find(wrapped, &["Lieu"]), one(LabelForm::Heading, "Rennes"));
}

#[test]
fn cell_takes_the_next_cell_without_a_colon() {
    let html = "<table><tr><th>Porteur</th><td><a href=\"/a\">Asso X</a></td></tr>\
        <tr><td>Thèmes</td><td><a>Santé</a>, <a>Habitat</a></td></tr></table>";
    assert_eq!(find(html, &["Porteur"]), one(LabelForm::Cell, "Asso X"));
    assert_eq!(
        find(html, &["THEMES"]),
        one(LabelForm::Cell, "Santé, Habitat")
    );
}

#[test]
fn sibling_takes_the_next_element_drupal_fields_included() {
    let html = "<div class=\"field field--name-field-telephone\">\
        <div class=\"field__label\">Téléphone</div>\
        <div class=\"field__item\">02 99 00 00 00</div></div>\
        <div><span>Activité</span><span>Maraîchage</span></div>";
    assert_eq!(
        find(html, &["Téléphone"]),
        one(LabelForm::Sibling, "02 99 00 00 00")
    );
    assert_eq!(
        find(html, &["Activité"]),
        one(LabelForm::Sibling, "Maraîchage")
    );
    let loose = "<div><span>Activité</span> libre <span>Maraîchage</span></div>";
    assert_eq!(
        find(loose, &["Activité"]),
        None,
        "text between the label and the next element: not a sibling value"
    );
}

#[test]
fn strong_takes_the_text_after_it_up_to_a_line_break() {
    let html = "<p><strong>Porteur du projet</strong> Association X<br>\
        <b>Lieu</b> <em>Rennes</em> (35)<b>Autre</b> non</p>";
    assert_eq!(
        find(html, &["Porteur du projet"]),
        one(LabelForm::Strong, "Association X")
    );
    assert_eq!(find(html, &["Lieu"]), one(LabelForm::Strong, "Rennes (35)"));
}

#[test]
fn labels_ignore_case_accents_whitespace_and_a_trailing_colon() {
    for written in [
        "<h2>DUREE DU PROJET :</h2><p>2 ans</p>",
        "<h2>  durée du projet</h2><p>2 ans</p>",
        "<h2>Durée du projet&nbsp;:</h2><p>2 ans</p>",
    ] {
        assert_eq!(
            find(written, &["Durée du projet"]),
            one(LabelForm::Heading, "2 ans"),
            "{written}"
        );
    }
    assert_eq!(
        find(
            "<h2>Durée du projet prévue</h2><p>2 ans</p>",
            &["Durée du projet"]
        ),
        None,
        "the label must be the heading's whole text"
    );
}

#[test]
fn forms_are_tried_in_order_and_labels_in_the_mapping_order() {
    // The same label written twice: the inline form wins over the heading.
    let html = "<h2>Porteur</h2><p>Voir plus bas</p><p>Porteur : Asso X</p>";
    assert_eq!(find(html, &["Porteur"]), one(LabelForm::Inline, "Asso X"));
    // A heading is read as a heading, not as the sibling form.
    let html = "<h2>Lieu</h2><p>Rennes</p><p>Bretagne</p>";
    assert_eq!(
        find(html, &["Lieu"]),
        one(LabelForm::Heading, "Rennes Bretagne")
    );
    // The first label of the mapping that is found wins.
    let html = "<p>Structure : B</p><table><tr><td>Porteur</td><td>A</td></tr></table>";
    assert_eq!(
        find(html, &["Porteur", "Structure"]),
        one(LabelForm::Cell, "A")
    );
}

#[test]
fn list_fields_get_one_value_per_line_of_a_block() {
    let html = "<h2>Thèmes</h2><ul><li>Santé</li><li>Habitat</li></ul>\
        <h2>Autres</h2><dl><dt>Mots-clés</dt><dd>Vélo<br>Réemploi</dd></dl>";
    assert_eq!(
        find_in(html, &["Thèmes"], true),
        Some((LabelForm::Heading, vec!["Santé".into(), "Habitat".into()]))
    );
    assert_eq!(
        find_in(html, &["Mots-clés"], true),
        Some((
            LabelForm::Definition,
            vec!["Vélo".into(), "Réemploi".into()]
        ))
    );
    assert_eq!(
        find_in(html, &["Thèmes"], false),
        one(LabelForm::Heading, "Santé Habitat")
    );
}

#[test]
fn an_empty_value_lets_a_later_form_answer() {
    let html = "<p>Porteur :</p><table><tr><td>Porteur</td><td>Asso</td></tr></table>";
    assert_eq!(find(html, &["Porteur"]), one(LabelForm::Cell, "Asso"));
    assert_eq!(find("<h2>Porteur</h2>", &["Porteur"]), None);
    assert_eq!(
        find("<p>Rien</p>", &[""]),
        None,
        "an empty label matches nothing"
    );
}

#[test]
fn the_trace_names_the_form() {
    let html = Html::parse_document("<table><tr><td>Porteur</td><td>Asso</td></tr></table>");
    let url = url::Url::parse("https://partenaire.example/p").expect("a URL");
    let page = crate::harvest::HtmlPage::new(&html, &url);
    let rule: crate::mapping::FieldRule =
        toml::from_str("target = \"organisation.name\"\nlabel = \"Porteur\"").expect("a rule");
    let found = crate::harvest::extract_html(&page, None, &[rule]);
    assert_eq!(
        found.trace[0].matched.as_deref(),
        Some("label \"Porteur\" (cell)")
    );
}
