//! The `readycheck` binary: parse arguments, run, map the result to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = readycheck::cli::main();
    ExitCode::from(code)
}
