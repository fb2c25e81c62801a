//! Full-text search over the published projects, in French: a tantivy
//! index derived from the store at one data revision (never the source of
//! truth), built again when the data changes.
//!
//! What is searched: the project's name (ranked first), then its
//! description, carrier, the partner's tags, its themes' labels and the
//! names of its place and of the territories holding it. Analysis: words
//! (letters and digits), lowercased, French stop words and elisions
//! (`l'`, `d'`, `qu'`…) dropped, accents folded, French Snowball stems.
//!
//! A query word matches its stem, within one edit when it is long (typos),
//! or as the beginning of a longer word's stem (so "alimentaire", stem
//! `alimentair`, finds "alimentation", stem `aliment`, through `aliment`);
//! a phrase in double quotes matches its words in order. Every word of the
//! query must match; hits come by relevance (BM25).

use std::collections::BTreeMap;

use oxigraph::model::Term;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::RamDirectory;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{
    DocId, Index, IndexReader, Score, SegmentOrdinal, SegmentReader, Term as IndexTerm, doc,
};

use crate::store::{Sparql, Store, StoreError};

/// The analyzer's name in the index.
const FRENCH: &str = "fr";

/// Memory the index writer may use while building: tantivy's least, on
/// one thread. The texts are short and the index is built once per
/// revision in the background; a larger arena only raised the server's
/// resident memory after each harvest (by ≈ 90 MB with 50 MB on 2 threads).
const WRITER_BYTES: usize = 15_000_000;

/// What is read of each project: its name, then every other text.
const TEXTS: &str = "SELECT ?project ?field ?text WHERE {
  { GRAPH ?record { ?project a schema:Project ; schema:name ?text } BIND(0 AS ?field) }
  UNION { GRAPH ?record { ?project a schema:Project ; schema:description|schema:keywords ?text } BIND(1 AS ?field) }
  UNION { GRAPH ?record { ?project a schema:Project ; schema:parentOrganization/schema:name ?text } BIND(1 AS ?field) }
  UNION { GRAPH ?record { ?project a schema:Project ; schema:location ?place . ?place schema:name|schema:address/schema:addressLocality ?text } BIND(1 AS ?field) }
  UNION { GRAPH ?record { ?project a schema:Project ; dct:subject ?theme } ?theme skos:prefLabel ?text . BIND(1 AS ?field) }
  UNION { GRAPH ?record { ?project a schema:Project ; schema:location/schema:containedInPlace ?area } ?area schema:name ?text . BIND(1 AS ?field) }
}";

/// The projects' texts, indexed at one data revision.
pub struct SearchIndex {
    /// The store revision the index was read at.
    pub revision: u64,
    pub(super) reader: IndexReader,
    /// Its files, in memory (kept beside the store by `search_kept.rs`).
    pub(super) directory: RamDirectory,
    analyzer: TextAnalyzer,
    name: Field,
    text: Field,
    /// The projects' IRIs, by document number (the `number` fast field):
    /// a hit is read without touching the index's stored documents.
    pub(super) iris: Vec<Box<str>>,
    /// Each document's project position in the project index of the
    /// revision given (`u32::MAX`: not there), made once per pair.
    positions: std::sync::Mutex<Option<(u64, std::sync::Arc<[u32]>)>>,
}

/// A query that could not be run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// No index yet: the first one is being built (after a start).
    #[error(
        "the search index is being built (about half a minute per 100 000 projects); \
         retry in a moment: the other filters work meanwhile"
    )]
    Building,
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The index's fields: a document's number (its IRI is in
/// [`SearchIndex::iri`]), its names, its other texts.
fn schema() -> Schema {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(FRENCH)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let words = TextOptions::default().set_indexing_options(indexing);
    schema.add_u64_field("number", FAST);
    schema.add_text_field("name", words.clone());
    schema.add_text_field("text", words);
    schema.build()
}

/// Words to French stems: the analysis of the index and of queries.
fn french() -> TextAnalyzer {
    let elisions = ["l", "d", "j", "m", "n", "s", "t", "c", "qu"].map(String::from);
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::new(Language::French).expect("tantivy knows French"))
        .filter(StopWordFilter::remove(elisions))
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::French))
        .build()
}

