//! What was computed for a session at one revision, kept in this process's memory until
//! the revision moves. `exam_sessions.revision` is moved by the database itself
//! (triggers) on any change to what the scoring engine reads for the session, so a
//! kept value is never older than what a new computation would find, on whichever app
//! server asks.
//!
//! Only values computed outside a write transaction are kept (callers take a
//! `DatabaseConnection`): a transaction's own revision may be rolled back and reused.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// A session at one revision, and the day the computation depends on, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revision {
    pub session: i32,
    pub revision: i64,
    pub day: Option<chrono::NaiveDate>,
}

/// The last values computed for the most recently used sessions.
pub struct Revised<V> {
    kept: Mutex<VecDeque<(Revision, Arc<V>)>>,
    capacity: usize,
}

impl<V> Revised<V> {
    /// Keeps values for at most `capacity` sessions.
    pub const fn new(capacity: usize) -> Self {
        Self {
            kept: Mutex::new(VecDeque::new()),
            capacity,
        }
    }

    /// The value kept for exactly this revision.
    pub fn get(&self, at: &Revision) -> Option<Arc<V>> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let index = kept.iter().position(|(r, _)| r == at)?;
        // Most recently used first.
        let entry = kept.remove(index)?;
        let value = entry.1.clone();
        kept.push_front(entry);
        Some(value)
    }

    /// Keeps a value, in place of any other kept for the same session.
    pub fn put(&self, at: Revision, value: Arc<V>) {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|(r, _)| r.session != at.session);
        kept.push_front((at, value));
        kept.truncate(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(session: i32, revision: i64) -> Revision {
        Revision {
            session,
            revision,
            day: None,
        }
    }

    #[test]
    fn a_value_is_kept_for_its_revision_only() {
        let cache = Revised::new(4);
        cache.put(at(1, 7), Arc::new("sept"));
        assert_eq!(cache.get(&at(1, 7)).as_deref(), Some(&"sept"));
        assert_eq!(cache.get(&at(1, 8)), None);
        assert_eq!(cache.get(&at(2, 7)), None);
        // A newer revision replaces the session's value.
        cache.put(at(1, 8), Arc::new("huit"));
        assert_eq!(cache.get(&at(1, 7)), None);
        assert_eq!(cache.get(&at(1, 8)).as_deref(), Some(&"huit"));
    }

    #[test]
    fn the_least_recently_used_session_goes_first() {
        let cache = Revised::new(2);
        cache.put(at(1, 0), Arc::new(1));
        cache.put(at(2, 0), Arc::new(2));
        assert!(cache.get(&at(1, 0)).is_some());
        cache.put(at(3, 0), Arc::new(3));
        assert!(cache.get(&at(2, 0)).is_none());
        assert!(cache.get(&at(1, 0)).is_some());
        assert!(cache.get(&at(3, 0)).is_some());
    }
}
