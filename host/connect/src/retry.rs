use std::time::Duration;

/// Exponential backoff with full jitter for connection failures.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before try number `attempt` (1 is the first retry): a random duration
    /// up to `min(cap, base * 2^(attempt-1))`, so a fleet of failures does not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        let exponential = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.cap);
        let millis = exponential.as_millis() as u64;
        if millis == 0 {
            return Duration::ZERO;
        }
        Duration::from_millis(rand::random_range(millis / 2..=millis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_under_the_cap() {
        let policy = RetryPolicy {
            attempts: 6,
            base: Duration::from_millis(100),
            cap: Duration::from_millis(700),
        };
        for _ in 0..50 {
            assert!((50..=100).contains(&(policy.delay(1).as_millis() as u64)));
            assert!((200..=400).contains(&(policy.delay(3).as_millis() as u64)));
            assert!(policy.delay(10) <= Duration::from_millis(700));
        }
    }
}
