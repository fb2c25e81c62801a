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

use std::collections::HashMap;

use oxigraph::model::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term as IndexTerm, doc};

use crate::store::{Sparql, Store, StoreError};

/// The analyzer's name in the index.
const FRENCH: &str = "fr";

/// Memory the index writer may use while building.
const WRITER_BYTES: usize = 50 * 1024 * 1024;

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
    reader: IndexReader,
    analyzer: TextAnalyzer,
    iri: Field,
    name: Field,
    text: Field,
    documents: usize,
}

/// A query that could not be run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Store(#[from] StoreError),
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
        let revision = store.revision();
        let mut texts: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
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
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(FRENCH)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let words = TextOptions::default().set_indexing_options(indexing);
        let iri = schema.add_text_field("iri", STRING | STORED);
        let name = schema.add_text_field("name", words.clone());
        let text = schema.add_text_field("text", words);
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(FRENCH, french());
        let mut writer = index.writer(WRITER_BYTES)?;
        let documents = texts.len();
        for (project, (names, others)) in texts {
            writer.add_document(doc!(
                iri => project,
                name => names.join(" "),
                text => others.join(" \n "),
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(SearchIndex {
            revision,
            reader,
            analyzer: french(),
            iri,
            name,
            text,
            documents,
        })
    }

    /// The IRIs of the projects matching `query`, best first, with their
    /// score. A query with no word (only stop words) matches nothing.
    pub fn search(&self, query: &str) -> Result<Vec<(String, f32)>, SearchError> {
        let Some(query) = self.query(query) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let limit = self.documents.max(1);
        let hits = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut found = Vec::with_capacity(hits.len());
        for (score, address) in hits {
            let document: TantivyDocument = searcher.doc(address)?;
            if let Some(iri) = document.get_first(self.iri).and_then(|v| v.as_str()) {
                found.push((iri.to_owned(), score));
            }
        }
        Ok(found)
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

/// The search index of the store's current revision, built at most once
/// per revision (a request arriving while it builds waits for it).
#[derive(Default)]
pub struct LatestSearch {
    built: std::sync::Mutex<Option<std::sync::Arc<SearchIndex>>>,
}

impl LatestSearch {
    pub fn current(&self, store: &Store) -> Result<std::sync::Arc<SearchIndex>, SearchError> {
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        match built.as_ref() {
            Some(index) if index.revision == store.revision() => Ok(index.clone()),
            _ => {
                let index = std::sync::Arc::new(SearchIndex::build(store)?);
                *built = Some(index.clone());
                Ok(index)
            }
        }
    }
}
