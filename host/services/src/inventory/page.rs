//! Pagination and `q=` search over a listed kind, NetBox-style: a window of `limit` results
//! from `offset`, with the count of everything that matched, so clients can page.

use serde::Serialize;

/// The most results one page may hold; a larger `limit` is cut to it.
pub const MAX_LIMIT: usize = 1000;
/// A page's size when the client names none.
pub const DEFAULT_LIMIT: usize = 50;

/// Which window of the results a client asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: usize,
    pub offset: usize,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl PageRequest {
    /// A window from the client's values: no limit is the default, a limit over
    /// [`MAX_LIMIT`] is cut to it (`limit=0` too, as NetBox does).
    pub fn new(limit: Option<usize>, offset: Option<usize>) -> PageRequest {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(0) => MAX_LIMIT,
            Some(n) => n.min(MAX_LIMIT),
        };
        PageRequest {
            limit,
            offset: offset.unwrap_or(0),
        }
    }
}

/// One page of results and how many matched in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub count: usize,
    pub results: Vec<T>,
}

impl<T> Page<T> {
    /// The window `page` of `items`, which are everything that matched, in order.
    pub fn of(items: Vec<T>, page: PageRequest) -> Page<T> {
        let count = items.len();
        let results = items
            .into_iter()
            .skip(page.offset)
            .take(page.limit)
            .collect();
        Page { count, results }
    }
}

/// Whether `q` (case-insensitive) occurs in any of `fields`; no `q` matches everything.
pub fn matches_q(q: Option<&str>, fields: &[&str]) -> bool {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return true;
    };
    let q = q.to_lowercase();
    fields.iter().any(|f| f.to_lowercase().contains(&q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_a_window_with_the_total_count() {
        let page = Page::of((1..=10).collect(), PageRequest::new(Some(3), Some(8)));
        assert_eq!(page.count, 10);
        assert_eq!(page.results, [9, 10]);
        assert_eq!(PageRequest::new(Some(5000), None).limit, MAX_LIMIT);
        assert_eq!(PageRequest::new(None, None).limit, DEFAULT_LIMIT);
    }

    #[test]
    fn q_searches_any_field_ignoring_case() {
        assert!(matches_q(Some("AMS"), &["leaf1", "ams1"]));
        assert!(!matches_q(Some("nyc"), &["leaf1", "ams1"]));
        assert!(matches_q(None, &[]));
        assert!(matches_q(Some("  "), &["x"]));
    }
}
