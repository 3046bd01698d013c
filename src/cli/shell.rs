//! `vouch completions SHELL` and `vouch man`: generated from the command-line definition, so
//! they never drift from what the commands accept.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Outcome};

/// Arguments of `vouch completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
}

/// Prints a completion script for the shell to stdout.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "vouch", &mut out);
    std::io::stdout().write_all(&out)?;
    Ok(Outcome::Fine)
}

/// Prints the man page (roff) to stdout.
pub fn man() -> anyhow::Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::stdout().write_all(&out)?;
    Ok(Outcome::Fine)
}
