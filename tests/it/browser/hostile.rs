//! A store holding hostile data: a project whose scraped texts are markup
//! and script, a withdrawn project (for the 410 page), and statements with
//! `javascript:` and `data:` IRIs that record validation would refuse but
//! `carrefour load` or a SPARQL Update can still put in the store.

use carrefour::record::{Kind, Partner, ProjectRecord, Territory, TerritoryLevel, canonical_url};
use carrefour::store::Store;
use oxigraph::model::{GraphName, NamedNode, Quad};

use crate::common;

/// The scraped name: an image whose error handler renames the page.
pub const NAME: &str = r#"<img src=x onerror="document.title='pwned'">"#;
/// The scraped description: a script element.
pub const DESCRIPTION: &str = "<script>document.title='pwned'</script>";
/// A link that would rename the page if followed.
pub const SCRIPT_URL: &str = "javascript:document.title='pwned'";
/// `<script>document.title='pwned'</script>` as an HTML `data:` URL.
pub const DATA_URL: &str =
    "data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0ncHduZWQnPC9zY3JpcHQ+";
/// The commune the hostile project is in (Vénissieux).
pub const COMMUNE: &str = "69259";

/// The hostile store and the keys of its live and withdrawn projects.
pub struct Hostile {
    pub store: Store,
    pub project: String,
    pub gone: String,
    /// The path of the project's organisation's document.
    pub organisation: String,
}

/// Builds the hostile store: two harvests of one partner, the second
/// without the benign project (now a tombstone), then the raw statements.
pub fn store() -> Hostile {
    let store = Store::in_memory(common::base()).expect("an in-memory store");
    let mut partner = common::partner("hostile");
    partner.name = format!("Partenaire {NAME}");
    let first = common::harvest(&partner, 9);
    let hostile = hostile_record(&partner, &first);
    let benign = benign_record(&partner, &first);
    store
        .replace_partner(&partner, &first, &[hostile.clone(), benign.clone()])
        .expect("the first harvest is stored");
    let second = common::harvest(&partner, 10);
    let mut hostile = hostile;
    hostile.provenance.harvest = second.id.clone();
    hostile.provenance.harvested_at = second.started_at;
    store
        .replace_partner(&partner, &second, &[hostile.clone()])
        .expect("the second harvest is stored");
    let organisation = add_script_links(&store, &partner, &hostile);
    let organisation = organisation
        .as_str()
        .strip_prefix(common::BASE)
        .map(|path| format!("/{}", path.replacen("id/", "doc/", 1)))
        .expect("the organisation is ours");
    Hostile {
        store,
        project: hostile.key(),
        gone: benign.key(),
        organisation,
    }
}

fn hostile_record(partner: &Partner, harvest: &carrefour::record::Harvest) -> ProjectRecord {
    let mut record = common::example_record();
    record.source = canonical_url(&format!("{}projets/hostile", partner.homepage))
        .expect("a canonical source URL");
    record.name = NAME.to_owned();
    record.description = DESCRIPTION.to_owned();
    record.organisation.name = format!("Association {NAME}");
    record.keywords = vec![DESCRIPTION.to_owned(), "<b>gras</b>".to_owned()];
    if let Some(location) = record.location.as_mut() {
        location.label = Some(format!("Vénissieux {DESCRIPTION}"));
        location.territory = Some(Territory {
            level: TerritoryLevel::Commune,
            code: COMMUNE.to_owned(),
        });
    }
    if let Some(contact) = record.contact.as_mut() {
        contact.name = Some(NAME.to_owned());
    }
    with_provenance(record, partner, harvest)
}

fn benign_record(partner: &Partner, harvest: &carrefour::record::Harvest) -> ProjectRecord {
    let mut record = common::example_record();
    record.source = canonical_url(&format!("{}projets/retire", partner.homepage))
        .expect("a canonical source URL");
    record.name = "Projet retiré".to_owned();
    with_provenance(record, partner, harvest)
}

fn with_provenance(
    mut record: ProjectRecord,
    partner: &Partner,
    harvest: &carrefour::record::Harvest,
) -> ProjectRecord {
    record.provenance.partner = partner.id.clone();
    record.provenance.partner_name = partner.name.clone();
    record.provenance.harvest = harvest.id.clone();
    record.provenance.harvested_at = harvest.started_at;
    record
}

/// Script and data IRIs where pages make links and images: the
/// organisation's and the contact's site, the partner's site and logo, the
/// licence, and a property. Returns the organisation's IRI.
fn add_script_links(store: &Store, partner: &Partner, record: &ProjectRecord) -> NamedNode {
    let base = common::base();
    let iri = |value: &str| NamedNode::new(value).expect("a valid IRI");
    let schema = |local: &str| iri(&format!("http://schema.org/{local}"));
    let project = base.id(Kind::Project, &record.key());
    let record_graph = GraphName::NamedNode(base.id(Kind::Record, &record.key()));
    let provenance = GraphName::NamedNode(iri(&format!("{}graph/provenance", common::BASE)));
    let organisation = store
        .oxigraph()
        .quads_for_pattern(
            Some(project.as_ref().into()),
            Some(schema("parentOrganization").as_ref()),
            None,
            None,
        )
        .next()
        .expect("the project has an organisation")
        .expect("the store reads")
        .object;
    let organisation = match organisation {
        oxigraph::model::Term::NamedNode(node) => node,
        other => panic!("the organisation is an IRI, not {other}"),
    };
    let contact = iri(&format!("{}#contact", project.as_str()));
    let partner_iri = base.id(Kind::Partner, &partner.id);
    let record_iri = base.id(Kind::Record, &record.key());
    // The partner's site becomes the data: URL (one site, as a partner has).
    let homepage = Quad::new(
        partner_iri.clone(),
        schema("url"),
        iri(partner.homepage.as_str()),
        provenance.clone(),
    );
    store
        .oxigraph()
        .remove(&homepage)
        .expect("the partner's homepage is removed");
    let quads = [
        Quad::new(
            organisation.clone(),
            schema("url"),
            iri(SCRIPT_URL),
            record_graph.clone(),
        ),
        Quad::new(contact, schema("url"), iri(DATA_URL), record_graph.clone()),
        Quad::new(
            project.clone(),
            iri(SCRIPT_URL),
            iri(SCRIPT_URL),
            record_graph,
        ),
        Quad::new(
            partner_iri.clone(),
            schema("logo"),
            iri(SCRIPT_URL),
            provenance.clone(),
        ),
        Quad::new(
            partner_iri,
            schema("url"),
            iri(DATA_URL),
            provenance.clone(),
        ),
        Quad::new(
            record_iri,
            iri("http://creativecommons.org/ns#license"),
            iri(SCRIPT_URL),
            provenance,
        ),
    ];
    store
        .oxigraph()
        .extend(quads)
        .expect("the raw statements are stored");
    store.changed();
    organisation
}
