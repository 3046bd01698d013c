//! The `vouch` binary: parse the command line, run a subcommand or the TUI, and turn the result
//! into an exit code (0 fine, 1 check failed, 2 bad input or usage).

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use vouch::cli::{self, Cli};

fn main() -> ExitCode {
    // Read git objects as git itself does, without hashing each one again on every read: a
    // history walk reads tens of thousands of objects, and re-hashing took a third of its time.
    git2::opts::strict_hash_verification(false);
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // Help and version go to stdout and exit 0; usage errors to stderr with exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let current_dir = match std::env::current_dir().context("cannot tell the current folder") {
        Ok(dir) => dir,
        Err(err) => return cli::report_error(&err),
    };
    match args.command {
        Some(command) => cli::run(command, &current_dir),
        None => match vouch::tui::run(&current_dir) {
            Ok(ended) => cli::Outcome::from(ended).into(),
            Err(err) => cli::report_error(&err),
        },
    }
}
