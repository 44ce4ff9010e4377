//! The Matrix half of `konbit check-config --connect`: a password login that creates a
//! throw-away session, logged out at once (so no stray device is left on the account), or
//! `whoami` for an access token. No sync: nothing is read from or sent to a room, and
//! the bot's own device and state directory are left alone.

use std::time::Duration;

use super::Report;
use crate::config::{MatrixLogin, MatrixSettings};
use crate::i18n::Lang;
use crate::t;

const TIMEOUT: Duration = Duration::from_secs(20);

pub async fn probe(settings: &MatrixSettings, lang: Lang) -> Report {
    let place = format!("{} ({})", settings.homeserver, settings.user);
    let (secret, is_password) = match &settings.login {
        MatrixLogin::Password(s) => (s, true),
        MatrixLogin::AccessToken(s) => (s, false),
    };
    let value = match secret.read() {
        Ok(v) if !v.trim().is_empty() => v,
        Ok(_) => return failed(lang, &place, t!(lang, "secret-empty")),
        Err(e) => return failed(lang, &place, e.to_string()),
    };
    let client = match matrix_sdk::reqwest::Client::builder().timeout(TIMEOUT).build() {
        Ok(c) => c,
        Err(e) => return failed(lang, &place, e.to_string()),
    };
    let result = if is_password {
        login_and_out(&client, settings, &value).await
    } else {
        whoami(&client, &settings.homeserver, &value).await
    };
    match result {
        Ok(user) if user.eq_ignore_ascii_case(&settings.user) => Report {
            ok: true,
            text: t!(lang, if is_password { "probe-matrix-login" } else { "probe-matrix-token" }, "place" => place),
        },
        Ok(other) => failed(lang, &place, t!(lang, "probe-matrix-other-user", "user" => other)),
        Err(Probe::Refused(detail)) => Report {
            ok: false,
            text: t!(lang, "probe-matrix-refused", "place" => place, "detail" => detail),
        },
        Err(Probe::Failed(detail)) => failed(lang, &place, detail),
    }
}

enum Probe {
    /// The homeserver answered no (a wrong password or token).
    Refused(String),
    /// It could not be asked (unreachable, not a homeserver…).
    Failed(String),
}

fn failed(lang: Lang, place: &str, detail: String) -> Report {
    Report {
        ok: false,
        text: t!(lang, "probe-matrix-failed", "place" => place.to_owned(), "detail" => detail),
    }
}

#[derive(serde::Deserialize)]
struct Answer {
    user_id: Option<String>,
    access_token: Option<String>,
    errcode: Option<String>,
    error: Option<String>,
}

async fn call(request: matrix_sdk::reqwest::RequestBuilder, url: &str) -> Result<Answer, Probe> {
    let response = request.send().await.map_err(|e| Probe::Failed(format!("{url}: {e}")))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| Probe::Failed(format!("{url}: {e}")))?;
    let answer: Answer =
        serde_json::from_str(&text).map_err(|_| Probe::Failed(format!("{url}: {status}, not a Matrix answer")))?;
    if status.is_success() {
        Ok(answer)
    } else {
        let detail = format!(
            "{} {}",
            answer.errcode.unwrap_or_else(|| status.to_string()),
            answer.error.unwrap_or_default()
        );
        if status.is_client_error() && status.as_u16() != 404 && status.as_u16() != 429 {
            Err(Probe::Refused(detail.trim().to_owned()))
        } else {
            Err(Probe::Failed(format!("{url}: {}", detail.trim())))
        }
    }
}

fn json(request: matrix_sdk::reqwest::RequestBuilder, body: &serde_json::Value) -> matrix_sdk::reqwest::RequestBuilder {
    request
        .header("content-type", "application/json")
        .body(body.to_string())
}

async fn login_and_out(
    client: &matrix_sdk::reqwest::Client,
    settings: &MatrixSettings,
    password: &str,
) -> Result<String, Probe> {
    let url = format!("{}/_matrix/client/v3/login", settings.homeserver);
    let body = serde_json::json!({
        "type": "m.login.password",
        "identifier": { "type": "m.id.user", "user": settings.user },
        "password": password,
        "initial_device_display_name": "konbit check-config --connect",
    });
    let answer = call(json(client.post(&url), &body), &url).await?;
    let user = answer.user_id.unwrap_or_default();
    if let Some(token) = answer.access_token {
        let url = format!("{}/_matrix/client/v3/logout", settings.homeserver);
        // A logout that fails leaves a session the account's owner can remove; the login
        // itself worked, which is what is being checked.
        if call(json(client.post(&url).bearer_auth(token), &serde_json::json!({})), &url)
            .await
            .is_err()
        {
            tracing::warn!("check-config --connect: could not log out the test session");
        }
    }
    Ok(user)
}

async fn whoami(client: &matrix_sdk::reqwest::Client, homeserver: &str, token: &str) -> Result<String, Probe> {
    let url = format!("{homeserver}/_matrix/client/v3/account/whoami");
    let answer = call(client.get(&url).bearer_auth(token), &url).await?;
    Ok(answer.user_id.unwrap_or_default())
}
