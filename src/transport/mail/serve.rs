//! `konbit run`'s mail side: the sender that submits the mails waiting in the outbox, and
//! the reader that acts on replies. Both run beside the chat networks and never hold them
//! up: a mail server that is down only delays mail.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::Context as _;
use chrono::Utc;
use tokio::sync::oneshot;

use super::compose::{NotMailed, compose};
use super::endpoint::{ImapEndpoint, Security, SmtpEndpoint};
use super::imap::{Disposition, Fetched, watch};
use super::inbound::{self, Verdict};
use super::smtp::{SendError, Sender};
use super::token::Signer;
use crate::config::mail::{ImapServer, MailSecurity, SmtpServer};
use crate::config::{Config, MailSettings};
use crate::effect::{Effect, Network};
use crate::transport::{Backoff, Hub};

/// Serves mail until shutdown. `caught_up` fires once the replies that waited in the
/// mailbox while konbit was down have been handled (at once when konbit only sends).
pub async fn run(hub: Arc<Hub>, settings: MailSettings, caught_up: oneshot::Sender<()>) -> anyhow::Result<()> {
    let key = settings
        .token_key
        .read()
        .context("cannot read the key that signs reply addresses")?;
    let signer = Signer::new(key.trim().as_bytes())
        .context("the key that signs reply addresses is too short (at least 16 characters)")?;
    let sender = Sender::new(&smtp_endpoint(&settings.smtp)?).map_err(|e| anyhow::anyhow!("SMTP: {e}"))?;
    let outgoing = tokio::spawn(send_loop(hub.clone(), signer.clone(), sender));
    let result = match &settings.imap {
        Some(imap) => {
            let endpoint = imap_endpoint(imap)?;
            let reader_hub = hub.clone();
            let handle = move |fetched: Fetched| {
                let hub = reader_hub.clone();
                let signer = signer.clone();
                async move { handle_reply(&hub, &signer, fetched).await }
            };
            watch(endpoint, handle, Some(caught_up), hub.shutdown()).await
        }
        None => {
            let _ = caught_up.send(());
            let mut shutdown = hub.shutdown();
            let _ = shutdown.wait_for(|stop| *stop).await;
            Ok(())
        }
    };
    outgoing.abort();
    result
}

/// Acts on one fetched message once: read and verified, acted on as the member's
/// command, its effects queued, and its Message-ID recorded. `Retry` when the database
/// cannot say or record it (the message stays in the mailbox and is offered again).
async fn handle_reply(hub: &Hub, signer: &Signer, fetched: Fetched) -> Disposition {
    let config = hub.core.config();
    let Some(mail) = &config.mail else {
        return Disposition::Retry;
    };
    let read = inbound::read(&fetched.raw, fetched.received, &config, mail, signer, Utc::now());
    let store = hub.core.store();
    match store.mail_seen(&read.message_id).await {
        Ok(true) => {
            tracing::info!(message_id = %read.message_id, "a reply already handled was fetched again; it counts once");
            return Disposition::Done;
        }
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot tell whether a reply was handled; it stays in the mailbox");
            return Disposition::Retry;
        }
    }
    let member = match read.verdict {
        Verdict::Act(mut reply) => {
            reply.message_id = Some(read.message_id.clone());
            tracing::info!(member = %reply.member, proposal = reply.proposal.0, line = %reply.line, "a reply by e-mail");
            let member = reply.member.clone();
            let outcome = if fetched.too_large {
                tracing::warn!(member = %reply.member, "a reply too large to read (an attachment?): its sender is told");
                hub.core.mail_too_large(reply).await
            } else {
                hub.core.mail_reply(reply).await
            };
            // Committed with what it decided; the networks hear of it.
            hub.settle(outcome);
            Some(member)
        }
        Verdict::Ignore(why) => {
            tracing::info!(message_id = %read.message_id, why = %why, "a message in the mailbox was set aside");
            None
        }
        Verdict::Refuse(why) => {
            tracing::warn!(message_id = %read.message_id, why = %why, "a reply was refused; nothing was recorded");
            None
        }
    };
    match store
        .mark_mail_seen(&read.message_id, member.as_deref(), Utc::now())
        .await
    {
        Ok(_) => Disposition::Done,
        Err(e) => {
            tracing::error!(error = %e, "cannot record a handled reply; it stays in the mailbox");
            Disposition::Retry
        }
    }
}

