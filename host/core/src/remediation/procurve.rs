//! ProCurve's root-level `aaa port-access`, `radius-server` and `tacacs-server` rules, which
//! hier_config writes as code rather than driver data.

use std::sync::LazyLock;

static PROCURVE_IDEMPOTENT: LazyLock<Vec<(regex::Regex, usize)>> = LazyLock::new(|| {
    [
        (
            r"^aaa port-access authenticator \S+ (tx-period|supplicant-timeout) \d+$",
            5,
        ),
        (r"^aaa port-access \S+ auth-(priority|order) ", 4),
        (r"^aaa port-access authenticator \S+ client-limit \d+$", 5),
        (
            r"^aaa port-access mac-based \S+ (addr-limit|logoff-period) \d+$",
            5,
        ),
        (r"^aaa port-access \S+ critical-auth user-role ", 5),
        (r"^radius-server host \S+ encrypted-key \S+$", 4),
    ]
    .into_iter()
    .map(|(p, i)| (regex::Regex::new(p).expect("static regex"), i))
    .collect()
});

pub(crate) fn procurve_idempotent<'x>(
    text: &str,
    others: impl Iterator<Item = &'x str> + Clone,
) -> bool {
    for (re, stop) in PROCURVE_IDEMPOTENT.iter() {
        if re.is_match(text) {
            let head = text
                .split_whitespace()
                .take(*stop)
                .collect::<Vec<_>>()
                .join(" ");
            if others.clone().any(|o| o.starts_with(&head)) {
                return true;
            }
        }
    }
    false
}

static PROCURVE_NEGATE: LazyLock<Vec<(regex::Regex, usize, &'static str, &'static str)>> =
    LazyLock::new(|| {
        [
            (
                r"^aaa port-access authenticator \S+ (tx-period|supplicant-timeout) \d+$",
                5,
                "",
                "30",
            ),
            (
                r"^aaa port-access authenticator \S+ client-limit \d+$",
                5,
                "no",
                "",
            ),
            (
                r"^aaa port-access mac-based \S+ addr-limit \d+$",
                5,
                "",
                "1",
            ),
            (
                r"^aaa port-access mac-based \S+ logoff-period \d+$",
                5,
                "",
                "300",
            ),
            (
                r"^aaa port-access \S+ critical-auth user-role ",
                5,
                "no",
                "",
            ),
            (r"^tacacs-server host \S+ ", 3, "no", ""),
            (r"^radius-server host \S+ time-window \d+$", 4, "", "300"),
            (
                r"^radius-server host \S+ time-window plus-or-minus-time-window$",
                4,
                "",
                "positive-time-window",
            ),
            (r"^radius-server host \S+ encrypted-key \S+$", 3, "no", ""),
        ]
        .into_iter()
        .map(|(p, i, a, b)| (regex::Regex::new(p).expect("static regex"), i, a, b))
        .collect()
    });

pub(crate) fn procurve_negate_with(text: &str) -> Option<String> {
    for (re, end, pre, post) in PROCURVE_NEGATE.iter() {
        if re.is_match(text) {
            let mut parts: Vec<&str> = vec![pre];
            parts.extend(text.split_whitespace().take(*end));
            parts.push(post);
            return Some(crate::text::strip(&parts.join(" ")).to_string());
        }
    }
    None
}
