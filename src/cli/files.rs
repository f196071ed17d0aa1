//! Writing report files: never half a file, never over a device node.

use std::path::{Path, PathBuf};

/// Fails early when `path`'s directory does not exist.
pub fn check_writable(path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display());
    }
    Ok(())
}

/// Writes via a temporary file in the same directory and a rename, so a failure leaves no half file.
pub fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written into: renaming over
    // it would replace the device node with a regular file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        if meta.is_dir() {
            anyhow::bail!("cannot write `{}`: it is a directory", path.display());
        }
        return std::fs::write(path, text).map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.readycheck-tmp-{}", std::process::id()));
    let res = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        anyhow::bail!("cannot write `{}`: {e}", path.display());
    }
    Ok(())
}
