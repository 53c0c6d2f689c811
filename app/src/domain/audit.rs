//! The audit trail: an append-only log of every change that can alter a result (who,
//! when, before, after, reason), each entry chained to the previous one by a SHA-256
//! hash, so that editing or deleting any entry of the history is detected.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry is chained to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Kept to the microsecond, as both databases store it.
    pub at: DateTime<Utc>,
    pub actor: Option<i32>,
    /// `mark`, `attendance`, `fraud`…
    pub entity: String,
    pub entity_id: String,
    /// `save`, `submit`, `reopen`…
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

impl Record {
    /// The record with its time truncated to the microsecond.
    pub fn at_microseconds(mut self) -> Self {
        self.at = self.at.trunc_subsecs(6);
        self
    }
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub id: i32,
    pub record: Record,
    pub prev_hash: String,
    pub hash: String,
}

fn field(hasher: &mut Sha256, value: Option<&str>) {
    match value {
        None => hasher.update([0u8]),
        Some(text) => {
            hasher.update([1u8]);
            hasher.update((text.len() as u64).to_be_bytes());
            hasher.update(text.as_bytes());
        }
    }
}

/// SHA-256 of a text, in hexadecimal: the fingerprint of a signed PV or an issued
/// document.
pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash of a record chained to `prev`: every field length-prefixed, so no two
/// different records hash the same input.
pub fn hash(prev: &str, record: &Record) -> String {
    let mut hasher = Sha256::new();
    field(&mut hasher, Some(prev));
    field(&mut hasher, Some(&record.at.timestamp_micros().to_string()));
    field(&mut hasher, record.actor.map(|a| a.to_string()).as_deref());
    field(&mut hasher, Some(&record.entity));
    field(&mut hasher, Some(&record.entity_id));
    field(&mut hasher, Some(&record.action));
    field(&mut hasher, record.before.as_deref());
    field(&mut hasher, record.after.as_deref());
    field(&mut hasher, record.reason.as_deref());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The seal of the chain's head: HMAC-SHA256, with a key the database does not hold,
/// of the number of entries and the last entry's hash. Whoever can edit the database
/// but not read the key can neither drop the last entries nor rewrite the chain
/// without the seal showing it.
pub fn seal(key: &[u8], entries: i64, head: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(format!("{entries}:{head}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The head as stored: entries, last hash, seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub entries: i64,
    pub hash: String,
    pub seal: String,
}

/// Why the head does not match the chain, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeadProblem {
    #[error("la tête du journal manque alors que le journal compte {0} entrée(s)")]
    Missing(usize),
    #[error(
        "la tête du journal n'est pas scellée par la clé APP_AUDIT_KEY de ce serveur (tête modifiée, ou journal réécrit)"
    )]
    Seal,
    #[error(
        "le journal compte {found} entrée(s) et sa tête en atteste {sealed} : des entrées ont été supprimées ou ajoutées hors de l'application"
    )]
    Count { found: usize, sealed: i64 },
    #[error("la dernière entrée n'est pas celle que la tête atteste : le journal a été réécrit")]
    Hash,
}

/// Checks the stored head against the chain (already verified link by link).
pub fn check_head(key: &[u8], entries: &[Stored], head: Option<&Head>) -> Result<(), HeadProblem> {
    let Some(head) = head else {
        return if entries.is_empty() {
            Ok(())
        } else {
            Err(HeadProblem::Missing(entries.len()))
        };
    };
    if seal(key, head.entries, &head.hash) != head.seal {
        return Err(HeadProblem::Seal);
    }
    if usize::try_from(head.entries).ok() != Some(entries.len()) {
        return Err(HeadProblem::Count {
            found: entries.len(),
            sealed: head.entries,
        });
    }
    if entries.last().map(|e| e.hash.as_str()) != Some(head.hash.as_str()) {
        return Err(HeadProblem::Hash);
    }
    Ok(())
}

/// One item of a grading sheet as the audit log last recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AuditedItem {
    pub item: String,
    #[serde(default)]
    pub points: Option<rust_decimal::Decimal>,
    #[serde(default)]
    pub met: Option<bool>,
}

#[derive(Deserialize)]
struct Snapshot {
    items: Vec<AuditedItem>,
}

/// The last audited value of every item of every sheet (`enrolment:épreuve:grader` or
/// `…:accord`), replaying the log's `mark` entries in order.
pub fn audited_marks(
    entries: &[Stored],
) -> std::collections::HashMap<(String, String), AuditedItem> {
    let mut out = std::collections::HashMap::new();
    for entry in entries.iter().filter(|e| e.record.entity == "mark") {
        let Some(after) = &entry.record.after else {
            continue;
        };
        let Ok(snapshot) = serde_json::from_str::<Snapshot>(after) else {
            continue;
        };
        for item in snapshot.items {
            out.insert((entry.record.entity_id.clone(), item.item.clone()), item);
        }
    }
    out
}

/// Where the chain breaks, in French.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Break {
    #[error("entrée {id} : son contenu ne correspond plus à son empreinte (modifiée)")]
    Altered { id: i32 },
    #[error("entrée {id} : elle ne suit pas l'entrée précédente (entrée supprimée ou insérée)")]
    Unlinked { id: i32 },
}

/// Checks the whole chain, in order of id: the number of entries, or the first break.
pub fn verify(entries: &[Stored]) -> Result<usize, Break> {
    let mut previous = GENESIS.to_owned();
    for entry in entries {
        if entry.prev_hash != previous {
            return Err(Break::Unlinked { id: entry.id });
        }
        if hash(&entry.prev_hash, &entry.record) != entry.hash {
            return Err(Break::Altered { id: entry.id });
        }
        previous = entry.hash.clone();
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Stored> {
        let mut previous = GENESIS.to_owned();
        (0..n)
            .map(|i| {
                let record = Record {
                    at: DateTime::from_timestamp(1_800_000_000 + i as i64, 123_456_789)
                        .expect("time"),
                    actor: Some(7),
                    entity: "mark".to_owned(),
                    entity_id: format!("{i}"),
                    action: "save".to_owned(),
                    before: None,
                    after: Some(format!("{{\"points\":\"{i}\"}}")),
                    reason: None,
                }
                .at_microseconds();
                let hash = hash(&previous, &record);
                let stored = Stored {
                    id: i32::try_from(i).unwrap_or(0) + 1,
                    record,
                    prev_hash: previous.clone(),
                    hash: hash.clone(),
                };
                previous = hash;
                stored
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn an_edited_entry_is_detected() {
        let mut entries = chain(5);
        entries[2].record.after = Some("{\"points\":\"20\"}".to_owned());
        assert_eq!(verify(&entries), Err(Break::Altered { id: 3 }));
    }

    #[test]
    fn a_deleted_entry_is_detected() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(verify(&entries), Err(Break::Unlinked { id: 3 }));
    }

    #[test]
    fn fields_cannot_be_shifted_into_one_another() {
        let a = &chain(1)[0].record;
        let mut b = a.clone();
        b.entity = "markm".to_owned();
        b.entity_id = String::new();
        assert_ne!(hash(GENESIS, a), hash(GENESIS, &b));
        let mut c = a.clone();
        c.reason = Some(String::new());
        assert_ne!(hash(GENESIS, a), hash(GENESIS, &c));
    }
}
