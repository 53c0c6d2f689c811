//! The one escaping of user text written into HTML by hand: page titles (leptos_meta
//! writes `<Title>` text unescaped on the server), email bodies, error pages. Text in
//! leptos views is escaped by leptos itself.

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The document title of a page: "<page> — Jury", or "Jury" alone. On the server it
/// is escaped, since leptos_meta writes it into `<title>` as it is; in the browser it
/// becomes `document.title`, plain text.
pub fn page_title(text: &str, escaped: bool) -> String {
    let title = if text.is_empty() {
        "Jury".to_owned()
    } else {
        format!("{text} — Jury")
    };
    if escaped { escape(&title) } else { title }
}

/// The text of a `<textarea>` as the page writes it: leptos writes a textarea's
/// children without escaping them (its `ESCAPE_CHILDREN` is false), so a value holding
/// `</textarea>` would end the element early. Escaped on the server; in the browser it
/// becomes a text node, plain text.
pub fn textarea_text(text: &str, escaped: bool) -> String {
    if escaped {
        escape(text)
    } else {
        text.to_owned()
    }
}

/// Whether `text` is a query string as [`query_string`] writes them, with its `?`
/// (`?filtre=absents&page=2`): safe to append to a path of ours in a redirect.
pub fn is_query_string(text: &str) -> bool {
    text.strip_prefix('?').is_some_and(|rest| {
        rest.len() <= 500
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.*+%=&".contains(&b))
    })
}

/// A query string (`a=1&b=x+y`) from pairs, form-encoded as browsers send GET forms;
/// empty values are left out.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        let mut out = String::with_capacity(text.len());
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                    out.push(char::from(byte));
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
        out
    };
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_query_strings_are_kept_in_a_redirect() {
        let ours = format!(
            "?{}",
            query_string(&[("filtre", "a-trancher"), ("recherche", "Élise D'Or")])
        );
        assert!(is_query_string(&ours));
        assert!(is_query_string("?"));
        assert!(!is_query_string("//autre.example/?a=1"));
        assert!(!is_query_string("?a=1#x"));
        assert!(!is_query_string("?a=1\r\nSet-Cookie: x"));
        assert!(!is_query_string("page=2"));
    }

    #[test]
    fn markup_is_neutralised() {
        assert_eq!(
            escape(r#"Roux</title><img src=x onerror='alert(1)'>&"#),
            "Roux&lt;/title&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;"
        );
        assert_eq!(escape("Élodie Lefèvre"), "Élodie Lefèvre");
    }

    #[test]
    fn a_title_cannot_close_the_title_element() {
        let title = page_title("Correction — Roux</title><script>alert(1)</script>", true);
        assert!(!title.contains("</title>"));
        assert!(!title.contains("<script>"));
        assert!(title.ends_with(" — Jury"));
        assert_eq!(page_title("", true), "Jury");
        assert_eq!(page_title("a<b", false), "a<b — Jury");
    }

    #[test]
    fn a_textarea_value_cannot_close_the_textarea() {
        let text = textarea_text("{\"t\": \"</textarea><script>\"}", true);
        assert!(!text.contains("</textarea>"));
        assert_eq!(textarea_text("a<b", false), "a<b");
    }

    #[test]
    fn query_strings_are_form_encoded_and_skip_empty_values() {
        assert_eq!(
            query_string(&[("recherche", "Lé a&b=c"), ("role", ""), ("page", "2")]),
            "recherche=L%C3%A9+a%26b%3Dc&page=2"
        );
    }
}
