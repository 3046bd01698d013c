//! `vouch --version`, `vouch completions` and `vouch man`: generated from the CLI definition.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;

fn vouch() -> Command {
    Command::cargo_bin("vouch").unwrap()
}

#[test]
fn version_names_the_release_and_the_commit() {
    vouch()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(concat!(
            "vouch ",
            env!("CARGO_PKG_VERSION"),
            " ("
        )));
}

#[test]
fn bash_completion_registers_for_vouch_and_knows_the_subcommands() {
    let output = vouch().args(["completions", "bash"]).output().unwrap();
    assert!(output.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("vouch.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let probe = format!(
        "source {}; complete -p vouch; COMP_WORDS=(vouch sta); COMP_CWORD=1; _vouch vouch sta vouch; echo \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let bash = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &probe])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&bash.stdout);
    assert!(
        bash.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&bash.stderr)
    );
    assert!(said.contains("-F _vouch vouch"), "{said}");
    assert!(
        said.contains("status"),
        "completing `sta` offers status: {said}"
    );
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_shell_is_a_usage_error() {
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        vouch()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("vouch"));
    }
    vouch()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let output = vouch().arg("man").output().unwrap();
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.contains(".TH vouch 1"), "{page}");
    for command in ["init", "status", "set", "validate", "completions"] {
        assert!(page.contains(command), "man page lacks {command}");
    }
}
