//! The IRC transport (`konbit run`): one connection to one network, several channels,
//! private messages both ways, presence from JOIN/PART/QUIT/NAMES.
//!
//! Identity comes from services accounts: konbit asks for the IRCv3 `account-tag`,
//! `extended-join`, `account-notify` and `server-time` capabilities, logs into its own
//! account with SASL PLAIN, and maps a speaker to a member by the account the server
//! vouches for. A member's nick used by someone not logged into the member's account
//! gets no writing rights (unless the collective allows nick-only identification).
//!
//! Reliability: the connection is re-established with exponential backoff and jitter;
//! announcements that fall due (the hub's scheduler) go through a durable outbox and are
//! delivered once connected and joined; outgoing lines are rate-limited (a burst, then a
//! steady rate) and split on UTF-8 boundaries under the 512-byte line limit, with the
//! prefix the server adds counted in.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use irc::proto::{CapSubCommand, Command, Message, Prefix, Response};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::{Backoff, Hub, Network, network_of, sleep_until};
use crate::app::{Core, Effect, Incoming, Speaker};
use crate::config::IrcSettings;
use crate::i18n::Lang;
use crate::t;

/// The capabilities konbit asks for when the server offers them.
const WANTED_CAPS: [&str; 5] = [
    "account-tag",
    "extended-join",
    "account-notify",
    "server-time",
    "message-tags",
];

/// A channel's room in the core: the channel name, as the collective writes it.
fn room_key(channel: &str) -> String {
    channel.to_owned()
}

/// How long connecting (DNS, TCP, TLS) may take.
const CONNECT_TIMEOUT: StdDuration = StdDuration::from_secs(20);
/// Silence after which a keep-alive PING is sent, and how long its answer may take.
const IDLE_PING: StdDuration = StdDuration::from_secs(90);
const PING_TIMEOUT: StdDuration = StdDuration::from_secs(60);

/// What the reader and writer tasks tell the main loop.
enum Event {
    Line(u64, Box<Message>),
    Closed(u64, String),
    /// An outbox entry was written to the socket.
    Sent(u64, i64),
}

/// A line to send; `outbox` is the durable entry it delivers, if any.
struct Out {
    line: String,
    outbox: Option<i64>,
}

/// A live connection: where to send lines, and what the main loop knows of it.
struct Link {
    generation: u64,
    tx: mpsc::UnboundedSender<Out>,
    /// The nick the server knows us by.
    nick: String,
    caps: Vec<String>,
    registered: bool,
    joined: Vec<String>,
    /// Accounts by lower-cased nick, from extended-join, account-notify, WHOX, tags.
    accounts: HashMap<String, String>,
    /// Capabilities offered so far (`CAP LS` may come in several lines).
    offered: Vec<String>,
    /// When the server last sent anything, and whether a keep-alive PING is out.
    last_heard: Instant,
    ping_sent: Option<Instant>,
    /// The reader and writer tasks, stopped with the link.
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Link {
    /// A connection just opened: not registered yet, nothing known of anyone.
    fn new(
        generation: u64,
        tx: mpsc::UnboundedSender<Out>,
        nick: &str,
        tasks: Vec<tokio::task::JoinHandle<()>>,
    ) -> Link {
        Link {
            generation,
            tx,
            nick: nick.to_owned(),
            caps: Vec::new(),
            registered: false,
            joined: Vec::new(),
            accounts: HashMap::new(),
            offered: Vec::new(),
            last_heard: Instant::now(),
            ping_sent: None,
            tasks,
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Splits a line of text into pieces of at most `max` bytes, on UTF-8 boundaries,
/// preferring to break at a space.
pub fn split_line(text: &str, max: usize) -> Vec<String> {
    let max = max.max(8);
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(space) = rest[..cut].rfind(' ').filter(|i| *i > max / 2) {
            cut = space;
        }
        out.push(rest[..cut].trim_end().to_owned());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

/// The longest text of a PRIVMSG to `target` so that the line as relayed, with the
/// prefix `:nick!user@host ` the server puts in front, stays within 512 bytes.
fn text_budget(nick: &str, target: &str) -> usize {
    // user is at most 10 bytes, host at most 63 (RFC 2812 limits InspIRCd applies).
    let prefix = 1 + nick.len() + 1 + 10 + 1 + 63 + 1;
    512usize.saturating_sub(prefix + "PRIVMSG ".len() + target.len() + " :".len() + 2)
}

/// `s` with every line break or NUL made a space: either would end an IRC line early.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\r', '\n', '\0']) {
        s.replace(['\r', '\n', '\0'], " ").into()
    } else {
        s.into()
    }
}

fn privmsg_lines(nick: &str, target: &str, first_prefix: &str, text: &str) -> Vec<String> {
    // Names the server gave (the target, a speaker's nick) may carry anything.
    let (target, first_prefix) = (one_line(target), one_line(first_prefix));
    let target = target.as_ref();
    let budget = text_budget(nick, target);
    // A target so long that no text fits (no real server has one) cannot be answered.
    if budget < 16 {
        tracing::warn!(target = %target, "no room left in an IRC line for this target; the message is dropped");
        return Vec::new();
    }
    let mut lines = Vec::new();
    let text = text.replace(['\r', '\0'], " ");
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 {
            format!("{first_prefix}{line}")
        } else {
            line.to_owned()
        };
        // A line may not be empty or start with ':' issues; a space keeps it a text.
        for piece in split_line(&line, budget) {
            let piece = if piece.is_empty() { " ".to_owned() } else { piece };
            lines.push(format!("PRIVMSG {target} :{piece}"));
        }
    }
    lines
}

fn tag<'a>(msg: &'a Message, name: &str) -> Option<&'a str> {
    msg.tags
        .as_ref()?
        .iter()
        .find(|t| t.0 == name)
        .and_then(|t| t.1.as_deref())
}

