//! Active/standby on PostgreSQL (docs/storage.md, "A standby that takes over"), against a
//! real PostgreSQL and a real InspIRCd + Atheme: two `konbit run` with one configuration
//! on one database. The active one killed (SIGKILL) in the middle of a burst of `!punch`
//! and around a proposal's deadline and a reminder: the standby answers, every confirmed
//! punch is there once, the adoption is announced once, the reminder said once. The
//! active one frozen (SIGSTOP) past its lease and resumed: it writes and sends nothing,
//! and stops. The database itself failing over (its primary killed, the replica
//! promoted) while members punch: konbit goes on, on the promoted replica, and nothing it
//! confirmed is lost.

use crate::support;

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use support::Bot;
use support::ircnet::{Client, IrcNet};
use support::postgres::PgServer;

const PASSWORD_ENV: &str = "KONBIT_TEST_IRC_PASSWORD";

/// The configuration both instances share: a short lease, so that a takeover is quick.
fn config(url: &str, port: u16) -> String {
    config_leased(url, port, "3s")
}

fn config_leased(url: &str, port: u16, lease: &str) -> String {
    format!(
        "[storage]\nurl = \"{url}\"\nlease = \"{lease}\"\nrenew = \"1s\"\n\
         [irc]\nserver = \"127.0.0.1\"\nport = {port}\ntls = false\nnick = \"konbit\"\nchannels = [\"#office\"]\n\
         sasl_account = \"konbit\"\npassword_env = \"{PASSWORD_ENV}\"\nburst = 10000\nlines_per_second = 1000000\n\
         [punch]\nremind_after = \"\"\n[[projects]]\nname = \"webdev\"\n[[members]]\nname = \"alice\"\nirc_account = \"alice\"\n"
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A proposal by alice whose deadline falls `in_` from now, in the main room.
fn proposal_due_in(url: &str, in_: Duration) -> i64 {
    runtime().block_on(async {
        let store = konbit::store::Store::open_postgres(url, 1).await.expect("open");
        let now = chrono::Utc::now();
        let deadline = now + chrono::Duration::from_std(in_).expect("span");
        let p = store
            .insert_proposal(&konbit::store::NewProposal {
                room: "#office".into(),
                proposer: "alice".into(),
                text: "a standby for the bot".into(),
                budget: None,
                over_budget: false,
                created_at: now,
                deadline,
                deferred_to: None,
                next_event: Some(deadline),
            })
            .await
            .expect("proposal");
        p.id.0
    })
}

/// A reminder alice set for herself, due `in_` from now: what it says.
fn reminder_due_in(url: &str, in_: Duration) -> &'static str {
    const TEXT: &str = "the standby drill";
    runtime().block_on(async {
        let store = konbit::store::Store::open_postgres(url, 1).await.expect("open");
        let now = chrono::Utc::now();
        let due = now + chrono::Duration::from_std(in_).expect("span");
        store
            .add_reminder(&konbit::store::NewReminder {
                owner: "alice".into(),
                target: konbit::store::Target::Member("alice".into()),
                text: TEXT.into(),
                tz: chrono_tz::America::Montreal,
                every: None,
                due,
                deliver_at: Some(due),
                created_at: now,
            })
            .await
            .expect("reminder");
    });
    TEXT
}

/// Every confirmed punch is in the database, and no punch twice (each note is unique).
fn assert_confirmed_once(url: &str, confirmed: &[i64]) {
    runtime().block_on(async {
        let store = konbit::store::Store::open_postgres(url, 1).await.expect("open");
        let today = chrono::Utc::now().date_naive();
        let all = store
            .punches_between(today - chrono::Duration::days(90), today, None)
            .await
            .expect("punches");
        support::assert_confirmed_once(&all, confirmed);
    });
}

/// The punch ids of the database whose note is `note`.
fn punches_noted(url: &str, note: &str) -> usize {
    runtime().block_on(async {
        let store = konbit::store::Store::open_postgres(url, 1).await.expect("open");
        let today = chrono::Utc::now().date_naive();
        let all = store
            .punches_between(today - chrono::Duration::days(90), today, None)
            .await
            .expect("punches");
        all.iter().filter(|p| p.note.as_deref() == Some(note)).count()
    })
}

/// "… PRIVMSG alice :Recorded #12: 1m on webdev, …" → 12.
fn recorded(line: &str) -> Option<i64> {
    line.split_once(" PRIVMSG alice :Recorded #")
        .and_then(|(_, r)| r.split(':').next())
        .and_then(|id| id.parse().ok())
}

/// Real PostgreSQL and IRC servers and two `konbit run` with one configuration on one
/// database: the first active (alice, in `#office`, had its answer), the second standing
/// by. `before` prepares the database before they start; what it gives is kept.
struct Pair<T> {
    before: T,
    url: String,
    active: support::Running,
    standby: support::Running,
    alice: Client,
    // Dropped after the processes (fields drop in order): their servers and directories.
    _bots: (Bot, Bot),
    _net: IrcNet,
    _pg: PgServer,
}

impl<T> Pair<T> {
    fn start(before: impl FnOnce(&str) -> T) -> Option<Pair<T>> {
        let pg = PgServer::start()?;
        let net = IrcNet::start();
        for account in ["konbit", "alice"] {
            Client::register(net.port, account, &format!("{account}-pw"));
        }
        let url = pg.database();
        let before = before(&url);
        let first = Bot::with_exact_config(&config(&url, net.load_port));
        let second = Bot::with_exact_config(&config(&url, net.load_port));
        let env = [(PASSWORD_ENV, "konbit-pw")];
        let active = first.spawn(&["run"], &env);
        let mut alice = Client::connect(net.load_port, "alice", Some(("alice", "alice-pw")));
        alice.join("#office");
        alice.wait_until_answered_by("konbit");
        let standby = second.spawn(&["run"], &env);
        assert!(
            standby.wait_log("standing by", 1, Duration::from_secs(30)),
            "the second konbit does not stand by; its log:\n{}",
            standby.log()
        );
        Some(Pair {
            before,
            url,
            active,
            standby,
            alice,
            _bots: (first, second),
            _net: net,
            _pg: pg,
        })
    }
}

/// Punches with notes `n0`, `n1`, … said to the bot every `pace`, until stopped.
struct Flood {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<std::net::TcpStream>,
}

impl Flood {
    fn start(mut writer: std::net::TcpStream, pace: Duration) -> Flood {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let stop = stop.clone();
            move || {
                let today = chrono::Utc::now().date_naive();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let day = today - chrono::Duration::days(1 + (i % 60));
                    if write!(writer, "PRIVMSG konbit :!punch 1m webdev {day} n{i}\r\n").is_err() {
                        break;
                    }
                    i += 1;
                    std::thread::sleep(pace);
                }
                writer
            }
        });
        Flood { stop, thread }
    }

    /// Stops it; the connection's writing half back.
    fn stop(self) -> std::net::TcpStream {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("flood")
    }
}

