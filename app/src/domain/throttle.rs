//! Rate limits that slow guessing down without locking anyone out: a key (an account
//! from one address, an account, an address, a signer…) has a few free failures, then
//! each further attempt waits a delay that doubles with every failure, up to a ceiling.
//! Failures are forgotten some time after the last one. The counting itself is atomic
//! in `ssr::throttle`; this module only says how long to wait.

use chrono::{DateTime, Duration, Utc};

/// How a kind of key is limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed without waiting.
    pub free: i32,
    /// The first delay, in seconds; each further failure doubles it.
    pub first_delay_seconds: i64,
    /// The longest delay, in seconds: never a lock.
    pub max_delay_seconds: i64,
    /// Failures are forgotten this long after the last one, in seconds.
    pub forget_after_seconds: i64,
}

/// Logins of one account from one address: the guessing attacker's key.
pub const LOGIN_ACCOUNT_ADDRESS: Policy = Policy {
    free: 5,
    first_delay_seconds: 2,
    max_delay_seconds: 15 * 60,
    forget_after_seconds: 24 * 3600,
};

/// Logins of one account from anywhere (a guess spread over many addresses): more
/// failures allowed and short delays, so that the real user waits a minute at most.
pub const LOGIN_ACCOUNT: Policy = Policy {
    free: 20,
    first_delay_seconds: 1,
    max_delay_seconds: 60,
    forget_after_seconds: 3600,
};

/// Logins from one address (every account behind a school's or a company's address):
/// many failures allowed, delays of a minute at most.
pub const LOGIN_ADDRESS: Policy = Policy {
    free: 50,
    first_delay_seconds: 1,
    max_delay_seconds: 60,
    forget_after_seconds: 3600,
};

/// Passwords typed to sign a PV, per signer.
pub const SIGNATURE: Policy = Policy {
    free: 5,
    first_delay_seconds: 2,
    max_delay_seconds: 15 * 60,
    forget_after_seconds: 24 * 3600,
};

/// Unknown codes typed on the public verification page, per address.
pub const VERIFICATION: Policy = Policy {
    free: 20,
    first_delay_seconds: 1,
    max_delay_seconds: 5 * 60,
    forget_after_seconds: 3600,
};

/// Password reset requests for one email from one address: three links an hour, then
/// a silent wait (the answer does not change: nobody learns whether the account
/// exists). Keyed by address too, so that a stranger's requests never use up the
/// owner's.
pub const RESET_ACCOUNT: Policy = Policy {
    free: 3,
    first_delay_seconds: 10 * 60,
    max_delay_seconds: 3600,
    forget_after_seconds: 3600,
};

/// Password reset requests for one email from anywhere: ten an hour, then the person
/// asking is told that links were sent recently and when to ask again (counted whether
/// the account exists or not, so the message tells nothing of it).
pub const RESET_EMAIL: Policy = Policy {
    free: 10,
    first_delay_seconds: 10 * 60,
    max_delay_seconds: 3600,
    forget_after_seconds: 3600,
};

/// Password reset requests from one address, for every email.
pub const RESET_ADDRESS: Policy = Policy {
    free: 20,
    first_delay_seconds: 10,
    max_delay_seconds: 10 * 60,
    forget_after_seconds: 3600,
};

/// Every policy.
pub const ALL: [Policy; 8] = [
    LOGIN_ACCOUNT_ADDRESS,
    LOGIN_ACCOUNT,
    LOGIN_ADDRESS,
    SIGNATURE,
    VERIFICATION,
    RESET_ACCOUNT,
    RESET_EMAIL,
    RESET_ADDRESS,
];

/// How long any counter matters: after it, every policy has forgotten its failures,
/// and the retention job deletes the counter (its key holds an address and an email).
pub fn longest_memory() -> Duration {
    Duration::seconds(
        ALL.iter()
            .map(|p| p.forget_after_seconds)
            .max()
            .unwrap_or(0),
    )
}

impl Policy {
    /// The failures still counted at `now`.
    pub fn counted(
        &self,
        failures: i32,
        last_failure: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> i32 {
        match last_failure {
            Some(at) if now - at < Duration::seconds(self.forget_after_seconds) => failures.max(0),
            _ => 0,
        }
    }

    /// The delay after `failures` counted failures.
    pub fn delay(&self, failures: i32) -> Duration {
        if failures < self.free {
            return Duration::zero();
        }
        let doublings = u32::try_from(failures - self.free).unwrap_or(0).min(30);
        let seconds = self
            .first_delay_seconds
            .saturating_mul(1_i64 << doublings)
            .min(self.max_delay_seconds);
        Duration::seconds(seconds)
    }

    /// How long one must still wait before the next attempt, if at all.
    pub fn wait(
        &self,
        failures: i32,
        last_failure: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<Duration> {
        let counted = self.counted(failures, last_failure, now);
        let last = last_failure?;
        let left = last + self.delay(counted) - now;
        (left > Duration::zero()).then_some(left)
    }
}

/// "Réessayez dans …" in French, rounded up to the second or the minute.
pub fn wait_fr(wait: Duration) -> String {
    let seconds = wait.num_seconds().max(0) + i64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    if seconds < 60 {
        format!("{seconds} seconde{}", if seconds > 1 { "s" } else { "" })
    } else {
        let minutes = (seconds + 59) / 60;
        format!("{minutes} minute{}", if minutes > 1 { "s" } else { "" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_is_forgotten_within_a_day() {
        assert_eq!(longest_memory(), Duration::hours(24));
    }
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0)
            .single()
            .expect("date")
            + Duration::seconds(seconds)
    }

    #[test]
    fn free_failures_then_doubling_delays_up_to_a_ceiling() {
        let p = LOGIN_ACCOUNT_ADDRESS;
        assert_eq!(p.delay(4), Duration::zero());
        assert_eq!(p.delay(5), Duration::seconds(2));
        assert_eq!(p.delay(6), Duration::seconds(4));
        assert_eq!(p.delay(9), Duration::seconds(32));
        assert_eq!(p.delay(40), Duration::seconds(15 * 60));
        assert_eq!(p.delay(i32::MAX), Duration::seconds(15 * 60));
        assert_eq!(LOGIN_ACCOUNT.delay(1_000), Duration::seconds(60));
    }

    #[test]
    fn the_wait_runs_from_the_last_failure_and_failures_are_forgotten() {
        let p = LOGIN_ACCOUNT_ADDRESS;
        assert_eq!(p.wait(4, Some(at(0)), at(0)), None);
        assert_eq!(p.wait(5, Some(at(0)), at(1)), Some(Duration::seconds(1)));
        assert_eq!(p.wait(5, Some(at(0)), at(2)), None);
        assert_eq!(p.wait(0, None, at(0)), None);
        // A day after the last failure, nothing is counted any more.
        assert_eq!(p.counted(50, Some(at(0)), at(24 * 3600)), 0);
        assert_eq!(p.wait(50, Some(at(0)), at(24 * 3600)), None);
    }

    #[test]
    fn waits_read_in_french() {
        assert_eq!(wait_fr(Duration::milliseconds(300)), "1 seconde");
        assert_eq!(wait_fr(Duration::seconds(42)), "42 secondes");
        assert_eq!(wait_fr(Duration::seconds(61)), "2 minutes");
        assert_eq!(wait_fr(Duration::seconds(60)), "1 minute");
    }
}
