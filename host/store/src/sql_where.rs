//! A WHERE clause built from the conditions a list's query gives, each value bound to a
//! numbered placeholder in order, so the page, its count and its statistics share one
//! clause. Only the conditions given are written: an absent filter costs the database
//! nothing, and the indexes of the ones given stay usable.

use crate::DbKind;
use crate::like::{contains_like, contains_pattern};

/// A value bound to a placeholder of the clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bind {
    Text(String),
    Integer(i64),
}

#[derive(Debug, Default)]
pub(crate) struct Where {
    conditions: Vec<String>,
    pub binds: Vec<Bind>,
}

impl Where {
    /// `value`'s placeholder, `$1` for the first.
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// `column` equals `value`, when there is one.
    pub fn equals(&mut self, column: &str, value: Option<Bind>) {
        if let Some(value) = value {
            let placeholder = self.bind(value);
            self.conditions.push(format!("{column} = {placeholder}"));
        }
    }

    /// `column` is at least `value`, when there is one.
    pub fn at_least(&mut self, column: &str, value: Option<i64>) {
        if let Some(value) = value {
            let placeholder = self.bind(Bind::Integer(value));
            self.conditions.push(format!("{column} >= {placeholder}"));
        }
    }

    /// One of `columns` contains `q` (any ASCII case), when `q` has more than spaces.
    pub fn contains(&mut self, kind: DbKind, columns: &[&str], q: Option<&str>) {
        let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
            return;
        };
        let placeholder = self.bind(Bind::Text(contains_pattern(q)));
        let any: Vec<String> = columns
            .iter()
            .map(|column| contains_like(kind, column, &placeholder))
            .collect();
        self.conditions.push(format!("({})", any.join(" OR ")));
    }

    /// ` WHERE …`, or nothing when no condition was given.
    pub fn clause(&self) -> String {
        match self.conditions.is_empty() {
            true => String::new(),
            false => format!(" WHERE {}", self.conditions.join(" AND ")),
        }
    }
}

/// `ORDER BY column direction` then the tie-breakers, and the window. Text columns sort in
/// byte order on both databases (PostgreSQL's default collation is the locale's).
pub(crate) fn order_and_window(
    kind: DbKind,
    column: &str,
    is_text: bool,
    descending: bool,
    ties: &str,
    offset: i64,
    limit: Option<i64>,
) -> String {
    let collate = match (kind, is_text) {
        (DbKind::Postgres, true) => " COLLATE \"C\"",
        _ => "",
    };
    let direction = if descending { "DESC" } else { "ASC" };
    let limit = limit.map_or(i64::MAX, |limit| limit.max(0));
    format!(
        " ORDER BY {column}{collate} {direction}, {ties} LIMIT {limit} OFFSET {}",
        offset.max(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_given_conditions_are_written_each_bound_once_in_order() {
        assert_eq!(Where::default().clause(), "");
        let mut filter = Where::default();
        filter.equals("device", Some(Bind::Text("r1".into())));
        filter.equals("username", None);
        filter.at_least("at", Some(5));
        filter.contains(DbKind::Postgres, &["command", "device"], Some(" Show_V "));
        filter.contains(DbKind::Postgres, &["command"], Some("  "));
        assert_eq!(
            filter.clause(),
            " WHERE device = $1 AND at >= $2 AND (LOWER(command) LIKE $3 ESCAPE '\\' \
             OR LOWER(device) LIKE $3 ESCAPE '\\')"
        );
        assert_eq!(
            filter.binds,
            [
                Bind::Text("r1".into()),
                Bind::Integer(5),
                Bind::Text("%show\\_v%".into())
            ]
        );
    }

    #[test]
    fn text_sorts_in_byte_order_and_the_window_follows() {
        assert_eq!(
            order_and_window(
                DbKind::Postgres,
                "device",
                true,
                false,
                "id DESC",
                100,
                Some(50)
            ),
            " ORDER BY device COLLATE \"C\" ASC, id DESC LIMIT 50 OFFSET 100"
        );
        assert_eq!(
            order_and_window(DbKind::Sqlite, "at", false, true, "id DESC", 0, None),
            format!(" ORDER BY at DESC, id DESC LIMIT {} OFFSET 0", i64::MAX)
        );
    }
}
