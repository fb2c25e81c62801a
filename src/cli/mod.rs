//! The `carrefour` command line: argument parsing and dispatch to the library.

mod harvest;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use oxigraph::model::NamedNode;

use crate::mapping::MappingError;
use crate::record::{BaseIri, RecordError};
use crate::server::{self, AppState, ServeError};
use crate::store::{DumpFormat, Store, StoreError};

/// Carrefour: harvest partner sites of the Carrefour des innovations sociales
/// and publish them as linked open data.
#[derive(Debug, Parser)]
#[command(name = "carrefour", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the store over HTTP.
    Serve(ServeArgs),
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
    /// Write the whole store to standard output (works while a server runs).
    Dump {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, value_enum, default_value = "nq")]
        format: DumpFormat,
    },
    /// Harvest the bundled demo partner sites from their local mirror, then serve.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Directory of the partner mapping files.
        #[arg(long, value_name = "DIR", default_value = "mappings")]
        mappings: PathBuf,
        /// The local mirrors of the demo partner sites.
        #[arg(
            long,
            value_name = "FILE",
            default_value = "tests/fixtures/sites/mirrors.toml"
        )]
        mirror: PathBuf,
    },
    /// Harvest partners into the store (default: every enabled mapping).
    Harvest {
        #[command(flatten)]
        store: StoreArgs,
        /// Directory of the partner mapping files.
        #[arg(long, value_name = "DIR", default_value = "mappings")]
        mappings: PathBuf,
        /// Read these origins from local directories (a mirrors file) instead of the network.
        #[arg(long, value_name = "FILE")]
        mirror: Option<PathBuf>,
        /// Harvest and report, but never touch the store.
        #[arg(long)]
        dry_run: bool,
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
    Check { file: PathBuf },
    /// Show, for one page, what each field rule matches, its value, and why a value was dropped.
    Explain {
        file: PathBuf,
        /// The page to read (a detail page, or a JSON listing for an API partner).
        url: String,
        /// Read these origins from local directories (a mirrors file).
        #[arg(long, value_name = "FILE")]
        mirror: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct StoreArgs {
    /// Directory of the on-disk store (created if missing).
    #[arg(long, value_name = "DIR", default_value = "data")]
    data: PathBuf,
    /// Base IRI the data's IRIs are minted under.
    #[arg(
        long,
        value_name = "IRI",
        default_value = "http://localhost:7878/",
        env = "CARREFOUR_BASE_IRI"
    )]
    base_iri: String,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address to listen on.
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:7878",
        env = "CARREFOUR_BIND"
    )]
    bind: SocketAddr,
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
    Mapping(#[from] MappingError),
    #[error("no mapping in {1} declares partner {0:?}")]
    UnknownPartner(String, PathBuf),
    #[error("mirrors file {0}: {1}")]
    Mirror(PathBuf, String),
    #[error("harvest: {0}")]
    Harvest(String),
    #[error("harvest failed for {0}: their last good data is kept (see the reports)")]
    HarvestFailed(String),
    #[error(transparent)]
    Serve(#[from] ServeError),
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
        Command::Serve(args) => {
            let store = open(&args.store)?;
            block_on(server::serve(AppState { store }, args.bind))?;
        }
        Command::Load { store, file, graph } => {
            let graph = graph
                .map(|g| NamedNode::new(&g).map_err(|_| CliError::Graph(g)))
                .transpose()?;
            let loaded = open(&store)?.load_file(&file, graph)?;
            tracing::info!(quads = loaded, file = %file.display(), "loaded");
        }
        Command::Dump { store, format } => {
            let store = Store::open_read_only(&store.data, base_iri(&store)?)?;
            let stdout = std::io::stdout().lock();
            let mut out = std::io::BufWriter::new(stdout);
            store.dump(&mut out, format)?;
            std::io::Write::flush(&mut out)?;
        }
        Command::Demo {
            serve,
            mappings,
            mirror,
        } => {
            let store = open(&serve.store)?;
            let mappings = harvest::select_mappings(&mappings, &[])?;
            let fetcher = harvest::fetcher(Some(&mirror))?;
            block_on(async {
                let reports =
                    harvest::harvest_all(&fetcher, mappings, Some(&store), &serve.store.data).await;
                harvest::finish(&reports, Some(&harvest::reports_dir(&serve.store.data)))?;
                server::serve(AppState { store }, serve.bind).await?;
                Ok::<_, CliError>(())
            })?;
        }
        Command::Harvest {
            store,
            mappings,
            mirror,
            dry_run,
            partners,
        } => {
            let mappings = harvest::select_mappings(&mappings, &partners)?;
            let fetcher = harvest::fetcher(mirror.as_deref())?;
            let opened = if dry_run { None } else { Some(open(&store)?) };
            let reports = block_on(harvest::harvest_all(
                &fetcher,
                mappings,
                opened.as_ref(),
                &store.data,
            ));
            let dir = (!dry_run).then(|| harvest::reports_dir(&store.data));
            if dry_run {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&reports).unwrap_or_default()
                );
            }
            harvest::finish(&reports, dir.as_deref())?;
        }
        Command::Mapping { command } => match command {
            MappingCommand::Check { file } => {
                let mapping = crate::mapping::Mapping::load(&file)?;
                println!("{}: ok (partner {})", file.display(), mapping.partner.id);
            }
            MappingCommand::Explain { file, url, mirror } => {
                print!(
                    "{}",
                    block_on(harvest::explain(&file, &url, mirror.as_deref()))?
                );
            }
        },
    }
    Ok(())
}

fn open(args: &StoreArgs) -> Result<Store, CliError> {
    Ok(Store::open(&args.data, base_iri(args)?)?)
}

fn base_iri(args: &StoreArgs) -> Result<BaseIri, CliError> {
    BaseIri::new(&args.base_iri).map_err(|e| CliError::Argument("base-iri", e))
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts")
        .block_on(future)
}

/// `RUST_LOG` decides what is logged; `info` by default.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}

/// The error and its causes, one per line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    message
}
