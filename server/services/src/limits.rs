//! Throttles that every node shares: rows in `auth_throttle`, each keyed by an HMAC of
//! what it counts, so no address, account or client appears in the table.
//!
//! One rule for all of them: a key may be used `max` times within `window`; the use
//! that reaches `max` locks the key for `lock`, and while it is locked every further
//! use is refused. Counting happens in the caller's transaction (an upsert), so
//! parallel requests cannot slip past a limit.

use crate::Services;
use chrono::{Duration, NaiveDateTime};
use std::net::IpAddr;
use yoriai_store::{throttle, DbConn, DbResult};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i32,
    pub window: Duration,
    pub lock: Duration,
}

/// Wrong second-step codes (authenticator or recovery) per account, across sign-ins:
/// five an hour. A code has one chance in about 300,000 (three valid codes of a
/// million), so this keeps guessing hopeless, and the owner is told at each lock.
pub const SECOND_STEP: Limit = Limit { max: 5, window: Duration::hours(1), lock: Duration::hours(1) };

/// Mail a stranger can make us send to one address (a sign-up, a confirmation resent,
/// a password reset, an anonymous report's link, "someone tried to use your
/// address"): five an hour, whoever asks.
pub const MAIL_PER_RECIPIENT: Limit = Limit { max: 5, window: Duration::hours(1), lock: Duration::hours(1) };

/// Requests for such mail from one client (an IPv4 address or IPv6 /64): thirty in
/// fifteen minutes, enough for a sign-up session at a community centre behind one
/// address, not for spraying addresses.
pub const MAIL_PER_CLIENT: Limit = Limit { max: 30, window: Duration::minutes(15), lock: Duration::minutes(15) };

/// The key under which `what` is counted.
pub fn key(svc: &Services, what: &str) -> String {
    svc.keys.keyed_hash("throttle", what)
}

/// A client address as throttles count it: IPv4 per address, IPv6 per /64 (one
/// subscriber's prefix).
pub fn client_text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Uses `key` once. `None` when allowed; `Some(until)` when the key is locked (this
/// use is refused). The use that reaches the limit is allowed and locks the key.
pub fn spend(conn: &mut DbConn, key: &str, limit: Limit, now: NaiveDateTime) -> DbResult<Option<NaiveDateTime>> {
    if let Some(until) = throttle::locked_until(conn, key, now)? {
        return Ok(Some(until));
    }
    throttle::record_failure(conn, key, now, limit.window, limit.max, limit.lock)?;
    Ok(None)
}

/// Whole minutes until `until`, rounded up (for "try again in N minutes").
pub fn minutes_until(until: NaiveDateTime, now: NaiveDateTime) -> i64 {
    ((until - now).num_seconds() + 59).div_euclid(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_time_is_rounded_up_to_whole_minutes() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(minutes_until(now + Duration::seconds(1), now), 1);
        assert_eq!(minutes_until(now + Duration::seconds(60), now), 1);
        assert_eq!(minutes_until(now + Duration::seconds(61), now), 2);
        assert_eq!(minutes_until(now + Duration::minutes(15), now), 15);
    }

    #[test]
    fn ipv6_clients_are_counted_per_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_text(a), client_text(b));
        assert_eq!(client_text("192.0.2.7".parse().unwrap()), "192.0.2.7");
    }
}