fn nick_of(msg: &Message) -> Option<&str> {
    match &msg.prefix {
        Some(Prefix::Nickname(n, _, _)) => Some(n),
        _ => None,
    }
}

/// Runs the IRC transport until the process is stopped.
pub async fn run(hub: Arc<Hub>, settings: IrcSettings) -> anyhow::Result<()> {
    let core = hub.core.clone();
    let mut outbox_changes = hub.outbox_changes();
    // Startup failures are for whoever runs konbit: in their language.
    let lang = Lang::from_env().unwrap_or(core.config().collective.lang);
    let tls = if settings.tls {
        Some(tls_connector(&settings, lang)?)
    } else {
        None
    };
    let password = match &settings.sasl {
        Some((_, secret)) => Some(secret.read().map_err(|e| {
            anyhow::Error::msg(
                t!(lang, "irc-password-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()),
            )
        })?),
        None => None,
    };
    if settings.allow_nick_only {
        tracing::warn!(
            "irc.allow_nick_only is on: members without a services account are identified by nick alone, which anyone can take"
        );
    }
    let (events_tx, mut events) = mpsc::unbounded_channel::<Event>();
    let mut link: Option<Link> = None;
    let mut generation = 0u64;
    let mut backoff = Backoff::new();
    let mut reconnect_at = Some(Instant::now());
    loop {
        tokio::select! {Some(event) = events.recv() => match event {
                Event::Line(g, msg) if link.as_ref().is_some_and(|l| l.generation == g) => {
                    if let Some(l) = link.as_mut() {
                        l.last_heard = Instant::now();
                        l.ping_sent = None;
                        if l.registered {
                            backoff.reset();
                        }
                        // Take every line already waiting: commands that arrived together
                        // are handled together (one commit for a run of punches).
                        let mut batch = Vec::new();
                        let mut next = Some(*msg);
                        let mut deferred = None;
                        while let Some(m) = next.take() {
                            if let Some(incoming) = handle_line(&core, &settings, password.as_deref(), l, m).await {
                                batch.push(incoming);
                            }
                            if batch.len() >= 512 {
                                break;
                            }
                            match events.try_recv() {
                                Ok(Event::Line(g2, m2)) if g2 == g => next = Some(*m2),
                                Ok(other) => deferred = Some(other),
                                Err(_) => {}
                            }
                        }
                        if !batch.is_empty() {
                            for effect in hub.handle(&batch).await {
                                deliver(&core, l, effect, None);
                            }
                        }
                        if l.registered && !l.joined.is_empty() {
                            flush_outbox(&core, l).await;
                        }
                        match deferred {
                            Some(Event::Sent(g2, id)) if g2 == g => delivered(&core, id).await,
                            Some(Event::Closed(g2, why)) if g2 == g => {
                                link = None;
                                connection_lost(&core, &why).await;
                                reconnect_at = Some(Instant::now() + backoff.next());
                            }
                            _ => {}
                        }
                    }
                }
                Event::Closed(g, why) if link.as_ref().is_some_and(|l| l.generation == g) => {
                    link = None;
                    connection_lost(&core, &why).await;
                    reconnect_at = Some(Instant::now() + backoff.next());
                }
                // Only the live connection's writes count: a dead one's entries were requeued.
                Event::Sent(g, id) if link.as_ref().is_some_and(|l| l.generation == g) => delivered(&core, id).await,
                _ => {}
            },
            Ok(()) = outbox_changes.changed() => {
                if let Some(l) = link.as_mut().filter(|l| l.registered && !l.joined.is_empty()) {
                    flush_outbox(&core, l).await;
                }
            }
            () = keepalive_at(link.as_ref()) => {
                if let Some(l) = link.as_mut() {
                    if l.ping_sent.is_some() {
                        tracing::warn!("no answer from the IRC server; reconnecting");
                        link = None;
                        if let Err(e) = core.store().outbox_retry().await {
                            tracing::error!(error = %e, "cannot requeue the outbox");
                        }
                        reconnect_at = Some(Instant::now() + backoff.next());
                    } else {
                        l.ping_sent = Some(Instant::now());
                        send(l, "PING :konbit".into());
                    }
                }
            }
            () = sleep_until(reconnect_at) => {generation += 1;
                let attempt = tokio::time::timeout(CONNECT_TIMEOUT, connect(&settings, tls.as_ref(), generation, events_tx.clone()));
                match attempt.await.unwrap_or_else(|_| Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer"))) {Ok(l) => {
                        tracing::info!(server = %settings.server, port = settings.port, "connected to IRC");
                        // The backoff starts again only once registered (see above): a
                        // server that accepts and drops is not hammered.
                        link = Some(l);
                        reconnect_at = None;
                    }
                    Err(e) => {
                        let wait = backoff.next();
                        tracing::warn!(error = %e, retry_in = ?wait, "cannot connect to IRC");
                        reconnect_at = Some(Instant::now() + wait);
                    }
                }
            }
        }
    }
}

