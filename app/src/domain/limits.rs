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

/// The French refusal of a field longer than its limit, if it is.
pub fn refusal(name: &str, value: &str) -> Option<String> {
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
