//! The Oxigraph store: on disk (RocksDB) for real use, in memory for tests.
//!
//! Layout: one named graph per record (`{base}id/record/{key}`), one
//! provenance graph (`{base}graph/provenance`), and reference graphs for the
//! vocabulary, themes and stages (`{base}graph/ontology|themes|stages`),
//! reloaded at every start. Queries see the union of all graphs as their
//! default graph.

mod census;
mod changes;

/// The memory a bulk load (a partner's first publication, `carrefour
/// load`) may use for its batches, in megabytes (Oxigraph's default is 2 GB
/// a thread). Oxigraph counts a kilobyte a quad and keeps up to three
/// batches at once (one filling, one being sorted on each of two threads),
/// each with its own tables. Harvesting 100 000 projects peaked at 533 MB
/// with 64, 491 MB with 32 and 483 MB with 16; smaller batches make more,
/// smaller sorted files for RocksDB to merge (wall 171, 192 and 211 s in
/// those runs, on a machine whose runs vary by 20 s).
const BULK_LOAD_MEGABYTES: usize = 32;

mod derived;
mod describe;
mod dumps;
mod io;
mod reference;
mod replace;
mod same_as;
mod shares;
mod sparql;
mod stats;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::StorageError;

use crate::record::{BaseIri, Kind, RecordError};