/// When the connection next needs attention: a PING after silence, or its answer's deadline.
/// The live connection closed: what was handed to it and not confirmed is sent again.
async fn connection_lost(core: &Core, why: &str) {
    tracing::warn!(reason = %why, "disconnected from IRC");
    if let Err(e) = core.store().outbox_retry().await {
        tracing::error!(error = %e, "cannot requeue the outbox");
    }
}

/// An outbox entry reached the live connection's socket.
async fn delivered(core: &Core, id: i64) {
    if let Err(e) = core.store().outbox_done(id).await {
        tracing::error!(error = %e, "cannot mark an outbox entry as delivered");
    }
}

async fn keepalive_at(link: Option<&Link>) {
    match link {
        Some(l) => match l.ping_sent {
            Some(sent) => tokio::time::sleep_until(sent + PING_TIMEOUT).await,
            None => tokio::time::sleep_until(l.last_heard + IDLE_PING).await,
        },
        None => std::future::pending().await,
    }
}

/// The TLS client configuration: the public authorities, and the configured extra one.
fn ca_error(lang: Lang, path: &std::path::Path, e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::Error::msg(t!(lang, "irc-ca-unreadable", "path" => path.display().to_string(), "detail" => e.to_string()))
}

fn tls_connector(settings: &IrcSettings, lang: Lang) -> anyhow::Result<tokio_rustls::TlsConnector> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &settings.tls_ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|it| it.collect::<Result<Vec<_>, _>>())
            .map_err(|e| ca_error(lang, path, e))?;
        for cert in certs {
            roots.add(cert).map_err(|e| ca_error(lang, path, e))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

type Reader = Box<dyn tokio::io::AsyncRead + Send + Unpin>;
type Writer = Box<dyn tokio::io::AsyncWrite + Send + Unpin>;

async fn connect(
    settings: &IrcSettings,
    tls: Option<&tokio_rustls::TlsConnector>,
    generation: u64,
    events: mpsc::UnboundedSender<Event>,
) -> std::io::Result<Link> {
    let stream = TcpStream::connect((settings.server.as_str(), settings.port)).await?;
    stream.set_nodelay(true)?;
    let (read, mut write): (Reader, Writer) = match tls {
        Some(connector) => {
            let name = rustls_pki_types::ServerName::try_from(settings.server.clone())
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
            let stream = connector.connect(name, stream).await?;
            let (r, w) = tokio::io::split(stream);
            (Box::new(r), Box::new(w))
        }
        None => {
            let (r, w) = stream.into_split();
            (Box::new(r), Box::new(w))
        }
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    // Reader: lines in; a line that is not valid UTF-8 or not IRC is logged and skipped.
    let reader_events = events.clone();
    let reader_task = tokio::spawn(async move {
        let mut reader = BufReader::new(read);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf).await {
                Ok(0) => {
                    let _ = reader_events.send(Event::Closed(generation, "closed by the server".into()));
                    return;
                }
                Ok(_) => match decode_line(&buf) {
                    None => {}
                    Some(Ok(msg)) => {
                        let closed = reader_events.send(Event::Line(generation, Box::new(msg))).is_err();
                        if closed {
                            return;
                        }
                    }
                    Some(Err(e)) => tracing::warn!(error = %e, "ignored an IRC line that does not parse"),
                },
                Err(e) => {
                    let _ = reader_events.send(Event::Closed(generation, e.to_string()));
                    return;
                }
            }
        }
    });
    // Writer: a token bucket keeps us within the server's flood limits.
    let (burst, rate) = (f64::from(settings.burst), settings.lines_per_second);
    let writer_task = tokio::spawn(async move {
        let mut tokens = burst;
        let mut last = Instant::now();
        let mut bytes = Vec::with_capacity(16 * 1024);
        let mut delivered = Vec::new();
        while let Some(first) = rx.recv().await {
            let mut next = Some(first);
            // Lines already waiting go out in one write, as far as the tokens allow.
            while let Some(out) = next.take() {
                let now = Instant::now();
                tokens = (tokens + now.duration_since(last).as_secs_f64() * rate).min(burst);
                last = now;
                if tokens < 1.0 {
                    if !bytes.is_empty() {
                        // Send what is ready before waiting for the rate.
                        if let Err(e) = write.write_all(&bytes).await {
                            let _ = events.send(Event::Closed(generation, e.to_string()));
                            return;
                        }
                        bytes.clear();
                        for id in delivered.drain(..) {
                            let _ = events.send(Event::Sent(generation, id));
                        }
                    }
                    let wait = (1.0 - tokens) / rate;
                    tokio::time::sleep(StdDuration::from_secs_f64(wait)).await;
                    tokens = 1.0;
                    last = Instant::now();
                }
                tokens -= 1.0;
                bytes.extend_from_slice(out.line.as_bytes());
                bytes.extend_from_slice(b"\r\n");
                delivered.extend(out.outbox);
                if bytes.len() < 60 * 1024 {
                    next = rx.try_recv().ok();
                }
            }
            if let Err(e) = write.write_all(&bytes).await {
                let _ = events.send(Event::Closed(generation, e.to_string()));
                return;
            }
            bytes.clear();
            for id in delivered.drain(..) {
                let _ = events.send(Event::Sent(generation, id));
            }
        }
    });
    let link = Link::new(generation, tx, &settings.nick, vec![reader_task, writer_task]);
    send(&link, "CAP LS 302".into());
    send(&link, format!("NICK {}", settings.nick));
    send(&link, format!("USER {} 0 * :konbit", settings.nick));
    Ok(link)
}

