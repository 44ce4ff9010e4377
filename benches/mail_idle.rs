//! How soon a reply is in konbit's hands: the time from the end of an LMTP delivery into
//! konbit's INBOX (the server's `250` after the message) to the mail transport's `watch`
//! calling its handler, woken by IMAP IDLE, through a real Dovecot
//! (tests/it/support/mailnet.rs). Beside it, the server's own floor in the same run: a bare
//! IMAP client in IDLE, from the same delivery point to the `* N EXISTS` line.
//!
//! `cargo bench --bench mail_idle` — `KONBIT_MAIL_ROUNDS` (20) deliveries each; prints every
//! round, the medians, and what the watch added to this process's resident memory. Needs Dovecot and aiosmtpd (scripts/test installs them).

mod common;
#[path = "../tests/it/support/mailnet.rs"]
mod mailnet;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{env_or, median, ms, proc_kib};
use konbit::transport::mail::{Disposition, Fetched, ImapEndpoint, Security, watch};
use mailnet::Mailnet;
use tokio::sync::{mpsc, oneshot, watch as watch_channel};

fn message(n: usize) -> Vec<u8> {
    format!("From: bob@test\r\nTo: konbit+tok3n@test\r\nSubject: r{n}\r\nMessage-ID: <r{n}@test>\r\n\r\nveto {n}\r\n")
        .into_bytes()
}

/// Delivers by LMTP; the instant the server confirmed it.
fn deliver(port: u16, rcpt: &str, n: usize) -> Instant {
    mailnet::lmtp(port, "bob@test", rcpt, &message(n)).expect("LMTP delivery");
    Instant::now()
}

/// The floor: a bare IMAP client idling on alice's INBOX, per delivery.
fn floor(net: &Mailnet, rounds: usize) -> Vec<f64> {
    let stream = TcpStream::connect(("127.0.0.1", net.imap_port)).expect("IMAP");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut w = stream.try_clone().expect("clone");
    let mut r = BufReader::new(stream);
    let read_until = |r: &mut BufReader<TcpStream>, needle: &str| loop {
        let mut line = String::new();
        assert!(r.read_line(&mut line).expect("read") > 0, "IMAP closed");
        if line.contains(needle) {
            return;
        }
    };
    read_until(&mut r, "* OK");
    let login = format!("a LOGIN alice \"{}\"\r\nb SELECT INBOX\r\n", net.password("alice"));
    w.write_all(login.as_bytes()).expect("write");
    read_until(&mut r, "b OK");
    let mut figures = Vec::new();
    for n in 0..rounds {
        w.write_all(format!("i{n} IDLE\r\n").as_bytes()).expect("write");
        read_until(&mut r, "+ ");
        let delivered = deliver(net.lmtp_port, "alice@test", n);
        read_until(&mut r, " EXISTS");
        figures.push(ms(delivered.elapsed()));
        w.write_all(b"DONE\r\n").expect("write");
        read_until(&mut r, &format!("i{n} OK"));
    }
    figures
}

fn main() {
    let rounds = env_or("KONBIT_MAIL_ROUNDS", 20);
    let net = Mailnet::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let endpoint = ImapEndpoint {
        host: "127.0.0.1".into(),
        port: net.imap_port,
        security: Security::None,
        user: "konbit".into(),
        password: net.password("konbit"),
        folder: "INBOX".into(),
        done_folder: None,
        poll: Duration::from_secs(600),
        transit_allowance: Duration::from_secs(15 * 60),
    };
    let (tx, mut handed) = mpsc::unbounded_channel::<Instant>();
    let (caught_tx, caught_up) = oneshot::channel();
    let (shutdown, shutdown_rx) = watch_channel::channel(false);
    let handler = move |_: Fetched| {
        let _ = tx.send(Instant::now());
        async { Disposition::Done }
    };
    let rss_before = proc_kib(std::process::id(), "VmRSS:");
    let task = runtime.spawn(watch(endpoint, handler, Some(caught_tx), shutdown_rx));
    runtime.block_on(caught_up).expect("caught up");
    let mut figures = Vec::new();
    for n in 0..rounds {
        // Long enough for the watch to mark the last one and idle again.
        std::thread::sleep(Duration::from_millis(300));
        let delivered = deliver(net.lmtp_port, "konbit+tok3n@test", n);
        let called = runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(30), handed.recv()).await })
            .expect("handed over within 30 s")
            .expect("watch running");
        let figure = ms(called.saturating_duration_since(delivered));
        println!("round {n}: handler called {figure:.1} ms after the delivery");
        figures.push(figure);
    }
    let rss_watching = proc_kib(std::process::id(), "VmRSS:");
    shutdown.send_replace(true);
    runtime.block_on(task).expect("joined").expect("watch ended well");
    let floors = floor(&net, rounds);
    let (ours, dovecot) = (median(figures.clone()), median(floors.clone()));
    println!("commit: {}", common::commit());
    println!(
        "delivery → watch handler (IDLE): median {ours:.1} ms of {rounds} (min {:.1}, max {:.1})",
        figures.iter().cloned().fold(f64::INFINITY, f64::min),
        figures.iter().cloned().fold(0.0, f64::max)
    );
    println!("delivery → * EXISTS to a bare IMAP client (Dovecot's floor): median {dovecot:.1} ms of {rounds}");
    println!("mail transport's own share: {:.1} ms", ours - dovecot);
    println!(
        "memory: this process's RSS {:.1} MiB before the watch started, {:.1} MiB after {rounds} replies (+{:.1} MiB)",
        rss_before as f64 / 1024.0,
        rss_watching as f64 / 1024.0,
        (rss_watching as f64 - rss_before as f64) / 1024.0
    );
}