pub use census::Shares;
pub use changes::{Change, ChangeKind, ChangesPage};
pub use describe::{DescribedPage, Description, INCOMING_PER_PAGE};
pub use dumps::{Dumps, FULL_DUMP, Seen, ShareSize, is_dump_name, partner_dump};
pub use io::DumpFormat;
pub use reference::{ONTOLOGY, REFERENCE_GRAPHS, ReferenceGraph, STAGES, THEMES};
pub use replace::{Replacement, Withdrawal};
pub use sparql::Sparql;
pub use stats::{PartnerStatistics, Statistics};

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store in {}: {reason}{}", .path.display(), open_hint(.reason))]
    Open { path: PathBuf, reason: StorageError },
    #[error(
        "there is no store in {}: the directory does not exist\n\
         hint: create one with `carrefour demo`, `carrefour harvest` or `carrefour load` \
         (--data DIR), or give its directory with --data",
        .path.display()
    )]
    Missing { path: PathBuf },
    #[error("storage error: {0}")]
    Storage(#[from] StorageError),
    #[error("cannot load {path}: {reason}")]
    Load { path: PathBuf, reason: String },
    #[error("reference graph {file} does not parse: {reason}")]
    Reference { file: &'static str, reason: String },
    #[error("record {key} of partner {partner} is not publishable: {source}")]
    Record {
        partner: String,
        key: String,
        source: RecordError,
    },
    #[error("replacing partner {partner}: {reason}")]
    Replace { partner: String, reason: String },
    #[error("cannot write the dump {0}: {1}")]
    Dump(PathBuf, String),
    #[error("query failed: {0}")]
    Query(String),
    /// The work was cancelled: its deadline passed, its memory budget ran
    /// out, or the server is shutting down (the token says which).
    #[error("cancelled")]
    Cancelled,
}

impl From<QueryEvaluationError> for StoreError {
    fn from(error: QueryEvaluationError) -> Self {
        match error {
            QueryEvaluationError::Cancelled => StoreError::Cancelled,
            other => StoreError::Query(other.to_string()),
        }
    }
}

/// A Carrefour store: an Oxigraph store and the base IRI its data is minted under.
#[derive(Clone)]
pub struct Store {
    db: oxigraph::store::Store,
    base: BaseIri,
    /// Bumped at every write, so figures computed from the data can be
    /// cached until it changes (see [`Store::statistics`]).
    revision: Arc<AtomicU64>,
    statistics: Arc<Mutex<Option<stats::Figures>>>,
    /// Held while the statistics are counted.
    counting_statistics: Arc<Mutex<()>>,
    /// Held while a partner's data is replaced: one replacement's
    /// transaction in memory at a time (see [`Store::publish_harvest`]).
    publishing: Arc<Mutex<()>>,
    /// Held while derived files and shares are written or cleared
    /// (`derived.rs`, `shares.rs`).
    derived: Arc<Mutex<()>>,
    /// Writes begun (bumped before each commit): a share or a census is
    /// kept only if none began since it started (`shares.rs`).
    writes: Arc<AtomicU64>,
    /// The directory of an on-disk store opened for writing, where it
    /// keeps its last figures (`None` in memory and read-only).
    dir: Option<PathBuf>,
    /// What each publication changed, for the change feed.
    changes: Arc<changes::Journal>,
    /// Stops this handle's queries and scans: a server job's deadline,
    /// memory budget or shutdown ([`Store::limited`]). `None` for the
    /// harvester and the command line, which run to the end.
    token: Option<CancellationToken>,
}

/// The change journal's file in a store's directory.
const CHANGES_FILE: &str = "changes.jsonl";

impl Store {
    /// Opens (or creates) the on-disk store in `dir` and reloads the reference graphs.
    pub fn open(dir: &Path, base: BaseIri) -> Result<Self, StoreError> {
        let open_error = |reason| StoreError::Open {
            path: dir.to_owned(),
            reason,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_error(e.into()))?;
        let db = open_on_disk(dir).map_err(open_error)?;
        remove_unfinished_bulk_loads(dir);
        let store = Store {
            dir: Some(dir.to_owned()),
            changes: Arc::new(changes::Journal::new(Some(dir.join(CHANGES_FILE)))),
            ..Store::wrap(db, base)
        };
        store.load_reference_graphs()?;
        store.load_kept_statistics();
        Ok(store)
    }

    fn wrap(db: oxigraph::store::Store, base: BaseIri) -> Store {
        Store {
            db,
            base,
            revision: Arc::default(),
            statistics: Arc::default(),
            counting_statistics: Arc::default(),
            publishing: Arc::default(),
            derived: Arc::default(),
            writes: Arc::default(),
            dir: None,
            changes: Arc::new(changes::Journal::new(None)),
            token: None,
        }
    }

    /// This store, with every query and scan made through the returned
    /// handle stopped once `token` is cancelled ([`StoreError::Cancelled`]).
    pub fn limited(&self, token: CancellationToken) -> Store {
        Store {
            token: Some(token),
            ..self.clone()
        }
    }

    /// `Err(Cancelled)` once this handle's token is cancelled; long scans
    /// call it as they go.
    pub fn ensure_alive(&self) -> Result<(), StoreError> {
        match &self.token {
            Some(token) if token.is_cancelled() => Err(StoreError::Cancelled),
            _ => Ok(()),
        }
    }

    /// The data revision: bumped at every write, so whatever is computed
    /// from the data can be kept until it changes (per process: a restart
    /// starts again from 0, and so do the caches).
    pub fn revision(&self) -> u64 {
        self.revision.load(Ordering::SeqCst)
    }

    /// Says the data changed through [`Store::oxigraph`] (a SPARQL update),
    /// so cached figures are computed again (call [`Store::changing`]
    /// before the write too: see `derived.rs`).
    pub fn changed(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.clear_derived();
    }

    /// Opens the on-disk store in `dir` read-only: works while a server has it open.
    pub fn open_read_only(dir: &Path, base: BaseIri) -> Result<Self, StoreError> {
        if !dir.exists() {
            return Err(StoreError::Missing {
                path: dir.to_owned(),
            });
        }
        let db = open_on_disk_read_only(dir).map_err(|reason| StoreError::Open {
            path: dir.to_owned(),
            reason,
        })?;
        Ok(Store {
            changes: Arc::new(changes::Journal::new(Some(dir.join(CHANGES_FILE)))),
            ..Store::wrap(db, base)
        })
    }

    /// At most `limit` changes numbered after `after` (from 0), in the
    /// order they were published, and how many there are in all: the
    /// change feed's journal (see `changes.rs`).
    pub fn changes_after(&self, after: u64, limit: usize) -> Result<ChangesPage, StoreError> {
        self.changes.after(after, limit)
    }

    /// A fresh in-memory store with the reference graphs loaded.
    pub fn in_memory(base: BaseIri) -> Result<Self, StoreError> {
        let store = Store::wrap(oxigraph::store::Store::new()?, base);
        store.load_reference_graphs()?;
        Ok(store)
    }

    pub fn base(&self) -> &BaseIri {
        &self.base
    }

    /// The underlying Oxigraph store, for the SPARQL endpoint.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.db
    }

    /// Writes what RocksDB still holds in memory and in its write-ahead
    /// log to sorted files, then compacts them. After a harvest round or a
    /// load: otherwise the next start replays the logs (45 s at 18 000
    /// projects) and reads through many small files. A no-op in memory.
    pub fn compact(&self) -> Result<(), StoreError> {
        compact_on_disk(&self.db)
    }

    /// Writes what RocksDB holds in memory (its memtables) to sorted files,
    /// so the memory a large write took is given back at once and its
    /// write-ahead log can go. A no-op in memory.
    pub fn flush(&self) -> Result<(), StoreError> {
        flush_on_disk(&self.db)
    }

    /// Whether the store can be read (for health checks).
    pub fn check(&self) -> Result<(), StoreError> {
        self.db.is_empty()?;
        Ok(())
    }

    /// The quads matching a pattern (`None` matches anything), in every
    /// graph, stopping with [`StoreError::Cancelled`] once this handle's
    /// token is cancelled.
    pub fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + use<> {
        let token = self.token.clone();
        self.db
            .quads_for_pattern(subject, predicate, object, graph)
            .map(move |quad| match &token {
                Some(token) if token.is_cancelled() => Err(StoreError::Cancelled),
                _ => Ok(quad?),
            })
    }

    /// Runs one of our own queries with the union of all graphs as
    /// default graph, under this handle's token.
    pub fn query(&self, sparql: &Sparql) -> Result<QueryResults<'static>, StoreError> {
        self.ensure_alive()?;
        let mut evaluator = evaluator();
        if let Some(token) = &self.token {
            evaluator = evaluator.with_cancellation_token(token.clone());
        }
        let mut prepared = evaluator
            .parse_query(sparql.as_str())
            .map_err(|e| StoreError::Query(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        Ok(prepared.on_store(&self.db).execute()?)
    }

    /// Every solution of a SELECT, as rows of values in the order of its variables.
    pub fn select_rows(&self, sparql: &Sparql) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
        let QueryResults::Solutions(solutions) = self.query(sparql)? else {
            return Err(StoreError::Query("expected a SELECT query".into()));
        };
        solutions.map(|row| Ok(row?.values().to_vec())).collect()
    }

    /// Hands each solution of a SELECT to `row` as it is evaluated, so a
    /// selection over every project is never held whole.
    pub fn for_each_row(
        &self,
        sparql: &Sparql,
        mut row: impl FnMut(&[Option<Term>]),
    ) -> Result<(), StoreError> {
        let QueryResults::Solutions(solutions) = self.query(sparql)? else {
            return Err(StoreError::Query("expected a SELECT query".into()));
        };
        for solution in solutions {
            row(solution?.values());
        }
        Ok(())
    }

    /// The answer of an ASK query.
    pub fn ask(&self, sparql: &Sparql) -> Result<bool, StoreError> {
        match self.query(sparql)? {
            QueryResults::Boolean(answer) => Ok(answer),
            _ => Err(StoreError::Query("expected an ASK query".into())),
        }
    }

    /// The single value of a one-row, one-column SELECT (such as a COUNT).
    pub fn select_one(&self, sparql: &Sparql) -> Result<Option<Term>, StoreError> {
        let QueryResults::Solutions(mut rows) = self.query(sparql)? else {
            return Err(StoreError::Query("expected a SELECT query".into()));
        };
        match rows.next() {
            None => Ok(None),
            Some(row) => Ok(row?.values().first().cloned().flatten()),
        }
    }

    /// How many projects of `partner` the store currently publishes.
    pub fn partner_project_count(&self, partner: &str) -> Result<u64, StoreError> {
        let partner = self.base.id(Kind::Partner, partner);
        let provenance = crate::rdf::provenance_graph(&self.base);
        let mut sparql = Sparql::new("SELECT (COUNT(DISTINCT ?project) AS ?n) WHERE { GRAPH ");
        sparql.iri(provenance.as_ref())?;
        sparql.push(" { ?record prov:wasAttributedTo ");
        sparql.iri(partner.as_ref())?;
        sparql.push(
            " ; foaf:primaryTopic ?project . }
               GRAPH ?record { ?project a schema:Project } }",
        );
        count(self.select_one(&sparql)?)
    }
}

