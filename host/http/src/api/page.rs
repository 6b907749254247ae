//! NetBox's list conventions over HTTP: `?limit=&offset=` pages answered as
//! `{count, next, previous, results}`, `?q=` search, and every other parameter a field filter
//! (`?role=leaf&location=ams1`, or `role=leaf,spine`).

use axum::http::Uri;
use serde::Serialize;

use aurum_inventory::DeviceFilter;
use aurum_services::inventory::{Page, PageRequest};

use crate::HttpError;

/// A list request's parameters, parsed from the query string.
#[derive(Debug, Default)]
pub(crate) struct ListParams {
    pub page: PageRequest,
    pub q: Option<String>,
    /// Every other `key=value`, in order.
    pub fields: Vec<(String, String)>,
}

impl ListParams {
    /// Parses `limit`, `offset` and `q`; a limit or offset that is not a number is a 400.
    pub fn parse(query: Option<&str>) -> Result<ListParams, HttpError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or_default())
            .map_err(|e| bad(e.to_string()))?;
        // Databases count in signed 64 bits: a larger number is the client's to fix, not a
        // query that fails on the server.
        let number = |name: &str, value: &str| {
            value
                .parse::<usize>()
                .ok()
                .filter(|n| i64::try_from(*n).is_ok())
                .ok_or_else(|| {
                    bad(format!(
                        "`{name}` must be a whole number from 0 to {}, not `{value}`",
                        i64::MAX
                    ))
                })
        };
        let (mut limit, mut offset, mut params) = (None, None, ListParams::default());
        for (key, value) in pairs {
            match key.as_str() {
                "limit" => limit = Some(number("limit", &value)?),
                "offset" => offset = Some(number("offset", &value)?),
                "q" => params.q = Some(value),
                _ => params.fields.push((key, value)),
            }
        }
        params.page = PageRequest::new(limit, offset);
        Ok(params)
    }

    /// The field parameters as a device filter; an unknown field is a 400 naming the fields.
    pub fn device_filter(&self) -> Result<DeviceFilter, HttpError> {
        let terms: Vec<String> = self
            .fields
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        DeviceFilter::parse_terms(&terms).map_err(|e| bad(e.to_string()))
    }

    /// Refuses field parameters where the list has none to filter on.
    pub fn no_fields(&self) -> Result<(), HttpError> {
        match self.fields.first() {
            Some((key, _)) => Err(bad(format!(
                "unknown parameter `{key}`; this list takes limit, offset and q"
            ))),
            None => Ok(()),
        }
    }
}

/// A request the client must fix: 400 with the reason.
pub(crate) fn bad(reason: String) -> HttpError {
    HttpError::BadRequest(reason)
}

/// One page as NetBox answers it.
#[derive(Debug, Serialize)]
pub(crate) struct Paginated<T> {
    pub count: usize,
    pub next: Option<String>,
    pub previous: Option<String>,
    pub results: Vec<T>,
}

impl<T> Paginated<T> {
    /// `page` with links to the pages around it, keeping the request's other parameters.
    pub fn new(page: Page<T>, request: PageRequest, uri: &Uri) -> Paginated<T> {
        let link = |offset: usize| {
            let mut pairs: Vec<(String, String)> =
                serde_urlencoded::from_str(uri.query().unwrap_or_default()).unwrap_or_default();
            pairs.retain(|(k, _)| k != "limit" && k != "offset");
            pairs.push(("limit".into(), request.limit.to_string()));
            pairs.push(("offset".into(), offset.to_string()));
            let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            format!("{}?{query}", uri.path())
        };
        let next = (request.offset + request.limit < page.count)
            .then(|| link(request.offset + request.limit));
        let previous =
            (request.offset > 0).then(|| link(request.offset.saturating_sub(request.limit)));
        Paginated {
            count: page.count,
            next,
            previous,
            results: page.results,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_their_neighbours_and_keep_the_filters() {
        let uri: Uri = "/api/devices/?role=leaf&limit=2&offset=2".parse().unwrap();
        let params = ListParams::parse(uri.query()).unwrap();
        let page = Page::of(vec![1, 2, 3, 4, 5], params.page);
        let paginated = Paginated::new(page, params.page, &uri);
        assert_eq!(paginated.results, [3, 4]);
        assert_eq!(
            paginated.next.as_deref(),
            Some("/api/devices/?role=leaf&limit=2&offset=4")
        );
        assert_eq!(
            paginated.previous.as_deref(),
            Some("/api/devices/?role=leaf&limit=2&offset=0")
        );
        assert_eq!(params.device_filter().unwrap().role, ["leaf"]);
    }

    #[test]
    fn bad_numbers_and_unknown_fields_are_the_clients_to_fix() {
        assert!(ListParams::parse(Some("limit=ten")).is_err());
        let huge = format!("offset={}", i64::MAX as u64 + 1);
        assert!(ListParams::parse(Some(&huge)).is_err());
        assert!(ListParams::parse(Some(&format!("offset={}", i64::MAX))).is_ok());
        let params = ListParams::parse(Some("colour=red")).unwrap();
        assert!(params.device_filter().is_err());
        assert!(params.no_fields().is_err());
    }
}
