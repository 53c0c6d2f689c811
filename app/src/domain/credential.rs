//! Verifiable credentials as data: the Open Badges 3.0 `OpenBadgeCredential` (W3C
//! Verifiable Credentials 2.0) of a certificate or block certificate, the organisation's
//! DID document and its revocation status list. Signing (Data Integrity,
//! `eddsa-rdfc-2022`) happens on the server; everything here is plain JSON.
//!
//! Identifiers: the organisation is `did:web:<host>:organisations:<id>` (its document
//! at `/organisations/<id>/did.json`), its keys `#key-<n>`; the status list of its
//! documents is `/organisations/<id>/statuts`, a document's index there is its id.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::certificate::{Issued, Kind};

/// The JSON-LD contexts of an Open Badges 3.0 credential, in order.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OPEN_BADGES_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The context of a `Multikey` verification method (DID document).
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
/// The cryptosuite of the proofs: RDF canonicalisation (RDFC-1.0), SHA-256, Ed25519.
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
/// Entries of a status list: the W3C minimum (16 KB), so that no list tells how many
/// documents an organisation issued.
pub const STATUS_LIST_MIN_ENTRIES: usize = 131_072;

/// The `did:web` of an organisation served at `public_url` (its port, if any,
/// percent-encoded as the method requires).
pub fn organisation_did(public_url: &str, organisation: i32) -> String {
    let host = public_url
        .trim_end_matches('/')
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    let (host, path) = host.split_once('/').unwrap_or((host, ""));
    let mut did = format!("did:web:{}", host.replace(':', "%3A"));
    for part in path.split('/').filter(|p| !p.is_empty()) {
        did.push(':');
        did.push_str(part);
    }
    format!("{did}:organisations:{organisation}")
}

/// The verification method of the organisation's key number `number`.
pub fn key_id(did: &str, number: i32) -> String {
    format!("{did}#key-{number}")
}

/// `(organisation, key number)` of a verification method of this server's DIDs.
pub fn parse_key_id(method: &str) -> Option<(i32, i32)> {
    let (did, fragment) = method.split_once('#')?;
    let number = fragment.strip_prefix("key-")?.parse().ok()?;
    let organisation = did.rsplit_once(":organisations:")?.1.parse().ok()?;
    Some((organisation, number))
}

/// The multibase (base58-btc, `z…`) of an Ed25519 public key with its multicodec
/// prefix (`0xed01`): a `Multikey`'s `publicKeyMultibase`.
pub fn public_key_multibase(public_key: &[u8; 32]) -> String {
    let mut bytes = vec![0xed, 0x01];
    bytes.extend_from_slice(public_key);
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The Ed25519 public key of a `publicKeyMultibase`, if it is one.
pub fn public_key_from_multibase(multibase: &str) -> Option<[u8; 32]> {
    let bytes = bs58::decode(multibase.strip_prefix('z')?).into_vec().ok()?;
    let key = bytes.strip_prefix(&[0xed, 0x01])?;
    key.try_into().ok()
}

/// One published key of an organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedKey {
    pub number: i32,
    pub public_key: [u8; 32],
}

/// The organisation's DID document: every key it ever used (retired ones still verify
/// what they signed), each a `Multikey` usable for assertions.
pub fn did_document(did: &str, keys: &[PublishedKey]) -> Value {
    let methods: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({
                "id": key_id(did, k.number),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(&k.public_key),
            })
        })
        .collect();
    let ids: Vec<Value> = keys
        .iter()
        .map(|k| Value::String(key_id(did, k.number)))
        .collect();
    json!({
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    })
}

/// What a credential says of its issuer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    pub did: String,
    pub name: String,
    /// The application's public address.
    pub url: String,
    pub siret: Option<String>,
    pub address: Option<String>,
}

/// The addresses a credential points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// The public verification page of the document.
    pub verification: String,
    /// The organisation's status list credential.
    pub status_list: String,
    /// The document's index in that list.
    pub status_index: i32,
}

/// The address identifying a certification (or one of its blocs): France compétences'
/// page of an RNCP or RS registration, else a URN of this application.
pub fn achievement_id(code: &str, bloc: Option<&str>) -> String {
    let upper = code.to_uppercase();
    let registry = if let Some(number) = upper.strip_prefix("RNCP") {
        Some(format!(
            "https://www.francecompetences.fr/recherche/rncp/{number}/"
        ))
    } else {
        upper
            .strip_prefix("RS")
            .map(|number| format!("https://www.francecompetences.fr/recherche/rs/{number}/"))
    };
    match (registry, bloc) {
        (Some(url), None) => url,
        (Some(url), Some(bloc)) => format!("{url}#{bloc}"),
        (None, None) => format!("urn:jury:certification:{code}"),
        (None, Some(bloc)) => format!("urn:jury:certification:{code}:{bloc}"),
    }
}

fn instant(on: NaiveDate) -> String {
    format!("{on}T00:00:00Z")
}

