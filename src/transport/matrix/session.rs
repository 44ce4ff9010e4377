//! The bot's Matrix session: the first start logs in (password or access token, from the
//! environment or a file) and saves the session under `matrix.state_dir`, beside the
//! SDK's SQLite store of rooms, sync token and encryption keys; a restart restores it, so
//! it is the same device and still decrypts. Failures are told apart: the network is
//! retried, refused credentials and unusable state stop `konbit run` with a message in
//! the operator's language.

use std::path::Path;

use matrix_sdk::authentication::matrix::MatrixSession;
use matrix_sdk::encryption::EncryptionSettings;
use matrix_sdk::{Client, SessionMeta, SessionTokens};

use crate::config::{MatrixLogin, MatrixSettings};
use crate::i18n::Lang;
use crate::t;

/// Why opening the session failed: worth retrying (the network) or not (credentials).
pub(super) enum Failure {
    Retry(anyhow::Error),
    Fatal(anyhow::Error),
}

fn fatal(text: String) -> Failure {
    Failure::Fatal(anyhow::Error::msg(text))
}

/// A problem with a file or directory of the bot's state.
fn state_error(lang: Lang, path: &Path, e: impl std::fmt::Display) -> Failure {
    fatal(t!(lang, "matrix-state-error", "path" => path.display().to_string(), "detail" => e.to_string()))
}

/// The client, and whether its session was restored (`false`: a first login).
pub(super) async fn open_session(settings: &MatrixSettings, lang: Lang) -> Result<(Client, bool), Failure> {
    let dir = &settings.state_dir;
    let session_file = dir.join("session.json");
    let saved = match std::fs::read_to_string(&session_file) {
        Ok(text) => Some(serde_json::from_str::<MatrixSession>(&text).map_err(|e| {
            fatal(t!(lang, "matrix-session-unreadable",
                "file" => session_file.display().to_string(), "detail" => e.to_string(),
                "dir" => dir.display().to_string()))
        })?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(state_error(lang, &session_file, e)),
    };
    let store = dir.join("store");
    if saved.is_none() {
        // A new login is a new device: keys kept for an older one would not match it.
        let _ = std::fs::remove_dir_all(&store);
    }
    create_private_dir(dir).map_err(|e| state_error(lang, dir, e))?;
    let client = Client::builder()
        .homeserver_url(&settings.homeserver)
        .sqlite_store(&store, None)
        .with_encryption_settings(EncryptionSettings {
            auto_enable_cross_signing: true,
            ..Default::default()
        })
        .build()
        .await
        .map_err(|e| fatal(t!(lang, "matrix-client-failed", "detail" => e.to_string())))?;
    if let Some(session) = saved {
        if !session.meta.user_id.as_str().eq_ignore_ascii_case(&settings.user) {
            return Err(fatal(t!(lang, "matrix-other-account",
                "dir" => dir.display().to_string(), "saved" => session.meta.user_id.to_string(),
                "user" => settings.user.clone())));
        }
        // matrix-sdk drops a sync whose token it stored already ("the same sync response
        // twice"); after a crash between its storing a sync and konbit's handling what it
        // brought, the homeserver answers konbit's catch-up with exactly that sync. Its
        // token starts where konbit's handling stopped, so that the sync is read again.
        if let Some(token) = super::sync::saved_token(dir) {
            use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};
            if let Err(e) = client
                .state_store()
                .set_kv_data(StateStoreDataKey::SyncToken, StateStoreDataValue::SyncToken(token))
                .await
            {
                tracing::warn!(error = %e, "cannot set where Matrix reading resumes; what a crash left unhandled may be skipped");
            }
        }
        client
            .restore_session(session)
            .await
            .map_err(|e| fatal(t!(lang, "matrix-restore-failed", "detail" => e.to_string())))?;
        return Ok((client, true));
    }
    let session = match &settings.login {
        MatrixLogin::Password(secret) => {
            let password = secret.read().map_err(|e| {
                fatal(
                    t!(lang, "matrix-password-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()),
                )
            })?;
            let auth = client.matrix_auth();
            auth.login_username(&settings.user, &password)
                .initial_device_display_name(&settings.device_name)
                .send()
                .await
                .map_err(|e| login_failure(lang, e.to_string(), e.as_client_api_error().is_some()))?;
            auth.session().ok_or_else(|| fatal(t!(lang, "matrix-no-session")))?
        }
        MatrixLogin::AccessToken(secret) => {
            let token = secret.read().map_err(|e| {
                fatal(t!(lang, "matrix-token-unreadable", "where" => format!("{secret:?}"), "detail" => e.to_string()))
            })?;
            let meta = whoami(&settings.homeserver, &token, lang).await?;
            let session = MatrixSession {
                meta,
                tokens: SessionTokens {
                    access_token: token,
                    refresh_token: None,
                },
            };
            client
                .restore_session(session.clone())
                .await
                .map_err(|e| fatal(t!(lang, "matrix-token-refused", "detail" => e.to_string())))?;
            session
        }
    };
    save_session(&session_file, &session).map_err(|e| state_error(lang, &session_file, e))?;
    Ok((client, false))
}

/// A refusal by the homeserver (wrong password) is final; anything else is retried.
fn login_failure(lang: Lang, detail: String, refused: bool) -> Failure {
    let e = anyhow::Error::msg(t!(lang, "matrix-login-failed", "detail" => detail));
    if refused { Failure::Fatal(e) } else { Failure::Retry(e) }
}

/// Who an access token belongs to, and its device.
async fn whoami(homeserver: &str, token: &str, lang: Lang) -> Result<SessionMeta, Failure> {
    let url = format!("{homeserver}/_matrix/client/v3/account/whoami");
    let response = matrix_sdk::reqwest::Client::new()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| Failure::Retry(anyhow::anyhow!("cannot reach {url}: {e}")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| Failure::Retry(anyhow::anyhow!("cannot read the answer of {url}: {e}")))?;
    if !status.is_success() {
        return Err(login_failure(
            lang,
            t!(lang, "matrix-token-refused", "detail" => status.to_string()),
            status.is_client_error(),
        ));
    }
    #[derive(serde::Deserialize)]
    struct WhoAmI {
        user_id: matrix_sdk::ruma::OwnedUserId,
        device_id: Option<matrix_sdk::ruma::OwnedDeviceId>,
    }
    let who: WhoAmI = serde_json::from_str(&text)
        .map_err(|e| fatal(t!(lang, "matrix-unexpected-answer", "url" => url.clone(), "detail" => e.to_string())))?;
    let device_id = who.device_id.ok_or_else(|| fatal(t!(lang, "matrix-token-no-device")))?;
    Ok(SessionMeta {
        user_id: who.user_id,
        device_id,
    })
}

/// The session holds the access token: only the bot's user may read it.
fn save_session(path: &Path, session: &MatrixSession) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let json = serde_json::to_string(session).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(json.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}
