//! Epoch milliseconds as a UTC calendar time, for the places that print or send one (tables,
//! web pages, a source of truth's `last_updated` filter) without a date-time crate.

/// A UTC instant broken into its calendar fields (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
}

impl UtcTime {
    pub fn from_millis(millis: i64) -> UtcTime {
        let secs = millis.div_euclid(1000);
        let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        UtcTime {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: rest / 3600,
            minute: rest % 3600 / 60,
            second: rest % 60,
        }
    }

    /// `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// ISO 8601 with a `Z`, as REST APIs' date-time filters take it.
    pub fn iso8601(&self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            self.hour,
            self.minute,
            self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::UtcTime;

    #[test]
    fn known_instants_are_their_calendar_dates() {
        assert_eq!(UtcTime::from_millis(0).iso8601(), "1970-01-01T00:00:00Z");
        assert_eq!(
            UtcTime::from_millis(951_782_400_000).iso8601(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            UtcTime::from_millis(1_798_761_599_999).iso8601(),
            "2026-12-31T23:59:59Z"
        );
        assert_eq!(UtcTime::from_millis(-1).iso8601(), "1969-12-31T23:59:59Z");
    }
}
