//! Writes several files as one step: each is first staged in a temporary file beside its target
//! (a failure there removes the temporaries and leaves every target untouched), then all are
//! renamed into place.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tempfile::NamedTempFile;

pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (path, _) in files {
        if !seen.insert(path) {
            bail!("{}: named twice as an output", path.display());
        }
    }
    let mut staged = Vec::with_capacity(files.len());
    for (path, contents) in files {
        staged.push((path, stage(path, contents)?));
    }
    for (path, temp) in staged {
        temp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot replace", path.display()))?;
    }
    Ok(())
}

fn stage(path: &Path, contents: &[u8]) -> Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fetch-spec-").suffix(".tmp");
    // Keep the permissions of the file being replaced; a new file gets what a plain write
    // would (0666 less the umask) rather than the temporary file's private 0600.
    let keep = fs::metadata(path).ok().map(|m| m.permissions());
    #[cfg(unix)]
    builder.permissions(keep.unwrap_or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    }));
    #[cfg(not(unix))]
    drop(keep);
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", temp.path().display()))?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("sub/b.yaml");
        fs::write(&a, "old").unwrap();
        write_all(&[
            (a.clone(), b"new a".to_vec()),
            (b.clone(), b"new b".to_vec()),
        ])
        .unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");

        // The second target's directory cannot be created (a file is in the way): the first
        // target keeps its content and no temporary file is left behind.
        let blocked = dir.path().join("a.yaml/c.yaml");
        let err = write_all(&[(b.clone(), b"newer".to_vec()), (blocked, b"x".to_vec())])
            .unwrap_err()
            .to_string();
        assert!(err.contains("a.yaml"), "{err}");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        let left: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_path_named_twice_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let err = write_all(&[(a.clone(), vec![]), (a.clone(), vec![])]).unwrap_err();
        assert!(err.to_string().contains("named twice"), "{err}");
        assert!(!a.exists());
    }
}
