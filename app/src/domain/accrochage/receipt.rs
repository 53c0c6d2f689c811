//! The CDC's receipt ("accusé de traitement") of a flux: each passage accepted or
//! rejected with its message, or the whole file refused (schema errors, no `idFlux`).

use quick_xml::Reader;
use quick_xml::events::Event;

/// What a receipt says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Receipt {
    /// The flux was read: its passages one by one.
    Processed {
        id_flux: String,
        id_traitement: Option<String>,
        accepted: Vec<String>,
        /// `idTechnique` and the CDC's message.
        rejected: Vec<(String, String)>,
    },
    /// The whole file was refused, with the CDC's errors.
    Refused { errors: Vec<String> },
}

/// A message that means the CDC already has the passage: as good as accepted.
pub fn already_known(message: &str) -> bool {
    super::super::table::normalise(message).contains("existe deja")
}

/// How far a receipt may go: a real one is four elements deep, a few elements per
/// passage, short texts. Anything beyond is refused before it costs time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest file, in bytes.
    pub bytes: usize,
    /// Deepest nesting of elements.
    pub depth: usize,
    /// Elements in the whole file.
    pub elements: usize,
    /// Attributes on one element.
    pub attributes: usize,
    /// Characters of text in one element.
    pub text: usize,
    /// Time the reading may take.
    pub budget: std::time::Duration,
}

/// The limits of an imported receipt.
pub const LIMITS: Limits = Limits {
    bytes: 8 * 1024 * 1024,
    depth: 12,
    elements: 600_000,
    attributes: 16,
    text: 4_000,
    budget: std::time::Duration::from_secs(2),
};

/// Reads a receipt, or says in French why it is not one.
pub fn parse(bytes: &[u8]) -> Result<Receipt, String> {
    parse_within(bytes, LIMITS)
}

