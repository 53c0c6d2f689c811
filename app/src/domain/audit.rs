//! The audit trail: an append-only log of every change that can alter a result (who,
//! when, before, after, reason), each entry chained to the previous one by a SHA-256
//! hash, so that editing or deleting any entry of the history is detected.
//!
//! Each session has its own chain (so that writes to different sessions never wait
//! for each other); entries of no session, and the log kept before chains were per
//! session, form the chain `None`.

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
    /// The session whose chain the entry belongs to.
    pub session: Option<i32>,
}

impl Record {
    /// The record with its time truncated to the microsecond.
    pub fn at_microseconds(mut self) -> Self {
        self.at = self.at.trunc_subsecs(6);
        self
    }
}

/// A stored entry (a line of a session archive's audit extract, in JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    digest_bytes(text.as_bytes())
}

/// SHA-256 of bytes, in hexadecimal (`sha256sum`'s output): the fingerprint of a kept
/// file.
pub fn digest_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
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
    // Entries of a session's chain name it, so none can be moved to another chain
    // (entries of the chain `None` hash as they did before chains were per session).
    if let Some(session) = record.session {
        field(&mut hasher, Some(&format!("session:{session}")));
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The seal of a chain's head: HMAC-SHA256, with a key the database does not hold,
/// of the chain, the number of entries and the last entry's hash. Whoever can edit the
/// database but not read the key can neither drop the last entries nor rewrite a
/// chain, nor give one session's head to another, without the seal showing it.
pub fn seal(key: &[u8], chain: Option<i32>, entries: i64, head: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    match chain {
        None => mac.update(format!("{entries}:{head}").as_bytes()),
        Some(session) => mac.update(format!("session {session}:{entries}:{head}").as_bytes()),
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The id of a chain's stored head: the session's id, 0 for the chain `None`.
pub fn head_id(chain: Option<i32>) -> i32 {
    chain.unwrap_or(0)
}

/// The chain of a stored head's id.
pub fn chain_of_head(id: i32) -> Option<i32> {
    (id != 0).then_some(id)
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

/// Checks the stored head of one chain against its entries (already verified link by
/// link).
pub fn check_head(
    key: &[u8],
    chain: Option<i32>,
    entries: &[&Stored],
    head: Option<&Head>,
) -> Result<(), HeadProblem> {
    let Some(head) = head else {
        return if entries.is_empty() {
            Ok(())
        } else {
            Err(HeadProblem::Missing(entries.len()))
        };
    };
    if seal(key, chain, head.entries, &head.hash) != head.seal {
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

/// The entries of each chain, in the order given.
pub fn chains(entries: &[Stored]) -> std::collections::BTreeMap<Option<i32>, Vec<&Stored>> {
    let mut out: std::collections::BTreeMap<Option<i32>, Vec<&Stored>> = Default::default();
    for entry in entries {
        out.entry(entry.record.session).or_default().push(entry);
    }
    out
}

/// Checks every chain, each in order of id: the number of entries, or the first break.
pub fn verify(entries: &[Stored]) -> Result<usize, Break> {
    let mut previous: std::collections::HashMap<Option<i32>, &str> = Default::default();
    for entry in entries {
        let link = previous.entry(entry.record.session).or_insert(GENESIS);
        if entry.prev_hash != *link {
            return Err(Break::Unlinked { id: entry.id });
        }
        if hash(&entry.prev_hash, &entry.record) != entry.hash {
            return Err(Break::Altered { id: entry.id });
        }
        *link = &entry.hash;
    }
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Stored> {
        chain_of(None, n, 1)
    }

    /// `n` entries of the chain of `session`, ids from `first`.
    fn chain_of(session: Option<i32>, n: usize, first: i32) -> Vec<Stored> {
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
                    session,
                }
                .at_microseconds();
                let hash = hash(&previous, &record);
                let stored = Stored {
                    id: i32::try_from(i).unwrap_or(0) + first,
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

    /// Two sessions' chains interleaved in the table.
    fn interleaved() -> Vec<Stored> {
        let a = chain_of(Some(1), 3, 1);
        let b = chain_of(Some(2), 3, 1);
        let mut out = Vec::new();
        for (i, (x, y)) in a.into_iter().zip(b).enumerate() {
            let id = i32::try_from(i).unwrap_or(0) * 2;
            out.push(Stored { id: id + 1, ..x });
            out.push(Stored { id: id + 2, ..y });
        }
        out
    }

    #[test]
    fn each_session_has_its_own_chain() {
        let entries = interleaved();
        assert_eq!(verify(&entries), Ok(6));
        let chains = chains(&entries);
        assert_eq!(chains.len(), 2);
        assert_eq!(chains[&Some(1)].len(), 3);
        assert_eq!(chains[&Some(2)][0].prev_hash, GENESIS);
    }

    #[test]
    fn an_entry_moved_to_another_sessions_chain_is_detected() {
        let mut entries = interleaved();
        // Session 2's first entry claimed by session 1 after its own first entry.
        entries[1].record.session = Some(1);
        entries[1].prev_hash = entries[0].hash.clone();
        assert!(verify(&entries).is_err());
        let mut entries = interleaved();
        entries[1].record.session = Some(1);
        assert!(verify(&entries).is_err());
    }

    #[test]
    fn a_head_sealed_for_one_session_does_not_pass_for_another() {
        let key = b"cle";
        let entries = chain_of(Some(1), 2, 1);
        let refs: Vec<&Stored> = entries.iter().collect();
        let last = entries[1].hash.clone();
        let head = Head {
            entries: 2,
            hash: last.clone(),
            seal: seal(key, Some(1), 2, &last),
        };
        assert_eq!(check_head(key, Some(1), &refs, Some(&head)), Ok(()));
        assert_eq!(
            check_head(key, Some(2), &refs, Some(&head)),
            Err(HeadProblem::Seal)
        );
        assert_eq!(
            check_head(key, Some(1), &refs[..1], Some(&head)),
            Err(HeadProblem::Count {
                found: 1,
                sealed: 2
            })
        );
    }
}
