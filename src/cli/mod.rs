//! The `carrefour` command line: argument parsing and dispatch to the library.

mod harvest;
mod serve;

use serve::HubArgs;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use oxigraph::model::NamedNode;

use crate::harvest::handoff::HandOffError;
use crate::harvest::{DataDir, Harvester, RoundError, select_mappings};
use crate::mapping::MappingError;
use crate::record::{BaseIri, RecordError};
use crate::server::{ServeError, ServerConfig};
use crate::store::{DumpFormat, Store, StoreError};

/// Carrefour: harvest partner sites of the Carrefour des innovations sociales
/// and publish them as linked open data.
#[derive(Debug, Parser)]
#[command(name = "carrefour", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The base IRI when none is given: the default address of `serve`.
const DEFAULT_BASE_IRI: &str = "http://localhost:7878/";

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the store over HTTP, harvesting the partners on their schedule.
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        /// Directory of the partner mapping files [default: mappings, if it exists;
        /// without one the server runs no harvests].
        #[arg(long, value_name = "DIR")]
        mappings: Option<PathBuf>,
        /// Read these origins from local directories (a mirrors file) instead of the network.
        #[arg(long, value_name = "FILE")]
        mirror: Option<PathBuf>,
        #[command(flatten)]
        hub: HubArgs,
    },
    /// Load an RDF file (N-Quads, TriG, Turtle, N-Triples) into the store.
    Load {
        #[command(flatten)]
        store: StoreArgs,
        /// The file to load; its format comes from its extension (.nq, .trig, .ttl, .nt).
        file: PathBuf,
        /// Put the file's triples in this named graph instead of the default graph.
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,
    },
    /// Rebuild the `/api/projects` index and the search index of the store and keep them beside it,
    /// so the next serve answers at once (serve rebuilds them itself after each change).
    Reindex {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Write the whole store to standard output (works while a server runs).
    Dump {
        /// Directory of the on-disk store (relative to the working directory).
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        #[arg(long, value_enum, default_value = "nq")]
        format: DumpFormat,
    },
    /// Harvest the bundled demo partner sites from their local mirror, then serve.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Directory of the partner mapping files (relative to the working directory).
        #[arg(long, value_name = "DIR", default_value = "mappings")]
        mappings: PathBuf,
        /// The local mirrors of the demo partner sites (also for the scheduled
        /// harvests; relative to the working directory).
        #[arg(
            long,
            value_name = "FILE",
            default_value = "tests/fixtures/sites/mirrors.toml"
        )]
        mirror: PathBuf,
        #[command(flatten)]
        hub: HubArgs,
    },
    /// Harvest partners into the store (default: every enabled mapping); while
    /// a server holds the store, hand the harvests to it.
    Harvest {
        #[command(flatten)]
        store: StoreArgs,
        /// Directory of the partner mapping files (relative to the working directory).
        #[arg(long, value_name = "DIR", default_value = "mappings")]
        mappings: PathBuf,
        /// Read these origins from local directories (a mirrors file) instead of the network.
        #[arg(long, value_name = "FILE")]
        mirror: Option<PathBuf>,
        /// Harvest and report, but never touch the store.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        network: NetworkArgs,
        /// How many partners are harvested at once (default: one per core).
        /// Each holds its records in memory until they are published; raise
        /// it for many slow, distant sites, whose politeness delays leave
        /// the cores idle.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        partners_at_once: Option<u16>,
        /// Partner ids or mapping files; none means every enabled mapping.
        #[arg(value_name = "PARTNER_ID | MAPPING_FILE")]
        partners: Vec<String>,
    },
    /// Check or explain a mapping file (never touches the store).
    Mapping {
        #[command(subcommand)]
        command: MappingCommand,
    },
}

#[derive(Debug, Subcommand)]
enum MappingCommand {
    /// Parse a mapping file and report the first problem, naming field and line.
    Check {
        /// The mapping file (`mappings/<partner>.toml`).
        file: PathBuf,
    },
    /// Show, for one page, what each field rule matches, its value, and why a value was dropped.
    Explain {
        /// The mapping file (`mappings/<partner>.toml`).
        file: PathBuf,
        /// The page to read (a detail page, or a JSON listing for an API partner).
        url: String,
        /// Read these origins from local directories (a mirrors file).
        #[arg(long, value_name = "FILE")]
        mirror: Option<PathBuf>,
        #[command(flatten)]
        network: NetworkArgs,
    },
    /// Turn the 2018 platform's OpenScraper spiders into draft mapping files, one per spider.
    ImportOpenscraper {
        /// The spiders export, `spiders_config.json` (a MongoDB shell export).
        file: PathBuf,
        /// The data model the spiders' field ids refer to (default: `datamodel_config.json` beside FILE).
        #[arg(long, value_name = "FILE")]
        datamodel: Option<PathBuf>,
        /// Where to write the drafts (created if missing; existing files are not overwritten).
        #[arg(long, value_name = "DIR", default_value = "mappings-draft")]
        out: PathBuf,
    },
}

