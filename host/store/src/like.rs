//! Case-insensitive "contains" searches in SQL, the same on both databases: the text taken
//! literally (its `%`, `_` and `\` escaped) and folded to ASCII lower case. SQLite's `LIKE`
//! already ignores ASCII case, so the column is compared as stored and its indexes stay
//! usable; PostgreSQL's is case-sensitive, so the column is lowered.

use crate::DbKind;

/// `%q%` for `LIKE ... ESCAPE '\'`, lowercased, its own `%`, `_` and `\` taken literally.
pub(crate) fn contains_pattern(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.to_ascii_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `column` contains the pattern bound at `placeholder` (from [`contains_pattern`]).
pub(crate) fn contains_like(kind: DbKind, column: &str, placeholder: &str) -> String {
    match kind {
        DbKind::Sqlite => format!("{column} LIKE {placeholder} ESCAPE '\\'"),
        DbKind::Postgres => format!("LOWER({column}) LIKE {placeholder} ESCAPE '\\'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_taken_literally_and_in_lower_case() {
        assert_eq!(contains_pattern("R0_1%"), "%r0\\_1\\%%");
        assert_eq!(contains_pattern("a\\b"), "%a\\\\b%");
    }

    #[test]
    fn only_postgresql_lowers_the_column() {
        assert_eq!(
            contains_like(DbKind::Sqlite, "d.name", "$1"),
            "d.name LIKE $1 ESCAPE '\\'"
        );
        assert_eq!(
            contains_like(DbKind::Postgres, "d.name", "$1"),
            "LOWER(d.name) LIKE $1 ESCAPE '\\'"
        );
    }
}
