//! The web view under load, run with `cargo bench --bench web_load`: a database of
//! 1,000,000 punched entries (20 members, 30 projects, about five years), 5,000
//! proposals (a fifth vetoed, most decided) and 260 meetings with their attendance, filled
//! with SQL in the store's own schema; then the real `konbit web` process (two worker
//! threads) is measured from this process:
//!
//! 1. latency of `/hours` and `/decisions` (p50, p99), one request at a time: rendered
//!    (each request a new address, which the page cache cannot answer) and kept (the same
//!    address again, answered from the cache while the database does not change); then
//!    `/membership`, `/api/membership` and `/attendance` rendered;
//! 2. requests per second sustained by concurrent clients (keep-alive connections),
//!    alternating two pages, for a fixed time: `/hours` and `/decisions` on the same two
//!    addresses, then with every request rendered; `/membership` and `/attendance` with
//!    every request rendered;
//! 3. the server's RSS before the load and after it.
//!
//! Three runs on the same database; the medians are reported with the goals (p99 ≤ 20 ms,
//! ≥ 2,000 requests/s on 2 cores, RSS flat). `KONBIT_BENCH_QUICK=1`: 100,000 entries, one
//! short run. The clients share the machine's cores with the server.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Bound, goal, median, ms, percentile, proc_kib};

const MEMBERS: i64 = 20;
const PROJECTS: i64 = 30;
const PROPOSALS: i64 = 5_000;
const MEETINGS: i64 = 260;
/// The pages measured rendered besides `/hours` and `/decisions`.
const MORE: [&str; 3] = ["/membership", "/api/membership", "/attendance"];

