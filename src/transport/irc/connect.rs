//! Opening a connection (TCP, TLS with the public authorities and a configured extra
//! one; TLS tried on a plain-text port said as such) and its reader and writer tasks
//! (also what the fuzzer's replay runs on, over bytes in memory: `replay.rs`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::protocol::send;
use super::wire::decode_line;
use super::{Event, Link, WRITER_WAITING};
use crate::config::IrcSettings;
use crate::i18n::Lang;
use crate::t;

/// The TLS client configuration: the public authorities, and the configured extra one.
fn ca_error(lang: Lang, path: &std::path::Path, e: impl std::fmt::Display) -> anyhow::Error {
    anyhow::Error::msg(t!(lang, "irc-ca-unreadable", "path" => path.display().to_string(), "detail" => e.to_string()))
}

pub(super) fn tls_connector(settings: &IrcSettings, lang: Lang) -> anyhow::Result<tokio_rustls::TlsConnector> {
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

/// How long a TLS handshake may go unanswered before konbit asks, on a second connection,
/// whether the port speaks IRC in plain text: a plain-text server says nothing to a TLS
/// hello that holds no line break, and would only drop it at its registration timeout.
const PLAIN_CHECK_AFTER: std::time::Duration = std::time::Duration::from_secs(3);
/// How long that plain-text question may take.
const PLAIN_CHECK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// TLS tried on a port that speaks plain text: what to change, not a timeout or rustls's
/// "corrupt message". `address` is `host:port`.
#[derive(Debug)]
pub struct NotTls {
    pub address: String,
}

impl std::fmt::Display for NotTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&t!(Lang::En, "irc-not-tls", "address" => self.address.clone()))
    }
}

impl std::error::Error for NotTls {}

impl NotTls {
    /// The server `e` says does not speak TLS, if that is why it failed.
    pub fn in_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a NotTls> {
        let mut cause = Some(e);
        while let Some(e) = cause {
            if let Some(found) = e.downcast_ref::<NotTls>() {
                return Some(found);
            }
            if let Some(found) = e
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<NotTls>())
            {
                return Some(found);
            }
            cause = e.source();
        }
        None
    }
}

/// The TLS handshake on `stream`, or [`NotTls`] when the server answered it in plain text
/// (rustls reads bytes that are no TLS record) or said nothing while its port answers IRC
/// in plain text on a second connection.
pub async fn tls_handshake(
    connector: &tokio_rustls::TlsConnector,
    settings: &IrcSettings,
    stream: TcpStream,
) -> std::io::Result<tokio_rustls::client::TlsStream<TcpStream>> {
    let name = rustls_pki_types::ServerName::try_from(settings.server.clone())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let not_tls = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            NotTls {
                address: settings.address(),
            },
        )
    };
    let handshake = connector.connect(name, stream);
    tokio::pin!(handshake);
    let early = tokio::select! {
        done = &mut handshake => Some(done),
        () = tokio::time::sleep(PLAIN_CHECK_AFTER) => None,
    };
    match early {
        Some(Err(e)) if answered_in_plain_text(&e) => Err(not_tls()),
        Some(done) => done,
        None if speaks_plain_irc(settings).await => Err(not_tls()),
        None => handshake.await,
    }
}

/// rustls read bytes that are no TLS record: the server spoke first, in plain text.
fn answered_in_plain_text(e: &std::io::Error) -> bool {
    use tokio_rustls::rustls::Error;
    matches!(
        e.get_ref().and_then(|i| i.downcast_ref::<Error>()),
        Some(Error::InvalidMessage(_))
    )
}

/// Whether `host:port` answers `CAP LS` with an IRC line, in plain text.
async fn speaks_plain_irc(settings: &IrcSettings) -> bool {
    use tokio::io::AsyncReadExt;
    let ask = async {
        let mut stream = TcpStream::connect((settings.server.as_str(), settings.port)).await?;
        stream.write_all(b"CAP LS 302\r\n").await?;
        let mut buf = [0u8; 512];
        let n = stream.read(&mut buf).await?;
        let _ = stream.write_all(b"QUIT\r\n").await;
        std::io::Result::Ok(looks_like_irc(&buf[..n]))
    };
    matches!(tokio::time::timeout(PLAIN_CHECK_TIMEOUT, ask).await, Ok(Ok(true)))
}

/// The start of what an IRC server sends: a prefixed line, or a bare NOTICE, PING, ERROR.
fn looks_like_irc(bytes: &[u8]) -> bool {
    bytes.starts_with(b":")
        || [&b"NOTICE "[..], b"PING ", b"ERROR "]
            .iter()
            .any(|w| bytes.starts_with(w))
}