/// The unsigned `OpenBadgeCredential` of a certificate or block certificate; `None`
/// for other documents (transcripts and attendance certificates are not awards).
pub fn open_badge(
    issued: &Issued,
    issuer: &Issuer,
    links: &Links,
    issued_at: DateTime<Utc>,
    valid_until: Option<NaiveDate>,
) -> Option<Value> {
    let holder = &issued.holder;
    let certification = match &holder.level {
        Some(level) => format!("{} ({}, niveau {level})", holder.certification, holder.code),
        None => format!("{} ({})", holder.certification, holder.code),
    };
    let (name, achievement) = match issued.kind {
        Kind::Certificate => (
            format!("{} — {}", holder.certification, holder.name),
            json!({
                "id": achievement_id(&holder.code, None),
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": holder.certification,
                "description": format!(
                    "Certification professionnelle {certification} délivrée par {} après délibération du jury.",
                    holder.certifier
                ),
                "criteria": {"narrative": format!(
                    "Validation de tous les blocs de compétences de la certification {} devant le jury de certification.",
                    holder.code
                )},
                "humanCode": holder.code,
                "inLanguage": "fr",
            }),
        ),
        Kind::BlocCertificate => {
            let (code, title) = issued.bloc.clone()?;
            (
                format!("{code} — {title} — {}", holder.name),
                json!({
                    "id": achievement_id(&holder.code, Some(&code)),
                    "type": ["Achievement"],
                    "achievementType": "Competency",
                    "name": format!("{code} — {title}"),
                    "description": format!(
                        "Bloc de compétences {code} de la certification {certification}, validé par le jury de certification."
                    ),
                    "criteria": {"narrative": format!(
                        "Validation du bloc {code} selon les modalités d'évaluation de la certification {}.",
                        holder.code
                    )},
                    // Bloc codes usually repeat the certification's (RNCP36390BC01).
                    "humanCode": if code.starts_with(&holder.code) {
                        code.clone()
                    } else {
                        format!("{}{code}", holder.code)
                    },
                    "inLanguage": "fr",
                }),
            )
        }
        Kind::Transcript | Kind::AttendanceCertificate => return None,
    };
    let mut profile = json!({
        "id": issuer.did,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
    });
    if let Some(siret) = issuer.siret.as_deref().filter(|s| !s.is_empty()) {
        profile["otherIdentifier"] = json!([{
            "type": "IdentifierEntry",
            "identifier": siret,
            "identifierType": "ext:siret",
        }]);
    }
    if let Some(address) = issuer.address.as_deref().filter(|s| !s.is_empty()) {
        profile["description"] = Value::String(address.replace('\n', ", "));
    }
    let mut credential = json!({
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": format!("{}/credential.json", links.verification),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": profile,
        "validFrom": issued_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "awardedDate": instant(holder.decided_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "hashed": false,
                "identityHash": holder.name,
                "identityType": "name",
            }],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": format!("{}#{}", links.status_list, links.status_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": links.status_index.to_string(),
            "statusListCredential": links.status_list,
        },
    });
    // Where the jury departed from the computed result, the credential says so with
    // the jury's reason, as the printed document does.
    if let Some(departure) = &issued.departure {
        credential["credentialSubject"]["narrative"] = Value::String(departure.text());
    }
    if let Some(until) = valid_until {
        credential["validUntil"] = Value::String(format!("{until}T23:59:59Z"));
    }
    Some(credential)
}

/// Sets the bits at `revoked` in a list of `STATUS_LIST_MIN_ENTRIES` or more entries
/// (bit 0 is the first byte's most significant bit, as the W3C list reads it).
pub fn status_bits(revoked: &[usize]) -> Vec<u8> {
    let entries = revoked
        .iter()
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .max(STATUS_LIST_MIN_ENTRIES)
        .div_ceil(8)
        * 8;
    let mut bits = vec![0u8; entries / 8];
    for index in revoked {
        bits[index / 8] |= 0x80 >> (index % 8);
    }
    bits
}

/// Whether entry `index` of a decoded list is set.
pub fn status_bit(bits: &[u8], index: usize) -> Option<bool> {
    bits.get(index / 8).map(|b| b & (0x80 >> (index % 8)) != 0)
}

