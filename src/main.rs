//! The `carrefour` command: parse the arguments, hand over to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    carrefour::cli::main()
}