fn main() {
    let entries = common::env_or_quick("KONBIT_BENCH_ENTRIES", 1_000_000, 100_000) as i64;
    let runs = if common::quick() { 1 } else { 3 };
    let seconds = common::env_or_quick("KONBIT_BENCH_SECONDS", 10, 3) as u64;
    let clients = common::env_or("KONBIT_BENCH_CLIENTS", 8);
    let samples = common::env_or_quick("KONBIT_BENCH_SAMPLES", 1000, 200);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&root).expect("target/");
    let dir = tempfile::Builder::new()
        .prefix("konbit-web-bench")
        .tempdir_in(&root)
        .expect("dir");
    common::print_conditions(dir.path());
    let config = dir.path().join("konbit.toml");
    std::fs::write(
        &config,
        "[web]\nlisten = \"127.0.0.1:0\"\nbase_url = \"http://konbit.test\"\n[storage]\ndatabase = \"konbit.db\"\n",
    )
    .expect("config");
    let started = Instant::now();
    fill(&dir.path().join("konbit.db"), entries);
    println!(
        "database: {entries} entries, {PROPOSALS} proposals, filled in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut runs_seen: Vec<Run> = Vec::new();
    for run in 1..=runs {
        let mut server = Command::new(env!("CARGO_BIN_EXE_konbit"))
            .args(["web", "--config"])
            .arg(&config)
            .env("KONBIT_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("konbit web");
        let mut line = String::new();
        BufReader::new(server.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("address");
        let address = line
            .split("http://")
            .nth(1)
            .expect("the address printed")
            .trim()
            .to_owned();
        // A first request of each page warms the connections and SQLite's page cache.
        let mut c = Client::new(&address);
        c.get("/hours");
        c.get("/decisions");
        let before = proc_kib(server.id(), "VmRSS:");
        // Rendered: each request a new address (an ignored parameter), so none is served
        // from the page cache. Kept: the same address again, as readers of one page get it.
        let fresh = |path: &str, i: usize| format!("{path}?run={run}&n={i}");
        let hours = latencies(&mut c, |i| fresh("/hours", i), samples);
        let decisions = latencies(&mut c, |i| fresh("/decisions", i), samples);
        let hours_kept = latencies(&mut c, |_| "/hours".to_owned(), samples);
        let decisions_kept = latencies(&mut c, |_| "/decisions".to_owned(), samples);
        let more: Vec<(f64, f64)> = MORE
            .iter()
            .map(|page| {
                let l = latencies(&mut c, |i| fresh(page, i), samples);
                (ms(percentile(l.clone(), 0.5)), ms(percentile(l, 0.99)))
            })
            .collect();
        let measure = |pages: [&'static str; 2], rendered: bool| {
            let cpu_before = cpu_seconds(server.id());
            let rate = throughput(&address, clients, Duration::from_secs(seconds), pages, rendered);
            let cpu = cpu_seconds(server.id()) - cpu_before;
            // The server's own CPU time a request: what two cores could serve were they its alone.
            (rate, cpu / (rate * seconds as f64))
        };
        let (kept_rate, kept_cpu) = measure(["/hours", "/decisions"], false);
        let (rendered_rate, rendered_cpu) = measure(["/hours", "/decisions"], true);
        let (members_rate, members_cpu) = measure(["/membership", "/attendance"], true);
        let after = proc_kib(server.id(), "VmRSS:");
        let _ = server.kill();
        let _ = server.wait();
        let r = Run {
            hours50: ms(percentile(hours.clone(), 0.5)),
            hours99: ms(percentile(hours, 0.99)),
            dec50: ms(percentile(decisions.clone(), 0.5)),
            dec99: ms(percentile(decisions, 0.99)),
            kept50: ms(percentile([hours_kept.clone(), decisions_kept.clone()].concat(), 0.5)),
            kept99: ms(percentile([hours_kept, decisions_kept].concat(), 0.99)),
            more,
            kept_rate,
            kept_capacity: 2.0 / kept_cpu,
            rendered_rate,
            rendered_capacity: 2.0 / rendered_cpu,
            members_rate,
            members_capacity: 2.0 / members_cpu,
            rss_before: before as f64 / 1024.0,
            rss_after: after as f64 / 1024.0,
        };
        println!("run {run}: {}", r.line(clients));
        runs_seen.push(r);
    }
    let m = |f: fn(&Run) -> f64| median(runs_seen.iter().map(f).collect());
    let medians = Run {
        hours50: m(|r| r.hours50),
        hours99: m(|r| r.hours99),
        dec50: m(|r| r.dec50),
        dec99: m(|r| r.dec99),
        kept50: m(|r| r.kept50),
        kept99: m(|r| r.kept99),
        more: (0..MORE.len())
            .map(|i| {
                (
                    median(runs_seen.iter().map(|r| r.more[i].0).collect()),
                    median(runs_seen.iter().map(|r| r.more[i].1).collect()),
                )
            })
            .collect(),
        kept_rate: m(|r| r.kept_rate),
        kept_capacity: m(|r| r.kept_capacity),
        rendered_rate: m(|r| r.rendered_rate),
        rendered_capacity: m(|r| r.rendered_capacity),
        members_rate: m(|r| r.members_rate),
        members_capacity: m(|r| r.members_capacity),
        rss_before: m(|r| r.rss_before),
        rss_after: m(|r| r.rss_after),
    };
    println!("medians of {runs}: {}", medians.line(clients));
    let a_page = "a page reads at once";
    goal(
        "/hours p99 (rendered)",
        medians.hours99,
        Bound::AtMost,
        20.0,
        "ms",
        a_page,
    );
    goal(
        "/decisions p99 (rendered)",
        medians.dec99,
        Bound::AtMost,
        20.0,
        "ms",
        a_page,
    );
    for (page, (_, p99)) in MORE.iter().zip(&medians.more) {
        goal(
            &format!("{page} p99 (rendered)"),
            *p99,
            Bound::AtMost,
            20.0,
            "ms",
            a_page,
        );
    }
    goal(
        "throughput (the same pages, kept)",
        medians.kept_rate,
        Bound::AtLeast,
        2000.0,
        "requests/s",
        "one process, 2 cores",
    );
    goal(
        "throughput (every request rendered)",
        medians.rendered_rate,
        Bound::AtLeast,
        2000.0,
        "requests/s",
        "one process, 2 cores",
    );
    goal(
        "throughput (/membership and /attendance, rendered)",
        medians.members_rate,
        Bound::AtLeast,
        1000.0,
        "requests/s",
        "one process, 2 cores",
    );
    goal(
        "RSS growth under load",
        medians.rss_after - medians.rss_before,
        Bound::AtMost,
        16.0,
        "MiB",
        "flat: no growth with requests",
    );
    common::print_load_at_end();
}

/// User and system CPU time of process `pid`, in seconds (/proc, 100 ticks a second).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Fills the database in the store's real schema (the migrations applied by opening it).
fn fill(path: &std::path::Path, entries: i64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = konbit::store::Store::open(path).await.expect("store");
        store.close().await;
        use sqlx::ConnectOptions;
        let mut db = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
            .connect()
            .await
            .expect("connect");
        let steps = [
            format!(
                "INSERT INTO projects (name, kind, added_at)
                 WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {})
                 SELECT 'project-' || i, CASE WHEN i % 7 = 0 THEN 'care' WHEN i % 11 = 0 THEN 'meeting' ELSE 'work' END, 0 FROM n",
                PROJECTS - 1
            ),
            // Five years back from 2026-11-30, spread over members, projects and days.
            format!(
                "INSERT INTO punches (member, project, day, minutes, volunteer, created_at)
                 WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {})
                 SELECT 'member-' || (i % {MEMBERS}), 'project-' || ((i / 7) % {PROJECTS}),
                        date('2026-11-30', '-' || (i % 1826) || ' days'), 15 + (i % 8) * 15, (i % 5 = 0), 0 FROM n",
                entries - 1
            ),
            format!(
                "INSERT INTO proposals (id, room, proposer, text, created_at, deadline_at, state, closed_at)
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PROPOSALS})
                 SELECT i, '#office', 'member-' || (i % {MEMBERS}), 'proposal number ' || i || ': buy or change something for the collective',
                        1640995200000 + i * 86400000 / 3, 1640995200000 + i * 86400000 / 3 + 172800000,
                        CASE WHEN i > {PROPOSALS} - 10 THEN 'open' WHEN i % 5 = 0 THEN 'rejected' WHEN i % 13 = 0 THEN 'withdrawn' ELSE 'adopted' END,
                        CASE WHEN i > {PROPOSALS} - 10 THEN NULL ELSE 1640995200000 + i * 86400000 / 3 + 172800000 END FROM n"
            ),
            "INSERT INTO vetoes (proposal_id, vetoer, reason, created_at)
             SELECT id, 'member-' || ((id + 3) % 20), 'not now: the budget is tight this month', created_at + 3600000
             FROM proposals WHERE id % 5 = 0"
                .to_owned(),
            "INSERT INTO decisions (proposal_id, outcome, decided_at, recorded_at, how, note)
             SELECT id, state, closed_at, closed_at, CASE WHEN id % 5 = 0 THEN 'meeting' ELSE 'deadline' END,
                    CASE WHEN id % 5 = 0 THEN 'the meeting agreed with the veto' END
             FROM proposals WHERE state IN ('adopted', 'rejected')"
                .to_owned(),
            // A meeting a week up to 2026-11-25 (every fourth a reflection meeting), three
            // members in four at each, and a leave now and then.
            format!(
                "INSERT INTO meetings (id, room, committee, started_at, started_by, ended_at)
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MEETINGS})
                 SELECT i, '#office', CASE WHEN i % 4 = 0 THEN 'reflection' ELSE 'production' END,
                        1638349200000 + i * 604800000, 'member-0', 1638349200000 + i * 604800000 + 3600000 FROM n"
            ),
            format!(
                "INSERT INTO attendance (meeting_id, member, at, how)
                 WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < {})
                 SELECT m.id, 'member-' || k.i, m.started_at, 'here' FROM meetings m, k WHERE (m.id + k.i) % 4 <> 0",
                MEMBERS - 1
            ),
            "INSERT INTO absences (member, from_day, to_day, reason, created_at)
             SELECT 'member-' || (id % 20), date(started_at / 1000, 'unixepoch'), date(started_at / 1000, 'unixepoch', '+10 days'), 'leave', 0
             FROM meetings WHERE id % 10 = 0"
                .to_owned(),
            "PRAGMA wal_checkpoint(TRUNCATE)".to_owned(),
        ];
        for sql in steps {
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut db).await.expect("fill");
        }
    });
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: BufReader<TcpStream>,
    address: String,
}

