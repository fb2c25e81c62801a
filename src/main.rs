//! The `carrefour` command: parse the arguments, hand over to the library.

use std::process::ExitCode;

/// mimalloc gives memory back to the system soon after it is freed: after
/// a query stopped by its memory budget, the server's resident memory falls
/// back instead of staying at its peak (glibc's allocator keeps it). It
/// also replaces C's malloc (the crate's `override` feature), so memory
/// RocksDB allocates and Oxigraph frees goes through one allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    carrefour::cli::main()
}