/// Asks the bot `!projects` and reads up to its answer: the punches confirmed before it,
/// and how many lines contained each of `watch`.
fn until_projects_answered(
    reader: &mut std::io::BufReader<std::net::TcpStream>,
    writer: &mut std::net::TcpStream,
    watch: &[&str],
) -> (Vec<i64>, Vec<usize>) {
    write!(writer, "PRIVMSG konbit :!projects\r\n").expect("send");
    let (mut confirmed, mut watched) = (Vec::new(), vec![0; watch.len()]);
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            reader.read_line(&mut line).is_ok_and(|n| n > 0),
            "no answer to !projects"
        );
        for (seen, w) in watched.iter_mut().zip(watch) {
            *seen += usize::from(line.contains(w));
        }
        confirmed.extend(recorded(&line));
        if line.contains(" PRIVMSG alice :Projects: ") {
            return (confirmed, watched);
        }
    }
}

#[test]
#[ignore = "needs PostgreSQL, InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn the_standby_answers_after_the_active_one_is_killed_and_nothing_confirmed_is_lost_or_announced_twice() {
    let Some(pair) = Pair::start(|url| {
        let due = Duration::from_secs(8);
        (proposal_due_in(url, due), reminder_due_in(url, due))
    }) else {
        return;
    };
    let ((proposal, reminder), url) = (pair.before, pair.url);
    let (active, standby, alice) = (pair.active, pair.standby, pair.alice);

    // A steady burst of punches, each with its own note, until told to stop.
    let (mut reader, writer) = alice.into_parts();
    let flood = Flood::start(writer, Duration::from_millis(2));
    let adopted = format!("PRIVMSG #office :Adopted: proposal #{proposal} ");
    let reminded = format!("PRIVMSG alice :Reminder: {reminder}");
    let (mut confirmed, mut adoptions, mut reminders) = (Vec::new(), 0, 0);
    let mut active = Some(active);
    let mut killed_at = None;
    let mut after_kill = 0;
    let mut line = String::new();
    let give_up = Instant::now() + Duration::from_secs(120);
    while Instant::now() < give_up && reader.read_line(&mut line).is_ok_and(|n| n > 0) {
        if let Some(rest) = line.strip_prefix("PING ") {
            let _ = reader.get_mut().write_all(format!("PONG {rest}").as_bytes());
        }
        adoptions += usize::from(line.contains(&adopted));
        reminders += usize::from(line.contains(&reminded));
        if let Some(id) = recorded(&line) {
            confirmed.push(id);
            if killed_at.is_some() {
                after_kill += 1;
            }
        }
        line.clear();
        if confirmed.len() == 300 && killed_at.is_none() {
            // In the middle of the burst: SIGKILL.
            drop(active.take());
            killed_at = Some(Instant::now());
        }
        if after_kill >= 300 && adoptions > 0 && reminders > 0 {
            break;
        }
    }
    let mut writer = flood.stop();
    assert!(
        after_kill >= 300,
        "the standby did not answer after the takeover ({after_kill} answers); its log:\n{}",
        standby.log()
    );
    assert!(standby.log().contains("this konbit is active"), "{}", standby.log());
    // A last command, answered: the bot moved past everything said before it, and an
    // adoption announced twice, or a reminder said twice, would have come before its answer.
    let (more, again) = until_projects_answered(&mut reader, &mut writer, &[&adopted, &reminded]);
    confirmed.extend(more);
    assert_eq!(adoptions + again[0], 1, "the adoption was not announced exactly once");
    assert_eq!(reminders + again[1], 1, "alice was not reminded exactly once");
    assert_confirmed_once(&url, &confirmed);
}

