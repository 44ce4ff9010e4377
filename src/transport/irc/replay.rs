//! The IRC transport without a socket, for the fuzzer and its regression test: what a
//! server sends goes through the transport's own code — the reader task, the main loop's
//! batching, protocol handling, the core through the hub, the outbox, the fair queue,
//! the pacing, the lines in flight and the writer task — and what the writer writes is
//! what konbit would send. Only the socket is replaced (bytes in memory both ways) and the
//! pacing opened (the fuzzer checks lines, not rates).

use std::io::Cursor;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use tokio::sync::mpsc;

use super::connect::{CLOSED_BY_THE_SERVER, open};
use super::{EVENTS_WAITING, Event, Irc};
use crate::config::IrcSettings;
use crate::i18n::Lang;
use crate::transport::Hub;

/// What konbit wrote during a replay.
#[doc(hidden)]
pub struct Replayed {
    /// The lines, without their CR LF.
    pub lines: Vec<String>,
    /// The longest nick konbit had (the server may change it): a server relays a line
    /// with `:nick!user@host ` in front.
    pub longest_nick: usize,
}

/// The bytes the writer task wrote.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<Vec<u8>>>);

impl tokio::io::AsyncWrite for Wire {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        // A writer that panicked mid-write left whole writes before it: still bytes.
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// One connection on which the server sends `server_says` and then closes: konbit's side,
/// the password `pw`, until what it was handed when the server's lines ended is written.
/// Within a tokio runtime (the reader and writer are tasks).
#[doc(hidden)]
pub async fn replay(hub: Arc<Hub>, mut settings: IrcSettings, server_says: &[u8]) -> Replayed {
    settings.burst = u32::MAX;
    settings.lines_per_second = 1e9;
    let (events_tx, mut events) = mpsc::channel::<Event>(EVENTS_WAITING);
    let mut irc = Irc::new(hub, settings, Some("pw".to_owned()), Lang::En);
    let wire = Wire::default();
    let read = Box::new(Cursor::new(server_says.to_vec()));
    irc.link = Some(open(&irc.settings, 1, read, Box::new(wire.clone()), events_tx));
    let mut longest_nick = irc.settings.nick.len();
    // The main loop's own steps, until the reader reached the end of what the server said.
    let mut ended = false;
    while !ended && let Some(event) = events.recv().await {
        match irc.take(event, &mut events).await {
            Some(Event::Closed(_, why)) if why == CLOSED_BY_THE_SERVER => ended = true,
            Some(other) => irc.event(other).await,
            None => {}
        }
        if let Some(l) = &irc.link {
            longest_nick = longest_nick.max(l.nick.len());
        }
        if irc.after_event().await.is_err() {
            // The services refused the password: `konbit run` stops here.
            break;
        }
    }
    // What was handed to the writer is written; what that lets go next is sent too.
    let mut rounds = 0u32;
    loop {
        tokio::task::yield_now().await;
        let mut any = false;
        while let Ok(event) = events.try_recv() {
            any = true;
            irc.event(event).await;
        }
        if irc.after_event().await.is_err() {
            break;
        }
        let idle = irc.link.as_ref().is_none_or(|l| l.backlog.is_empty()) && irc.out.in_flight.is_empty();
        if !any && idle {
            break;
        }
        rounds += 1;
        assert!(rounds < 100_000, "the writer never confirmed what it was handed");
    }
    let bytes = std::mem::take(&mut *wire.0.lock().unwrap_or_else(PoisonError::into_inner));
    let lines = String::from_utf8_lossy(&bytes)
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    Replayed { lines, longest_nick }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Core;
    use crate::config::Config;
    use crate::effect::{Network, Room};
    use crate::store::Store;
    use crate::transport::irc::{MAX_IN_FLIGHT, WRITER_WAITING};

    const CONFIG: &str = r##"
[irc]
server = "irc.invalid"
channels = ["#office"]
allow_nick_only = true
[[projects]]
name = "webdev"
[[members]]
name = "alice"
irc_nick = "alice"
"##;

    async fn hub(dir: &std::path::Path) -> Arc<Hub> {
        let mut config = Config::parse(CONFIG, dir).expect("valid");
        config.database = dir.join("konbit.db");
        let store = Store::open(&config.database).await.expect("store");
        let core = Core::new(Arc::new(config), store, Room::new(Network::Irc, "#office"));
        core.prepare(chrono::Utc::now()).await.expect("prepare");
        Arc::new(Hub::new(Arc::new(core)))
    }

    /// What the server says after registration and the bot's own JOIN.
    fn server_says(then: &str) -> Vec<u8> {
        format!(":irc.invalid 001 konbit :Welcome\r\n:konbit!k@host JOIN #office\r\n{then}").into_bytes()
    }

    #[tokio::test]
    async fn every_answer_to_a_burst_is_written_past_the_lines_in_flight_and_a_full_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let hub = hub(dir.path()).await;
        let settings = hub.core.config().irc.clone().expect("irc");
        // More commands than lines may be in flight, and more PINGs than the writer's
        // channel holds: each answered, none lost.
        let mut then = ":alice!a@host JOIN #office\r\n".to_owned();
        for i in 0..3 * WRITER_WAITING {
            then.push_str(&format!("PING :t{i}\r\n"));
        }
        for i in 0..2 * MAX_IN_FLIGHT {
            then.push_str(&format!(":alice!a@host PRIVMSG #office :!punch 1m webdev {i}\r\n"));
        }
        let out = replay(hub, settings, &server_says(&then)).await;
        let pongs: Vec<&String> = out.lines.iter().filter(|l| l.starts_with("PONG ")).collect();
        assert_eq!(pongs.len(), 3 * WRITER_WAITING);
        assert_eq!(
            pongs.last().map(|l| l.as_str()),
            Some(&*format!("PONG :t{}", 3 * WRITER_WAITING - 1))
        );
        // Confirmed privately, in order.
        let answers: Vec<&String> = out.lines.iter().filter(|l| l.starts_with("PRIVMSG alice :")).collect();
        assert_eq!(answers.len(), 2 * MAX_IN_FLIGHT);
        for (i, line) in answers.iter().enumerate() {
            assert!(line.contains(&format!("Recorded #{}: ", i + 1)), "{i}: {line}");
        }
        assert!(out.lines.contains(&"JOIN #office".to_owned()));
    }
}
