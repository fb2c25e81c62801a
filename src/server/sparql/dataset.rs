//! The RDF dataset a request names through the protocol
//! (`default-graph-uri` and `named-graph-uri` for queries,
//! `using-graph-uri` and `using-named-graph-uri` for updates), and how it
//! combines with the one the operation names itself.
//!
//! A dataset named by the protocol replaces the query's `FROM`/`FROM NAMED`
//! (SPARQL 1.1 Protocol §2.1.4); for an update it may not be combined with
//! `USING` or `WITH` (§2.2.3). When nobody names a dataset, the default
//! graph is the union of all graphs: our data lives in named graphs.

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{PreparedSparqlQuery, PreparedSparqlUpdate, QueryDataset};

use super::AppError;
use super::protocol::Params;

/// Graphs named by the protocol.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct ProtocolDataset {
    default: Vec<NamedNode>,
    named: Vec<NamedNode>,
}

impl ProtocolDataset {
    /// From `default-graph-uri` and `named-graph-uri`.
    pub(super) fn for_query(params: &Params) -> Result<Self, AppError> {
        Self::read(params, "default-graph-uri", "named-graph-uri")
    }

    /// From `using-graph-uri` and `using-named-graph-uri`.
    pub(super) fn for_update(params: &Params) -> Result<Self, AppError> {
        Self::read(params, "using-graph-uri", "using-named-graph-uri")
    }

    fn read(params: &Params, default: &str, named: &str) -> Result<Self, AppError> {
        let iris = |name: &str| -> Result<Vec<NamedNode>, AppError> {
            params
                .all(name)
                .into_iter()
                .map(|iri| {
                    NamedNode::new(iri).map_err(|e| {
                        AppError::bad_request(format!("{name}={iri} is not an absolute IRI ({e})"))
                    })
                })
                .collect()
        };
        Ok(ProtocolDataset {
            default: iris(default)?,
            named: iris(named)?,
        })
    }

    /// No graph named by the protocol.
    pub(super) fn is_empty(&self) -> bool {
        self.default.is_empty() && self.named.is_empty()
    }

    /// Sets the dataset of a query: the protocol's, else the query's own,
    /// else the union of all graphs as the default graph.
    pub(super) fn apply_to_query(&self, query: &mut PreparedSparqlQuery) {
        self.apply(query.dataset_mut());
    }

    /// Sets the dataset of each `DELETE`/`INSERT … WHERE` of an update;
    /// refuses a protocol dataset next to `USING` or `WITH`.
    pub(super) fn apply_to_update(
        &self,
        update: &mut PreparedSparqlUpdate,
    ) -> Result<(), AppError> {
        if !self.is_empty() && update.using_datasets().any(|d| !d.is_default_dataset()) {
            return Err(AppError::bad_request(
                "the update names its dataset (USING or WITH) and the request does too \
                 (using-graph-uri or using-named-graph-uri): keep only one of them",
            ));
        }
        for dataset in update.using_datasets_mut() {
            self.apply(dataset);
        }
        Ok(())
    }

    fn apply(&self, dataset: &mut QueryDataset) {
        if !self.is_empty() {
            dataset.set_default_graph(self.default.iter().cloned().map(GraphName::from).collect());
            dataset.set_available_named_graphs(
                self.named
                    .iter()
                    .cloned()
                    .map(NamedOrBlankNode::from)
                    .collect(),
            );
        } else if dataset.is_default_dataset() {
            dataset.set_default_graph_as_union();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::sparql::SparqlEvaluator;

    fn params(query: &str) -> Params {
        Params::decode(query.as_bytes()).unwrap()
    }

    #[test]
    fn no_dataset_means_the_union_of_all_graphs() {
        let mut query = SparqlEvaluator::new().parse_query("ASK {}").unwrap();
        ProtocolDataset::default().apply_to_query(&mut query);
        assert_eq!(query.dataset().default_graph_graphs(), None);
    }

    #[test]
    fn the_query_dataset_stays_without_a_protocol_dataset() {
        let mut query = SparqlEvaluator::new()
            .parse_query("ASK FROM <http://ex.org/g> {}")
            .unwrap();
        ProtocolDataset::default().apply_to_query(&mut query);
        let g = GraphName::from(NamedNode::new("http://ex.org/g").unwrap());
        assert_eq!(query.dataset().default_graph_graphs(), Some(&[g][..]));
    }

    #[test]
    fn the_protocol_dataset_replaces_the_query_one() {
        let dataset =
            ProtocolDataset::for_query(&params("named-graph-uri=http%3A%2F%2Fex.org%2Fn")).unwrap();
        let mut query = SparqlEvaluator::new()
            .parse_query("ASK FROM <http://ex.org/g> {}")
            .unwrap();
        dataset.apply_to_query(&mut query);
        assert_eq!(query.dataset().default_graph_graphs(), Some(&[][..]));
        assert_eq!(
            query.dataset().available_named_graphs().map(<[_]>::len),
            Some(1)
        );
    }

    #[test]
    fn using_and_a_protocol_dataset_conflict() {
        let dataset =
            ProtocolDataset::for_update(&params("using-named-graph-uri=http%3A%2F%2Fex.org%2Fn"))
                .unwrap();
        let mut with = SparqlEvaluator::new()
            .parse_update("WITH <http://ex.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
            .unwrap();
        assert!(dataset.apply_to_update(&mut with).is_err());
        let mut plain = SparqlEvaluator::new()
            .parse_update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
            .unwrap();
        assert!(dataset.apply_to_update(&mut plain).is_ok());
    }

    #[test]
    fn graph_names_must_be_iris() {
        assert!(ProtocolDataset::for_query(&params("default-graph-uri=not%20an%20iri")).is_err());
    }
}