/// Reads a receipt within `limits`; each refusal says which limit was passed.
pub fn parse_within(bytes: &[u8], limits: Limits) -> Result<Receipt, String> {
    if bytes.len() > limits.bytes {
        return Err(format!(
            "Ce fichier fait {} Ko : un accusé de traitement en fait au plus {} Ko.",
            bytes.len().div_ceil(1024),
            limits.bytes / 1024
        ));
    }
    let too_deep = || {
        format!(
            "Ce fichier imbrique plus de {} éléments les uns dans les autres : ce n'est pas un accusé de traitement de la Caisse des Dépôts.",
            limits.depth
        )
    };
    let deadline = std::time::Instant::now() + limits.budget;
    let mut elements = 0usize;
    let count = |elements: &mut usize| {
        *elements += 1;
        if *elements % 4096 == 0 && std::time::Instant::now() > deadline {
            return Err(format!(
                "La lecture de ce fichier a dépassé {} s : il n'est pas lu.",
                limits.budget.as_secs()
            ));
        }
        if *elements > limits.elements {
            Err(format!(
                "Ce fichier contient plus de {} éléments XML : trop pour un accusé de traitement.",
                limits.elements
            ))
        } else {
            Ok(())
        }
    };
    let attributes = |start: &quick_xml::events::BytesStart| {
        if start
            .attributes()
            .with_checks(false)
            .take(limits.attributes + 1)
            .count()
            > limits.attributes
        {
            Err(format!(
                "Un élément de ce fichier porte plus de {} attributs : ce n'est pas un accusé de traitement.",
                limits.attributes
            ))
        } else {
            Ok(())
        }
    };
    let not_receipt = || {
        "Ce fichier n'est pas un accusé de traitement de la Caisse des Dépôts (XML <rapport> attendu)."
            .to_owned()
    };
    let text = std::str::from_utf8(bytes).map_err(|_| not_receipt())?;
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    let mut path: Vec<String> = Vec::new();
    let mut id_flux = None;
    let mut id_traitement = None;
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    let mut errors = Vec::new();
    let mut refused = false;
    // The passage being read in PassagesKO, and the error in erreurs.
    let mut ko: (Option<String>, Option<String>) = (None, None);
    let mut error: Vec<String> = Vec::new();
    let mut seen_root = false;
    // The text of the element being read (entity references arrive as their own events).
    let mut buffer = String::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{} ({e})", not_receipt().trim_end_matches('.')))?;
        match event {
            Event::Start(start) => {
                if path.len() >= limits.depth {
                    return Err(too_deep());
                }
                count(&mut elements)?;
                attributes(&start)?;
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if name != "rapport" {
                        return Err(not_receipt());
                    }
                    seen_root = true;
                }
                if name == "erreurs" {
                    refused = true;
                }
                path.push(name);
                buffer.clear();
            }
            Event::Empty(empty) => {
                count(&mut elements)?;
                attributes(&empty)?;
                let name = String::from_utf8_lossy(empty.local_name().as_ref()).into_owned();
                if path.is_empty() && name != "rapport" {
                    return Err(not_receipt());
                }
                seen_root |= path.is_empty();
            }
            Event::Text(t) => buffer.push_str(&t.decode().map_err(|_| not_receipt())?),
            Event::CData(t) => buffer.push_str(&t.decode().map_err(|_| not_receipt())?),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buffer.push(c);
                } else {
                    let name = r.decode().map_err(|_| not_receipt())?;
                    let resolved =
                        quick_xml::escape::resolve_xml_entity(&name).ok_or_else(|| {
                            format!(
                                "{} (entité « &{name}; » inconnue)",
                                not_receipt().trim_end_matches('.')
                            )
                        })?;
                    buffer.push_str(resolved);
                }
            }
            Event::End(_) => {
                if buffer.chars().count() > limits.text {
                    return Err(format!(
                        "Un élément de ce fichier contient plus de {} caractères de texte : ce n'est pas un accusé de traitement.",
                        limits.text
                    ));
                }
                let value = std::mem::take(&mut buffer).trim().to_owned();
                let here: Vec<&str> = path.iter().map(String::as_str).collect();
                match here.as_slice() {
                    ["rapport", "idFlux"] => id_flux = Some(value).filter(|v| !v.is_empty()),
                    ["rapport", "idTraitement"] => {
                        id_traitement = Some(value).filter(|v| !v.is_empty());
                    }
                    ["rapport", "PassagesOK", .., "idTechnique"] => accepted.push(value),
                    ["rapport", "PassagesKO", "passage", "idTechnique"] => ko.0 = Some(value),
                    ["rapport", "PassagesKO", "passage", "messageErreur"] => ko.1 = Some(value),
                    ["rapport", "PassagesKO", "passage"] => {
                        if let (Some(id), message) = std::mem::take(&mut ko) {
                            rejected.push((id, message.unwrap_or_default()));
                        }
                    }
                    ["rapport", "erreurs", "erreur", field] => {
                        let label = match *field {
                            "type" | "ligne" | "colonne" => *field,
                            _ => "",
                        };
                        if !value.is_empty() {
                            error.push(if label.is_empty() {
                                value
                            } else {
                                format!("{label} {value}")
                            });
                        }
                    }
                    ["rapport", "erreurs", "erreur"] => {
                        if !error.is_empty() {
                            errors.push(error.join(", "));
                        }
                        error.clear();
                    }
                    _ => {}
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(not_receipt());
    }
    if !seen_root {
        return Err(not_receipt());
    }
    if refused {
        if errors.is_empty() {
            errors.push("fichier refusé sans message".to_owned());
        }
        return Ok(Receipt::Refused { errors });
    }
    let id_flux = id_flux.ok_or_else(|| {
        "Cet accusé de traitement ne cite aucun flux (idFlux absent) et ne signale aucune erreur : il est illisible.".to_owned()
    })?;
    Ok(Receipt::Processed {
        id_flux,
        id_traitement,
        accepted,
        rejected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_lists_accepted_and_rejected_passages() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rapport xmlns:ns2="urn:cdc:cpf:pc5:rapport:schema">
  <nomFichier>export.xml</nomFichier>
  <idFlux>f-1</idFlux>
  <idTraitement>67598</idTraitement>
  <PassagesKO>
    <passage><idTechnique>JURY-1-2-RNCP1</idTechnique><messageErreur>Aucun titulaire ne correspond aux crit&#232;res obligatoires</messageErreur></passage>
    <passage><idTechnique>JURY-1-3-RNCP1</idTechnique><messageErreur>Le passage existe déjà en base</messageErreur></passage>
  </PassagesKO>
  <PassagesOK><idTechnique>JURY-1-4-RNCP1</idTechnique><idTechnique>JURY-1-5-RNCP1</idTechnique></PassagesOK>
</rapport>"#;
        let Receipt::Processed {
            id_flux,
            id_traitement,
            accepted,
            rejected,
        } = parse(xml.as_bytes()).expect("receipt")
        else {
            panic!("processed expected");
        };
        assert_eq!(id_flux, "f-1");
        assert_eq!(id_traitement.as_deref(), Some("67598"));
        assert_eq!(accepted, vec!["JURY-1-4-RNCP1", "JURY-1-5-RNCP1"]);
        assert_eq!(rejected.len(), 2);
        assert_eq!(
            rejected[0].1,
            "Aucun titulaire ne correspond aux critères obligatoires"
        );
        assert!(!already_known(&rejected[0].1));
        assert!(already_known(&rejected[1].1));
    }

    #[test]
    fn a_whole_file_refusal_is_told() {
        let xml = "<rapport><nomFichier/><idTraitement/><erreurs><erreur><type>XSD</type><message>cvc-complex-type.2.4.a: Invalid content</message><ligne>1</ligne><colonne>18</colonne></erreur></erreurs></rapport>";
        assert_eq!(
            parse(xml.as_bytes()).expect("receipt"),
            Receipt::Refused {
                errors: vec![
                    "type XSD, cvc-complex-type.2.4.a: Invalid content, ligne 1, colonne 18"
                        .to_owned()
                ]
            }
        );
    }

    /// The attack of the review: `<a>` nested N deep after a valid start. Refused at
    /// the first element past the depth limit, however long the file.
    fn nested(n: usize) -> Vec<u8> {
        let mut xml = b"<rapport><idFlux>x</idFlux>".to_vec();
        xml.extend(b"<a>".repeat(n));
        xml.extend(b"</a>".repeat(n));
        xml.extend(b"</rapport>");
        xml
    }

    #[test]
    fn a_nested_receipt_is_refused_by_its_depth() {
        for n in [20, 30_000, 200_000] {
            let message = parse(&nested(n)).expect_err("too deep");
            assert!(message.contains("plus de 12 éléments"), "{message}");
        }
        // Eleven levels below the root still read (and say nothing of `a`).
        assert!(matches!(parse(&nested(10)), Ok(Receipt::Processed { .. })));
    }

    #[test]
    fn every_limit_is_named_when_passed() {
        let limits = Limits {
            elements: 5,
            ..LIMITS
        };
        let many = b"<rapport><idFlux>x</idFlux><PassagesOK><idTechnique>1</idTechnique><idTechnique>2</idTechnique><idTechnique>3</idTechnique></PassagesOK></rapport>";
        assert!(parse(many).is_ok());
        assert!(
            parse_within(many, limits)
                .expect_err("elements")
                .contains("plus de 5 éléments")
        );
        let attributes = format!(
            "<rapport {}><idFlux>x</idFlux></rapport>",
            (0..17)
                .map(|i| format!("a{i}=\"1\""))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(
            parse(attributes.as_bytes())
                .expect_err("attributes")
                .contains("plus de 16 attributs")
        );
        let long = format!("<rapport><idFlux>{}</idFlux></rapport>", "x".repeat(4_001));
        assert!(
            parse(long.as_bytes())
                .expect_err("text")
                .contains("plus de 4000 caractères")
        );
        let heavy = vec![b' '; LIMITS.bytes + 1];
        assert!(
            parse(&heavy)
                .expect_err("bytes")
                .contains("au plus 8192 Ko")
        );
    }

    #[test]
    fn anything_else_is_not_a_receipt() {
        for bad in [
            &b"not xml at all"[..],
            b"<flux><idFlux>x</idFlux></flux>",
            b"<rapport><idFlux>x</idFlux>",
            b"\xff\xfe<rapport/>",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