#[test]
#[ignore = "needs PostgreSQL, InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn a_frozen_active_konbit_is_replaced_under_its_nick_and_once_resumed_writes_nothing_and_stops() {
    let Some(pair) = Pair::start(|_| ()) else {
        return;
    };
    let (url, mut active, standby, mut alice) = (pair.url, pair.active, pair.standby, pair.alice);
    // Frozen past its lease, with a punch waiting in its connection: the standby takes
    // over, has NickServ end the frozen one's connection (it still holds the nick) and
    // answers under the bot's nick.
    signal(active.pid(), "-STOP");
    let day = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
    alice.say("konbit", &format!("!punch 1m webdev {day} frozen"));
    assert!(
        standby.wait_log("this konbit is active", 1, Duration::from_secs(30)),
        "the standby did not take over; its log:\n{}",
        standby.log()
    );
    let ghosted =
        alice.expect(|l| l.starts_with(":konbit!") && (l.contains(" QUIT ") || l.contains(" PRIVMSG alice ")));
    assert!(ghosted.contains(" QUIT "), "the frozen konbit answered: {ghosted}");
    alice.wait_until_answered_by("konbit");
    // Resumed: it finds its lease taken, writes nothing and stops.
    signal(active.pid(), "-CONT");
    assert_eq!(
        active.wait_exit(Duration::from_secs(30)),
        Some(konbit::lease::LOST_LEASE),
        "{}",
        active.log()
    );
    assert!(active.log().contains("lost the lease"), "{}", active.log());
    assert_eq!(
        punches_noted(&url, "frozen"),
        0,
        "the frozen konbit wrote after the takeover"
    );
}

