//! Emails that tell the jury what the session expects of them: their sheets once the
//! grading is allocated, a sheet reopened with its reason, the PV to sign once the
//! president has closed the deliberation. French, one template each, with a link.

use chrono::NaiveDate;

use super::format::date_fr;
use super::html::escape;

fn render(subject: String, name: &str, lines: &[String], link: &str) -> (String, String, String) {
    let text = format!("Bonjour {name},\n\n{}\n\n{link}\n", lines.join("\n\n"));
    let html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour {},</p>{}<p><a href=\"{}\">{}</a></p></body></html>",
        escape(name),
        lines
            .iter()
            .map(|l| format!("<p>{}</p>", escape(l)))
            .collect::<String>(),
        escape(link),
        escape(link)
    );
    (subject, text, html)
}

/// To a grader once the grading is allocated: how many sheets, by when.
pub fn allocation_email(
    name: &str,
    session: &str,
    sheets: usize,
    due: Option<NaiveDate>,
    link: &str,
) -> (String, String, String) {
    let due = due.map_or_else(
        || "Aucune date limite n'est fixée pour l'instant.".to_owned(),
        |d| format!("Elles sont à soumettre au plus tard le {}.", date_fr(d)),
    );
    render(
        format!("Vos corrections — {session}"),
        name,
        &[
            format!("La répartition des corrections de la session « {session} » vous attribue {sheets} fiche(s) d'évaluation. {due}"),
            "Chaque fiche s'ouvre au début de l'épreuve correspondante ; vos brouillons sont enregistrés, la soumission est définitive.".to_owned(),
        ],
        link,
    )
}

/// To a grader whose submitted sheet was reopened, with the reason.
pub fn reopened_email(
    name: &str,
    (session, sheet): (&str, &str),
    reason: &str,
    link: &str,
) -> (String, String, String) {
    render(
        format!("Fiche rouverte — {sheet}"),
        name,
        &[
            format!(
                "Votre fiche « {sheet} » (session « {session} ») a été rouverte : vous pouvez la corriger puis la soumettre à nouveau."
            ),
            format!("Motif : {reason}"),
        ],
        link,
    )
}

/// To each voting member present once the president has closed the deliberation.
pub fn signing_email(name: &str, session: &str, link: &str) -> (String, String, String) {
    render(
        format!("Procès-verbal à signer — {session}"),
        name,
        &[
            format!("Le (la) président(e) a clos la délibération de la session « {session} ». Le procès-verbal attend votre signature : relisez-le, puis signez en saisissant votre mot de passe."),
            "Les résultats ne peuvent être publiés qu'une fois le procès-verbal signé par chaque membre votant présent.".to_owned(),
        ],
        link,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_names_the_session_and_links_and_escapes() {
        let (subject, text, html) = allocation_email(
            "Karim <b>",
            "Session de mars",
            4,
            NaiveDate::from_ymd_opt(2027, 3, 26),
            "https://jury.example/jury/sessions/1",
        );
        assert_eq!(subject, "Vos corrections — Session de mars");
        assert!(text.contains("vous attribue 4 fiche(s)"));
        assert!(text.contains("au plus tard le 26/03/2027"));
        assert!(html.contains("Karim &lt;b&gt;"));
        let (subject, text, _) = reopened_email(
            "Karim",
            ("Session de mars", "E27-001 — B3.E1"),
            "Barème mal appliqué au critère 2.",
            "https://jury.example/x",
        );
        assert_eq!(subject, "Fiche rouverte — E27-001 — B3.E1");
        assert!(text.contains("Motif : Barème mal appliqué au critère 2."));
        let (subject, text, _) =
            signing_email("Karim", "Session de mars", "https://jury.example/d");
        assert_eq!(subject, "Procès-verbal à signer — Session de mars");
        assert!(text.contains("attend votre signature"));
    }
}
