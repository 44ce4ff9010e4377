//! A PostgreSQL URL as logs and messages show it (`[storage] url`, `konbit migrate-storage
//! --to`): the password replaced by `***`, whether it is in the user part
//! (`postgres://konbit:PW@host/db`) or a `password=` parameter (`…/db?password=PW`).

/// `url` without its password.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(name, _)| name);
            format!("{user}:***@{host}")
        }
        None => authority.to_owned(),
    };
    format!("{scheme}://{authority}{}", redact_parameters(tail))
}

/// `/db?sslmode=require&password=PW` → `/db?sslmode=require&password=***`.
fn redact_parameters(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let parameters: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => p.to_owned(),
        })
        .collect();
    format!("{path}?{}", parameters.join("&"))
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn the_password_is_never_shown_wherever_the_url_puts_it() {
        assert_eq!(
            redact_url("postgres://konbit:s3cret@db.example.org:5432/konbit"),
            "postgres://konbit:***@db.example.org:5432/konbit"
        );
        assert_eq!(
            redact_url("postgres://konbit@db/konbit?sslmode=require&password=s3cret"),
            "postgres://konbit:***@db/konbit?sslmode=require&password=***"
        );
        assert_eq!(
            redact_url("postgresql://db/konbit?PASSWORD=s3cret&user=konbit"),
            "postgresql://db/konbit?PASSWORD=***&user=konbit"
        );
        assert_eq!(redact_url("postgres://db/konbit"), "postgres://db/konbit");
        assert_eq!(redact_url("konbit.db"), "konbit.db");
    }
}
