//! Files vouch keeps in the git folder only to go faster (the trailer scan cache, the
//! reachability index): read them tolerantly, write them atomically.

use std::path::Path;

use crate::git::GitError;

/// Reads a cache file: `Ok(None)` when there is none yet, `Err(why)` when it cannot be read
/// or `parse` rejects it (damaged, or written by another version of vouch).
pub(crate) fn read<T>(
    path: &Path,
    parse: impl FnOnce(&[u8]) -> Option<T>,
) -> Result<Option<T>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("cannot read it: {err}")),
    };
    parse(&bytes)
        .map(Some)
        .ok_or_else(|| "it is damaged or from another version of vouch".to_owned())
}

/// Writes a cache file atomically (a temporary file in the same folder, then a rename), so a
/// reader never sees half of one.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), GitError> {
    let failed = |err: std::io::Error| GitError::Cache {
        path: path.to_owned(),
        message: err.to_string(),
    };
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(folder).map_err(failed)?;
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(failed)?;
    std::io::Write::write_all(&mut temp, bytes).map_err(failed)?;
    temp.persist(path).map_err(|err| failed(err.error))?;
    Ok(())
}
