//! Taking a member out of the roster in the configuration file (`konbit erase member`):
//! their `[[members]]` entry is removed, the rest of the file (comments, order, layout)
//! kept as the operator wrote it; the file is replaced whole (written beside it, then
//! renamed, with its permissions).

use std::path::Path;

/// Why the roster could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Toml(#[from] toml_edit::TomlError),
}

/// Whether `file` can be rewritten (checked before anything is erased).
pub fn writable(file: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().append(true).open(file)?;
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".konbit-roster-{}.tmp", std::process::id()));
    std::fs::write(&probe, b"")?;
    std::fs::remove_file(&probe)
}

/// Removes the entry named `name` (any case) from `file`'s roster; whether there was one.
pub fn remove_member(file: &Path, name: &str) -> Result<bool, RosterError> {
    let text = std::fs::read_to_string(file)?;
    let Some(new) = without_member(&text, name)? else {
        return Ok(false);
    };
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.konbit-tmp",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, new)?;
    if let Ok(meta) = std::fs::metadata(file) {
        std::fs::set_permissions(&tmp, meta.permissions())?;
    }
    std::fs::rename(&tmp, file)?;
    Ok(true)
}

/// `text` without the roster entry named `name`; `None` when it has none.
fn without_member(text: &str, name: &str) -> Result<Option<String>, RosterError> {
    let mut doc: toml_edit::DocumentMut = text.parse()?;
    let named = |v: Option<&toml_edit::Item>| {
        v.and_then(|v| v.as_str())
            .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
    };
    let Some(members) = doc.get_mut("members") else {
        return Ok(None);
    };
    if let Some(tables) = members.as_array_of_tables_mut() {
        let Some(i) = tables.iter().position(|t| named(t.get("name"))) else {
            return Ok(None);
        };
        tables.remove(i);
    } else if let Some(array) = members.as_array_mut() {
        let Some(i) = array.iter().position(|v| {
            v.as_inline_table()
                .and_then(|t| t.get("name"))
                .and_then(|v| v.as_str())
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        }) else {
            return Ok(None);
        };
        array.remove(i);
    } else {
        return Ok(None);
    }
    Ok(Some(doc.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_that_entry_goes_and_the_comments_stay() {
        let text = "# the collective\n[collective]\nname = \"Coop\"\n\n[[members]]\nname = \"alice\"\n\n# bob left in 2027\n[[members]]\nname = \"Bob\"\nirc_account = \"bobby\"\n\n[[members]]\nname = \"carole\" # facilitation\n";
        let out = without_member(text, "bob").unwrap().unwrap();
        assert!(!out.contains("Bob") && !out.contains("bobby"), "{out}");
        assert!(
            out.contains("# the collective") && out.contains("name = \"carole\" # facilitation"),
            "{out}"
        );
        assert!(out.contains("name = \"alice\""), "{out}");
        assert_eq!(without_member(text, "dave").unwrap(), None);
        let inline = "members = [{ name = \"alice\" }, { name = \"bob\" }]\n";
        assert_eq!(
            without_member(inline, "BOB").unwrap().unwrap(),
            "members = [{ name = \"alice\" }]\n"
        );
    }
}