/// A line as read from the server: invalid UTF-8 replaced (a member's text is kept, the
/// odd bytes shown as �), the line ending removed. `None` for an empty line; an error for
/// one that is not IRC.
fn decode_line(bytes: &[u8]) -> Option<Result<Message, String>> {
    let line = String::from_utf8_lossy(bytes);
    let line = line.trim_end_matches(['\r', '\n']);
    if line.is_empty() {
        return None;
    }
    Some(line.parse::<Message>().map_err(|e| e.to_string()))
}

/// The IRC input path without a socket, for the fuzzer and its regression test: bytes as
/// read from the server → lines → protocol handling → the core → the lines konbit sends.
#[doc(hidden)]
pub struct Replay {
    link: Link,
    settings: IrcSettings,
    sent: mpsc::UnboundedReceiver<Out>,
}

impl Replay {
    pub fn new(settings: IrcSettings) -> Replay {
        let (tx, sent) = mpsc::unbounded_channel();
        let link = Link::new(1, tx, &settings.nick, Vec::new());
        Replay { link, settings, sent }
    }

    /// The nick konbit has now (the server may have changed it).
    pub fn nick(&self) -> &str {
        &self.link.nick
    }

    /// Feeds `bytes` (any number of lines) and returns what konbit would send back.
    pub async fn feed(&mut self, core: &Core, bytes: &[u8]) -> Vec<String> {
        let mut batch = Vec::new();
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            if let Some(Ok(msg)) = decode_line(line)
                && let Some(incoming) = handle_line(core, &self.settings, Some("pw"), &mut self.link, msg).await
            {
                batch.push(incoming);
            }
        }
        if !batch.is_empty() {
            for effect in core.handle_many(&batch).await {
                deliver(core, &self.link, effect, None);
            }
        }
        let mut out = Vec::new();
        while let Ok(o) = self.sent.try_recv() {
            out.push(o.line);
        }
        out
    }
}