/// Deletes the sorted files of a bulk load that never reached its commit
/// (a process killed during a partner's first publication): RocksDB never
/// saw them, and nothing else would remove them.
fn remove_unfinished_bulk_loads(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            if let Err(error) = std::fs::remove_file(entry.path()) {
                tracing::warn!("cannot remove {}: {error}", entry.path().display());
            }
        }
    }
}

/// What to try when a store does not open: another process holding it is
/// the usual cause, but only RocksDB's lock says so.
fn open_hint(reason: &StorageError) -> &'static str {
    let text = reason.to_string();
    if text.contains("LOCK") || text.contains("lock") {
        "\nhint: is another carrefour process (serve, demo, harvest) using it? Stop it, or use another --data directory"
    } else {
        ""
    }
}

#[cfg(feature = "rocksdb")]
fn open_on_disk(dir: &Path) -> Result<oxigraph::store::Store, StorageError> {
    oxigraph::store::Store::open(dir)
}

#[cfg(feature = "rocksdb")]
fn open_on_disk_read_only(dir: &Path) -> Result<oxigraph::store::Store, StorageError> {
    // Opening reads the list of files from RocksDB's manifest, then the
    // files; a writer compacting meanwhile may delete one of them (bulk
    // loads leave files to compact): the next attempt reads the new list.
    let mut attempts = 0;
    loop {
        match oxigraph::store::Store::open_read_only(dir) {
            Err(error) if attempts < 20 && error.to_string().contains("No such file") => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            opened => return opened,
        }
    }
}