pub(super) type Reader = Box<dyn tokio::io::AsyncRead + Send + Unpin>;
pub(super) type Writer = Box<dyn tokio::io::AsyncWrite + Send + Unpin>;

pub(super) async fn connect(
    settings: &IrcSettings,
    tls: Option<&tokio_rustls::TlsConnector>,
    generation: u64,
    events: mpsc::Sender<Event>,
) -> std::io::Result<Link> {
    let stream = TcpStream::connect((settings.server.as_str(), settings.port)).await?;
    stream.set_nodelay(true)?;
    let (read, write): (Reader, Writer) = match tls {
        Some(connector) => {
            let stream = tls_handshake(connector, settings, stream).await?;
            let (r, w) = tokio::io::split(stream);
            (Box::new(r), Box::new(w))
        }
        None => {
            let (r, w) = stream.into_split();
            (Box::new(r), Box::new(w))
        }
    };
    Ok(open(settings, generation, read, write, events))
}

/// A connection over `read` and `write`: its reader and writer tasks started, and the
/// registration begun (CAP, NICK, USER).
pub(super) fn open(
    settings: &IrcSettings,
    generation: u64,
    read: Reader,
    write: Writer,
    events: mpsc::Sender<Event>,
) -> Link {
    let reader = tokio::spawn(read_lines(read, generation, events.clone()));
    let (tx, rx) = mpsc::channel(WRITER_WAITING);
    let written = Arc::new(AtomicU64::new(0));
    let writer = tokio::spawn(write_lines(write, rx, generation, written.clone(), events));
    let mut link = Link::new(generation, tx, &settings.nick, vec![reader, writer]);
    link.written = written;
    send(&mut link, "CAP LS 302".into());
    send(&mut link, format!("NICK {}", settings.nick));
    send(&mut link, format!("USER {} 0 * :konbit", settings.nick));
    link
}

/// The reader: lines in; a line that is not valid UTF-8 or not IRC is logged and skipped.
async fn read_lines(read: Reader, generation: u64, events: mpsc::Sender<Event>) {
    let mut reader = BufReader::new(read);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf).await {
            Ok(0) => {
                let _ = events
                    .send(Event::Closed(generation, CLOSED_BY_THE_SERVER.into()))
                    .await;
                return;
            }
            Ok(_) => match decode_line(&buf) {
                None => {}
                Some(Ok(msg)) => {
                    // Waits while the main loop is behind: the server's lines then wait
                    // in the socket (TCP's back-pressure), not in memory. Nothing the
                    // main loop waits for waits for the reader.
                    let closed = events.send(Event::Line(generation, Box::new(msg))).await.is_err();
                    if closed {
                        return;
                    }
                }
                Some(Err(e)) => tracing::warn!(error = %e, "ignored an IRC line that does not parse"),
            },
            Err(e) => {
                let _ = events.send(Event::Closed(generation, e.to_string())).await;
                return;
            }
        }
    }
}

/// Why the writer stopped when this konbit lost its lease (active/standby).
const LEASE_LOST: &str = "this konbit lost its lease: another one serves the collective";

/// Why the reader stopped when the server closed the connection.
pub(super) const CLOSED_BY_THE_SERVER: &str = "closed by the server";

/// The writer: writes what it is handed at once (the pacing is the queue's), lines
/// already waiting in one write, and says how far it got — in `written`, which the main
/// loop reads after every event, and with a `Written` event only when there is room for
/// one: the main loop may be waiting for room in this writer's channel, so the writer
/// never waits for the main loop's (that would close a circle).
async fn write_lines(
    mut write: Writer,
    mut rx: mpsc::Receiver<(Option<u64>, String)>,
    generation: u64,
    written: Arc<AtomicU64>,
    events: mpsc::Sender<Event>,
) {
    let mut bytes = Vec::with_capacity(16 * 1024);
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        let mut last_seq = None;
        while let Some((seq, line)) = next.take() {
            bytes.extend_from_slice(line.as_bytes());
            bytes.extend_from_slice(b"\r\n");
            last_seq = seq.or(last_seq);
            if bytes.len() < 60 * 1024 {
                next = rx.try_recv().ok();
            }
        }
        // Active/standby: a konbit that lost its lease sends nothing more.
        if !crate::lease::may_send() {
            drop(rx);
            let _ = events.send(Event::Closed(generation, LEASE_LOST.into())).await;
            return;
        }
        if let Err(e) = write.write_all(&bytes).await {
            // No more lines taken: a main loop waiting for room stops waiting at once.
            drop(rx);
            let _ = events.send(Event::Closed(generation, e.to_string())).await;
            return;
        }
        bytes.clear();
        if let Some(seq) = last_seq {
            written.fetch_max(seq, Ordering::Release);
            let _ = events.try_send(Event::Written(generation, seq));
        }
    }
}