/// Sends a protocol line. Parts of it may come from the server (a PING's token, a
/// channel name): a line break or NUL in them would end the line early or be refused,
/// so none is ever sent.
fn send(link: &Link, line: String) {
    let line = one_line(&line).into_owned();
    let _ = link.tx.send(Out { line, outbox: None });
}

/// Handles a protocol line; a message for the bot comes back as an [`Incoming`].
async fn handle_line(
    core: &Core,
    settings: &IrcSettings,
    password: Option<&str>,
    link: &mut Link,
    msg: Message,
) -> Option<Incoming> {
    let from = nick_of(&msg).map(str::to_owned);
    if let (Some(n), Some(account)) = (&from, tag(&msg, "account")) {
        link.accounts.insert(n.to_lowercase(), account.to_owned());
    }
    match &msg.command {
        Command::PING(a, _) => send(link, format!("PONG :{a}")),
        Command::CAP(_, CapSubCommand::LS, a, b) => {
            // `CAP * LS * :…` says more lines follow; ask once, after the last one.
            let more = a.as_deref() == Some("*") && b.is_some();
            let line = if more {
                b.as_deref()
            } else {
                b.as_deref().or(a.as_deref())
            };
            link.offered.extend(
                line.unwrap_or_default()
                    .split_whitespace()
                    .map(|c| c.split('=').next().unwrap_or(c).to_owned()),
            );
            if more {
                return None;
            }
            let offered: Vec<&str> = link.offered.iter().map(String::as_str).collect();
            let mut wanted: Vec<&str> = WANTED_CAPS.iter().copied().filter(|c| offered.contains(c)).collect();
            if settings.sasl.is_some() && offered.contains(&"sasl") {
                wanted.push("sasl");
            }
            if wanted.is_empty() {
                send(link, "CAP END".into());
            } else {
                send(link, format!("CAP REQ :{}", wanted.join(" ")));
            }
        }
        Command::CAP(_, CapSubCommand::ACK, a, b) => {
            let acked = b.as_deref().or(a.as_deref()).unwrap_or_default();
            link.caps.extend(acked.split_whitespace().map(str::to_owned));
            if link.caps.iter().any(|c| c == "sasl") && password.is_some() {
                send(link, "AUTHENTICATE PLAIN".into());
            } else {
                send(link, "CAP END".into());
            }
        }
        Command::CAP(_, CapSubCommand::NAK, _, _) => send(link, "CAP END".into()),
        Command::AUTHENTICATE(data) if data == "+" => {
            use base64::Engine;
            if let (Some((account, _)), Some(pw)) = (&settings.sasl, password) {
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{account}\0{account}\0{pw}"));
                send(link, format!("AUTHENTICATE {token}"));
            }
        }
        Command::Response(Response::RPL_SASLSUCCESS, _) => send(link, "CAP END".into()),
        Command::Response(Response::ERR_SASLFAIL | Response::ERR_SASLTOOLONG | Response::ERR_SASLABORT, _) => {
            tracing::error!("SASL login to the bot's account failed; continuing without it");
            send(link, "CAP END".into());
        }
        Command::Response(Response::RPL_WELCOME, args) => {
            if let Some(me) = args.first() {
                link.nick = me.clone();
            }
            link.registered = true;
            link.joined.clear();
            send(link, format!("JOIN {}", settings.channels.join(",")));
        }
        Command::Response(Response::ERR_NICKNAMEINUSE, _) if !link.registered => {
            link.nick.push('_');
            send(link, format!("NICK {}", link.nick));
        }
        Command::Response(Response::RPL_NAMREPLY, args) => {
            if let (Some(channel), Some(names)) = (args.get(2), args.get(3)) {
                for name in names.split_whitespace() {
                    let nick = name.trim_start_matches(['@', '+', '%', '&', '~']);
                    if !nick.eq_ignore_ascii_case(&link.nick) {
                        core.joined(&room_key(channel), &presence_name(core, settings, link, nick));
                    }
                }
            }
        }
        Command::Raw(code, args) if code == "354" => {
            // WHOX reply to `WHO #chan %tna,42`: token, nick, account ("0": none).
            if let (Some(token), Some(nick), Some(account)) = (args.get(1), args.get(2), args.get(3))
                && token == "42"
            {
                if account == "0" {
                    link.accounts.remove(&nick.to_lowercase());
                } else {
                    link.accounts.insert(nick.to_lowercase(), account.clone());
                }
            }
        }
        Command::JOIN(channel, account, _) => {
            let nick = from?;
            if nick.eq_ignore_ascii_case(&link.nick) {
                if !link.joined.contains(channel) {
                    link.joined.push(channel.clone());
                }
                send(link, format!("WHO {channel} %tna,42"));
                return None;
            }
            // extended-join: JOIN #chan account :realname ("*": not logged in).
            match account.as_deref() {
                Some("*") => {
                    link.accounts.remove(&nick.to_lowercase());
                }
                Some(a) => {
                    link.accounts.insert(nick.to_lowercase(), a.to_owned());
                }
                None => {}
            }
            core.joined(&room_key(channel), &presence_name(core, settings, link, &nick));
        }
        Command::PART(channel, _) => {
            if let Some(nick) = from {
                if nick.eq_ignore_ascii_case(&link.nick) {
                    link.joined.retain(|c| !c.eq_ignore_ascii_case(channel));
                    return None;
                }
                core.parted(&room_key(channel), &presence_name(core, settings, link, &nick));
                // Out of sight: what we knew of their account may go stale.
                link.accounts.remove(&nick.to_lowercase());
            }
        }
        Command::KICK(channel, who, _) => {
            if who.eq_ignore_ascii_case(&link.nick) {
                link.joined.retain(|c| !c.eq_ignore_ascii_case(channel));
                send(link, format!("JOIN {channel}"));
            } else {
                core.parted(&room_key(channel), &presence_name(core, settings, link, who));
                link.accounts.remove(&who.to_lowercase());
            }
        }
        Command::QUIT(_) => {
            if let Some(nick) = from {
                let name = presence_name(core, settings, link, &nick);
                for channel in &settings.channels {
                    core.parted(&room_key(channel), &name);
                }
                link.accounts.remove(&nick.to_lowercase());
            }
        }
        Command::ACCOUNT(account) => {
            if let Some(nick) = from {
                if account == "*" {
                    link.accounts.remove(&nick.to_lowercase());
                } else {
                    link.accounts.insert(nick.to_lowercase(), account.clone());
                }
            }
        }
        Command::NICK(new) => {
            if let Some(old) = from {
                if old.eq_ignore_ascii_case(&link.nick) {
                    link.nick = new.clone();
                }
                let account = link.accounts.remove(&old.to_lowercase());
                link.accounts.remove(&new.to_lowercase());
                if let Some(a) = account {
                    link.accounts.insert(new.to_lowercase(), a);
                }
            }
        }
        Command::PRIVMSG(target, text) => {
            let nick = from?;
            if nick.eq_ignore_ascii_case(&link.nick) || text.starts_with('\u{1}') {
                return None;
            }
            let at = tag(&msg, "time")
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc));
            let room = target.starts_with('#').then(|| room_key(target));
            let speaker = Speaker {
                handle: nick.clone(),
                member: identify(core, settings, link, &nick, tag(&msg, "account")),
            };
            return Some(Incoming {
                room,
                speaker,
                text: text.clone(),
                at,
            });
        }
        _ => {}
    }
    None
}

