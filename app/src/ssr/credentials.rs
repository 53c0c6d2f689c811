//! Signing and verifying credentials with a W3C Data Integrity proof of the
//! `eddsa-rdfc-2022` cryptosuite: the credential and the proof's options are turned
//! into RDF (JSON-LD, contexts served from the binary, nothing fetched), canonicalised
//! with RDFC-1.0, hashed with SHA-256 and the two hashes signed with Ed25519.
//!
//! Why this suite: 1EdTech's validator accepts it (not `eddsa-jcs-2022`), it is the
//! suite of the organisation's Ed25519 key (a VC-JWT would need ES256 or RS256 keys),
//! and the credential stays a plain JSON document that wallets display as is.
//!
//! Also here: sealing an organisation's private key with the server's secret key
//! (AES-256-GCM) and the status list's encoding.

use std::collections::HashMap;
use std::sync::OnceLock;

use aes_gcm::aead::{Aead, KeyInit};
use base64::Engine;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, Verifier};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::domain::credential::{CREDENTIALS_V2, CRYPTOSUITE, OPEN_BADGES_V3};

/// The contexts a credential may use: the only documents the JSON-LD processor loads.
fn contexts() -> &'static HashMap<&'static str, &'static [u8]> {
    static CONTEXTS: OnceLock<HashMap<&'static str, &'static [u8]>> = OnceLock::new();
    CONTEXTS.get_or_init(|| {
        HashMap::from([
            (
                CREDENTIALS_V2,
                include_bytes!("credentials/credentials-v2.jsonld").as_slice(),
            ),
            (
                OPEN_BADGES_V3,
                include_bytes!("credentials/ob-v3p0-context-3.0.3.json").as_slice(),
            ),
        ])
    })
}

/// Why a credential does not verify, in French for the page and the command.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("le fichier n'est pas un document JSON-LD lisible : {0}")]
    Unreadable(String),
    #[error("le document ne porte pas de preuve « {CRYPTOSUITE} »")]
    NoProof,
    #[error("la clé de signature « {0} » est inconnue")]
    UnknownKey(String),
    #[error(
        "la signature ne correspond pas au contenu : le document a été modifié ou n'a pas été signé par cet organisme"
    )]
    BadSignature,
}

/// The RDFC-1.0 canonical N-Quads of a JSON-LD document.
pub fn canonical(document: &Value) -> Result<String, Refusal> {
    let bytes = serde_json::to_vec(document).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    let parser = oxjsonld::JsonLdParser::new()
        .for_slice(&bytes)
        .with_load_document_callback(|url, _| {
            contexts()
                .get(url)
                .map(|document| oxjsonld::JsonLdRemoteDocument {
                    document: document.to_vec(),
                    document_url: url.to_owned(),
                })
                .ok_or_else(|| format!("contexte inconnu : {url}").into())
        });
    let mut quads = Vec::new();
    for quad in parser {
        let quad = quad.map_err(|e| Refusal::Unreadable(e.to_string()))?;
        quads.push(to_canon(quad));
    }
    rdf_canon::canonicalize_quads(&quads).map_err(|e| Refusal::Unreadable(e.to_string()))
}

/// The parser's quad in the canonicaliser's RDF types (two versions of `oxrdf`).
fn to_canon(quad: oxrdf::Quad) -> oxrdf02::Quad {
    use oxrdf02 as old;
    let node = |n: oxrdf::NamedNode| old::NamedNode::new_unchecked(n.into_string());
    let blank = |b: oxrdf::BlankNode| old::BlankNode::new_unchecked(b.into_string());
    let subject: old::Subject = match quad.subject {
        oxrdf::NamedOrBlankNode::NamedNode(n) => node(n).into(),
        oxrdf::NamedOrBlankNode::BlankNode(b) => blank(b).into(),
    };
    let object: old::Term = match quad.object {
        oxrdf::Term::NamedNode(n) => node(n).into(),
        oxrdf::Term::BlankNode(b) => blank(b).into(),
        oxrdf::Term::Literal(literal) => {
            let (value, datatype, language) = literal.destruct();
            match (language, datatype) {
                (Some(language), _) => {
                    old::Literal::new_language_tagged_literal_unchecked(value, language).into()
                }
                (None, Some(datatype)) => {
                    old::Literal::new_typed_literal(value, node(datatype)).into()
                }
                (None, None) => old::Literal::new_simple_literal(value).into(),
            }
        }
    };
    let graph: old::GraphName = match quad.graph_name {
        oxrdf::GraphName::NamedNode(n) => node(n).into(),
        oxrdf::GraphName::BlankNode(b) => blank(b).into(),
        oxrdf::GraphName::DefaultGraph => old::GraphName::DefaultGraph,
    };
    old::Quad::new(subject, node(quad.predicate), object, graph)
}

