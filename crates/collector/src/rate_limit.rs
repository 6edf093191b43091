//! Per-ingest-key rate limits: a token bucket per app (each app has one ingest key), in memory.
//! With several collector instances each keeps its own buckets, so the effective limit is
//! the configured one times the number of instances.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::config::RateLimitConfig;

/// The buckets of every ingest key seen.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated_ms: u64,
}

impl RateLimiter {
    /// Buckets holding `config.burst` tokens, refilled at `config.per_second`.
    pub fn new(config: RateLimitConfig) -> RateLimiter {
        RateLimiter {
            config,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token from `key`'s bucket at `now_ms` (milliseconds); when it is empty,
    /// returns the whole seconds to wait before a token is there.
    pub fn take(&self, key: &str, now_ms: u64) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let burst = f64::from(self.config.burst);
        let rate = f64::from(self.config.per_second);
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: burst,
            updated_ms: now_ms,
        });
        let elapsed = now_ms.saturating_sub(bucket.updated_ms) as f64 / 1000.0;
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated_ms = bucket.updated_ms.max(now_ms);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / rate).ceil() as u64;
            Err(wait.max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_allow_a_burst_then_the_rate_per_key() {
        let limiter = RateLimiter::new(RateLimitConfig {
            per_second: 2,
            burst: 3,
        });
        let taken: Vec<Result<(), u64>> = (0..4).map(|_| limiter.take("a", 1_000)).collect();
        assert_eq!(taken, [Ok(()), Ok(()), Ok(()), Err(1)]);
        assert_eq!(
            limiter.take("b", 1_000),
            Ok(()),
            "keys have their own buckets"
        );
        assert_eq!(
            limiter.take("a", 1_500),
            Ok(()),
            "half a second refills one token"
        );
        assert_eq!(limiter.take("a", 1_500), Err(1));
        assert_eq!(limiter.take("a", 60_000), Ok(()));
    }
}