fn signal(pid: u32, which: &str) {
    let status = std::process::Command::new("kill")
        .args([which, &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

/// The fencing itself, on the store: a unit of work of an epoch another konbit took
/// over is refused, whenever it runs (the frozen process above exits at its first
/// renewal, usually before it reads anything; this is the guard behind that).
#[test]
#[ignore = "needs PostgreSQL (scripts/test installs it)"]
fn a_unit_of_work_of_a_konbit_whose_lease_was_taken_over_is_refused() {
    use konbit::store::{Store, StoreError};
    let Some(pg) = PgServer::start() else {
        return;
    };
    let url = pg.database();
    runtime().block_on(async {
        let open = || Store::open_postgres(&url, 1);
        let (a, a_lease, b_lease) = (open().await.unwrap(), open().await.unwrap(), open().await.unwrap());
        let now = chrono::Utc::now();
        let epoch = a_lease
            .lease_take("a", 1_000)
            .await
            .unwrap()
            .expect("a takes the lease");
        assert_eq!(b_lease.lease_take("b", 1_000).await.unwrap(), None, "held by a");
        a.fence_at(epoch);
        a.unit(async { a.add_project("before", "alice", now).await })
            .await
            .expect("a writes while it holds the lease");
        // a stops renewing; once its lease expired (by the database's clock), b takes it.
        while a_lease.lease_holder().await.unwrap().expect("holder").expires_in_ms >= 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let next = b_lease.lease_take("b", 60_000).await.unwrap().expect("b takes over");
        assert_eq!(next, epoch + 1);
        let refused = a.unit(async { a.add_project("after", "alice", now).await }).await;
        assert!(
            matches!(refused, Err(StoreError::Fenced(e)) if e == epoch),
            "{refused:?}"
        );
        assert!(
            !a_lease.lease_renew(epoch, 1_000).await.unwrap(),
            "a renews a lease it lost"
        );
        let names: Vec<String> = b_lease.projects().await.unwrap().into_iter().map(|p| p.name).collect();
        assert!(names.contains(&"before".to_owned()), "{names:?}");
        assert!(!names.contains(&"after".to_owned()), "the old epoch wrote: {names:?}");
    });
}

/// `postgres://u:p@HOST:PORT/db` → `HOST:PORT`.
fn host_of(url: &str) -> &str {
    let after = url.split_once('@').map_or(url, |(_, r)| r);
    after.split('/').next().unwrap_or(after)
}

#[test]
#[ignore = "needs PostgreSQL, InspIRCd and Atheme: run with -- --include-ignored (scripts/test does)"]
fn members_go_on_punching_when_the_database_fails_over_to_its_replica_and_nothing_confirmed_is_lost() {
    let Some(pg) = PgServer::start_with_replica() else {
        return;
    };
    let replica = pg.replica_url.clone().expect("a replica");
    let net = IrcNet::start();
    for account in ["konbit", "alice"] {
        Client::register(net.port, account, &format!("{account}-pw"));
    }
    // A database of its own, created on the primary and streamed to the replica; the
    // URL lists both servers, the primary first.
    let url = pg.database();
    let name = url.rsplit_once('/').map(|(_, n)| n.to_owned()).expect("name");
    let (primary_host, replica_host) = (host_of(&url).to_owned(), host_of(&replica).to_owned());
    let listed = url.replacen(&primary_host, &format!("{primary_host},{replica_host}"), 1);
    let promoted = format!("{}/{name}", replica.rsplit_once('/').expect("base").0);
    // A lease longer than the failover: the active one keeps it across.
    let bot = Bot::with_exact_config(&config_leased(&listed, net.load_port, "30s"));
    let running = bot.spawn(&["run"], &[(PASSWORD_ENV, "konbit-pw")]);
    let mut alice = Client::connect(net.load_port, "alice", Some(("alice", "alice-pw")));
    alice.wait_until_answered_by("konbit");

    let (mut reader, writer) = alice.into_parts();
    let flood = Flood::start(writer, Duration::from_millis(5));
    let mut confirmed = Vec::new();
    let mut after = 0;
    let mut line = String::new();
    let give_up = Instant::now() + Duration::from_secs(120);
    std::thread::scope(|scope| {
        let mut failover: Option<std::thread::ScopedJoinHandle<()>> = None;
        while Instant::now() < give_up && reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if let Some(id) = recorded(&line) {
                confirmed.push(id);
                if failover.as_ref().is_some_and(|f| f.is_finished()) {
                    after += 1;
                }
            }
            line.clear();
            if confirmed.len() == 200 && failover.is_none() {
                // In the middle of the punches: the primary dies, its replica is promoted.
                pg.kill_primary();
                failover = Some(scope.spawn(|| pg.promote()));
            }
            if after >= 200 {
                break;
            }
        }
    });
    let mut writer = flood.stop();
    assert!(
        after >= 200,
        "konbit did not go on after the failover ({after} punches confirmed since); its log:\n{}",
        running.log()
    );
    let (more, _) = until_projects_answered(&mut reader, &mut writer, &[]);
    confirmed.extend(more);
    assert!(
        running.log().contains("the database's writable server"),
        "{}",
        running.log()
    );
    assert_confirmed_once(&promoted, &confirmed);
}
