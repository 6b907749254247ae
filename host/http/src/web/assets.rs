//! The UI's static files, embedded in the binary: Tabler and htmx as `npm ci` installed them
//! from the pinned lockfile at build time (`build.rs`), and Aurum's own small script.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

macro_rules! npm_file {
    ($path:literal) => {
        include_bytes!(concat!(env!("AURUM_WEB_ASSETS"), "/", $path))
    };
}

/// (URL name, content type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "tabler.min.css",
        "text/css; charset=utf-8",
        npm_file!("@tabler/core/dist/css/tabler.min.css"),
    ),
    (
        "tabler.min.js",
        "text/javascript; charset=utf-8",
        npm_file!("@tabler/core/dist/js/tabler.min.js"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        npm_file!("htmx.org/dist/htmx.min.js"),
    ),
    (
        "aurum.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/aurum.js"),
    ),
    (
        "aurum.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/aurum.css"),
    ),
];

/// `GET /static/{file}`: an embedded file, cacheable for a day.
pub(crate) async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