/// Where outgoing connections (harvests, SPARQL SERVICE calls) may go.
#[derive(Debug, Args)]
pub(crate) struct NetworkArgs {
    /// Also connect to loopback addresses (127.0.0.0/8, ::1): for tests and
    /// local mirrors served on this machine, never in production. Private and
    /// link-local addresses stay refused. Harvests then keep no minimum delay
    /// between two requests to a host beyond the mapping's and robots.txt's.
    #[arg(long)]
    allow_loopback: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StoreArgs {
    /// Directory of the on-disk store (created if missing; relative to the
    /// working directory).
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// Base IRI the data's IRIs are minted under.
    #[arg(
        long,
        value_name = "IRI",
        default_value = DEFAULT_BASE_IRI,
        env = "CARREFOUR_BASE_IRI",
        hide_env_values = true
    )]
    base_iri: String,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address to listen on.
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:7878",
        env = "CARREFOUR_BIND",
        hide_env_values = true
    )]
    bind: SocketAddr,
    /// Cancel a SPARQL query still running after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    query_timeout: u64,
    /// At most this many result rows (or triples) per query, announced in a header.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_rows: usize,
    /// SPARQL queries evaluated at once; beyond, clients get 429 and Retry-After.
    #[arg(long, value_name = "N", default_value_t = 8)]
    max_concurrent_queries: usize,
    /// Memory one query may use (sorts, groups, joins), e.g. 256M or 1G; past it the query is stopped with 422.
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_bytes)]
    query_memory: usize,
    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_body: usize,
    /// File holding the bearer token SPARQL updates need (else $CARREFOUR_UPDATE_TOKEN).
    #[arg(long, value_name = "FILE")]
    update_token_file: Option<PathBuf>,
    /// Refuse every SPARQL update and harvest request, token or not (scheduled harvests still run).
    #[arg(long)]
    read_only: bool,
    /// Where the npm front-end packages are installed (by `.ci/setup`).
    #[arg(long, value_name = "DIR", default_value = "node_modules")]
    npm_dir: PathBuf,
    /// Directory of the example queries shown on the query page.
    #[arg(long, value_name = "DIR", default_value = "queries")]
    queries_dir: PathBuf,
    /// Allow SPARQL SERVICE calls to this HOST (any port) or HOST:PORT (repeatable); none by default.
    #[arg(long, value_name = "HOST")]
    federate_with: Vec<String>,
    #[command(flatten)]
    network: NetworkArgs,
}

impl ServeArgs {
    /// The server's configuration; the update token comes from the file, or
    /// the environment so it never shows in `ps`.
    pub(crate) fn config(&self) -> Result<ServerConfig, CliError> {
        let update_token = match &self.update_token_file {
            Some(file) => {
                let token = std::fs::read_to_string(file)
                    .map_err(|e| CliError::TokenFile(file.clone(), e))?;
                warn_if_readable_by_others(file);
                Some(token.trim().to_owned())
            }
            None => std::env::var("CARREFOUR_UPDATE_TOKEN").ok(),
        }
        .filter(|token| !token.is_empty());
        Ok(ServerConfig {
            query_timeout: std::time::Duration::from_secs(self.query_timeout.max(1)),
            max_rows: self.max_rows.max(1),
            max_concurrent_queries: self.max_concurrent_queries.max(1),
            query_memory: self.query_memory.max(1024 * 1024),
            max_body_bytes: self.max_body,
            update_token,
            read_only: self.read_only,
            handoff_secret: None,
            dumps_dir: Some(DataDir::new(&self.store.data).dumps()),
            npm_dir: self.npm_dir.clone(),
            queries_dir: self.queries_dir.clone(),
            federate_with: self.federate_with.clone(),
            allow_loopback: self.network.allow_loopback,
        })
    }
}

