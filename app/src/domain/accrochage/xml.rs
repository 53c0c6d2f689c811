//! The flux as the CDC's schema `cdc-accrochage-1.1.2.xsd` wants it: namespace
//! `urn:cdc:cpf:pc5:schema:1.0.0`, `horodatage` with its offset and whole seconds,
//! elements that have no value written `xsi:nil="true"`.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{BirthPlace, Flux, Passage, modalite_acces};

const NS: &str = "urn:cdc:cpf:pc5:schema:1.0.0";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

type W = Writer<Vec<u8>>;

fn text(w: &mut W, name: &str, value: &str) -> io::Result<()> {
    w.create_element(format!("cpf:{name}"))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn nil(w: &mut W, name: &str) -> io::Result<()> {
    w.create_element(format!("cpf:{name}"))
        .with_attribute(("xsi:nil", "true"))
        .write_empty()?;
    Ok(())
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn passage(w: &mut W, p: &Passage) -> io::Result<()> {
    w.create_element("cpf:passageCertification")
        .write_inner_content(|w| {
            text(w, "idTechnique", &p.id_technique)?;
            if let Some(url) = p.proof_url.as_deref().filter(|u| u.chars().count() <= 255) {
                text(w, "urlPreuve", url)?;
            }
            text(w, "obtentionCertification", "PAR_ADMISSION")?;
            text(w, "donneeCertifiee", "true")?;
            text(w, "dateDebutExamen", &date(p.exam.0))?;
            text(w, "dateFinExamen", &date(p.exam.1))?;
            text(w, "dateDebutValidite", &date(p.valid_from))?;
            match p.valid_until {
                Some(until) => text(w, "dateFinValidite", &date(until))?,
                None => nil(w, "dateFinValidite")?,
            }
            text(w, "presenceNiveauLangueEuro", "false")?;
            text(w, "presenceNiveauNumeriqueEuro", "false")?;
            nil(w, "scoring")?;
            nil(w, "mentionValidee")?;
            w.create_element("cpf:modalitesInscription")
                .write_inner_content(|w| {
                    match p.access {
                        Some(route) => text(w, "modaliteAcces", modalite_acces(route))?,
                        None => nil(w, "modaliteAcces")?,
                    }
                    if let Some(on) = p.enrolled_on {
                        text(w, "dateInscription", &date(on))?;
                    }
                    Ok(())
                })?;
            w.create_element("cpf:identificationTitulaire")
                .write_inner_content(|w| {
                    w.create_element("cpf:titulaire")
                        .write_inner_content(|w| holder(w, p))?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

fn holder(w: &mut W, p: &Passage) -> io::Result<()> {
    use chrono::Datelike;
    let h = &p.holder;
    text(w, "nomNaissance", &h.birth_name)?;
    match &h.usage_name {
        Some(name) => text(w, "nomUsage", name)?,
        None => nil(w, "nomUsage")?,
    }
    for (i, first) in h.first_names.iter().take(3).enumerate() {
        text(w, &format!("prenom{}", i + 1), first)?;
    }
    text(w, "anneeNaissance", &h.birth_date.year().to_string())?;
    text(w, "moisNaissance", &h.birth_date.month().to_string())?;
    text(w, "jourNaissance", &h.birth_date.day().to_string())?;
    text(w, "sexe", h.sex.code())?;
    let (insee, commune, country) = match &h.place {
        BirthPlace::Insee { code, commune } => (Some(code.clone()), commune.clone(), None),
        BirthPlace::Postal { code, commune } => {
            w.create_element("cpf:codeCommuneNaissance")
                .write_inner_content(|w| {
                    w.create_element("cpf:codePostalNaissance")
                        .write_inner_content(|w| text(w, "codePostal", code))?;
                    Ok(())
                })?;
            (None, Some(commune.clone()), None)
        }
        BirthPlace::Abroad {
            country_code,
            country,
            city,
        } => (
            // The INSEE codes a birth abroad 99 followed by the country's code.
            Some(format!("99{country_code}")),
            city.clone(),
            Some((country_code.clone(), country.clone())),
        ),
    };
    if let Some(code) = insee {
        w.create_element("cpf:codeCommuneNaissance")
            .write_inner_content(|w| {
                w.create_element("cpf:codeInseeNaissance")
                    .write_inner_content(|w| text(w, "codeInsee", &code))?;
                Ok(())
            })?;
    }
    if let Some(commune) = commune {
        text(w, "libelleCommuneNaissance", &commune)?;
    }
    match country {
        Some((code, name)) => {
            text(w, "codePaysNaissance", &code)?;
            text(w, "libellePaysNaissance", &name)?;
        }
        None => text(w, "libellePaysNaissance", "France")?,
    }
    Ok(())
}

/// The flux's XML text (UTF-8).
pub fn to_xml(flux: &Flux) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written: io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("cpf:flux")
            .with_attribute(("xmlns:cpf", NS))
            .with_attribute(("xmlns:xsi", XSI))
            .write_inner_content(|w| {
                text(w, "idFlux", &flux.id)?;
                text(
                    w,
                    "horodatage",
                    &flux.at.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                )?;
                w.create_element("cpf:emetteur").write_inner_content(|w| {
                    text(w, "idClient", &flux.declarant.emitter)?;
                    w.create_element("cpf:certificateurs")
                        .write_inner_content(|w| {
                            w.create_element("cpf:certificateur")
                                .write_inner_content(|w| {
                                    text(w, "idClient", &flux.declarant.certifier)?;
                                    text(w, "idContrat", &flux.declarant.contract)?;
                                    w.create_element("cpf:certifications").write_inner_content(
                                        |w| {
                                            for c in &flux.certifications {
                                                w.create_element("cpf:certification")
                                                    .write_inner_content(|w| {
                                                        text(w, "type", &c.kind)?;
                                                        text(w, "code", &c.code)?;
                                                        text(w, "natureDeposant", "CERTIFICATEUR")?;
                                                        w.create_element(
                                                            "cpf:passageCertifications",
                                                        )
                                                        .write_inner_content(|w| {
                                                            for p in &c.passages {
                                                                passage(w, p)?;
                                                            }
                                                            Ok(())
                                                        })?;
                                                        Ok(())
                                                    })?;
                                            }
                                            Ok(())
                                        },
                                    )?;
                                    Ok(())
                                })?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })();
    // Writing into memory does not fail.
    debug_assert!(written.is_ok());
    let mut xml = String::from_utf8(w.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

#[cfg(test)]
mod tests {
    use super::super::{Declarant, Declared, Holder, Sex, id_technique, local_time};
    use super::*;
    use crate::domain::candidate::AccessRoute;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// Checks a flux against the CDC's schema with libxml2's `xmllint` (installed by
    /// `.ci/run`): the schema error when it is not valid.
    pub(crate) fn schema_errors(xml: &str) -> Option<String> {
        let schema = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/reference/cdc-accrochage-1.1.2.xsd"
        );
        let dir = std::env::temp_dir().join(format!("jury-flux-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join(format!("{:x}.xml", {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            xml.hash(&mut h);
            h.finish()
        }));
        std::fs::write(&file, xml).expect("write flux");
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--schema", schema])
            .arg(&file)
            .output()
            .expect("xmllint (Debian: libxml2-utils) is needed to check fluxes against the CDC's schema");
        let _ = std::fs::remove_file(&file);
        (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
    }

    fn flux(passages: Vec<Passage>) -> Flux {
        use chrono::TimeZone;
        Flux {
            id: "7f0c1e9a-2b1d-4c55-9a3e-1d2f3a4b5c6d".to_owned(),
            at: local_time(
                chrono::Utc
                    .with_ymd_and_hms(2026, 11, 29, 13, 5, 7)
                    .single()
                    .expect("t"),
            ),
            declarant: Declarant {
                emitter: "AB123CDE".to_owned(),
                certifier: "E564ACB0".to_owned(),
                contract: "2560080000127J".to_owned(),
            },
            certifications: vec![Declared {
                kind: "RNCP".to_owned(),
                code: "RNCP36390".to_owned(),
                passages,
            }],
        }
    }

    fn name() -> impl Strategy<Value = String> {
        // Accents, apostrophes, hyphens, spaces, and what XML must escape.
        proptest::string::string_regex("[A-Za-zÀ-ÿŒœ][A-Za-zÀ-ÿŒœ' <>&\"-]{0,58}[A-Za-zÀ-ÿ]?")
            .expect("regex")
    }

    fn place() -> impl Strategy<Value = BirthPlace> {
        let department = prop_oneof![
            (1u32..=95)
                .prop_filter("Corse", |d| *d != 20)
                .prop_map(|d| format!("{d:02}")),
            Just("2A".to_owned()),
            Just("2B".to_owned()),
            (1u32..=6).prop_map(|d| format!("97{d}")),
        ];
        prop_oneof![
            (department, 1u32..=999, proptest::option::of(name())).prop_map(|(d, n, commune)| {
                let code = if d.len() == 3 {
                    format!("{d}{:02}", n % 100)
                } else {
                    format!("{d}{n:03}")
                };
                BirthPlace::Insee { code, commune }
            }),
            ("[0-9]{5}", name()).prop_map(|(code, commune)| BirthPlace::Postal { code, commune }),
            ("[1-5][0-9]{2}", name(), proptest::option::of(name())).prop_map(
                |(c, country, city)| {
                    BirthPlace::Abroad {
                        country_code: c,
                        country,
                        city,
                    }
                }
            ),
        ]
    }

    prop_compose! {
        fn passage()(
            enrolment in 1i32..1_000_000,
            birth_name in name(),
            usage_name in proptest::option::of(name()),
            first_names in proptest::collection::vec(name(), 1..=3),
            days in 0i64..(80 * 365),
            female in any::<bool>(),
            place in place(),
            validity in proptest::option::of(1i32..10),
            route in 0usize..6,
            proof in any::<bool>(),
        ) -> Passage {
            let birth_date = NaiveDate::from_ymd_opt(1930, 1, 1).expect("d") + chrono::Duration::days(days);
            let decided = NaiveDate::from_ymd_opt(2026, 11, 20).expect("d");
            Passage {
                id_technique: id_technique(1, enrolment, "RNCP36390"),
                proof_url: proof.then(|| format!("https://jury.exemple.fr/verification/{enrolment:08X}")),
                exam: (NaiveDate::from_ymd_opt(2026, 11, 2).expect("d"), NaiveDate::from_ymd_opt(2026, 11, 6).expect("d")),
                valid_from: decided,
                valid_until: super::super::valid_until(decided, validity),
                access: Some(AccessRoute::ALL[route]),
                enrolled_on: Some(NaiveDate::from_ymd_opt(2026, 9, 1).expect("d")),
                holder: Holder {
                    birth_name,
                    usage_name,
                    first_names,
                    birth_date,
                    sex: if female { Sex::F } else { Sex::M },
                    place,
                },
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn every_flux_is_valid_against_the_cdc_schema(passages in proptest::collection::vec(passage(), 1..4)) {
            let xml = to_xml(&flux(passages));
            prop_assert!(schema_errors(&xml).is_none(), "{}\n{xml}", schema_errors(&xml).unwrap_or_default());
        }
    }

    #[test]
    fn the_schema_check_refuses_a_broken_flux() {
        // The check itself can fail: a flux without its horodatage is refused.
        let xml = to_xml(&flux(Vec::new()));
        assert!(
            schema_errors(&xml).is_some(),
            "a certification without passage is invalid"
        );
        let one = proptest::strategy::ValueTree::current(
            &passage()
                .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
                .expect("tree"),
        );
        let good = to_xml(&flux(vec![one]));
        assert_eq!(schema_errors(&good), None);
        let broken = good.replace("+01:00</cpf:horodatage>", "Z</cpf:horodatage>");
        assert!(schema_errors(&broken).is_some());
    }

    #[test]
    fn names_are_escaped_and_nil_elements_marked() {
        let mut p = proptest::strategy::ValueTree::current(
            &passage()
                .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
                .expect("tree"),
        );
        p.holder.birth_name = "D'Arc <Jeanne> & Cie".to_owned();
        p.holder.usage_name = None;
        p.valid_until = None;
        let xml = to_xml(&flux(vec![p]));
        assert!(
            xml.contains(
                "<cpf:nomNaissance>D&apos;Arc &lt;Jeanne&gt; &amp; Cie</cpf:nomNaissance>"
            ),
            "{xml}"
        );
        assert!(xml.contains(r#"<cpf:nomUsage xsi:nil="true"/>"#));
        assert!(xml.contains(r#"<cpf:dateFinValidite xsi:nil="true"/>"#));
        assert!(xml.contains("<cpf:horodatage>2026-11-29T14:05:07+01:00</cpf:horodatage>"));
        assert_eq!(schema_errors(&xml), None);
    }
}
