//! Hiding the credentials a URL can carry, for messages, logs, `/readyz` and `Debug`: the
//! database URL (sqlx accepts a password in the userinfo and as a `password=` query parameter,
//! libpq also `sslpassword=`) and git remote URLs (`https://user:token@host/...`).

/// Query parameters whose value is a credential, compared case-insensitively after decoding.
const SECRET_PARAMETERS: [&str; 2] = ["password", "sslpassword"];

/// `postgres://user:secret@host/db?password=x&sslmode=require` becomes
/// `postgres://user:***@host/db?password=***&sslmode=require`. Everything else (user, host,
/// database, file paths such as `sslkey`) stays, so the message still says which database.
pub fn mask_url_password(value: &str) -> String {
    let (before_query, query) = match value.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (value, None),
    };
    let mut masked = mask_userinfo(before_query);
    if let Some(query) = query {
        masked.push('?');
        masked.push_str(&mask_query(query));
    }
    masked
}

/// The names of a URL's query parameters, decoded and lowercased.
pub fn url_query_parameters(value: &str) -> Vec<String> {
    value
        .split_once('?')
        .map(|(_, query)| {
            query
                .split('&')
                .map(|pair| parameter_name(pair.split_once('=').map_or(pair, |(key, _)| key)))
                .collect()
        })
        .unwrap_or_default()
}

fn mask_userinfo(before_query: &str) -> String {
    let Some((scheme, rest)) = before_query.split_once("://") else {
        return before_query.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => before_query.to_string(),
        },
        None => before_query.to_string(),
    }
}

fn mask_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if SECRET_PARAMETERS.contains(&parameter_name(key).as_str()) => {
                format!("{key}=***")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes `%XX` and `+` as the URL parser behind sqlx does, so `pass%77ord` is `password`.
fn parameter_name(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (b'+', _) => {
                decoded.push(b' ');
                index += 1;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_password_of_the_userinfo() {
        assert_eq!(
            mask_url_password("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            mask_url_password("postgres://u:p%40ss@word@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            mask_url_password("https://oauth2:glpat-xyz@gitlab.example.com/net/backups.git"),
            "https://oauth2:***@gitlab.example.com/net/backups.git"
        );
        assert_eq!(mask_url_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            mask_url_password("sqlite:///var/aurum.db?mode=rwc"),
            "sqlite:///var/aurum.db?mode=rwc"
        );
    }

    #[test]
    fn masks_password_parameters_and_keeps_the_rest() {
        assert_eq!(
            mask_url_password(
                "postgres://u@db/x?sslmode=verify-full&password=hunter2&sslkey=/k.pem&sslpassword=k3y"
            ),
            "postgres://u@db/x?sslmode=verify-full&password=***&sslkey=/k.pem&sslpassword=***"
        );
        assert_eq!(
            mask_url_password("postgres://u:a@db?PassWord=b"),
            "postgres://u:***@db?PassWord=***"
        );
        assert_eq!(
            mask_url_password("postgres:///x?host=/run/pg&pass%77ord=hunter2"),
            "postgres:///x?host=/run/pg&pass%77ord=***"
        );
    }

    #[test]
    fn lists_decoded_parameter_names() {
        assert_eq!(
            url_query_parameters("postgres://h/x?SSL%70assword=a&sslmode"),
            ["sslpassword", "sslmode"]
        );
        assert!(url_query_parameters("postgres://h/x").is_empty());
    }
}
