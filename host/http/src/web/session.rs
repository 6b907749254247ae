//! Browser sessions at the HTTP edge: the `aurum_session` cookie (HttpOnly, Secure,
//! SameSite=Lax) names a session the services keep; every page behind [`require_session`]
//! gets its [`Viewer`], and every unsafe request must carry the session's CSRF token (the
//! `csrf_token` form field or the `X-CSRF-Token` header htmx sends) and, when the browser
//! says where it comes from, come from this site.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use aurum_services::identity::{Principal, WebSession, csrf_matches};

use super::WebState;

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "aurum_session";
/// The login form's CSRF cookie (the form has no session yet).
pub(crate) const LOGIN_CSRF_COOKIE: &str = "aurum_login_csrf";
/// Form bodies read for their CSRF token at most this large.
const MAX_FORM_BYTES: usize = 1 << 20;

/// Who is looking at a page: the session's user and the CSRF token its forms carry.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub principal: Principal,
    pub csrf_token: String,
}

/// The value of cookie `name` in the request, if sent.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value for one of our cookies: HttpOnly and Secure always (browsers treat
/// loopback as secure), `max_age` 0 removes it.
pub(crate) fn set_cookie(name: &str, value: &str, max_age_secs: i64, same_site: &str) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; Secure; SameSite={same_site}; Max-Age={max_age_secs}"
    )
}

/// Lets the request through with its [`Viewer`] when it has a live session (and, if unsafe, a
/// matching CSRF token from this site); a signed-out browser is sent to the login page.
pub(crate) async fn require_session(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    let session = match cookie(request.headers(), SESSION_COOKIE) {
        Some(id) => match state.services.identity.web_session(id).await {
            Ok(session) => session,
            Err(error) => return super::error_page(&state, None, error),
        },
        None => None,
    };
    let Some(session) = session else {
        return to_login(&request);
    };
    let request = match check_csrf(request, &session).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let mut request = request;
    let user = crate::edge::RequestUser(session.principal.name.clone());
    request.extensions_mut().insert(Viewer {
        principal: session.principal,
        csrf_token: session.csrf_token,
    });
    let mut response = next.run(request).await;
    response.extensions_mut().insert(user);
    response
}

/// A signed-out request: a page goes to `/login?next=...`; an htmx request is told to load
/// the login page instead of swapping it into a fragment.
fn to_login(request: &Request) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let target = format!("/login?next={}", urlencode(&path));
    if request.headers().contains_key("hx-request") {
        return (StatusCode::UNAUTHORIZED, [("HX-Redirect", target)]).into_response();
    }
    Redirect::to(&target).into_response()
}

/// Safe methods pass; others need a same-site origin and the session's token.
async fn check_csrf(request: Request, session: &WebSession) -> Result<Request, Response> {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(request);
    }
    if let Err(reason) = same_site(request.headers()) {
        return Err(refused(reason));
    }
    if let Some(sent) = request.headers().get("x-csrf-token") {
        let sent = sent.to_str().unwrap_or_default();
        return match csrf_matches(session, sent) {
            true => Ok(request),
            false => Err(refused("the CSRF token does not match this session")),
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| refused("the form is too large"))?;
    let sent = form_field(&bytes, "csrf_token").unwrap_or_default();
    if !csrf_matches(session, &sent) {
        return Err(refused(
            "the form's CSRF token is missing or is not this session's",
        ));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Refuses a request a browser says comes from another site (`Sec-Fetch-Site`), or whose
/// `Origin` is not this host.
pub(crate) fn same_site(headers: &HeaderMap) -> Result<(), &'static str> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err("a cross-site request may not change anything here");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        if origin != "null" && origin_host != host {
            return Err("the request's Origin is not this site");
        }
    }
    Ok(())
}

/// One field of a URL-encoded form body.
pub(crate) fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

fn refused(reason: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        format!("Forbidden: {reason}. Reload the page and submit it again."),
    )
        .into_response()
}

/// Percent-encodes a value for a query string.
pub(crate) fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookies_are_found_by_name_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; aurum_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn cross_site_requests_are_refused_and_same_site_ones_pass() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_site(&headers).is_ok());
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(same_site(&headers).is_err());
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(same_site(&headers).is_err());
    }

    #[test]
    fn form_fields_are_decoded() {
        assert_eq!(
            form_field(b"a=1&csrf_token=x%2By&b=2", "csrf_token").as_deref(),
            Some("x+y")
        );
        assert_eq!(urlencode("/devices/?q=a b"), "%2Fdevices%2F%3Fq%3Da+b");
    }
}