/// Which member is speaking: by the account the server vouches for; by nick only if
/// the collective allows it; anyone when there is no roster.
fn identify(core: &Core, settings: &IrcSettings, link: &Link, nick: &str, account: Option<&str>) -> Option<String> {
    let config = core.config();
    // With account-tag, the server vouches on every message: no tag, not logged in. A
    // remembered account could belong to someone who has since left.
    let account = if link.caps.iter().any(|c| c == "account-tag") {
        account.map(str::to_owned)
    } else {
        account
            .map(str::to_owned)
            .or_else(|| link.accounts.get(&nick.to_lowercase()).cloned())
    };
    if config.members.is_empty() {
        return Some(account.unwrap_or_else(|| nick.to_owned()));
    }
    if let Some(a) = &account
        && let Some(m) = config
            .members
            .iter()
            .find(|m| m.irc_account.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(a)))
    {
        return Some(m.name.clone());
    }
    if settings.allow_nick_only && account.is_none() {
        return config
            .members
            .iter()
            .find(|m| m.irc_nick.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(nick)))
            .map(|m| m.name.clone());
    }
    None
}

/// The name presence is kept under: the member's name when known, else the nick.
fn presence_name(core: &Core, settings: &IrcSettings, link: &Link, nick: &str) -> String {
    identify(core, settings, link, nick, None).unwrap_or_else(|| nick.to_owned())
}