impl SearchIndex {
    /// Reads every published project's texts from `store` and indexes them.
    pub fn build(store: &Store) -> Result<SearchIndex, SearchError> {
        let started = std::time::Instant::now();
        let revision = store.revision();
        // By IRI: the same data numbers its documents the same way.
        let mut texts: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        // Row by row: every project's texts, never every row at once.
        store.for_each_row(&Sparql::new(TEXTS), |row| {
            let (
                Some(Some(Term::NamedNode(project))),
                Some(Some(Term::Literal(field))),
                Some(Some(Term::Literal(text))),
            ) = (row.first(), row.get(1), row.get(2))
            else {
                return;
            };
            let entry = texts.entry(project.as_str().to_owned()).or_default();
            let into = if field.value() == "0" {
                &mut entry.0
            } else {
                &mut entry.1
            };
            into.push(text.value().to_owned());
        })?;
        let directory = RamDirectory::create();
        let index = Index::create(directory.clone(), schema(), Default::default())?;
        index.tokenizers().register(FRENCH, french());
        let field = |name: &str| index.schema().get_field(name);
        let (number, name, text) = (field("number")?, field("name")?, field("text")?);
        let mut writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let mut iris = Vec::with_capacity(texts.len());
        for (project, (names, others)) in texts {
            writer.add_document(doc!(
                number => iris.len() as u64,
                name => names.join(" "),
                text => others.join(" \n "),
            ))?;
            iris.push(project.into_boxed_str());
        }
        writer.commit()?;
        let built = SearchIndex::open(revision, index, directory, iris)?;
        tracing::info!(
            "search index: {} projects, {:.1} MB, built in {:.1} s",
            built.iris.len(),
            built.directory.total_mem_usage() as f64 / 1_048_576.0,
            started.elapsed().as_secs_f64()
        );
        Ok(built)
    }

    /// The index in `directory`, of the data at `revision`.
    pub(super) fn open(
        revision: u64,
        index: Index,
        directory: RamDirectory,
        iris: Vec<Box<str>>,
    ) -> Result<SearchIndex, SearchError> {
        index.tokenizers().register(FRENCH, french());
        let field = |name: &str| index.schema().get_field(name);
        let (name, text) = (field("name")?, field("text")?);
        Ok(SearchIndex {
            revision,
            reader: index.reader()?,
            directory,
            analyzer: french(),
            name,
            text,
            iris,
            positions: Default::default(),
        })
    }

    /// The IRIs of the projects matching `query`, best first, with their
    /// score. A query with no word (only stop words) matches nothing.
    pub fn search(&self, query: &str) -> Result<Vec<(String, f32)>, SearchError> {
        let hits = self.hits(query)?;
        Ok(hits
            .into_iter()
            .map(|(number, score)| (self.iri(number).to_owned(), score))
            .collect())
    }

    /// The projects matching `query`, best first (then by IRI): their
    /// numbers (see [`SearchIndex::iri`]) and scores. Every hit, not the
    /// top N: the filters and facets apply to all of them.
    pub fn hits(&self, query: &str) -> Result<Vec<(u32, f32)>, SearchError> {
        let Some(query) = self.query(query) else {
            return Ok(Vec::new());
        };
        let mut hits = self.reader.searcher().search(&query, &AllHits)?;
        hits.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(hits)
    }

    /// For each document number, the position of its project in `index`
    /// (`u32::MAX` when it has none): a hit's project without hashing its IRI.
    pub fn positions_in(&self, index: &super::ProjectIndex) -> std::sync::Arc<[u32]> {
        let mut kept = self.positions.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((revision, positions)) = kept.as_ref()
            && *revision == index.revision
        {
            return std::sync::Arc::clone(positions);
        }
        let positions: std::sync::Arc<[u32]> = self
            .iris
            .iter()
            .map(|iri| index.position(iri).map_or(u32::MAX, |p| p as u32))
            .collect();
        *kept = Some((index.revision, std::sync::Arc::clone(&positions)));
        positions
    }

    /// How many projects the index holds.
    pub fn len(&self) -> usize {
        self.iris.len()
    }

    /// Whether it holds no project.
    pub fn is_empty(&self) -> bool {
        self.iris.is_empty()
    }

    /// The IRI of the project numbered `number` in a hit.
    pub fn iri(&self, number: u32) -> &str {
        &self.iris[number as usize]
    }

