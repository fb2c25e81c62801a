//! Reading the index from quads in one pass: the store's, or those the
//! end of a harvest round reads for the dumps (from the partners' shares:
//! parsing N-Quads costs a fraction of decoding quads from RocksDB).
//!
//! It answers what these patterns would, over the union of the graphs:
//!
//! ```sparql
//! GRAPH ?record { ?project a schema:Project ; schema:name ?name }
//! GRAPH ?record { ?project dct:subject ?theme } ?theme skos:broader* ?facet
//! GRAPH ?record { ?project pair:hasStatus|schema:parentOrganization ?facet }
//! ?record prov:wasAttributedTo ?facet
//! GRAPH ?record { ?project schema:location/schema:containedInPlace ?in }
//!   ?in schema:containedInPlace* ?facet
//! GRAPH ?record { ?project schema:location/geo:hasGeometry/geo:asWKT ?wkt }
//! GRAPH ?record { ?project schema:location/schema:geo ?point .
//!                 ?point schema:latitude ?lat ; schema:longitude ?lon }
//! ```
//!
//! except that a project several partners list (`owl:sameAs`, in the
//! same-as graph) is one project: the least IRI of its group, with every
//! member's facets.
//!
//! A named graph's statements are joined when the next graph begins, so
//! each graph's quads must come together (as the store and our dumps give
//! them); the paths that leave the graph (broader themes, the territories
//! holding a place, the record's partner) are followed at the end, from
//! edges gathered in every graph. A record graph's own places are joined
//! inside it: its `containedInPlace` statements are not kept as edges
//! (nothing else is inside a project's place), which at 100 000 projects
//! spares keeping every place's IRI to the end.
//!
//! Every term kept to the end is interned once (the same record IRI is a
//! root of its project and the subject of its partner edge): at 100 000
//! projects the terms kept several times over were most of this reader's
//! memory.

use std::collections::{HashMap, HashSet};

use indexmap::IndexSet;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};

use super::build::{Gathered, point};
use crate::rdf::vocab::{dct, geo, owl, pair, prov, schema, skos};
use crate::record::slug;

/// What is gathered while quads are read: [`IndexReader::read`] each quad
/// of the data, then [`IndexReader::finish`].
pub struct IndexReader {
    /// The provenance graph: no project's statements are there.
    provenance: GraphName,
    /// The named graph being read, and what it says.
    current: Option<(NamedNode, Statements)>,
    projects: HashMap<NamedNode, Gathered>,
    /// Edges followed at the end, from every graph, between interned nodes.
    broader: Edges,
    contained_in: Edges,
    attributed_to: Edges,
    /// Every node kept to the end (themes, territories, record graphs,
    /// partners, the ends of edges), interned: its id is its position.
    nodes: IndexSet<Term>,
    /// Every IRI a filter can name, interned (the index's facets).
    facets: HashMap<NamedNode, u32>,
    /// Projects several partners list: each to the least IRI of its group
    /// (`owl:sameAs`), the one listed for all.
    listed_as: HashMap<NamedNode, NamedNode>,
}

type Edges = HashMap<u32, Vec<u32>>;

/// A project's statements that lead out of its graph, by node id.
#[derive(Default, Clone)]
pub(super) struct Roots {
    themes: Vec<u32>,
    places: Vec<u32>,
    records: Vec<u32>,
}

/// The statements of one named graph the index looks at, by subject.
#[derive(Default)]
struct Statements {
    projects: Vec<NamedNode>,
    by_predicate: HashMap<(Term, NamedNode), Vec<Term>>,
}

