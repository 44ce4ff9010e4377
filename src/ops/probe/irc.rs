//! The IRC half of `konbit check-config --connect`: TCP, TLS as configured (a plain-text
//! port said as such, as `konbit run` does), CAP and SASL
//! PLAIN, then QUIT before registration completes, so the bot never shows up in a
//! channel. A nick in use (the running bot's) is worked around with a trailing `_`.

use std::sync::Arc;
use std::time::Duration;

use irc::proto::{CapSubCommand, Command, Message, Response};
use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::Report;
use crate::config::IrcSettings;
use crate::i18n::Lang;
use crate::t;

/// How long the whole exchange may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// How the exchange ended.
enum End {
    /// Identified to this account (or connected, when no account is configured).
    Ok(Option<String>),
    Refused,
    NoSasl,
    Failed(String),
}

pub async fn probe(settings: &IrcSettings, lang: Lang) -> Report {
    let place = format!(
        "{}:{}{}",
        settings.server,
        settings.port,
        if settings.tls { " (TLS)" } else { "" }
    );
    let password = match &settings.sasl {
        None => None,
        Some((_, secret)) => match secret.read() {
            Ok(pw) if !pw.trim().is_empty() => Some(pw),
            Ok(_) => return fail(lang, &place, t!(lang, "secret-empty")),
            Err(e) => return fail(lang, &place, e.to_string()),
        },
    };
    let end = match tokio::time::timeout(TIMEOUT, exchange(settings, password.as_deref())).await {
        Ok(Ok(end)) => end,
        Ok(Err(e)) => match crate::transport::irc::NotTls::in_error(e.as_ref()) {
            Some(not_tls) => End::Failed(t!(lang, "irc-not-tls", "address" => not_tls.address.clone())),
            None => End::Failed(e.to_string()),
        },
        Err(_) => End::Failed(t!(lang, "probe-timeout", "seconds" => TIMEOUT.as_secs() as i64)),
    };
    let account = settings.sasl.as_ref().map(|(a, _)| a.clone()).unwrap_or_default();
    match end {
        End::Ok(Some(_)) => Report {
            ok: true,
            text: t!(lang, "probe-irc-identified", "place" => place, "account" => account),
        },
        End::Ok(None) => Report {
            ok: true,
            text: t!(lang, "probe-irc-connected", "place" => place),
        },
        End::Refused => Report {
            ok: false,
            text: t!(lang, "probe-irc-refused", "place" => place, "account" => account),
        },
        End::NoSasl => Report {
            ok: false,
            text: t!(lang, "probe-irc-no-sasl", "place" => place),
        },
        End::Failed(detail) => fail(lang, &place, detail),
    }
}

fn fail(lang: Lang, place: &str, detail: String) -> Report {
    Report {
        ok: false,
        text: t!(lang, "probe-irc-failed", "place" => place.to_owned(), "detail" => detail),
    }
}

type Writer = Box<dyn AsyncWrite + Send + Unpin>;

async fn exchange(settings: &IrcSettings, password: Option<&str>) -> anyhow::Result<End> {
    let stream = TcpStream::connect((settings.server.as_str(), settings.port)).await?;
    let (read, mut write): (Box<dyn tokio::io::AsyncRead + Send + Unpin>, Writer) = if settings.tls {
        let stream = crate::transport::irc::tls_handshake(&tls_connector(settings)?, settings, stream).await?;
        let (r, w) = tokio::io::split(stream);
        (Box::new(r), Box::new(w))
    } else {
        let (r, w) = stream.into_split();
        (Box::new(r), Box::new(w))
    };
    let mut nick = settings.nick.clone();
    send(&mut write, "CAP LS 302").await?;
    send(&mut write, &format!("NICK {nick}")).await?;
    send(&mut write, &format!("USER {nick} 0 * :konbit check-config")).await?;
    let mut lines = BufReader::new(read).lines();
    let mut offered = String::new();
    let end = loop {
        let Some(line) = lines.next_line().await? else {
            break End::Failed("closed by the server".into());
        };
        let Ok(msg) = line.parse::<Message>() else { continue };
        match msg.command {
            Command::PING(token, _) => send(&mut write, &format!("PONG :{token}")).await?,
            Command::CAP(_, CapSubCommand::LS, a, b) => {
                let more = a.as_deref() == Some("*");
                let caps = if more {
                    b.as_deref()
                } else {
                    a.as_deref().or(b.as_deref())
                };
                offered.push(' ');
                offered.push_str(caps.unwrap_or_default());
                if more {
                    continue;
                }
                let has_sasl = offered
                    .split_whitespace()
                    .any(|c| c == "sasl" || c.starts_with("sasl="));
                match (password, has_sasl) {
                    (None, _) => send(&mut write, "CAP END").await?,
                    (Some(_), true) => send(&mut write, "CAP REQ :sasl").await?,
                    (Some(_), false) => break End::NoSasl,
                }
            }
            Command::CAP(_, CapSubCommand::ACK, _, _) => send(&mut write, "AUTHENTICATE PLAIN").await?,
            Command::CAP(_, CapSubCommand::NAK, _, _) => break End::NoSasl,
            Command::AUTHENTICATE(data) if data == "+" => {
                use base64::Engine;
                let (account, pw) = (
                    settings.sasl.as_ref().map(|(a, _)| a.as_str()).unwrap_or(""),
                    password.unwrap_or(""),
                );
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{account}\0{account}\0{pw}"));
                send(&mut write, &format!("AUTHENTICATE {token}")).await?;
            }
            Command::Response(Response::RPL_SASLSUCCESS, _) => {
                break End::Ok(settings.sasl.as_ref().map(|(a, _)| a.clone()));
            }
            Command::Response(Response::ERR_SASLFAIL | Response::ERR_SASLTOOLONG, _) => break End::Refused,
            Command::Response(Response::ERR_NICKNAMEINUSE, _) if nick.len() < settings.nick.len() + 3 => {
                nick.push('_');
                send(&mut write, &format!("NICK {nick}")).await?;
            }
            // Registered without SASL (no account configured): connected is all there is.
            Command::Response(Response::RPL_WELCOME, _) if password.is_none() => break End::Ok(None),
            Command::ERROR(e) => break End::Failed(e),
            _ => {}
        }
    };
    let _ = send(&mut write, "QUIT :konbit check-config").await;
    let _ = write.shutdown().await;
    Ok(end)
}

async fn send(write: &mut Writer, line: &str) -> std::io::Result<()> {
    write.write_all(line.as_bytes()).await?;
    write.write_all(b"\r\n").await?;
    write.flush().await
}

/// The public authorities and the configured extra certificate, as `konbit run` trusts.
fn tls_connector(settings: &IrcSettings) -> anyhow::Result<tokio_rustls::TlsConnector> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &settings.tls_ca_file {
        for cert in CertificateDer::pem_file_iter(path)? {
            roots.add(cert?)?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}
