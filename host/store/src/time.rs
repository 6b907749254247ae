use std::time::{SystemTime, UNIX_EPOCH};

/// Now as Unix epoch milliseconds: the one timestamp representation every database accepts
/// and compares correctly.
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}
