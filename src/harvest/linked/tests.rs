use std::collections::BTreeMap;

use super::*;
use crate::harvest::fetch::Validators;

fn page(url: &str, media_type: &str, text: &str) -> Page {
    Page {
        url: Url::parse(url).unwrap(),
        status: 200,
        media_type: media_type.to_owned(),
        text: text.to_owned(),
        encoding: "UTF-8",
        validators: Validators::default(),
        bytes: text.len(),
    }
}

fn read(url: &str, media_type: &str, text: &str) -> Vec<(String, Result<Described, String>)> {
    let mut graph = Graph::default();
    parse(&page(url, media_type, text), &mut graph).unwrap();
    graph.projects()
}

fn values(described: &Described) -> BTreeMap<&'static str, Vec<String>> {
    described
        .values
        .iter()
        .map(|(target, values)| (target.as_str(), values.clone()))
        .collect()
}

#[test]
fn a_schema_org_project_gives_every_field() {
    let projects = read(
        "https://partenaire.example/projets.ttl",
        "text/turtle",
        r#"
        @prefix s: <https://schema.org/> .
        <#p1> a s:Project ;
            s:name "Cantine solidaire"@fr , "Solidarity canteen"@en ;
            s:description "Des repas   à prix libre."@fr ;
            s:mainEntityOfPage <https://partenaire.example/projets/cantine> ;
            s:parentOrganization [ a s:Organization ; s:name "Asso Repas" ; s:url <https://repas.example/> ] ;
            s:location [ s:name "Rennes (35)" ;
                s:address [ s:postalCode "35000" ; s:addressLocality "Rennes" ] ;
                s:geo [ s:latitude "48.11" ; s:longitude "-1.68" ] ] ;
            s:contactPoint [ s:email "contact@repas.example" ] ;
            s:keywords "Alimentation" , "Lien social" ;
            s:about <https://hub.example/id/theme/alimentation> .
        "#,
    );
    assert_eq!(projects.len(), 1);
    let project = projects[0].1.as_ref().unwrap();
    assert_eq!(
        project.source.as_str(),
        "https://partenaire.example/projets/cantine"
    );
    let v = values(project);
    assert_eq!(v["name"], ["Cantine solidaire"]);
    assert_eq!(v["description"], ["Des repas à prix libre."]);
    assert_eq!(v["organisation.name"], ["Asso Repas"]);
    assert_eq!(v["organisation.url"], ["https://repas.example/"]);
    assert_eq!(v["location.label"], ["Rennes (35)"]);
    assert_eq!(v["location.postal_code"], ["35000"]);
    assert_eq!(v["location.latitude"], ["48.11"]);
    assert_eq!(v["contact.email"], ["contact@repas.example"]);
    assert_eq!(v["keywords"], ["Alimentation", "Lien social"]);
    assert_eq!(project.declared.themes, ["alimentation"]);
    assert_eq!(project.declared.relay, None);
}

#[test]
fn a_pair_project_as_semapps_publishes_it_needs_no_rule() {
    let projects = read(
        "https://semapps.example/projects",
        "application/n-triples",
        &[
            "<https://semapps.example/projects/jardin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://virtual-assembly.org/ontologies/pair#Project> .",
            "<https://semapps.example/projects/jardin> <http://virtual-assembly.org/ontologies/pair#label> \"Jardin partagé\" .",
            "<https://semapps.example/projects/jardin> <http://virtual-assembly.org/ontologies/pair#description> \"Un jardin ouvert à tous.\" .",
            "<https://semapps.example/projects/jardin> <http://virtual-assembly.org/ontologies/pair#managedBy> <https://semapps.example/orgs/voisins> .",
            "<https://semapps.example/orgs/voisins> <http://virtual-assembly.org/ontologies/pair#label> \"Les Voisins\" .",
            "<https://semapps.example/projects/jardin> <http://virtual-assembly.org/ontologies/pair#hasLocation> _:place .",
            "_:place <http://virtual-assembly.org/ontologies/pair#hasPostalAddress> _:address .",
            "_:address <http://virtual-assembly.org/ontologies/pair#addressZipCode> \"69007\" .",
            "_:address <http://virtual-assembly.org/ontologies/pair#addressLocality> \"Lyon\" .",
            "<https://semapps.example/projects/jardin> <http://virtual-assembly.org/ontologies/pair#hasTopic> <https://semapps.example/topics/ecologie> .",
            "<https://semapps.example/topics/ecologie> <http://virtual-assembly.org/ontologies/pair#label> \"Écologie\" .",
        ]
        .join("\n"),
    );
    let project = projects[0].1.as_ref().unwrap();
    assert_eq!(
        project.source.as_str(),
        "https://semapps.example/projects/jardin",
        "a SemApps resource is its own page"
    );
    let v = values(project);
    assert_eq!(v["name"], ["Jardin partagé"]);
    assert_eq!(v["organisation.name"], ["Les Voisins"]);
    assert_eq!(v["location.postal_code"], ["69007"]);
    assert_eq!(v["location.locality"], ["Lyon"]);
    assert_eq!(v["keywords"], ["Écologie"]);
}

#[test]
fn a_hub_record_keeps_the_original_partner_licence_and_record() {
    let projects = read(
        "https://hub-a.example/sparql",
        "text/turtle",
        r#"
        @prefix s: <http://schema.org/> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix cc: <http://creativecommons.org/ns#> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <https://hub-a.example/id/project/p1> a s:Project ;
            s:name "Atelier vélo"@fr ; s:description "Réparer ensemble."@fr ;
            s:mainEntityOfPage <https://fondation.example/projets/velo> ;
            s:parentOrganization <https://hub-a.example/id/organisation/cyclo> ;
            <http://virtual-assembly.org/ontologies/pair#hasStatus> <https://hub-a.example/id/stage/deploiement> ;
            foaf:isPrimaryTopicOf <https://hub-a.example/id/record/p1> .
        <https://hub-a.example/id/organisation/cyclo> s:name "Cyclo" .
        <https://hub-a.example/id/record/p1>
            cc:license <http://creativecommons.org/licenses/by/4.0/> ;
            cc:attributionName "Fondation Exemple" ;
            prov:wasAttributedTo <https://hub-a.example/id/partner/fondation> .
        <https://hub-a.example/id/partner/fondation> s:name "Fondation Exemple" .
        "#,
    );
    let project = projects[0].1.as_ref().unwrap();
    assert_eq!(
        project.source.as_str(),
        "https://fondation.example/projets/velo"
    );
    assert_eq!(values(project)["stage"], ["deploiement"]);
    let declared = &project.declared;
    assert_eq!(
        declared.license.as_ref().unwrap().as_str(),
        "http://creativecommons.org/licenses/by/4.0/"
    );
    let relay = declared.relay.as_ref().unwrap();
    assert_eq!(relay.record.as_str(), "https://hub-a.example/id/record/p1");
    assert_eq!(
        relay.partner.as_str(),
        "https://hub-a.example/id/partner/fondation"
    );
    assert_eq!(relay.partner_name, "Fondation Exemple");
}

#[test]
fn a_project_without_a_page_is_named_with_why() {
    let projects = read(
        "https://partenaire.example/dump.nt",
        "application/n-triples",
        "_:p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Project> .",
    );
    let (subject, error) = &projects[0];
    assert!(subject.starts_with("_:"), "{subject}");
    assert!(error.as_ref().unwrap_err().contains("link back"));
}

#[test]
fn json_ld_contexts_come_from_local_copies_only() {
    let ours = r#"{ "@context": "https://hub.example/ns/context.jsonld",
        "@id": "https://hub.example/id/project/x", "@type": "Project",
        "name": "Projet X" }"#;
    let projects = read(
        "https://hub.example/doc/project/x",
        "application/ld+json",
        ours,
    );
    assert_eq!(projects.len(), 1, "our context is known: {projects:?}");
    let remote = r#"{ "@context": "https://contexts.example/ctx.jsonld", "@type": "Project" }"#;
    let mut graph = Graph::default();
    let error = parse(
        &page("https://p.example/x", "application/ld+json", remote),
        &mut graph,
    )
    .unwrap_err();
    assert!(error.contains("not fetched while parsing"), "{error}");
}

#[test]
fn what_is_not_rdf_is_refused_with_the_formats_accepted() {
    let mut graph = Graph::default();
    let error = parse(
        &page("https://p.example/projets", "text/html", "<p>"),
        &mut graph,
    )
    .unwrap_err();
    assert!(error.contains("not RDF"), "{error}");
    assert!(error.contains("Turtle"), "{error}");
}

#[test]
fn sparql_pages_are_valid_construct_queries() {
    for query in [
        paged(None, 500, 1000),
        paged(Some("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), 10, 20),
        paged(
            Some(
                "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s WHERE { ?s a ?t } LIMIT {limit} OFFSET {offset} } ?s ?p ?o }",
            ),
            10,
            20,
        ),
    ] {
        let parsed = spargebra::SparqlParser::new().parse_query(&query);
        assert!(
            matches!(parsed, Ok(spargebra::Query::Construct { .. })),
            "{query}: {parsed:?}"
        );
        assert!(query.contains("OFFSET"), "{query}");
    }
    assert!(paged(None, 500, 1000).contains("LIMIT 500 OFFSET 1000"));
}