/// SHA-256 of the proof's options (with the document's contexts) followed by SHA-256
/// of the document without its proof: what the Ed25519 signature covers.
fn signed_bytes(document: &Value, options: &Value) -> Result<Vec<u8>, Refusal> {
    let mut config = options.clone();
    config["@context"] = document.get("@context").cloned().unwrap_or(Value::Null);
    let mut unsecured = document.clone();
    if let Some(object) = unsecured.as_object_mut() {
        object.remove("proof");
    }
    let mut bytes = Sha256::digest(canonical(&config)?.as_bytes()).to_vec();
    bytes.extend_from_slice(&Sha256::digest(canonical(&unsecured)?.as_bytes()));
    Ok(bytes)
}

/// `document` with a Data Integrity proof by `secret`, whose public key is
/// `verification_method`.
pub fn sign(
    document: &Value,
    secret: &[u8; 32],
    verification_method: &str,
    created: DateTime<Utc>,
) -> Result<Value, Refusal> {
    let options = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    });
    let key = ed25519_dalek::SigningKey::from_bytes(secret);
    let signature = key.sign(&signed_bytes(document, &options)?);
    let mut proof = options;
    proof["proofValue"] = Value::String(format!(
        "z{}",
        bs58::encode(signature.to_bytes()).into_string()
    ));
    let mut signed = document.clone();
    // A list of proofs: Open Badges' schema requires one (VC 2.0 allows either).
    signed["proof"] = Value::Array(vec![proof]);
    Ok(signed)
}

/// The document's `eddsa-rdfc-2022` proof (the proof may be one object or a list).
fn proof_of(document: &Value) -> Option<&Value> {
    match document.get("proof")? {
        Value::Array(proofs) => proofs
            .iter()
            .find(|p| p.get("cryptosuite").and_then(Value::as_str) == Some(CRYPTOSUITE)),
        proof => Some(proof),
    }
}

/// The verification method (key) the document's proof names, if any.
pub fn verification_method(document: &Value) -> Option<&str> {
    proof_of(document)?.get("verificationMethod")?.as_str()
}

/// Checks the document's proof with the key `key_of` finds for its verification
/// method; the verification method when it holds.
pub fn verify(
    document: &Value,
    key_of: impl FnOnce(&str) -> Option<[u8; 32]>,
) -> Result<String, Refusal> {
    let proof = proof_of(document).ok_or(Refusal::NoProof)?;
    if proof.get("cryptosuite").and_then(Value::as_str) != Some(CRYPTOSUITE)
        || proof.get("type").and_then(Value::as_str) != Some("DataIntegrityProof")
        || proof.get("proofPurpose").and_then(Value::as_str) != Some("assertionMethod")
    {
        return Err(Refusal::NoProof);
    }
    let method = proof
        .get("verificationMethod")
        .and_then(Value::as_str)
        .ok_or(Refusal::NoProof)?
        .to_owned();
    let signature = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix('z'))
        .and_then(|v| bs58::decode(v).into_vec().ok())
        .and_then(|bytes| ed25519_dalek::Signature::from_slice(&bytes).ok())
        .ok_or(Refusal::BadSignature)?;
    let public = key_of(&method).ok_or_else(|| Refusal::UnknownKey(method.clone()))?;
    let public = ed25519_dalek::VerifyingKey::from_bytes(&public)
        .map_err(|_| Refusal::UnknownKey(method.clone()))?;
    let mut options = proof.clone();
    if let Some(object) = options.as_object_mut() {
        object.remove("proofValue");
    }
    public
        .verify(&signed_bytes(document, &options)?, &signature)
        .map_err(|_| Refusal::BadSignature)?;
    Ok(method)
}

/// A new Ed25519 key pair: (secret, public).
pub fn new_key_pair() -> ([u8; 32], [u8; 32]) {
    use rand::RngCore;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let public = ed25519_dalek::SigningKey::from_bytes(&secret)
        .verifying_key()
        .to_bytes();
    (secret, public)
}

static SECRET_KEY: OnceLock<Vec<u8>> = OnceLock::new();

/// Sets the server's secret key (`APP_SECRET_KEY`), which seals private keys.
pub fn set_secret_key(key: &[u8]) {
    let _ = SECRET_KEY.set(key.to_vec());
}

fn cipher() -> aes_gcm::Aes256Gcm {
    let secret = SECRET_KEY.get().map_or(&[][..], Vec::as_slice);
    let mut derived = Sha256::new();
    derived.update(b"jury: organisation signing keys\0");
    derived.update(secret);
    aes_gcm::Aes256Gcm::new(&derived.finalize())
}

