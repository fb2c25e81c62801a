//! The `carrefour` command: parse the arguments, hand over to the library.

use std::process::ExitCode;

/// mimalloc gives memory back to the system soon after it is freed: after
/// a query stopped by its memory budget, the server's resident memory falls
/// back instead of staying at its peak (glibc's allocator keeps it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    carrefour::cli::main()
}
