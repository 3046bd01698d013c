//! Who is making a change: `user.name <user.email>` from git config.

use std::path::Path;

/// `Name <email>` from the repository's git config (falling back to the user's and system
/// config outside a repository), or the login name when git has no identity.
#[must_use]
pub fn who(root: &Path) -> String {
    let config = git2::Repository::open(root)
        .and_then(|repo| repo.config())
        .or_else(|_| git2::Config::open_default());
    let (name, email) = match config.and_then(|mut c| c.snapshot()) {
        Ok(config) => (
            config.get_string("user.name").ok(),
            config.get_string("user.email").ok(),
        ),
        Err(_) => (None, None),
    };
    let name = name
        .filter(|n| !n.trim().is_empty())
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_owned());
    match email.filter(|e| !e.trim().is_empty()) {
        Some(email) => format!("{name} <{email}>"),
        None => name,
    }
}
