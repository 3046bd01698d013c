//! Checklist and mapping files compiled into the binary, so vouch works from any folder.

/// One bundled file: the name it is reported under, and its text.
#[derive(Debug, Clone, Copy)]
pub struct BundledFile {
    /// Path within this project's `checklists/` folder.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

macro_rules! bundled {
    ($($path:literal),* $(,)?) => {
        &[$(BundledFile { name: concat!("checklists/", $path), text: include_str!(concat!("../../checklists/", $path)) }),*]
    };
}

/// Framework files, in the order frameworks are shown.
pub const FRAMEWORKS: &[BundledFile] = bundled![
    "uk-sscop.toml",
    "nist-ssdf.toml",
    "eu-cra.toml",
    "cisa-sbd.toml",
    "owasp-samm.toml",
    "slsa-build.toml",
];

/// Mapping files.
pub const MAPPINGS: &[BundledFile] = bundled![
    "mappings/uk-sscop--nist-ssdf.toml",
    "mappings/uk-sscop--eu-cra.toml",
    "mappings/uk-sscop--cisa-sbd.toml",
    "mappings/uk-sscop--owasp-samm.toml",
    "mappings/nist-ssdf--slsa-build.toml",
];