    /// Every word (or quoted phrase) of `text` must match.
    fn query(&self, text: &str) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, part) in text.split('"').enumerate() {
            let stems = self.stems(part);
            // Odd parts are inside quotes.
            if i % 2 == 1 && stems.len() > 1 {
                let phrase = self.fields().map(|field| {
                    let terms = stems
                        .iter()
                        .map(|s| IndexTerm::from_field_text(field, s))
                        .collect();
                    (
                        Occur::Should,
                        Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
                    )
                });
                must.push((Occur::Must, Box::new(BooleanQuery::new(phrase.collect()))));
                continue;
            }
            for stem in stems {
                must.push((Occur::Must, self.word(&stem)));
            }
        }
        (!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>)
    }

    /// One word in either field: exactly, within an edit, or as a prefix.
    fn word(&self, stem: &str) -> Box<dyn Query> {
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, weight) in [(self.name, 3.0), (self.text, 1.0)] {
            let term = IndexTerm::from_field_text(field, stem);
            let exact = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
            any.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), weight)),
            ));
            let length = stem.chars().count();
            if length >= 6 {
                let typo = FuzzyTermQuery::new(term, 1, true);
                any.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(typo), weight * 0.5)),
                ));
            }
            if length >= 5 {
                let start: String = stem.chars().take(length.saturating_sub(3).max(5)).collect();
                let prefix =
                    FuzzyTermQuery::new_prefix(IndexTerm::from_field_text(field, &start), 0, false);
                any.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(prefix), weight * 0.3)),
                ));
            }
        }
        Box::new(BooleanQuery::new(any))
    }

    fn fields(&self) -> impl Iterator<Item = Field> {
        [self.name, self.text].into_iter()
    }

    fn stems(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut stems = Vec::new();
        while stream.advance() {
            stems.push(stream.token().text.clone());
        }
        stems
    }
}

/// Collects every hit with its score and its document number, read from
/// the `number` fast field (a column: no stored document is decompressed,
/// which took most of a search with thousands of hits).
struct AllHits;

struct SegmentHits {
    numbers: tantivy::columnar::Column<u64>,
    hits: Vec<(u32, f32)>,
}

impl Collector for AllHits {
    type Fruit = Vec<(u32, f32)>;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            numbers: segment.fast_fields().u64("number")?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(number) = self.numbers.first(doc) {
            self.hits.push((number as u32, score));
        }
    }

    fn harvest(self) -> Vec<(u32, f32)> {
        self.hits
    }
}

/// The search index of the store's current revision, built at most once
/// per revision however many ask at the same time.
#[derive(Default)]
pub struct LatestSearch {
    latest: std::sync::Mutex<Option<std::sync::Arc<SearchIndex>>>,
    /// Held while building, so concurrent callers wait for one build.
    building: std::sync::Mutex<()>,
}

impl LatestSearch {
    /// The index of `store`'s current revision, built now if needed
    /// (waiting for a build in flight).
    pub fn current(&self, store: &Store) -> Result<std::sync::Arc<SearchIndex>, SearchError> {
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        // The index a previous process kept beside the store, if it still
        // matches the data; else read from the store, and kept.
        let index = match SearchIndex::kept(store) {
            Some(kept) if kept.revision == store.revision() => kept,
            _ => {
                let built = SearchIndex::build(store)?;
                built.keep(store);
                built
            }
        };
        let index = std::sync::Arc::new(index);
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some(index.clone());
        Ok(index)
    }

    /// For requests: the index of the current revision if there is one;
    /// while another thread builds it (the server's warm step after a
    /// start or a harvest: 30-50 s at 100 000 projects), the previous one
    /// at once, or [`SearchError::Building`] when there is none yet,
    /// instead of holding the request until its query slot times out;
    /// else built now.
    pub fn prompt(&self, store: &Store) -> Result<std::sync::Arc<SearchIndex>, SearchError> {
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        if self.building.try_lock().is_err() {
            let previous = self
                .latest
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            return previous.ok_or(SearchError::Building);
        }
        self.current(store)
    }

    fn at(&self, revision: u64) -> Option<std::sync::Arc<SearchIndex>> {
        let latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest
            .as_ref()
            .filter(|index| index.revision == revision)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BaseIri;

    #[test]
    fn while_the_first_index_builds_a_request_is_told_to_retry() {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        let store = Store::in_memory(base).unwrap();
        let latest = LatestSearch::default();
        {
            // Another thread (the warm step) is building the first index.
            let _building = latest.building.lock().unwrap();
            assert!(matches!(latest.prompt(&store), Err(SearchError::Building)));
        }
        let built = latest.prompt(&store).unwrap();
        assert_eq!(built.revision, store.revision());
        {
            // A later build in flight: the index there is, at once.
            let _building = latest.building.lock().unwrap();
            let again = latest.prompt(&store).unwrap();
            assert!(std::sync::Arc::ptr_eq(&built, &again));
        }
    }
}
