//! Templates on which Aurum and Python textfsm are known to disagree, with the reason.
//! The differential test asserts this list exactly: a template that starts agreeing must
//! be removed from it, and a new disagreement must be fixed or explained here.

/// `(template file(s) as in the index, reason)`.
pub const EXPECTED_FAILURES: &[(&str, &str)] = &[];
