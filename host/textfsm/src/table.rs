//! Parsed output: a header and rows, and the clitable merge of several templates' tables.

use serde_json::{Map, Value};

/// The result of parsing one output: columns named after the template's values, and one
/// row per record. Cells are JSON strings, except `List` values, which are arrays (of
/// strings, or of objects when the value's regex has named groups).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names as declared in the template (original case).
    pub header: Vec<String>,
    /// Records, each as long as `header`.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// Rows as objects keyed by lower-cased column name: the shape ntc-templates'
    /// `parse_output` returns, and the one the toolkit stores beside the raw output.
    pub fn records(&self) -> Vec<Map<String, Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.header
                    .iter()
                    .zip(row)
                    .map(|(name, cell)| (name.to_lowercase(), cell.clone()))
                    .collect()
            })
            .collect()
    }

    /// Converts `List` elements with Python's `str()`, as clitable's table rows do, so that
    /// the index's output is exactly ntc-templates' `parse_output`.
    pub(crate) fn stringify_lists(&mut self) {
        for cell in self.rows.iter_mut().flatten() {
            if let Value::Array(items) = cell {
                for item in items {
                    *item = Value::String(crate::pyrepr::py_str(item));
                }
            }
        }
    }

    /// Adds the columns of `other` that this table lacks, as clitable does for an index row
    /// listing several templates: with `keys`, a row takes the values of the first row of
    /// `other` whose key columns are equal; without keys, rows pair up by position. Rows
    /// that find no partner get empty strings.
    pub(crate) fn extend(&mut self, other: &Table, keys: &[String]) -> Result<(), String> {
        if let Some(missing) = keys.iter().find(|k| !self.header.contains(k)) {
            return Err(format!(
                "key column '{missing}' is not a column of the first template"
            ));
        }
        let new: Vec<usize> = (0..other.header.len())
            .filter(|&i| !self.header.contains(&other.header[i]))
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        for &i in &new {
            self.header.push(other.header[i].clone());
        }
        for row in &mut self.rows {
            row.extend(new.iter().map(|_| Value::String(String::new())));
        }
        let mine = |name: &String| self.header.iter().position(|h| h == name);
        let theirs = |name: &String| other.header.iter().position(|h| h == name);
        let key_cols: Vec<(usize, usize)> = keys
            .iter()
            .filter_map(|k| Some((mine(k)?, theirs(k)?)))
            .collect();
        if key_cols.len() != keys.len() {
            return Err("a key column is missing from a later template".to_string());
        }
        let first_new = self.header.len() - new.len();
        for (r, row) in self.rows.iter_mut().enumerate() {
            let partner = if keys.is_empty() {
                other.rows.get(r)
            } else {
                other
                    .rows
                    .iter()
                    .find(|o| key_cols.iter().all(|&(m, t)| row[m] == o[t]))
            };
            if let Some(partner) = partner {
                for (offset, &i) in new.iter().enumerate() {
                    row[first_new + offset] = partner[i].clone();
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(header: &[&str], rows: Vec<Vec<Value>>) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        }
    }

    #[test]
    fn records_lowercase_the_keys() {
        let t = table(&["NAME"], vec![vec![json!("a")]]);
        assert_eq!(t.records()[0]["name"], json!("a"));
    }

    #[test]
    fn extends_by_key_or_position() {
        let mut a = table(
            &["K", "X"],
            vec![vec![json!("1"), json!("x")], vec![json!("2"), json!("y")]],
        );
        let b = table(&["K", "Y"], vec![vec![json!("2"), json!("b")]]);
        a.extend(&b, &["K".to_string()]).unwrap();
        assert_eq!(a.rows[0], vec![json!("1"), json!("x"), json!("")]);
        assert_eq!(a.rows[1], vec![json!("2"), json!("y"), json!("b")]);
        let mut c = table(&["X"], vec![vec![json!("x")], vec![json!("y")]]);
        c.extend(&b, &[]).unwrap();
        assert_eq!(c.rows[0], vec![json!("x"), json!("2"), json!("b")]);
        assert_eq!(c.rows[1], vec![json!("y"), json!(""), json!("")]);
        assert!(c.extend(&b, &["Z".to_string()]).is_err());
    }
}
