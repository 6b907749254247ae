//! Where a list page is: `page` (from 1) and `per_page` (1 to 500, default 50) as its query
//! string gives them. A missing or malformed value is taken as the default rather than
//! refused: a page link typed wrong still shows a page.

/// Rows per page unless `per_page` says otherwise.
const PER_PAGE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    pub page: usize,
    pub per_page: usize,
}

impl Paging {
    pub fn read(page: Option<&str>, per_page: Option<&str>) -> Paging {
        let number = |text: Option<&str>| text.and_then(|v| v.trim().parse::<usize>().ok());
        Paging {
            page: number(page).unwrap_or(1).max(1),
            per_page: number(per_page).unwrap_or(PER_PAGE).clamp(1, 500),
        }
    }

    /// Rows before this page.
    pub fn offset(self) -> usize {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// As the databases count (a page past `i64::MAX` rows has none anyway).
    pub fn offset_i64(self) -> i64 {
        i64::try_from(self.offset()).unwrap_or(i64::MAX)
    }

    pub fn per_page_i64(self) -> i64 {
        i64::try_from(self.per_page).unwrap_or(i64::MAX)
    }

    /// Pages `count` rows fill; an empty list is one page.
    pub fn pages(self, count: usize) -> usize {
        count.max(1).div_ceil(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_fall_back_and_big_ones_saturate() {
        assert_eq!(
            Paging::read(None, None),
            Paging {
                page: 1,
                per_page: 50
            }
        );
        let asked = Paging::read(Some("3"), Some("20"));
        assert_eq!((asked.offset(), asked.pages(41)), (40, 3));
        assert_eq!(Paging::read(Some("zero"), Some("9999")).per_page, 500);
        assert_eq!(Paging::read(Some("0"), Some("0")).page, 1);
        let far = Paging::read(Some(&usize::MAX.to_string()), Some("500"));
        assert_eq!(far.offset(), usize::MAX);
        assert_eq!(far.offset_i64(), i64::MAX);
        assert_eq!(Paging::read(None, None).pages(0), 1);
    }
}