/// Everything a command can fail with; each message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("invalid --{0}")]
    Argument(&'static str, #[source] RecordError),
    #[error("--graph {0:?} is not an absolute IRI")]
    Graph(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] crate::index::SearchError),
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error(transparent)]
    Import(#[from] crate::mapping::openscraper::ImportError),
    #[error(transparent)]
    Round(#[from] RoundError),
    #[error("harvest: {0}")]
    Harvest(String),
    #[error(
        "the store in {dir} is in use by another process, and {why}\n\
         hint: stop that process (another harvest, a load), or start \
         `carrefour serve --data {dir}`: then this command hands the harvest to it",
        dir = .dir.display()
    )]
    StoreBusy { dir: PathBuf, why: String },
    #[error("cannot start the harvest thread: {0}")]
    HarvestThread(#[source] std::io::Error),
    #[error("cannot hand the harvest to the server: {0}")]
    HandOff(#[from] HandOffError),
    #[error("harvest failed for {0}: their last good data is kept (see the reports)")]
    HarvestFailed(String),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("cannot read the update token file {0}: {1}")]
    TokenFile(PathBuf, #[source] std::io::Error),
    #[error("cannot write the dump: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs the command line; the binary's whole `main`.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error_chain(&error));
            ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve {
            serve,
            mappings,
            mirror,
            hub,
        } => self::serve::serve(&serve, mappings.as_deref(), mirror.as_deref(), &hub)?,
        Command::Load { store, file, graph } => {
            let graph = graph
                .map(|g| NamedNode::new(&g).map_err(|_| CliError::Graph(g)))
                .transpose()?;
            let store = open(&store)?;
            let loaded = store.load_file(&file, graph)?;
            store.compact()?;
            tracing::info!(quads = loaded, file = %file.display(), "loaded");
        }
        Command::Reindex { store } => {
            let store = open(&store)?;
            let (projects, searchable) = crate::index::reindex(&store)?;
            tracing::info!(
                projects,
                searchable,
                "indexes rebuilt and kept beside the store"
            );
        }
        Command::Dump { data, format } => {
            // The dump writes the IRIs as stored: no base IRI is needed.
            let base =
                BaseIri::new(DEFAULT_BASE_IRI).map_err(|e| CliError::Argument("base-iri", e))?;
            let store = Store::open_read_only(&data, base)?;
            let stdout = std::io::stdout().lock();
            let mut out = std::io::BufWriter::new(stdout);
            store.dump(&mut out, format)?;
            std::io::Write::flush(&mut out)?;
        }
        Command::Demo {
            serve,
            mappings,
            mirror,
            hub,
        } => self::serve::demo(&serve, &mappings, &mirror, &hub)?,
        Command::Harvest {
            store,
            mappings,
            mirror,
            dry_run,
            network,
            partners_at_once,
            partners,
        } => {
            let mappings = select_mappings(&mappings, &partners)?;
            let mut harvester = Harvester::from_options(mirror.as_deref(), network.allow_loopback)?;
            if let Some(n) = partners_at_once {
                harvester = harvester.with_partners_at_once(usize::from(n));
            }
            if dry_run {
                harvest::dry_run(&harvester, mappings)?;
            } else {
                let data = DataDir::new(&store.data);
                harvest::harvest(harvester, mappings, &data, open(&store))?;
            }
        }
        Command::Mapping { command } => match command {
            MappingCommand::Check { file } => {
                let mapping = crate::mapping::Mapping::load(&file)?;
                println!("{}: ok (partner {})", file.display(), mapping.partner.id);
            }
            MappingCommand::Explain {
                file,
                url,
                mirror,
                network,
            } => {
                let explained =
                    harvest::explain(&file, &url, mirror.as_deref(), network.allow_loopback);
                print!("{}", block_on(explained)?);
            }
            MappingCommand::ImportOpenscraper {
                file,
                datamodel,
                out,
            } => import_openscraper(&file, datamodel, &out)?,
        },
    }
    Ok(())
}

/// Writes one draft mapping per OpenScraper spider into `out`.
fn import_openscraper(
    file: &std::path::Path,
    datamodel: Option<PathBuf>,
    out: &std::path::Path,
) -> Result<(), CliError> {
    let datamodel = datamodel.unwrap_or_else(|| file.with_file_name("datamodel_config.json"));
    let drafts = crate::mapping::openscraper::convert_files(file, &datamodel)?;
    std::fs::create_dir_all(out)?;
    for draft in drafts {
        let path = out.join(format!("{}.toml", draft.partner));
        if path.exists() {
            println!("{}: exists, left as it is", path.display());
            continue;
        }
        std::fs::write(&path, &draft.text)?;
        let state = if draft.enabled {
            "draft"
        } else {
            "draft, disabled until its TODOs are done"
        };
        println!("{}: {state}", path.display());
    }
    Ok(())
}

pub(crate) fn open(args: &StoreArgs) -> Result<Store, CliError> {
    Ok(Store::open(&args.data, base_iri(args)?)?)
}

fn base_iri(args: &StoreArgs) -> Result<BaseIri, CliError> {
    BaseIri::new(&args.base_iri).map_err(|e| CliError::Argument("base-iri", e))
}

/// Runs `future` to completion on a fresh runtime. Blocking work still
/// running when it completes (a query the shutdown cancelled, finishing
/// its last loop) gets one second, then the process goes on to close the
/// store and exit.
pub(crate) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts");
    let output = runtime.block_on(future);
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    output
}

/// `256M`, `1G`, `64K` or a number of bytes.
fn parse_bytes(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let factor: usize = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => {
            return Err(format!(
                "{text:?} is not a size: write 256M, 1G, 64K or a number of bytes"
            ));
        }
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("{text:?} is not a size: write 256M, 1G, 64K or a number of bytes"))
}

/// The update token grants writes: a file others can read gives it away.
fn warn_if_readable_by_others(file: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(file) {
            if metadata.permissions().mode() & 0o044 != 0 {
                tracing::warn!(
                    file = %file.display(),
                    "the update token file is readable by other users; restrict it: chmod 600 {}",
                    file.display()
                );
            }
        }
    }
}

/// `RUST_LOG` decides what is logged; `info` by default.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        // A closed stderr (a supervisor gone, a pipe closed) must not take
        // requests down: by default a failed log write is reported with
        // `eprintln!`, which panics on that same closed stderr.
        .log_internal_errors(false)
        .init();
}

/// The error and its causes, one per line.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    crate::harvest::fetch::joined_chain(error, "\n  caused by: ")
}
