//! The terms Carrefour writes, one module per vocabulary.
//!
//! schema.org is used under `http://schema.org/`, the namespace its own JSON-LD
//! context maps to; `https://schema.org/` input is normalised to it.

macro_rules! vocabulary {
    ($(#[$doc:meta])* $module:ident, $ns:literal, { $($name:ident = $local:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $module {
            use oxigraph::model::NamedNodeRef;

            pub const NAMESPACE: &str = $ns;
            $(pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($ns, $local));)*
        }
    };
}

vocabulary!(
    /// schema.org.
    schema, "http://schema.org/", {
    PROJECT = "Project",
    ORGANIZATION = "Organization",
    PLACE = "Place",
    POSTAL_ADDRESS = "PostalAddress",
    GEO_COORDINATES = "GeoCoordinates",
    CONTACT_POINT = "ContactPoint",
    NAME = "name",
    DESCRIPTION = "description",
    PARENT_ORGANIZATION = "parentOrganization",
    LOCATION = "location",
    ADDRESS = "address",
    STREET_ADDRESS = "streetAddress",
    POSTAL_CODE = "postalCode",
    ADDRESS_LOCALITY = "addressLocality",
    ADDRESS_REGION = "addressRegion",
    ADDRESS_COUNTRY = "addressCountry",
    GEO = "geo",
    LATITUDE = "latitude",
    LONGITUDE = "longitude",
    CONTACT_POINT_PROPERTY = "contactPoint",
    EMAIL = "email",
    TELEPHONE = "telephone",
    URL = "url",
    LOGO = "logo",
    MAIN_ENTITY_OF_PAGE = "mainEntityOfPage",
    SAME_AS = "sameAs",
    KEYWORDS = "keywords",
    ADMINISTRATIVE_AREA = "AdministrativeArea",
    CONTAINED_IN_PLACE = "containedInPlace",
    IDENTIFIER = "identifier",
});

vocabulary!(
    /// Carrefour's own terms, minted only where no standard term fits.
    cis, "https://w3id.org/carrefour/ns#", {
    RECORD = "Record",
    TOMBSTONE = "Tombstone",
    PARTNER = "Partner",
    HARVEST = "Harvest",
    MAPPING = "Mapping",
    CHARTER_SIGNED_ON = "charterSignedOn",
    HARVESTER = "harvester",
    PRECISION = "precision",
    MISSED_HARVESTS = "missedHarvests",
    FEDERATES_WITH = "federatesWith",
});

vocabulary!(
    /// INSEE's geographic ontology: the classes and code of French territories.
    igeo, "http://rdf.insee.fr/def/geo#", {
    COMMUNE = "Commune",
    ARRONDISSEMENT_MUNICIPAL = "ArrondissementMunicipal",
    DEPARTEMENT = "Departement",
    REGION = "Region",
    CODE_INSEE = "codeINSEE",
});

vocabulary!(
    /// PAIR, the ontology of the French commons ecosystem (SemApps).
    pair, "http://virtual-assembly.org/ontologies/pair#", {
    PROJECT = "Project",
    HAS_STATUS = "hasStatus",
});

vocabulary!(
    /// OWL, for identity across partners.
    owl, "http://www.w3.org/2002/07/owl#", {
        SAME_AS = "sameAs",
});

vocabulary!(
    /// PROV-O.
    prov, "http://www.w3.org/ns/prov#", {
    ENTITY = "Entity",
    ACTIVITY = "Activity",
    ORGANIZATION = "Organization",
    PLAN = "Plan",
    ASSOCIATION = "Association",
    WAS_DERIVED_FROM = "wasDerivedFrom",
    INVALIDATED_AT_TIME = "invalidatedAtTime",
    WAS_GENERATED_BY = "wasGeneratedBy",
    GENERATED_AT_TIME = "generatedAtTime",
    WAS_ATTRIBUTED_TO = "wasAttributedTo",
    STARTED_AT_TIME = "startedAtTime",
    ENDED_AT_TIME = "endedAtTime",
    USED = "used",
    WAS_ASSOCIATED_WITH = "wasAssociatedWith",
    QUALIFIED_ASSOCIATION = "qualifiedAssociation",
    AGENT = "agent",
    HAD_PLAN = "hadPlan",
});

vocabulary!(
    /// Creative Commons Rights Expression Language.
    cc, "http://creativecommons.org/ns#", {
    LICENSE = "license",
    ATTRIBUTION_NAME = "attributionName",
    ATTRIBUTION_URL = "attributionURL",
});

vocabulary!(
    /// DCMI terms.
    dct, "http://purl.org/dc/terms/", {
    LICENSE = "license",
    SUBJECT = "subject",
});

vocabulary!(
    /// FOAF: links a project and its record.
    foaf, "http://xmlns.com/foaf/0.1/", {
    PRIMARY_TOPIC = "primaryTopic",
    IS_PRIMARY_TOPIC_OF = "isPrimaryTopicOf",
});

vocabulary!(
    /// GeoSPARQL.
    geo, "http://www.opengis.net/ont/geosparql#", {
    FEATURE = "Feature",
    GEOMETRY = "Geometry",
    HAS_GEOMETRY = "hasGeometry",
    AS_WKT = "asWKT",
    WKT_LITERAL = "wktLiteral",
});

vocabulary!(
    /// SKOS: themes and stages are concepts of a scheme.
    skos, "http://www.w3.org/2004/02/skos/core#", {
    BROADER = "broader",
});

vocabulary!(
    /// RDFS.
    rdfs, "http://www.w3.org/2000/01/rdf-schema#", {
    LABEL = "label",
    COMMENT = "comment",
});

/// Rewrites `https://schema.org/…` to the `http://schema.org/…` namespace we
/// publish under; any other IRI is returned unchanged.
///
/// ```
/// use carrefour::rdf::vocab::normalize_schema_org;
///
/// assert_eq!(normalize_schema_org("https://schema.org/name"), "http://schema.org/name");
/// assert_eq!(normalize_schema_org("https://example.org/a"), "https://example.org/a");
/// ```
pub fn normalize_schema_org(iri: &str) -> std::borrow::Cow<'_, str> {
    match iri.strip_prefix("https://schema.org/") {
        Some(local) => format!("{}{local}", schema::NAMESPACE).into(),
        None => iri.into(),
    }
}

/// The prefixes of the vocabularies we use, written in Turtle and RDF/XML
/// documents, preloaded in SPARQL queries and the query page, and used to
/// shorten IRIs in HTML tables.
pub const PREFIXES: [(&str, &str); 19] = [
    ("schema", "http://schema.org/"),
    ("cis", "https://w3id.org/carrefour/ns#"),
    ("pair", "http://virtual-assembly.org/ontologies/pair#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("cc", "http://creativecommons.org/ns#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("geo", "http://www.opengis.net/ont/geosparql#"),
    ("geof", "http://www.opengis.net/def/function/geosparql/"),
    ("uom", "http://www.opengis.net/def/uom/OGC/1.0/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("sd", "http://www.w3.org/ns/sparql-service-description#"),
    ("igeo", "http://rdf.insee.fr/def/geo#"),
];
