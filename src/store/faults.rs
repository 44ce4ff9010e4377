//! Fault injection for the crash tests: the process dies at a chosen commit of a unit of
//! work, as a `SIGKILL` or a power cut would take it there.
//!
//! `KONBIT_FAULT_COMMIT=N` aborts the process right after the N-th unit commit of this
//! run; `KONBIT_FAULT_COMMIT=N:before` right before it (what the unit wrote is then
//! lost, as it must be: nothing of it was confirmed to anyone). Unset, as in any real
//! deployment, this costs one relaxed atomic increment per commit. The tests in
//! `tests/it/crash.rs` start `konbit run` with it at many points of a burst and check
//! that every decision is announced once after the restart.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::StoreError;

/// Where the process is told to die.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    commit: u64,
    before: bool,
}

fn plan() -> Option<Plan> {
    static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
    *PLAN.get_or_init(|| std::env::var("KONBIT_FAULT_COMMIT").ok().and_then(|v| parse(&v)))
}

fn parse(v: &str) -> Option<Plan> {
    let (n, before) = match v.trim().split_once(':') {
        Some((n, "before")) => (n, true),
        Some(_) => return None,
        None => (v.trim(), false),
    };
    Some(Plan {
        commit: n.parse().ok().filter(|n| *n > 0)?,
        before,
    })
}

static COMMITS: AtomicU64 = AtomicU64::new(0);

#[cfg(test)]
tokio::task_local! {
    static FAIL_COMMIT: ();
}

/// Called before each unit commits; returns the commit's number in this run.
pub(super) fn before_commit() -> Result<u64, StoreError> {
    #[cfg(test)]
    if FAIL_COMMIT.try_with(|_| ()).is_ok() {
        return Err(StoreError::Corrupt("a commit failed on purpose (test)".into()));
    }
    let n = COMMITS.fetch_add(1, Ordering::Relaxed) + 1;
    if plan()
        == Some(Plan {
            commit: n,
            before: true,
        })
    {
        die(n, "before");
    }
    Ok(n)
}

/// Called after a unit committed.
pub(super) fn after_commit(n: u64) {
    if plan()
        == Some(Plan {
            commit: n,
            before: false,
        })
    {
        die(n, "after");
    }
}

fn die(n: u64, when: &str) -> ! {
    eprintln!("KONBIT_FAULT_COMMIT: dying {when} commit {n}");
    std::process::abort()
}

/// Runs `work` with every unit commit in it failing (a full disk, an I/O error).
#[cfg(test)]
pub(super) async fn failing_next_commit<F: Future>(work: impl FnOnce() -> F) -> F::Output {
    FAIL_COMMIT.scope((), work()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_points_are_read_from_the_variable() {
        assert_eq!(
            parse("3"),
            Some(Plan {
                commit: 3,
                before: false
            })
        );
        assert_eq!(
            parse("12:before"),
            Some(Plan {
                commit: 12,
                before: true
            })
        );
        for bad in ["", "0", "x", "3:after", "-1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
