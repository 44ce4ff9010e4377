//! Build script: the git revision shown by `konbit --version`.

fn main() {
    git_revision();
}

/// Sets `KONBIT_GIT_REVISION` for the crate: `KONBIT_GIT_REVISION` from the environment if
/// given (a packager building from a tarball), else `git rev-parse --short HEAD`, else
/// "unknown". Never fails the build. Reruns when HEAD or the branch it names moves.
fn git_revision() {
    use std::process::Command;
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
    };
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=KONBIT_GIT_REVISION");
    let revision = std::env::var("KONBIT_GIT_REVISION")
        .ok()
        .filter(|r| !r.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=KONBIT_GIT_REVISION={revision}");
    // HEAD, the branch file it points to, and packed-refs (where a branch may live instead);
    // only files that exist, or cargo would rerun this script on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for path in watched.into_iter().flatten() {
        if std::path::Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
