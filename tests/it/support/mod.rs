//! Test support: runs the real `konbit` binary in console mode, each test in its own
//! temporary directory with its own SQLite file.

#![allow(dead_code)]

pub mod browser;
pub mod ircbot;
pub mod ircnet;
#[cfg(all(feature = "irc", feature = "mail"))]
pub mod mailbot;
pub mod mailnet;
pub mod postgres;
#[cfg(feature = "matrix")]
pub mod synapse;
#[cfg(feature = "web")]
pub mod web;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A konbit installation for one test: a temporary working directory (where the default
/// `konbit.db` lives) and an optional configuration file.
pub struct Bot {
    dir: tempfile::TempDir,
    config: Option<PathBuf>,
    /// The scenario's PostgreSQL database, with `KONBIT_TEST_STORE=postgres`.
    database: Option<postgres::ScenarioDatabase>,
}

/// A konbit running in the background; killed when dropped.
pub struct Running {
    child: std::process::Child,
    log: PathBuf,
}

impl Running {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits up to `timeout` for it to exit by itself; its exit code if it did.
    pub fn wait_exit(&mut self, timeout: std::time::Duration) -> Option<i32> {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.code().unwrap_or(-1));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        None
    }

    /// Sends it SIGHUP, as `systemctl reload` does.
    pub fn hangup(&self) {
        let _ = Command::new("kill")
            .arg("-HUP")
            .arg(self.child.id().to_string())
            .status();
    }

    /// Waits up to `timeout` for its log to contain `needle` `times` times.
    pub fn wait_log(&self, needle: &str, times: usize, timeout: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if self.log().matches(needle).count() >= times {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }

    /// Sends it SIGTERM, as a service manager does to stop it.
    pub fn terminate(&self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one console session printed.
pub struct Session {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

impl Session {
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// How many output lines contain `needle`.
    pub fn count(&self, needle: &str) -> usize {
        self.stdout.lines().filter(|l| l.contains(needle)).count()
    }

    /// What the bot said in the console room, without the prefix.
    pub fn room(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter_map(|l| l.strip_prefix("[#office] konbit: "))
            .collect()
    }

    /// What the bot said privately to `name`, without the prefix.
    pub fn private(&self, name: &str) -> Vec<&str> {
        let prefix = format!("[@{name}] konbit: ");
        self.stdout
            .lines()
            .filter_map(|l| l.strip_prefix(prefix.as_str()))
            .collect()
    }

    pub fn has(&self, needle: &str) -> bool {
        self.count(needle) > 0
    }

    /// The output between the first line containing `from` and the first later line
    /// containing `to` (exclusive), to check what happened in a window of time.
    pub fn between(&self, from: &str, to: &str) -> Vec<&str> {
        let lines = self.lines();
        let start = lines
            .iter()
            .position(|l| l.contains(from))
            .unwrap_or_else(|| panic!("no line with {from:?}:\n{}", self.stdout));
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.contains(to))
            .map_or(lines.len(), |i| start + 1 + i);
        lines[start..end].to_vec()
    }
}

impl Bot {
    /// The built-in default configuration.
    pub fn new() -> Bot {
        if std::env::var("KONBIT_TEST_STORE").as_deref() == Ok("postgres") {
            return Bot::with_config("");
        }
        Bot {
            dir: tempfile::tempdir().expect("temp dir"),
            config: None,
            database: None,
        }
    }

    /// A configuration file with this content.
    pub fn with_config(toml: &str) -> Bot {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("konbit.toml");
        let database = postgres::scenario_database();
        std::fs::write(&path, postgres::with_storage(toml, database.as_ref())).expect("write config");
        Bot {
            dir,
            config: Some(path),
            database,
        }
    }

    /// A configuration file with exactly this content, whatever store the scenarios use.
    pub fn with_exact_config(toml: &str) -> Bot {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("konbit.toml");
        std::fs::write(&path, toml).expect("write config");
        Bot {
            dir,
            config: Some(path),
            database: None,
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Rewrites the configuration file with this content, its storage kept (the
    /// scenario's PostgreSQL database, with `KONBIT_TEST_STORE=postgres`).
    pub fn write_config(&self, toml: &str) {
        let path = self.dir.path().join("konbit.toml");
        std::fs::write(path, postgres::with_storage(toml, self.database.as_ref())).expect("write config");
    }

    /// The scenario's PostgreSQL database (`postgres://…`); `None` on SQLite.
    pub fn database_url(&self) -> Option<&str> {
        self.database.as_ref().map(|d| d.url.as_str())
    }

    /// Starts `konbit ARGS…` in the background (a long-running `konbit run`), with
    /// extra environment variables; its output goes to files in the directory.
    pub fn spawn(&self, args: &[&str], envs: &[(&str, &str)]) -> Running {
        let mut cmd = Command::new(konbit_bin());
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("KONBIT_CONFIG")
            .env("LANG", "en_CA.UTF-8")
            // The filter an operator gets by default (konbit's own lines at info, the
            // libraries' errors worth acting on), so that "no error logged" means something.
            .env_remove("KONBIT_LOG")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(self.dir.path().join("run.out")).expect("run.out"))
            .stderr(std::fs::File::create(self.dir.path().join("run.err")).expect("run.err"));
        for (k, v) in envs {
            cmd.env(k, v);
        }
        if let Some(c) = &self.config {
            cmd.arg("--config").arg(c);
        }
        Running {
            child: cmd.spawn().expect("start konbit"),
            log: self.dir.path().join("run.err"),
        }
    }

    /// Runs `konbit console --clock START` on `script` until end of input.
    pub fn console(&self, start: &str, script: &str) -> Session {
        self.run(&["console", "--clock", start], script)
    }

    /// Runs `konbit ARGS…` with `input_text` as standard input.
    pub fn run(&self, args: &[&str], input_text: &str) -> Session {
        self.run_bytes(args, input_text.as_bytes())
    }

    /// Runs `konbit ARGS…` with raw bytes as standard input.
    pub fn run_bytes(&self, args: &[&str], input_bytes: &[u8]) -> Session {
        self.exec(args, input_bytes, &[], true)
    }

    /// Runs `konbit ARGS…` to its end with extra environment variables: a `konbit run`
    /// expected to stop by itself, on an error it may log.
    pub fn run_with_env(&self, args: &[&str], envs: &[(&str, &str)]) -> Session {
        self.exec(args, b"", envs, false)
    }

    fn exec(&self, args: &[&str], input_bytes: &[u8], envs: &[(&str, &str)], no_errors: bool) -> Session {
        let mut cmd = Command::new(konbit_bin());
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("KONBIT_CONFIG")
            .env("LANG", "en_CA.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // After the defaults: `("LANG", "fr_CA.UTF-8")` gives a French operator.
        for (k, v) in envs {
            cmd.env(k, v);
        }
        if let Some(c) = &self.config {
            cmd.arg("--config").arg(c);
        }
        let mut child = cmd.spawn().expect("start konbit");
        // Written from a thread so that a long script never deadlocks against a long
        // output; a bot that exits without reading everything (a broken config) is fine.
        let mut input = child.stdin.take().expect("stdin");
        let bytes = input_bytes.to_vec();
        let writer = std::thread::spawn(move || match input.write_all(&bytes) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("write script: {e}"),
            _ => {}
        });
        let Output { status, stdout, stderr } = child.wait_with_output().expect("konbit output");
        writer.join().expect("script writer");
        let session = Session {
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
            code: status.code(),
        };
        assert!(
            !session.stderr.contains("panicked"),
            "konbit panicked:\n{}",
            session.stderr
        );
        // An error logged is a bug (a missing message, a storage failure) unless a test
        // provokes it on purpose.
        assert!(
            !no_errors || !session.stderr.contains("ERROR"),
            "konbit logged an error:\n{}",
            session.stderr
        );
        session
    }
}

/// A script from lines.
pub fn script(lines: &[&str]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The konbit the tests run: the one cargo built, or `KONBIT_TEST_BIN` — another build, to
/// show a regression test failing on the code before its fix (docs/testing.md).
pub fn konbit_bin() -> std::path::PathBuf {
    std::env::var_os("KONBIT_TEST_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_konbit").into())
}

/// After a crash or a takeover: every punch the bot confirmed (`confirmed`, their ids) is
/// among `all`, and none was recorded twice (each test punch's note `n<i>` is unique).
pub fn assert_confirmed_once(all: &[konbit::store::Punch], confirmed: &[i64]) {
    let ids: std::collections::BTreeSet<i64> = all.iter().map(|p| p.id).collect();
    for id in confirmed {
        assert!(ids.contains(id), "confirmed punch #{id} is missing");
    }
    let mut notes: Vec<&str> = all.iter().filter_map(|p| p.note.as_deref()).collect();
    let before = notes.len();
    notes.sort_unstable();
    notes.dedup();
    assert_eq!(notes.len(), before, "a punch was recorded twice");
}
