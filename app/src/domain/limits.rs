//! The longest text each form field accepts, in characters. The server's middleware
//! checks every field of every form and server-function call against this table before
//! anything runs (docs/security.md lists it); a longer value is refused with a French
//! message and nothing changes.

/// Given and family names, names of jury members and organisations.
pub const NAME: usize = 100;
/// Email addresses (RFC 5321).
pub const EMAIL: usize = 254;
/// Codes: candidate numbers, bloc, épreuve, unit and RNCP codes.
pub const CODE: usize = 40;
/// Labels and titles, places, rooms, training groups, links.
pub const LABEL: usize = 300;
/// Free text: reasons, comments, notes, incidents, facts of a fraud report.
pub const TEXT: usize = 5_000;
/// Passwords (argon2 over a longer input would only cost the server time).
pub const PASSWORD: usize = 1_024;
/// A whole grid as JSON (the référentiel editor).
pub const GRID_JSON: usize = 2_000_000;
/// Any other field.
pub const OTHER: usize = 10_000;

/// The limit of a form field, by its name (for `entries[3][comment]`, its last part).
pub fn for_field(name: &str) -> usize {
    let last = name
        .rsplit('[')
        .next()
        .unwrap_or(name)
        .trim_end_matches(']');
    match last {
        "first_name" | "last_name" | "name" | "employer" | "organisation" => NAME,
        "email" => EMAIL,
        "code" | "bloc_code" | "unit" | "number" | "candidate_number" | "competence" => CODE,
        "label" | "title" | "place" | "room" | "training_group" | "remote_link"
        | "access_route" | "capacity" | "source" | "profession" | "category" => LABEL,
        "reason" | "note" | "facts" | "comment" | "refusal_mention" | "what" | "description"
        | "components" => TEXT,
        "password" | "confirmation" => PASSWORD,
        "grid_json" => GRID_JSON,
        _ => OTHER,
    }
}

/// Fields that hold the name of a person or an organisation: no control character, no
/// bidirectional override, no invisible format character (they change how a name reads
/// on a PV or a certificate without being seen).
pub fn is_name_field(name: &str) -> bool {
    let last = name
        .rsplit('[')
        .next()
        .unwrap_or(name)
        .trim_end_matches(']');
    matches!(
        last,
        "first_name"
            | "last_name"
            | "name"
            | "employer"
            | "organisation"
            | "birth_name"
            | "other_first_names"
            | "display_name"
            | "signatory_name"
            | "signatory_quality"
            | "birth_commune"
            | "birth_country"
    )
}

/// The first character a name may not hold: a control character (NUL, BEL, tab,
/// newline…), a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C) or another invisible format character (zero-width spaces and joiners, soft
/// hyphen, byte order mark…).
pub fn hidden_character(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        c.is_control()
            || matches!(
                c,
                '\u{00AD}'
                    | '\u{034F}'
                    | '\u{061C}'
                    | '\u{115F}'
                    | '\u{1160}'
                    | '\u{17B4}'
                    | '\u{17B5}'
                    | '\u{180E}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{206F}'
                    | '\u{3164}'
                    | '\u{FE00}'..='\u{FE0F}'
                    | '\u{FEFF}'
                    | '\u{FFA0}'
                    | '\u{FFF9}'..='\u{FFFB}'
                    | '\u{1D173}'..='\u{1D17A}'
                    | '\u{E0000}'..='\u{E007F}'
            )
    })
}

/// How a hidden character is named to the person who typed it.
pub fn describe(c: char) -> String {
    let what = match c {
        '\0' => "caractère nul",
        '\n' | '\r' => "retour à la ligne",
        '\t' => "tabulation",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "caractère de changement de sens d'écriture",
        c if c.is_control() => "caractère de contrôle",
        _ => "caractère invisible",
    };
    format!("{what} (U+{:04X})", u32::from(c))
}

/// The French refusal of a name holding a hidden character, `label` naming the field.
pub fn name_refusal(label: &str, value: &str) -> Option<String> {
    hidden_character(value).map(|c| {
        format!(
            "{label} contient un {} : un nom n'en accepte pas.",
            describe(c)
        )
    })
}

/// The French refusal of a field longer than its limit (or, for a name, holding a
/// hidden character), if it is.
pub fn refusal(name: &str, value: &str) -> Option<String> {
    if is_name_field(name) {
        let label = format!("Le champ « {} »", name.chars().take(60).collect::<String>());
        if let Some(message) = name_refusal(&label, value) {
            return Some(message);
        }
    }
    let max = for_field(name);
    let length = value.chars().count();
    (length > max).then(|| {
        format!(
            "Le champ « {} » compte {length} caractères : {max} au plus sont acceptés.",
            name.chars().take(60).collect::<String>()
        )
    })
}

/// A required text typed in a form: trimmed; `missing` when blank, refused over `max`
/// characters. The message is French, for the field's error.
pub fn required_text(text: &str, max: usize, missing: &str) -> Result<String, String> {
    match optional_text(text, max)? {
        Some(text) => Ok(text),
        None => Err(missing.to_owned()),
    }
}

/// An optional text typed in a form: trimmed, none when blank, refused over `max`
/// characters.
pub fn optional_text(text: &str, max: usize) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(format!("Le texte ne doit pas dépasser {max} caractères."));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_text_is_trimmed_and_bounded() {
        assert_eq!(optional_text("  ", 5), Ok(None));
        assert_eq!(optional_text(" abc ", 5), Ok(Some("abc".to_owned())));
        assert!(optional_text("éééééé", 5).is_err_and(|m| m.contains("5 caractères")));
        assert_eq!(
            required_text(" ", 5, "Manquant."),
            Err("Manquant.".to_owned())
        );
        assert_eq!(required_text("x", 5, "Manquant."), Ok("x".to_owned()));
    }

    #[test]
    fn names_refuse_what_cannot_be_seen() {
        for bad in [
            "DUR\0AND",
            "DUR\u{7}AND",
            "DURAND\nMARTIN",
            "\u{202E}DNARUD",
            "DU\u{200B}RAND",
            "DURAND\u{2066}",
            "\u{FEFF}DURAND",
        ] {
            assert!(hidden_character(bad).is_some(), "{bad:?}");
            assert!(refusal("last_name", bad).is_some(), "{bad:?}");
        }
        for good in [
            "D'Almeida-Łukasz",
            "Nguyễn Thị",
            "O’Connor",
            "محمد",
            "Zoë Ébène",
        ] {
            assert_eq!(hidden_character(good), None, "{good}");
            assert_eq!(refusal("last_name", good), None, "{good}");
        }
        assert_eq!(
            refusal("fields[last_name]", "\u{202E}X").as_deref(),
            Some(
                "Le champ « fields[last_name] » contient un caractère de changement de sens d'écriture (U+202E) : un nom n'en accepte pas."
            )
        );
        // Free text keeps its line breaks.
        assert_eq!(refusal("comment", "un\ndeux"), None);
    }

    #[test]
    fn each_kind_of_field_has_its_limit() {
        assert_eq!(for_field("last_name"), NAME);
        assert_eq!(for_field("fields[first_name]"), NAME);
        assert_eq!(for_field("entries[3][comment]"), TEXT);
        assert_eq!(for_field("grid_json"), GRID_JSON);
        assert_eq!(for_field("session_id"), OTHER);
        assert!(refusal("last_name", &"a".repeat(100)).is_none());
        assert_eq!(
            refusal("last_name", &"é".repeat(101)).as_deref(),
            Some("Le champ « last_name » compte 101 caractères : 100 au plus sont acceptés.")
        );
    }
}