impl Statements {
    fn objects(&self, subject: &Term, predicate: NamedNodeRef<'_>) -> &[Term] {
        self.by_predicate
            .get(&(subject.clone(), predicate.into_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// The objects of `subject`'s `path`, followed inside the graph.
    fn along(&self, subject: &Term, path: &[NamedNodeRef<'_>]) -> Vec<Term> {
        let mut nodes = vec![subject.clone()];
        for predicate in path {
            nodes = nodes
                .iter()
                .flat_map(|node| self.objects(node, *predicate).iter().cloned())
                .collect();
        }
        nodes
    }
}

/// Predicates a graph's statements are kept for.
const WITHIN_A_GRAPH: [NamedNodeRef<'static>; 11] = [
    schema::NAME,
    dct::SUBJECT,
    pair::HAS_STATUS,
    schema::PARENT_ORGANIZATION,
    schema::LOCATION,
    schema::CONTAINED_IN_PLACE,
    geo::HAS_GEOMETRY,
    geo::AS_WKT,
    schema::GEO,
    schema::LATITUDE,
    schema::LONGITUDE,
];

impl IndexReader {
    pub(super) fn new(provenance: NamedNode) -> IndexReader {
        IndexReader {
            provenance: provenance.into(),
            current: None,
            projects: HashMap::new(),
            broader: Edges::new(),
            contained_in: Edges::new(),
            attributed_to: Edges::new(),
            nodes: IndexSet::new(),
            facets: HashMap::new(),
            listed_as: HashMap::new(),
        }
    }

    /// Reads one quad of the data.
    pub fn read(&mut self, quad: &Quad) {
        let in_a_graph = match &quad.graph_name {
            GraphName::NamedNode(graph) if quad.graph_name != self.provenance => Some(graph),
            _ => None,
        };
        let predicate = quad.predicate.as_ref();
        if predicate == owl::SAME_AS {
            self.same_as(quad);
        }
        // A named graph's places are known at its end (`finish_graph`).
        if predicate == skos::BROADER
            || predicate == prov::WAS_ATTRIBUTED_TO
            || (predicate == schema::CONTAINED_IN_PLACE && in_a_graph.is_none())
        {
            self.edge(
                predicate,
                Term::from(quad.subject.clone()),
                quad.object.clone(),
            );
        }
        let Some(graph) = in_a_graph else {
            return;
        };
        if self.current.as_ref().is_none_or(|(g, _)| g != graph) {
            self.finish_graph();
            self.current = Some((graph.clone(), Statements::default()));
        }
        let Some((_, statements)) = &mut self.current else {
            return;
        };
        let is_project = quad.predicate == rdf::TYPE && quad.object == Term::from(schema::PROJECT);
        if is_project {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(project) = &quad.subject {
                statements.projects.push(project.clone());
            }
        } else if WITHIN_A_GRAPH.contains(&quad.predicate.as_ref()) {
            statements
                .by_predicate
                .entry((quad.subject.clone().into(), quad.predicate.clone()))
                .or_default()
                .push(quad.object.clone());
        }
    }

    /// Keeps the least IRI a project is the same as (its group is linked
    /// both ways, so every member sees the least).
    fn same_as(&mut self, quad: &Quad) {
        let (NamedOrBlankNode::NamedNode(project), Term::NamedNode(other)) =
            (&quad.subject, &quad.object)
        else {
            return;
        };
        if other < project {
            let least = self
                .listed_as
                .entry(project.clone())
                .or_insert_with(|| other.clone());
            if other < least {
                *least = other.clone();
            }
        }
    }

    /// Keeps the edge `subject` → `object` of `predicate`, one of the
    /// paths followed at the end.
    fn edge(&mut self, predicate: NamedNodeRef<'_>, subject: Term, object: Term) {
        let (from, to) = (self.node(subject), self.node(object));
        let edges = match predicate {
            p if p == skos::BROADER => &mut self.broader,
            p if p == schema::CONTAINED_IN_PLACE => &mut self.contained_in,
            p if p == prov::WAS_ATTRIBUTED_TO => &mut self.attributed_to,
            _ => return,
        };
        edges.entry(from).or_default().push(to);
    }

    /// Joins what the graph just read says of its projects; a graph
    /// without projects (the territories') gives its places' edges.
    fn finish_graph(&mut self) {
        let Some((graph, mut statements)) = self.current.take() else {
            return;
        };
        if statements.projects.is_empty() {
            let containing: Vec<_> = statements
                .by_predicate
                .drain()
                .filter(|((_, p), _)| p.as_ref() == schema::CONTAINED_IN_PLACE)
                .collect();
            for ((subject, _), objects) in containing {
                for object in objects {
                    self.edge(schema::CONTAINED_IN_PLACE, subject.clone(), object);
                }
            }
            return;
        }
        let record = self.node(Term::from(graph));
        for project in &statements.projects {
            let subject = Term::from(project.clone());
            let mut gathered = self.projects.remove(project).unwrap_or_default();
            for name in statements.objects(&subject, schema::NAME) {
                if let Term::Literal(name) = name {
                    let key = (slug(name.value()), name.value().to_owned());
                    if gathered.name.as_ref().is_none_or(|kept| key < *kept) {
                        gathered.name = Some(key);
                    }
                }
            }
            for predicate in [pair::HAS_STATUS, schema::PARENT_ORGANIZATION] {
                for facet in statements.objects(&subject, predicate) {
                    if let Term::NamedNode(facet) = facet {
                        let id = self.facet(facet);
                        gathered.facets.push(id);
                    }
                }
            }
            for theme in statements.objects(&subject, dct::SUBJECT) {
                let id = self.node(theme.clone());
                gathered.roots.themes.push(id);
            }
            let places = [schema::LOCATION, schema::CONTAINED_IN_PLACE];
            for place in statements.along(&subject, &places) {
                let id = self.node(place);
                gathered.roots.places.push(id);
            }
            gathered.roots.records.push(record);
            let wkt = statements.along(
                &subject,
                &[schema::LOCATION, geo::HAS_GEOMETRY, geo::AS_WKT],
            );
            gathered
                .wkt_points
                .extend(wkt.iter().filter_map(|w| match w {
                    Term::Literal(w) => point(w.value()),
                    _ => None,
                }));
            for at in statements.along(&subject, &[schema::LOCATION, schema::GEO]) {
                let lats = statements.objects(&at, schema::LATITUDE);
                for lon in statements.objects(&at, schema::LONGITUDE) {
                    for lat in lats {
                        if let (Term::Literal(lon), Term::Literal(lat)) = (lon, lat) {
                            if let (Ok(lon), Ok(lat)) = (lon.value().parse(), lat.value().parse()) {
                                gathered.coordinates.push((lon, lat));
                            }
                        }
                    }
                }
            }
            self.projects.insert(project.clone(), gathered);
        }
    }

    fn node(&mut self, term: Term) -> u32 {
        // An equal term already in the set keeps its place.
        self.nodes.insert_full(term).0 as u32
    }

    fn facet(&mut self, iri: &NamedNode) -> u32 {
        let next = self.facets.len() as u32;
        *self.facets.entry(iri.clone()).or_insert(next)
    }

    /// The projects with every facet, and the interned facets.
    pub(super) fn gathered(mut self) -> (HashMap<NamedNode, Gathered>, HashMap<NamedNode, u32>) {
        self.finish_graph();
        let mut memo: HashMap<(u8, u32), Vec<u32>> = HashMap::new();
        let mut projects = std::mem::take(&mut self.projects);
        for gathered in projects.values_mut() {
            let roots = std::mem::take(&mut gathered.roots);
            let walks = [(0, &roots.themes), (1, &roots.places), (2, &roots.records)];
            for (kind, nodes) in walks {
                for node in nodes {
                    let reached = match memo.get(&(kind, *node)) {
                        Some(reached) => reached.clone(),
                        None => {
                            let reached = self.reached(kind, *node);
                            memo.insert((kind, *node), reached.clone());
                            reached
                        }
                    };
                    gathered.facets.extend(reached);
                }
            }
        }
        // A project several partners list is listed once, under the least
        // IRI of its group, which a filter on any of them finds.
        for (project, least) in std::mem::take(&mut self.listed_as) {
            let Some(listed) = projects.remove(&project) else {
                continue;
            };
            match projects.get_mut(&least) {
                Some(first) => first.facets.extend(listed.facets),
                None => _ = projects.insert(project, listed),
            }
        }
        (projects, self.facets)
    }

    /// The facets `start` leads to: itself and every broader theme
    /// (`kind` 0), itself and every place holding it (1), or the partners
    /// a record graph is attributed to (2).
    fn reached(&mut self, kind: u8, start: u32) -> Vec<u32> {
        let nodes: Vec<u32> = match kind {
            0 => closure(&self.broader, start),
            1 => closure(&self.contained_in, start),
            _ => self.attributed_to.get(&start).cloned().unwrap_or_default(),
        };
        let iris: Vec<NamedNode> = nodes
            .into_iter()
            .filter_map(|node| match self.nodes.get_index(node as usize) {
                Some(Term::NamedNode(iri)) => Some(iri.clone()),
                _ => None,
            })
            .collect();
        iris.iter().map(|iri| self.facet(iri)).collect()
    }
}

/// `start` and every node reached from it along `edges` (a `*` path).
fn closure(edges: &Edges, start: u32) -> Vec<u32> {
    let mut seen: HashSet<u32> = HashSet::from([start]);
    let mut reached = vec![start];
    let mut next = vec![start];
    while let Some(node) = next.pop() {
        for &to in edges.get(&node).into_iter().flatten() {
            if seen.insert(to) {
                reached.push(to);
                next.push(to);
            }
        }
    }
    reached
}