#[cfg(feature = "rocksdb")]
fn compact_on_disk(db: &oxigraph::store::Store) -> Result<(), StoreError> {
    // An in-memory Oxigraph store has nothing to flush: its flush and
    // compaction are no-ops that succeed.
    db.flush()?;
    db.optimize()?;
    Ok(())
}

#[cfg(feature = "rocksdb")]
fn flush_on_disk(db: &oxigraph::store::Store) -> Result<(), StoreError> {
    Ok(db.flush()?)
}

#[cfg(not(feature = "rocksdb"))]
fn compact_on_disk(_: &oxigraph::store::Store) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(not(feature = "rocksdb"))]
fn flush_on_disk(_: &oxigraph::store::Store) -> Result<(), StoreError> {
    Ok(())
}

#[cfg(not(feature = "rocksdb"))]
fn open_on_disk(_: &Path) -> Result<oxigraph::store::Store, StorageError> {
    Err(StorageError::Other(
        "this build of carrefour has no on-disk store (built without the rocksdb feature)".into(),
    ))
}

#[cfg(not(feature = "rocksdb"))]
fn open_on_disk_read_only(dir: &Path) -> Result<oxigraph::store::Store, StorageError> {
    open_on_disk(dir)
}

/// The SPARQL evaluator every query of ours runs through: Oxigraph's, with
/// the GeoSPARQL functions (`geof:distance`, `geof:sfWithin`…) of `spargeo`.
pub fn evaluator() -> SparqlEvaluator {
    spargeo::GEOSPARQL_EXTENSION_FUNCTIONS
        .into_iter()
        .fold(SparqlEvaluator::new(), |evaluator, (name, function)| {
            evaluator.with_custom_function(name.into_owned(), function)
        })
}

fn count(term: Option<Term>) -> Result<u64, StoreError> {
    match term {
        Some(Term::Literal(literal)) => literal
            .value()
            .parse()
            .map_err(|_| StoreError::Query(format!("not a count: {literal}"))),
        other => Err(StoreError::Query(format!("not a count: {other:?}"))),
    }
}
