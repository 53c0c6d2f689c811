//! The organisation's identity as its documents state it: name, SIRET, postal address,
//! and who signs awards, in what quality.

use serde::{Deserialize, Serialize};

use super::accrochage::FieldProblem;

/// The identity, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub name: String,
    pub siret: String,
    pub address: String,
    pub signatory_name: String,
    pub signatory_quality: String,
}

/// What the privacy notice names: the organisation, its address, the data controller
/// and the contact for the candidates' rights as the certifier typed them, and its
/// retention policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyContacts {
    pub name: String,
    pub address: String,
    pub controller: String,
    pub contact: String,
    pub policy: super::retention::Policy,
}

/// How an organisation's name is compared with the others' on the platform: without
/// case, accents, spacing or punctuation ("Organisme Démo", "ORGANISME-DEMO" and
/// "organisme démo." are one name). Two organisations may not share it: the public
/// verification page names the issuer, and no certifier may pass for another.
pub fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a SIRET is valid: 14 digits passing the Luhn check (La Poste's
/// establishments, SIREN 356 000 000, sum their digits to a multiple of 5 instead).
pub fn siret_is_valid(siret: &str) -> bool {
    if siret.len() != 14 || !siret.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = siret.chars().filter_map(|c| c.to_digit(10)).collect();
    if siret.starts_with("356000000") {
        return digits.iter().sum::<u32>() % 5 == 0;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let double = d * 2;
                if double > 9 { double - 9 } else { double }
            } else {
                *d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Reads the form: the identity, or every problem (in French).
pub fn parse(input: &Identity) -> Result<Identity, Vec<FieldProblem>> {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let identity = Identity {
        name: clean(&input.name),
        siret: input.siret.chars().filter(|c| !c.is_whitespace()).collect(),
        address: input
            .address
            .lines()
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        signatory_name: clean(&input.signatory_name),
        signatory_quality: clean(&input.signatory_quality),
    };
    let mut problems = Vec::new();
    let mut need = |field: &'static str, value: &str, label: &str, max: usize| {
        let n = value.chars().count();
        if n == 0 {
            problems.push(FieldProblem {
                field,
                message: format!("{label} : obligatoire"),
            });
        } else if n > max {
            problems.push(FieldProblem {
                field,
                message: format!("{label} : {n} caractères, {max} au plus"),
            });
        }
    };
    need(
        "name",
        &identity.name,
        "Raison sociale",
        super::limits::NAME * 2,
    );
    need(
        "address",
        &identity.address,
        "Adresse",
        super::limits::LABEL,
    );
    need(
        "signatory_name",
        &identity.signatory_name,
        "Nom du signataire",
        super::limits::NAME,
    );
    need(
        "signatory_quality",
        &identity.signatory_quality,
        "Qualité du signataire",
        super::limits::NAME,
    );
    if !siret_is_valid(&identity.siret) {
        problems.push(FieldProblem {
            field: "siret",
            message: format!(
                "SIRET « {} » invalide : 14 chiffres dont le dernier est une clé de contrôle",
                identity.siret
            ),
        });
    }
    if problems.is_empty() {
        Ok(identity)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_accents_or_spacing() {
        let key = name_key("Organisme Démo");
        for same in [
            "ORGANISME DEMO",
            "organisme-démo",
            "  Organisme   Démo. ",
            "Organisme De\u{301}mo",
            "Organisme\u{200B}Démo",
        ] {
            assert_eq!(name_key(same), key, "{same}");
        }
        assert_ne!(name_key("Organisme Démo 2"), key);
        assert_eq!(name_key("ＣＣＩ France"), "ccifrance");
    }

    #[test]
    fn sirets_are_checked_with_their_key() {
        // A real-shaped SIRET passes; one digit changed fails.
        assert!(siret_is_valid("73282932000074"));
        assert!(!siret_is_valid("73282932000075"));
        assert!(!siret_is_valid("7328293200007"));
        assert!(!siret_is_valid("7328293200007A"));
        // La Poste's establishments follow their own rule.
        assert!(siret_is_valid("35600000000047"));
    }

    #[test]
    fn every_problem_is_told_and_spaces_are_tidied() {
        let problems = parse(&Identity {
            siret: "123".to_owned(),
            ..Identity::default()
        })
        .expect_err("empty");
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "address",
                "signatory_name",
                "signatory_quality",
                "siret"
            ]
        );
        let ok = parse(&Identity {
            name: "  Certif'Démo   SAS ".to_owned(),
            siret: "732 829 320 00074".to_owned(),
            address: "12 rue de la République\n\n 69002  Lyon ".to_owned(),
            signatory_name: "Hélène Vidal".to_owned(),
            signatory_quality: "Directrice".to_owned(),
        })
        .expect("valid");
        assert_eq!(ok.name, "Certif'Démo SAS");
        assert_eq!(ok.siret, "73282932000074");
        assert_eq!(ok.address, "12 rue de la République\n69002 Lyon");
    }
}