/// The unsigned status list credential; `encoded_list` is the multibase (`u`,
/// base64url) of the GZIP-compressed bits.
pub fn status_list_credential(
    url: &str,
    issuer_did: &str,
    encoded_list: &str,
    now: DateTime<Utc>,
) -> Value {
    json!({
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certificate::Holder;

    fn issued(kind: Kind) -> Issued {
        Issued {
            kind,
            holder: Holder {
                name: "Élodie MARCHAND".to_owned(),
                birth_date: NaiveDate::from_ymd_opt(1998, 4, 2).expect("date"),
                number: "M26-001".to_owned(),
                certification: "Office Manager".to_owned(),
                code: "RNCP36390".to_owned(),
                level: Some("5".to_owned()),
                certifier: "Certif'Démo".to_owned(),
                session: "Session de mai 2026".to_owned(),
                decided_on: NaiveDate::from_ymd_opt(2026, 6, 12).expect("date"),
                president: None,
                valid_until: None,
            },
            bloc: (kind == Kind::BlocCertificate)
                .then(|| ("BC01".to_owned(), "Gérer l'administration".to_owned())),
            decision: String::new(),
            lines: Vec::new(),
            competences: Vec::new(),
            explanation: Vec::new(),
            departure: None,
        }
    }

    #[test]
    fn a_did_web_encodes_the_port_and_path() {
        assert_eq!(
            organisation_did("https://jury.example.fr", 3),
            "did:web:jury.example.fr:organisations:3"
        );
        assert_eq!(
            organisation_did("http://127.0.0.1:3000/", 1),
            "did:web:127.0.0.1%3A3000:organisations:1"
        );
        assert_eq!(
            organisation_did("https://exemple.fr/jury", 2),
            "did:web:exemple.fr:jury:organisations:2"
        );
        let method = key_id("did:web:127.0.0.1%3A3000:organisations:12", 2);
        assert_eq!(parse_key_id(&method), Some((12, 2)));
        assert_eq!(parse_key_id("did:web:x#key-"), None);
    }

    #[test]
    fn a_public_key_round_trips_through_its_multibase() {
        let key = [7u8; 32];
        let multibase = public_key_multibase(&key);
        // Every Ed25519 Multikey starts so (the 0xed01 prefix in base58).
        assert!(multibase.starts_with("z6Mk"), "{multibase}");
        assert_eq!(public_key_from_multibase(&multibase), Some(key));
        assert_eq!(public_key_from_multibase("u123"), None);
    }

    #[test]
    fn achievements_point_to_the_national_registry() {
        assert_eq!(
            achievement_id("RNCP36390", Some("BC01")),
            "https://www.francecompetences.fr/recherche/rncp/36390/#BC01"
        );
        assert_eq!(
            achievement_id("RS5678", None),
            "https://www.francecompetences.fr/recherche/rs/5678/"
        );
        assert_eq!(
            achievement_id("CQP-AG", None),
            "urn:jury:certification:CQP-AG"
        );
    }

    #[test]
    fn certificates_and_blocs_become_open_badges_and_transcripts_do_not() {
        let issuer = Issuer {
            did: "did:web:jury.example.fr:organisations:1".to_owned(),
            name: "Certif'Démo".to_owned(),
            url: "https://jury.example.fr".to_owned(),
            siret: Some("12345678900015".to_owned()),
            address: None,
        };
        let links = Links {
            verification: "https://jury.example.fr/verification/ABCD-EFGH-JKMN".to_owned(),
            status_list: "https://jury.example.fr/organisations/1/statuts".to_owned(),
            status_index: 42,
        };
        let at = DateTime::parse_from_rfc3339("2026-06-15T08:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        let until = NaiveDate::from_ymd_opt(2031, 6, 12);
        let bloc = open_badge(&issued(Kind::BlocCertificate), &issuer, &links, at, until)
            .expect("a credential");
        assert_eq!(bloc["type"][1], "OpenBadgeCredential");
        assert_eq!(
            bloc["credentialSubject"]["achievement"]["humanCode"],
            "RNCP36390BC01"
        );
        assert_eq!(bloc["validUntil"], "2031-06-12T23:59:59Z");
        assert_eq!(bloc["credentialStatus"]["statusListIndex"], "42");
        assert_eq!(
            bloc["issuer"]["otherIdentifier"][0]["identifier"],
            "12345678900015"
        );
        let full = open_badge(&issued(Kind::Certificate), &issuer, &links, at, None)
            .expect("a credential");
        assert_eq!(
            full["credentialSubject"]["achievement"]["achievementType"],
            "Certification"
        );
        assert!(full.get("validUntil").is_none());
        assert!(open_badge(&issued(Kind::Transcript), &issuer, &links, at, None).is_none());
        let mut prefixed = issued(Kind::BlocCertificate);
        prefixed.bloc = Some(("RNCP36390BC02".to_owned(), "Gérer les achats".to_owned()));
        let prefixed = open_badge(&prefixed, &issuer, &links, at, None).expect("a credential");
        assert_eq!(
            prefixed["credentialSubject"]["achievement"]["humanCode"],
            "RNCP36390BC02"
        );
    }

    #[test]
    fn a_status_list_sets_the_revoked_bits_only() {
        let bits = status_bits(&[0, 9, 200_000]);
        assert_eq!(bits.len(), 200_008 / 8);
        assert_eq!(status_bit(&bits, 0), Some(true));
        assert_eq!(status_bit(&bits, 1), Some(false));
        assert_eq!(status_bit(&bits, 9), Some(true));
        assert_eq!(status_bit(&bits, 200_000), Some(true));
        assert_eq!(status_bit(&bits, 199_999), Some(false));
        assert_eq!(status_bits(&[]).len(), STATUS_LIST_MIN_ENTRIES / 8);
    }
}
