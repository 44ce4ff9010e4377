//! Opening an IMAP session: TCP, TLS from the start or after STARTTLS (rustls with the
//! public authorities, as for IRC), the server's greeting, LOGIN, and every command bounded
//! in time so that a server that stops answering is noticed and left.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use async_imap::Client;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::endpoint::{ImapEndpoint, Security, is_loopback};

/// How long connecting, or one command, may take before the session counts as broken.
pub(super) const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// A plain or TLS connection, so that one session type serves both.
pub(super) trait Io: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Io for T {}

pub(super) type Session = async_imap::Session<Box<dyn Io>>;

/// Runs one step of the conversation, failing when it takes longer than [`COMMAND_TIMEOUT`].
pub(super) async fn step<T, E>(what: &str, fut: impl Future<Output = Result<T, E>>) -> anyhow::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match tokio::time::timeout(COMMAND_TIMEOUT, fut).await {
        Ok(r) => r.with_context(|| format!("IMAP {what}")),
        Err(_) => bail!("IMAP {what}: no answer within {} s", COMMAND_TIMEOUT.as_secs()),
    }
}

/// What TLS needs to reach `host`: a client configuration and the name the certificate
/// must carry. Fails for a host that cannot be a TLS server name.
pub(super) fn tls_for(
    host: &str,
) -> anyhow::Result<(tokio_rustls::TlsConnector, rustls_pki_types::ServerName<'static>)> {
    use tokio_rustls::rustls;
    let name = rustls_pki_types::ServerName::try_from(host.to_owned())
        .map_err(|e| anyhow!("{host:?} cannot be checked with TLS: {e}"))?;
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok((tokio_rustls::TlsConnector::from(Arc::new(config)), name))
}

async fn tls(host: &str, tcp: TcpStream) -> anyhow::Result<Box<dyn Io>> {
    let (connector, name) = tls_for(host)?;
    let stream = step("TLS handshake", connector.connect(name, tcp)).await?;
    Ok(Box::new(stream))
}

/// Reads the server's greeting: `* OK` (or `* PREAUTH`); a `* BYE` is a refusal.
async fn greeting(client: &mut Client<impl Io + 'static>) -> anyhow::Result<()> {
    let response = tokio::time::timeout(COMMAND_TIMEOUT, client.read_response())
        .await
        .map_err(|_| anyhow!("IMAP greeting: none within {} s", COMMAND_TIMEOUT.as_secs()))?
        .ok_or_else(|| anyhow!("IMAP greeting: the server closed the connection"))?
        .context("IMAP greeting")?;
    use async_imap::imap_proto::{Response, Status};
    match response.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            ..
        } => Ok(()),
        other => bail!("IMAP greeting: the server refused the connection: {other:?}"),
    }
}

/// Connects to `endpoint`, secures the connection as configured, and logs in.
pub(super) async fn login(endpoint: &ImapEndpoint) -> anyhow::Result<Session> {
    let server = format!("{}:{}", endpoint.host, endpoint.port);
    let tcp = step("connect", TcpStream::connect((endpoint.host.as_str(), endpoint.port)))
        .await
        .with_context(|| server.clone())?;
    let _ = tcp.set_nodelay(true);
    let client: Client<Box<dyn Io>> = match endpoint.security {
        Security::None => {
            if !is_loopback(&endpoint.host) {
                tracing::warn!(
                    host = %endpoint.host,
                    "IMAP without TLS to another machine: the password and the mail travel in clear"
                );
            }
            let mut client = Client::new(Box::new(tcp) as Box<dyn Io>);
            greeting(&mut client).await?;
            client
        }
        Security::Tls => {
            let mut client = Client::new(tls(&endpoint.host, tcp).await?);
            greeting(&mut client).await?;
            client
        }
        Security::StartTls => {
            let mut plain = Client::new(tcp);
            greeting(&mut plain).await?;
            step("STARTTLS", plain.run_command_and_check_ok("STARTTLS", None))
                .await
                .context("the server does not offer STARTTLS")?;
            // No greeting after STARTTLS: the session goes on inside TLS.
            Client::new(tls(&endpoint.host, plain.into_inner()).await?)
        }
    };
    let session = tokio::time::timeout(COMMAND_TIMEOUT, client.login(&endpoint.user, &endpoint.password))
        .await
        .map_err(|_| anyhow!("{server}: IMAP LOGIN: no answer within {} s", COMMAND_TIMEOUT.as_secs()))?
        .map_err(|(e, _)| e)
        .with_context(|| format!("{server}: IMAP LOGIN as {}", endpoint.user))?;
    Ok(session)
}

/// Quotes a mailbox name for a command that does not quote it itself (`UID COPY`).
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Connects, logs in, selects the folder and logs out: for `konbit check-config --connect`.
pub async fn probe_imap(endpoint: &ImapEndpoint) -> Result<(), String> {
    let run = async {
        let mut session = login(endpoint).await?;
        step("SELECT", session.select(&endpoint.folder))
            .await
            .with_context(|| format!("folder {:?}", endpoint.folder))?;
        step("LOGOUT", session.logout()).await?;
        anyhow::Ok(())
    };
    run.await
        .map_err(|e| format!("{}:{}: {e:#}", endpoint.host, endpoint.port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_names_are_quoted() {
        assert_eq!(quoted("Done"), "\"Done\"");
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn a_host_that_cannot_be_a_tls_name_is_refused() {
        assert!(tls_for("imap.example.org").is_ok());
        assert!(tls_for("127.0.0.1").is_ok());
        assert!(tls_for("not a host").is_err());
    }
}