/// Submits the mails waiting in the outbox, oldest first, one at a time. A server that
/// cannot be reached (or answers 4xx) is tried again with backoff, and the mails wait,
/// in order; a mail it refuses for good (5xx) is logged and taken out of the outbox.
async fn send_loop(hub: Arc<Hub>, signer: Signer, sender: Sender) {
    let mut changes = hub.outbox_changes();
    let mut shutdown = hub.shutdown();
    let mut backoff = Backoff::new();
    loop {
        let wait = match send_pending(&hub, &signer, &sender).await {
            Ok(()) => {
                backoff.reset();
                None
            }
            Err(()) => Some(backoff.next()),
        };
        tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => return,
            _ = changes.changed(), if wait.is_none() => {}
            () = tokio::time::sleep(wait.unwrap_or(StdDuration::MAX)), if wait.is_some() => {}
        }
    }
}

/// Sends the mails waiting in the outbox, oldest first. `Err` when the server could not
/// be reached: what is left waits in the outbox again for the next try.
async fn send_pending(hub: &Hub, signer: &Signer, sender: &Sender) -> Result<(), ()> {
    let taken = hub.take_pending(Network::Mail, |_| true).await.ok_or(())?;
    let mut result = Ok(());
    let mut unsent = Vec::new();
    let mut rest = taken.into_iter();
    for (id, effect) in rest.by_ref() {
        match send_one(hub, signer, sender, id, &effect).await {
            Ok(true) => {}
            Ok(false) => unsent.push(id),
            Err(()) => {
                unsent.push(id);
                result = Err(());
                break;
            }
        }
    }
    unsent.extend(rest.map(|(id, _)| id));
    for id in unsent {
        if let Err(e) = hub.core.store().outbox_release(id).await {
            tracing::error!(error = %e, entry = id, "cannot put a mail back in the outbox; it is sent after a restart");
        }
    }
    result
}

/// Sends one entry's mail: `true` once it is out of the outbox (sent, or refused for
/// good), `false` for an entry that is no mail; `Err` when it must wait.
async fn send_one(hub: &Hub, signer: &Signer, sender: &Sender, id: i64, effect: &Effect) -> Result<bool, ()> {
    let config: Arc<Config> = hub.core.config();
    let Some(mail) = &config.mail else { return Ok(false) };
    match compose(effect, id, &config, mail, signer, Utc::now()) {
        Err(NotMailed::NotMail) => return Ok(false),
        Err(why) => {
            tracing::error!(entry = id, why = %why, "a mail cannot be sent; it is taken out of the outbox");
        }
        Ok(message) => match sender.send(&message.from, &message.to, &message.raw).await {
            Ok(()) => tracing::info!(entry = id, to = ?message.to, "mail sent"),
            Err(SendError::Permanent(e)) => {
                tracing::error!(entry = id, to = ?message.to, error = %e, "the mail server refused a mail for good; it is taken out of the outbox");
            }
            Err(SendError::Transient(e)) => {
                tracing::warn!(entry = id, error = %e, "the mail server cannot take mail now; trying again later");
                return Err(());
            }
        },
    }
    if let Err(e) = hub.core.store().outbox_done(id).await {
        tracing::error!(error = %e, "cannot mark a mail as sent");
        return Err(());
    }
    Ok(true)
}

fn security(s: MailSecurity) -> Security {
    match s {
        MailSecurity::None => Security::None,
        MailSecurity::StartTls => Security::StartTls,
        MailSecurity::Tls => Security::Tls,
    }
}

/// The SMTP server to submit to, its password read.
pub fn smtp_endpoint(s: &SmtpServer) -> anyhow::Result<SmtpEndpoint> {
    let (user, password) = match &s.login {
        Some((user, secret)) => (
            Some(user.clone()),
            Some(secret.read().context("cannot read the SMTP password")?),
        ),
        None => (None, None),
    };
    Ok(SmtpEndpoint {
        host: s.host.clone(),
        port: s.port,
        security: security(s.security),
        user,
        password,
    })
}

/// The IMAP mailbox replies arrive in, its password read.
pub fn imap_endpoint(s: &ImapServer) -> anyhow::Result<ImapEndpoint> {
    Ok(ImapEndpoint {
        host: s.host.clone(),
        port: s.port,
        security: security(s.security),
        user: s.user.clone(),
        password: s.password.read().context("cannot read the IMAP password")?,
        folder: s.folder.clone(),
        done_folder: s.done_folder.clone(),
        poll: s.poll,
        transit_allowance: s.transit_allowance,
    })
}