/// The private key sealed with the server's secret key: nonce then ciphertext.
pub fn seal(secret: &[u8; 32]) -> Vec<u8> {
    use rand::RngCore;
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let mut sealed = nonce.to_vec();
    // Encryption of 32 bytes into a fresh buffer cannot fail.
    sealed.extend(
        cipher()
            .encrypt(aes_gcm::Nonce::from_slice(&nonce), secret.as_slice())
            .unwrap_or_default(),
    );
    sealed
}

/// The private key, if `sealed` was sealed with this server's secret key.
pub fn unseal(sealed: &[u8]) -> Option<[u8; 32]> {
    let (nonce, ciphertext) = sealed.split_at_checked(12)?;
    let plain = cipher()
        .decrypt(aes_gcm::Nonce::from_slice(nonce), ciphertext)
        .ok()?;
    plain.as_slice().try_into().ok()
}

/// The multibase (`u`, base64url without padding) of the GZIP-compressed status bits.
pub fn encode_status_list(bits: &[u8]) -> String {
    use std::io::Write;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a vector cannot fail.
    let _ = gzip.write_all(bits);
    let compressed = gzip.finish().unwrap_or_default();
    format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed)
    )
}

/// The bits of an encoded status list.
pub fn decode_status_list(encoded: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let compressed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u')?)
        .ok()?;
    let mut bits = Vec::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_end(&mut bits)
        .ok()?;
    Some(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        json!({
            "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
            "id": "https://jury.example.fr/verification/ABCD-EFGH-JKMN/credential.json",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Office Manager — Élodie MARCHAND",
            "issuer": {"id": "did:web:jury.example.fr:organisations:1", "type": ["Profile"], "name": "Certif'Démo"},
            "validFrom": "2026-06-15T08:00:00Z",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://www.francecompetences.fr/recherche/rncp/36390/",
                    "type": ["Achievement"], "name": "Office Manager",
                    "description": "Certification", "criteria": {"narrative": "Jury"}
                }
            }
        })
    }

    #[test]
    fn a_signed_credential_verifies_and_any_change_breaks_it() {
        let (secret, public) = new_key_pair();
        let method = "did:web:jury.example.fr:organisations:1#key-1";
        let signed = sign(&sample(), &secret, method, Utc::now()).expect("signed");
        assert_eq!(signed["proof"][0]["cryptosuite"], CRYPTOSUITE);
        assert_eq!(
            verify(&signed, |m| (m == method).then_some(public)),
            Ok(method.to_owned())
        );
        let mut altered = signed.clone();
        altered["credentialSubject"]["achievement"]["name"] = json!("Office Managar");
        assert_eq!(
            verify(&altered, |_| Some(public)),
            Err(Refusal::BadSignature)
        );
        let mut redated = signed.clone();
        redated["proof"][0]["created"] = json!("2020-01-01T00:00:00Z");
        assert_eq!(
            verify(&redated, |_| Some(public)),
            Err(Refusal::BadSignature)
        );
        let (_, other) = new_key_pair();
        assert_eq!(verify(&signed, |_| Some(other)), Err(Refusal::BadSignature));
        assert_eq!(
            verify(&signed, |_| None),
            Err(Refusal::UnknownKey(method.to_owned()))
        );
        assert_eq!(verify(&sample(), |_| Some(public)), Err(Refusal::NoProof));
    }

    #[test]
    fn the_canonical_form_ignores_key_order_and_refuses_unknown_contexts() {
        let reordered: Value =
            serde_json::from_str(&serde_json::to_string(&sample()).expect("json")).expect("json");
        assert_eq!(canonical(&sample()), canonical(&reordered));
        assert!(
            canonical(&sample())
                .expect("nquads")
                .contains("<https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential>")
        );
        let mut foreign = sample();
        foreign["@context"] = json!(["https://evil.example/context.json"]);
        assert!(matches!(canonical(&foreign), Err(Refusal::Unreadable(_))));
    }

    #[test]
    fn a_private_key_is_sealed_with_the_server_key() {
        set_secret_key(b"0123456789abcdef0123456789abcdef-test");
        let (secret, _) = new_key_pair();
        let sealed = seal(&secret);
        assert!(!sealed.windows(32).any(|w| w == secret));
        assert_eq!(unseal(&sealed), Some(secret));
        let mut tampered = sealed.clone();
        tampered[20] ^= 1;
        assert_eq!(unseal(&tampered), None);
    }

    #[test]
    fn a_status_list_round_trips_and_stays_small() {
        let bits = crate::domain::credential::status_bits(&[3, 70_000]);
        let encoded = encode_status_list(&bits);
        assert!(encoded.starts_with('u'));
        assert!(encoded.len() < 1_000, "{} characters", encoded.len());
        assert_eq!(decode_status_list(&encoded), Some(bits));
    }
}