impl Client {
    fn new(address: &str) -> Client {
        let stream = TcpStream::connect(address).expect("connect");
        stream.set_nodelay(true).ok();
        Client {
            stream: BufReader::new(stream),
            address: address.to_owned(),
        }
    }

    /// GET `path`; its body's length. Panics on anything but 200.
    fn get(&mut self, path: &str) -> usize {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address);
        self.stream.get_mut().write_all(request.as_bytes()).expect("send");
        let mut status = String::new();
        self.stream.read_line(&mut status).expect("status");
        assert!(status.contains(" 200 "), "{path}: {status}");
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).expect("body");
        length
    }
}

fn latencies(c: &mut Client, path: impl Fn(usize) -> String, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let path = path(i);
            let t = Instant::now();
            c.get(&path);
            t.elapsed()
        })
        .collect()
}

/// Requests per second that `clients` connections get through in `time`, alternating
/// `pages`; `rendered`: each request a new address, so that the server renders every one
/// (no page served from its cache).
fn throughput(address: &str, clients: usize, time: Duration, pages: [&'static str; 2], rendered: bool) -> f64 {
    let end = Instant::now() + time;
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let address = address.to_owned();
            std::thread::spawn(move || {
                let mut c = Client::new(&address);
                let mut done = 0u64;
                while Instant::now() < end {
                    let page = pages[((done + i as u64) % 2) as usize];
                    if rendered {
                        c.get(&format!("{page}?client={i}&n={done}"));
                    } else {
                        c.get(page);
                    }
                    done += 1;
                }
                done
            })
        })
        .collect();
    let total: u64 = threads.into_iter().map(|t| t.join().expect("client")).sum();
    total as f64 / time.as_secs_f64()
}

