//! Opening a connection (TCP, TLS with the public authorities and a configured extra
//! one), its reader and writer tasks, and the input path without a socket for the fuzzer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::deliver::queued;
use super::protocol::{handle_line, member_nick, send};
use super::queue::{Dest, Item, Outgoing};
use super::wire::{decode_line, privmsg, privmsg_pieces};
use super::{Event, Link};
use crate::app::Core;
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

type Reader = Box<dyn tokio::io::AsyncRead + Send + Unpin>;
type Writer = Box<dyn tokio::io::AsyncWrite + Send + Unpin>;

pub(super) async fn connect(
    settings: &IrcSettings,
    tls: Option<&tokio_rustls::TlsConnector>,
    generation: u64,
    events: mpsc::Sender<Event>,
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
    let (tx, mut rx) = mpsc::unbounded_channel::<(Option<u64>, String)>();
    // Reader: lines in; a line that is not valid UTF-8 or not IRC is logged and skipped.
    let reader_events = events.clone();
    let reader_task = tokio::spawn(async move {
        let mut reader = BufReader::new(read);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf).await {
                Ok(0) => {
                    let _ = reader_events
                        .send(Event::Closed(generation, "closed by the server".into()))
                        .await;
                    return;
                }
                Ok(_) => match decode_line(&buf) {
                    None => {}
                    Some(Ok(msg)) => {
                        // Waits while the main loop is behind: the server's lines then wait
                        // in the socket (TCP's back-pressure), not in memory.
                        let closed = reader_events
                            .send(Event::Line(generation, Box::new(msg)))
                            .await
                            .is_err();
                        if closed {
                            return;
                        }
                    }
                    Some(Err(e)) => tracing::warn!(error = %e, "ignored an IRC line that does not parse"),
                },
                Err(e) => {
                    let _ = reader_events.send(Event::Closed(generation, e.to_string())).await;
                    return;
                }
            }
        }
    });
    // Writer: writes what it is handed at once (the pacing is the queue's), lines already
    // waiting in one write, and says how far it got. Its channel needs no bound of its
    // own: the main loop hands it at most MAX_IN_FLIGHT unconfirmed lines (and a few
    // protocol lines).
    let written = Arc::new(AtomicU64::new(0));
    let written_by_writer = written.clone();
    let writer_task = tokio::spawn(async move {
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
            if let Err(e) = write.write_all(&bytes).await {
                let _ = events.send(Event::Closed(generation, e.to_string())).await;
                return;
            }
            bytes.clear();
            if let Some(seq) = last_seq {
                written_by_writer.fetch_max(seq, Ordering::Release);
                let _ = events.send(Event::Written(generation, seq)).await;
            }
        }
    });
    let mut link = Link::new(generation, tx, &settings.nick, vec![reader_task, writer_task]);
    link.written = written;
    send(&mut link, "CAP LS 302".into());
    send(&mut link, format!("NICK {}", settings.nick));
    send(&mut link, format!("USER {} 0 * :konbit", settings.nick));
    Ok(link)
}

/// The IRC input path without a socket, for the fuzzer and its regression test: bytes as
/// read from the server → lines → protocol handling → the core → the lines konbit sends.
#[doc(hidden)]
pub struct Replay {
    link: Link,
    settings: IrcSettings,
    out: Outgoing,
    sent: mpsc::UnboundedReceiver<(Option<u64>, String)>,
}

impl Replay {
    pub fn new(settings: IrcSettings) -> Replay {
        let (tx, sent) = mpsc::unbounded_channel();
        let link = Link::new(1, tx, &settings.nick, Vec::new());
        let out = Outgoing::new(settings.burst, settings.lines_per_second);
        Replay {
            link,
            settings,
            out,
            sent,
        }
    }

    /// The nick konbit has now (the server may have changed it).
    pub fn nick(&self) -> &str {
        &self.link.nick
    }

    /// Feeds `bytes` (any number of lines) and returns what konbit would send back, its
    /// replies without pacing, whether or not it has joined their channels.
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
            let taken = core
                .handle_batch(&batch, crate::effect::Taker::Network(crate::effect::Network::Irc))
                .await
                .into_taken();
            for (_, effect) in taken {
                if let Some((flow, dest, text)) = queued(effect) {
                    self.out.push(flow, Item::new(dest, text, None));
                }
            }
        }
        let mut out: Vec<String> = Vec::new();
        while let Ok((_, line)) = self.sent.try_recv() {
            out.push(line);
        }
        for flow in self.out.flows_in_turn() {
            while let Some(item) = self.out.pop_head(&flow) {
                let (to, prefix) = match &item.dest {
                    Dest::Room { room, prefix } => (room.clone(), prefix.as_str()),
                    Dest::Nick(n) => (n.clone(), ""),
                    Dest::Member { account, nick, .. } => {
                        match member_nick(&self.link, account.as_deref(), nick.as_deref()) {
                            Some(n) => (n, ""),
                            None => continue,
                        }
                    }
                };
                let len = if matches!(item.dest, Dest::Room { .. }) {
                    to.len()
                } else {
                    to.len().max(32)
                };
                for piece in privmsg_pieces(&self.link.nick, len, prefix, &item.text) {
                    out.push(privmsg(&to, &piece));
                }
            }
        }
        out
    }
}
