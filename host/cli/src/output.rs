//! Plain-text tables for terminals: columns sized to their widest cell.

/// Renders rows under a header, columns separated by two spaces.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (index, cell) in cells.enumerate() {
            if index > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            let pad = widths[index].saturating_sub(cell.chars().count());
            text.extend(std::iter::repeat_n(' ', pad));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// `-` for an absent value, so columns never collapse.
pub fn or_dash(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_align() {
        let text = super::table(
            &["NAME", "ROLE"],
            &[
                vec!["leaf1".into(), "leaf".into()],
                vec!["s".into(), "-".into()],
            ],
        );
        assert_eq!(text, "NAME   ROLE\nleaf1  leaf\ns      -\n");
    }
}

/// Epoch milliseconds as `YYYY-MM-DD HH:MM UTC`, so tables show dates people read.
pub fn utc(millis: i64) -> String {
    let time = aurum_config::UtcTime::from_millis(millis);
    format!("{} {:02}:{:02} UTC", time.date(), time.hour, time.minute)
}

#[cfg(test)]
mod utc_tests {
    #[test]
    fn known_instants_print_as_their_calendar_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::utc(951_782_400_000), "2000-02-29 00:00 UTC");
        assert_eq!(super::utc(1_798_761_540_000), "2026-12-31 23:59 UTC");
    }
}
