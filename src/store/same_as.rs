//! One project, several partners: the graph `{base}graph/same-as` links the
//! projects [`record::same`](crate::record::same) finds to be one, each to
//! every other (`owl:sameAs`) and to the others' pages (`schema:sameAs`).
//!
//! Nothing is merged: each partner's record keeps its own graph, facts and
//! licence; the links say they describe one project, so listings show it
//! once and its page names every partner that lists it. The graph is
//! derived from the published records, rewritten at the end of each
//! harvest round, and only when it changes. (Records carry no sameAs of
//! their own yet: the rule's second case waits for partners who give one.)

use std::collections::{HashMap, HashSet};

use oxigraph::model::{GraphNameRef, LiteralRef, NamedNode, Quad, Term};

use super::{Sparql, Store, StoreError};
use crate::rdf::vocab::{owl, schema};
use crate::record::same::{Candidate, same_projects};

/// What the matching rule reads of every published project: its record's
/// partner (the hub's, not one a relayed record credits), its page, name,
/// carrier and commune.
const CANDIDATES: &str = "SELECT ?project ?partner ?source ?name ?organisation ?place WHERE {
  GRAPH ?record {
    ?project a schema:Project ; schema:name ?name ; schema:mainEntityOfPage ?source ;
             schema:parentOrganization/schema:name ?organisation .
    OPTIONAL { ?project schema:location/schema:containedInPlace ?place
               FILTER(STRSTARTS(STR(?place), ";

/// The end of [`CANDIDATES`], after the communes' namespace.
const CANDIDATES_END: &str = ")) }
  }
  ?record prov:wasAttributedTo ?partner . ?partner a cis:Partner .
}";

impl Store {
    /// The graph of projects several partners list.
    pub fn same_as_graph(&self) -> NamedNode {
        self.base.graph("same-as")
    }

    /// Links the projects several partners list, rewriting the same-as
    /// graph if it changed; returns how many projects are listed more
    /// than once.
    pub fn link_same_projects(&self) -> Result<usize, StoreError> {
        let candidates = self.same_candidates()?;
        let groups = same_projects(&candidates);
        let pages: HashMap<&str, &str> = candidates
            .iter()
            .map(|c| (c.key.as_str(), c.source.as_str()))
            .collect();
        let graph = self.same_as_graph();
        let mut quads = HashSet::new();
        for group in &groups {
            for project in group {
                let subject = NamedNode::new_unchecked(project.as_str());
                for other in group.iter().filter(|o| *o != project) {
                    let object = NamedNode::new_unchecked(other.as_str());
                    quads.insert(Quad::new(
                        subject.clone(),
                        owl::SAME_AS,
                        object,
                        graph.clone(),
                    ));
                    let page = NamedNode::new_unchecked(pages[other.as_str()]);
                    quads.insert(Quad::new(
                        subject.clone(),
                        schema::SAME_AS,
                        page,
                        graph.clone(),
                    ));
                }
            }
        }
        let name = GraphNameRef::from(graph.as_ref());
        let current: HashSet<Quad> = self
            .db
            .quads_for_pattern(None, None, None, Some(name))
            .collect::<Result<_, _>>()?;
        if current != quads {
            // No partner's share holds this graph (the dumps read it with
            // the reference graphs): the shares stay good.
            self.count_write(|_| {});
            let mut transaction = self.db.start_transaction()?;
            transaction.clear_graph(name)?;
            for quad in &quads {
                transaction.insert(quad);
            }
            transaction.commit()?;
            self.changed();
        }
        Ok(groups.iter().map(Vec::len).sum())
    }

    /// Every published project as the matching rule reads it; a project
    /// in two records, or with two names, counts its first.
    fn same_candidates(&self) -> Result<Vec<Candidate>, StoreError> {
        let communes = format!("{}id/commune/", self.base.as_str());
        let mut query = Sparql::new(CANDIDATES);
        query
            .literal(LiteralRef::new_simple_literal(&communes))
            .push(CANDIDATES_END);
        let mut by_project: HashMap<String, Candidate> = HashMap::new();
        // Row by row: at 100 000 projects, the rows held at once were the
        // harvest's peak of memory.
        self.for_each_row(&query, |row| {
            let text = |i: usize| match row.get(i).cloned().flatten() {
                Some(Term::NamedNode(iri)) => Some(iri.into_string()),
                Some(Term::Literal(literal)) => Some(literal.value().to_owned()),
                _ => None,
            };
            let (Some(project), Some(partner), Some(source), Some(name), Some(organisation)) =
                (text(0), text(1), text(2), text(3), text(4))
            else {
                return;
            };
            let commune =
                text(5).and_then(|place| place.strip_prefix(&communes).map(str::to_owned));
            let candidate = by_project.entry(project.clone()).or_insert(Candidate {
                key: project,
                partner,
                source,
                name,
                organisation,
                commune: None,
                same_as: Vec::new(),
            });
            candidate.commune = candidate.commune.take().or(commune);
        })?;
        let mut candidates: Vec<Candidate> = by_project.into_values().collect();
        candidates.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(candidates)
    }
}
