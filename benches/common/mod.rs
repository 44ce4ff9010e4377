//! What the load harnesses share: settings from the environment, the quick mode,
//! percentiles and medians, the bot's memory read from /proc, and the lines that say what
//! a figure was measured on (commit, machine, the database's filesystem, how busy the
//! machine was) and whether each goal was met.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// `konbit --config konbit.toml run` in `dir`, as every harness starts the bot: quiet
/// (`KONBIT_LOG=warn`, no output kept; a caller may set either again), with
/// `KONBIT_BIN` the build measured (another commit's, an IRC-only one; by default the one
/// cargo built) and `KONBIT_BENCH_WRAP` a profiler in front of it (e.g. `perf record --`).
pub fn konbit_run(dir: &Path) -> Command {
    let wrap = std::env::var("KONBIT_BENCH_WRAP").unwrap_or_default();
    let mut words: Vec<String> = wrap.split_whitespace().map(str::to_owned).collect();
    words.push(std::env::var("KONBIT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_konbit").to_owned()));
    let mut cmd = Command::new(&words[0]);
    cmd.args(&words[1..])
        .args(["--config", "konbit.toml", "run"])
        .current_dir(dir)
        .env("KONBIT_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// A count from the environment, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// `KONBIT_BENCH_QUICK=1`: fewer commands and one run, for a check before committing a
/// change on a hot path. Its figures are not the documented ones.
pub fn quick() -> bool {
    std::env::var("KONBIT_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A count from the environment; else `quick_default` in quick mode, `default` otherwise.
pub fn env_or_quick(name: &str, default: usize, quick_default: usize) -> usize {
    env_or(name, if quick() { quick_default } else { default })
}

/// The `p` quantile (0–1) of `v`.
pub fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// A memory figure of process `pid` in KiB: `VmRSS:` (now) or `VmHWM:` (peak).
pub fn proc_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The commit the harness was built from, `+changes` when the work tree differs from it.
pub fn commit() -> String {
    let dir = env!("CARGO_MANIFEST_DIR");
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    match git(&["rev-parse", "--short=7", "HEAD"]) {
        Some(head) => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
            if dirty { format!("{head}+changes") } else { head }
        }
        None => "unknown (no git)".to_owned(),
    }
}

/// The 1-minute load average: above about the number of cores, the machine was busy.
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The filesystem holding `dir`: type, device and mount point, from /proc/mounts.
pub fn filesystem_of(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (device, point, kind) = (f.next()?, f.next()?, f.next()?);
            dir.starts_with(point)
                .then(|| (point.len(), format!("{kind} ({device} on {point})")))
        })
        // The longest mount point holding the directory is its own; the last listed wins a tie.
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| "unknown".to_owned(), |(_, fs)| fs)
}

/// Prints what the figures below were measured on: commit, cores, CPU, memory, the
/// filesystem of the database directory, the load when the harness started, the mode.
pub fn print_conditions(database_dir: &Path) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU", str::trim);
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next()?.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0 / 1024.0);
    println!("commit: {}", commit());
    println!(
        "machine: {cores} cores ({cpu}), {mem_gib:.1} GiB; database on {}; load average {:.2} at start",
        filesystem_of(database_dir),
        load_average()
    );
    if quick() {
        println!("mode: quick (KONBIT_BENCH_QUICK): a check before committing, not a documented figure");
    }
}

/// Prints the load at the end: a busy machine's figures are not the documented ones.
pub fn print_load_at_end() {
    let load = load_average();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let state = if load > cores { "busy" } else { "quiet" };
    println!("load average {load:.2} at end ({state} for {cores} cores)");
}

/// How a figure compares to its goal.
#[derive(Clone, Copy)]
pub enum Bound {
    AtMost,
    AtLeast,
}

/// Prints one goal as `goal: WHAT VALUE ≤ LIMIT (WHY): met` (or `NOT MET`); true when met.
pub fn goal(what: &str, value: f64, bound: Bound, limit: f64, unit: &str, why: &str) -> bool {
    let (met, sign) = match bound {
        Bound::AtMost => (value <= limit, "≤"),
        Bound::AtLeast => (value >= limit, "≥"),
    };
    let decimals = match unit {
        "ms" => 3,
        "MiB" => 1,
        "×" => 2,
        _ => 0,
    };
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    println!(
        "goal: {what} {value:.decimals$}{unit} {sign} {limit:.decimals$}{unit} ({why}): {}",
        if met { "met" } else { "NOT MET" }
    );
    met
}