/// One run's figures (latencies in ms, rates in requests/s, RSS in MiB).
struct Run {
    hours50: f64,
    hours99: f64,
    dec50: f64,
    dec99: f64,
    kept50: f64,
    kept99: f64,
    /// p50 and p99 of each of `MORE`, rendered.
    more: Vec<(f64, f64)>,
    kept_rate: f64,
    kept_capacity: f64,
    rendered_rate: f64,
    rendered_capacity: f64,
    members_rate: f64,
    members_capacity: f64,
    rss_before: f64,
    rss_after: f64,
}

impl Run {
    fn line(&self, clients: usize) -> String {
        let more: Vec<String> = MORE
            .iter()
            .zip(&self.more)
            .map(|(page, (p50, p99))| format!("{page} p50 {p50:.3} ms p99 {p99:.3} ms"))
            .collect();
        format!(
            "rendered: /hours p50 {:.3} ms p99 {:.3} ms, /decisions p50 {:.3} ms p99 {:.3} ms, {}; kept: p50 {:.3} ms p99 {:.3} ms; \
             {clients} clients: {:.0} requests/s on the same pages ({:.0}/s by the server's CPU time), \
             {:.0} requests/s each rendered ({:.0}/s by its CPU time), /membership and /attendance {:.0} requests/s each rendered \
             ({:.0}/s by its CPU time); RSS {:.1} → {:.1} MiB",
            self.hours50,
            self.hours99,
            self.dec50,
            self.dec99,
            more.join(", "),
            self.kept50,
            self.kept99,
            self.kept_rate,
            self.kept_capacity,
            self.rendered_rate,
            self.rendered_capacity,
            self.members_rate,
            self.members_capacity,
            self.rss_before,
            self.rss_after
        )
    }
}