/// The nick to send a member's private messages to.
fn nick_for(core: &Core, link: &Link, to: &str) -> String {
    let config = core.config();
    let Some(member) = config.member_named(to) else {
        return to.to_owned();
    };
    if let Some(account) = &member.irc_account
        && let Some((nick, _)) = link.accounts.iter().find(|(_, a)| a.eq_ignore_ascii_case(account))
    {
        return nick.clone();
    }
    member.irc_nick.clone().unwrap_or_else(|| to.to_owned())
}

/// Sends an effect as PRIVMSG lines; `outbox` is marked delivered after the last line.
fn deliver(core: &Core, link: &Link, effect: Effect, outbox: Option<i64>) {
    let lines = match effect {
        Effect::Reply { room, to, text } => privmsg_lines(&link.nick, &room, &format!("{to}: "), &text),
        Effect::Announce { room, text } => privmsg_lines(&link.nick, &room, "", &text),
        Effect::Private { to, text } => privmsg_lines(&link.nick, &nick_for(core, link, &to), "", &text),
    };
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let _ = link.tx.send(Out {
            line,
            outbox: if i + 1 == count { outbox } else { None },
        });
    }
}

async fn flush_outbox(core: &Core, link: &mut Link) {
    let pending: VecDeque<(i64, Effect)> = match core.store().outbox_pending().await {
        Ok(p) => p.into(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the outbox");
            return;
        }
    };
    for (id, effect) in pending {
        // Matrix delivers its own entries.
        if network_of(core.config(), &effect) != Network::Irc {
            continue;
        }
        // An announcement for a channel the bot is not (yet) in waits for it.
        let room = match &effect {
            Effect::Announce { room, .. } | Effect::Reply { room, .. } => Some(room),
            Effect::Private { .. } => None,
        };
        if room.is_some_and(|r| !link.joined.iter().any(|c| c.eq_ignore_ascii_case(r))) {
            continue;
        }
        if let Err(e) = core.store().outbox_sending(id).await {
            tracing::error!(error = %e, "cannot mark an outbox entry");
            continue;
        }
        deliver(core, link, effect, Some(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_split_on_utf8_boundaries_under_the_budget() {
        let text = "é".repeat(700) + " and more";
        let pieces = split_line(&text, 400);
        assert!(
            pieces.iter().all(|p| p.len() <= 400),
            "{:?}",
            pieces.iter().map(|p| p.len()).collect::<Vec<_>>()
        );
        assert_eq!(pieces.concat().replace(' ', ""), text.replace(' ', ""));
        let words = "word ".repeat(200);
        let pieces = split_line(words.trim(), 100);
        assert!(
            pieces
                .iter()
                .all(|p| p.len() <= 100 && !p.starts_with(' ') && !p.ends_with(' '))
        );
        assert_eq!(pieces.join(" "), words.trim());
    }

    #[test]
    fn relayed_lines_fit_in_512_bytes() {
        let lines = privmsg_lines("konbit", "#office", "alice: ", &"x".repeat(3000));
        assert!(lines.len() >= 7);
        for l in &lines {
            let relayed = format!(":konbit!{}@{} {l}\r\n", "u".repeat(10), "h".repeat(63));
            assert!(relayed.len() <= 512, "{}", relayed.len());
        }
    }
}
