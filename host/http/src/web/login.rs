//! Signing in and out, and the user's API tokens. The login form is protected like every
//! other form: a random token in a SameSite=Strict cookie must come back in the form (the
//! browser has no session yet to hold one). A login always makes a new session id.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use aurum_services::identity::SESSION_LIFETIME_MS;

use super::session::{LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, same_site, set_cookie};
use super::{Page, Viewer, WebState, error_page};

#[derive(Deserialize, Default)]
pub(crate) struct Next {
    #[serde(default)]
    next: String,
}

/// `GET /login`: the form, with a fresh login CSRF token.
pub(crate) async fn form(State(state): State<WebState>, Query(next): Query<Next>) -> Response {
    login_page(&state, &next.next, None, StatusCode::OK)
}

fn login_page(state: &WebState, next: &str, error: Option<String>, status: StatusCode) -> Response {
    // A random token for the form and its cookie (119 bits, as for a first password).
    let token = match aurum_services::identity::random_password() {
        Ok(token) => token,
        Err(error) => return error_page(state, None, error),
    };
    let page = Page::new("login.html", None)
        .with("login_csrf", &token)
        .with("next", safe_next(next))
        .with("error", error);
    (
        status,
        [(
            header::SET_COOKIE,
            set_cookie(LOGIN_CSRF_COOKIE, &token, 3600, "Strict"),
        )],
        page.render(state),
    )
        .into_response()
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    login_csrf: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`: a new session and its cookie, then the page asked for; the reason (wrong
/// password, locked) otherwise.
pub(crate) async fn submit(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if let Err(reason) = same_site(&headers) {
        return (StatusCode::FORBIDDEN, reason).into_response();
    }
    if expected.is_empty() || expected != form.login_csrf {
        return login_page(
            &state,
            &form.next,
            Some("the login form expired; please sign in again".to_string()),
            StatusCode::FORBIDDEN,
        );
    }
    let identity = &state.services.identity;
    match identity.login(form.username.trim(), &form.password).await {
        Ok(session) => {
            // A session the browser already had is ended: the new id replaces it.
            if let Some(old) = cookie(&headers, SESSION_COOKIE)
                && let Err(error) = identity.logout(old).await
            {
                tracing::warn!(%error, "could not end the replaced session");
            }
            let max_age = SESSION_LIFETIME_MS / 1000;
            let mut response = Redirect::to(safe_next(&form.next)).into_response();
            let headers = response.headers_mut();
            for value in [
                set_cookie(SESSION_COOKIE, &session.id, max_age, "Lax"),
                set_cookie(LOGIN_CSRF_COOKIE, "", 0, "Strict"),
            ] {
                if let Ok(value) = value.parse() {
                    headers.append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(aurum_services::ServiceError::Unauthenticated { reason }) => {
            login_page(&state, &form.next, Some(reason), StatusCode::UNAUTHORIZED)
        }
        Err(error) => error_page(&state, None, error),
    }
}

/// `POST /logout`: ends the session and removes its cookie.
pub(crate) async fn logout(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie(&headers, SESSION_COOKIE)
        && let Err(error) = state.services.identity.logout(id).await
    {
        return error_page(&state, None, error);
    }
    (
        [(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, "Lax"))],
        Redirect::to("/login"),
    )
        .into_response()
}

/// `GET /tokens/`: the viewer's API tokens (prefixes, expiry, last use; never a token).
pub(crate) async fn tokens(
    State(state): State<WebState>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    match state.services.identity.tokens(&viewer.principal.name).await {
        Ok(tokens) => {
            let rows: Vec<_> = tokens
                .iter()
                .map(|t| {
                    serde_json::json!({
                        "prefix": t.prefix,
                        "created_at": t.created_at,
                        "expires_at": t.expires_at,
                        "last_used_at": t.last_used_at,
                    })
                })
                .collect();
            Page::new("tokens.html", Some(&viewer))
                .with("tokens", rows)
                .render(&state)
                .into_response()
        }
        Err(error) => error_page(&state, Some(&viewer), error),
    }
}

/// Only a local path is followed after login, so the form cannot send users elsewhere.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next("/devices/?q=a"), "/devices/?q=a");
        for outside in ["https://evil.example/", "//evil.example", "/\\evil", ""] {
            assert_eq!(safe_next(outside), "/");
        }
    }
}
