//! Accounts of the people a certifier brings in: jurors of the pool, co-administrators
//! and enrolled candidates get an account without a password, and choose it through a
//! single-use link (14 days) carried by their first email; anyone resets a forgotten
//! password through a one-hour link. What a link is for, how long it lasts, what a
//! password must be, and the words of the emails.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::html::escape;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// What a single-use link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Purpose {
    /// An invited person's first password.
    Choose,
    /// A forgotten password.
    Reset,
}

impl Purpose {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Choose => "choix",
            Purpose::Reset => "reinitialisation",
        }
    }

    /// The stored code read back.
    pub fn parse(code: &str) -> Option<Purpose> {
        match code {
            "choix" => Some(Purpose::Choose),
            "reinitialisation" => Some(Purpose::Reset),
            _ => None,
        }
    }

    /// How long a link stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Choose => Duration::days(14),
            Purpose::Reset => Duration::hours(1),
        }
    }

    /// How long, in words.
    pub fn lifetime_fr(self) -> &'static str {
        match self {
            Purpose::Choose => "14 jours",
            Purpose::Reset => "une heure",
        }
    }
}

/// Why a link cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    Unknown,
    Used,
    /// A newer link was sent since (a later email), or a password was chosen with one.
    Replaced,
    Expired,
    Deactivated,
}

impl LinkRefusal {
    /// What the person reads.
    pub fn message(self) -> &'static str {
        match self {
            LinkRefusal::Unknown => {
                "Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier, ou demandez un nouveau lien."
            }
            LinkRefusal::Used => {
                "Ce lien a déjà servi : il ne s'utilise qu'une fois. Connectez-vous avec votre mot de passe, ou demandez un nouveau lien (« Mot de passe oublié ? »)."
            }
            LinkRefusal::Replaced => {
                "Ce lien a été remplacé par un lien plus récent, envoyé dans un courriel ultérieur : utilisez le dernier reçu. Si vous avez déjà choisi votre mot de passe, connectez-vous ; sinon, demandez un nouveau lien (« Mot de passe oublié ? »)."
            }
            LinkRefusal::Expired => {
                "Ce lien a expiré. Demandez-en un nouveau (« Mot de passe oublié ? » sur la page de connexion) ou à l'organisme certificateur."
            }
            LinkRefusal::Deactivated => {
                "Ce compte est désactivé. Adressez-vous à l'organisme certificateur."
            }
        }
    }

    /// Code carried in the address after a refused form.
    pub fn code(self) -> &'static str {
        match self {
            LinkRefusal::Unknown => "inconnu",
            LinkRefusal::Used => "utilise",
            LinkRefusal::Replaced => "remplace",
            LinkRefusal::Expired => "expire",
            LinkRefusal::Deactivated => "desactive",
        }
    }
}

/// Whether a stored link can still be used at `now`.
pub fn check_link(
    (used, replaced): (bool, bool),
    expires_at: DateTime<Utc>,
    account_active: bool,
    now: DateTime<Utc>,
) -> Result<(), LinkRefusal> {
    if !account_active {
        Err(LinkRefusal::Deactivated)
    } else if used {
        Err(LinkRefusal::Used)
    } else if replaced {
        Err(LinkRefusal::Replaced)
    } else if now >= expires_at {
        Err(LinkRefusal::Expired)
    } else {
        Ok(())
    }
}

/// Checks a new password and its confirmation; the problem in French.
pub fn check_password(password: &str, confirmation: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(format!(
            "Le mot de passe doit compter au moins {MIN_PASSWORD} caractères ({length} saisis)."
        ));
    }
    if length > super::limits::PASSWORD {
        return Err(format!(
            "Le mot de passe compte {length} caractères : {} au plus.",
            super::limits::PASSWORD
        ));
    }
    if password.trim().is_empty() {
        return Err("Le mot de passe ne peut pas être fait que d'espaces.".to_owned());
    }
    if password != confirmation {
        return Err("Les deux saisies du mot de passe diffèrent.".to_owned());
    }
    Ok(())
}

/// A link to choose a password, as an email carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordLink {
    pub url: String,
    pub purpose: Purpose,
    /// `JJ/MM/AAAA à HHhMM` (Paris time).
    pub expires: String,
    /// The privacy notice of the account's organisation, which the first email each
    /// person receives links to.
    pub privacy_url: String,
}

/// The address of an organisation's privacy notice.
pub fn privacy_url(public_url: &str, organisation: Option<i32>) -> String {
    let base = format!("{}/confidentialite", public_url.trim_end_matches('/'));
    match organisation {
        Some(id) => format!("{base}?organisme={id}"),
        None => base,
    }
}

/// The address of a link: `<public url>/mot-de-passe/<token>`.
pub fn link_url(public_url: &str, token: &str) -> String {
    format!("{}/mot-de-passe/{token}", public_url.trim_end_matches('/'))
}

/// Adds the paragraph with the link to choose a password to an email (subject, text,
/// HTML): before the closing `</body>` when the HTML has one, at the end otherwise.
pub fn with_link(
    (subject, text, html): (String, String, String),
    link: &PasswordLink,
) -> (String, String, String) {
    let sentence =
        "Votre compte est prêt : choisissez votre mot de passe en ouvrant ce lien personnel";
    let privacy = "Ce que nous faisons de vos données personnelles, combien de temps nous les gardons et comment exercer vos droits";
    let text = format!(
        "{text}\n{sentence} (à usage unique, valable jusqu'au {expires}) :\n{url}\n\n{privacy} :\n{notice}\n",
        url = link.url,
        expires = link.expires,
        notice = link.privacy_url,
    );
    let paragraph = format!(
        "<p>{sentence} (à usage unique, valable jusqu'au {expires}) :<br><a href=\"{url}\">{url}</a></p><p>{privacy} : <a href=\"{notice}\">{notice}</a></p>",
        url = escape(&link.url),
        expires = escape(&link.expires),
        notice = escape(&link.privacy_url),
    );
    let html = match html.rfind("</body>") {
        Some(at) => format!("{}{paragraph}{}", &html[..at], &html[at..]),
        None => format!("{html}{paragraph}"),
    };
    (subject, text, html)
}

/// Who an account is, as its welcome email names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Welcome {
    Administrator,
    Juror,
    Candidate,
}

/// The email that sends an account's link on its own (an administrator invited, or the
/// certifier sending a link again): subject, text, HTML.
pub fn welcome_email(
    who: Welcome,
    name: &str,
    organisation: &str,
    link: &PasswordLink,
) -> (String, String, String) {
    let (subject, why) = match who {
        Welcome::Administrator => (
            format!("Invitation à administrer les certifications de {organisation}"),
            format!(
                "{organisation} vous invite à administrer ses certifications, sessions et jurys."
            ),
        ),
        Welcome::Juror => (
            format!("Votre compte de membre de jury — {organisation}"),
            format!(
                "{organisation} vous a inscrit(e) dans son vivier de membres de jury : avec votre compte, vous consultez vos jurys, évaluez les candidats qui vous sont attribués et signez les procès-verbaux."
            ),
        ),
        Welcome::Candidate => (
            format!("Votre espace candidat — {organisation}"),
            format!(
                "{organisation} vous a inscrit(e) à une session de certification : dans votre espace, vous retrouvez vos convocations, demandez des aménagements et, après leur publication, consultez vos résultats."
            ),
        ),
    };
    let text = format!("Bonjour {name},\n\n{why}\n");
    let html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour {},</p><p>{}</p></body></html>",
        escape(name),
        escape(&why)
    );
    let (subject, text, html) = with_link((subject, text, html), link);
    (
        subject,
        format!("{text}\n{organisation}\n"),
        html.replace(
            "</body>",
            &format!("<p>{}</p></body>", escape(organisation)),
        ),
    )
}

/// The email with a link to reset a forgotten password.
pub fn reset_email(name: &str, link: &PasswordLink) -> (String, String, String) {
    let subject = "Réinitialisation de votre mot de passe".to_owned();
    let text = format!(
        "Bonjour {name},\n\nUne réinitialisation du mot de passe de votre compte a été demandée. Si vous n'en êtes pas à l'origine, ignorez ce message : votre mot de passe ne change pas.\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (à usage unique, valable une heure, jusqu'au {expires}) :\n{url}\n\nToutes vos sessions ouvertes seront fermées.\n",
        url = link.url,
        expires = link.expires,
    );
    let html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour {name},</p><p>Une réinitialisation du mot de passe de votre compte a été demandée. Si vous n'en êtes pas à l'origine, ignorez ce message : votre mot de passe ne change pas.</p><p>Pour choisir un nouveau mot de passe, ouvrez ce lien (à usage unique, valable une heure, jusqu'au {expires}) :<br><a href=\"{url}\">{url}</a></p><p>Toutes vos sessions ouvertes seront fermées.</p></body></html>",
        name = escape(name),
        url = escape(&link.url),
        expires = escape(&link.expires),
    );
    (subject, text, html)
}

/// Where an account stands, as the certifier's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    /// The password is chosen.
    Active,
    /// A link was sent and can still be used, until this date (`JJ/MM/AAAA`).
    LinkSent(String),
    /// The last link expired unused.
    LinkExpired,
    /// No link was ever sent.
    NoLink,
    Deactivated,
}

impl AccountState {
    /// French label.
    pub fn label(&self) -> String {
        match self {
            AccountState::Active => "Actif".to_owned(),
            AccountState::LinkSent(until) => {
                format!("Lien envoyé, mot de passe à choisir (valable jusqu'au {until})")
            }
            AccountState::LinkExpired => "Lien expiré : à renvoyer".to_owned(),
            AccountState::NoLink => "Aucun lien envoyé".to_owned(),
            AccountState::Deactivated => "Désactivé".to_owned(),
        }
    }

    /// Whether the certifier can send a link to choose a password.
    pub fn can_send_link(&self) -> bool {
        matches!(
            self,
            AccountState::LinkSent(_) | AccountState::LinkExpired | AccountState::NoLink
        )
    }
}

/// The state of an account from what is stored: whether a password was chosen, whether
/// the account is active, and the expiry of its latest unused link to choose one.
pub fn account_state(
    has_password: bool,
    active: bool,
    latest_link: Option<DateTime<Utc>>,
    any_link: bool,
    now: DateTime<Utc>,
    date_fr: impl Fn(DateTime<Utc>) -> String,
) -> AccountState {
    if !active {
        AccountState::Deactivated
    } else if has_password {
        AccountState::Active
    } else {
        match latest_link {
            Some(until) if until > now => AccountState::LinkSent(date_fr(until)),
            _ if any_link => AccountState::LinkExpired,
            _ => AccountState::NoLink,
        }
    }
}

/// One of a person's spaces: their role in one organisation (candidate here, juror
/// there). The rows of one email are one person's spaces, opened with one password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    pub user_id: i32,
    pub organisation: String,
    pub role: super::role::Role,
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, hour, 0, 0).unwrap()
    }

    #[test]
    fn a_link_is_refused_once_used_after_expiry_or_for_a_deactivated_account() {
        assert_eq!(check_link((false, false), at(12), true, at(11)), Ok(()));
        assert_eq!(
            check_link((false, false), at(12), true, at(12)),
            Err(LinkRefusal::Expired)
        );
        assert_eq!(
            check_link((true, false), at(12), true, at(11)),
            Err(LinkRefusal::Used)
        );
        assert_eq!(
            check_link((false, false), at(12), false, at(11)),
            Err(LinkRefusal::Deactivated)
        );
        // A link superseded by a later email says so, even once its time is over.
        assert_eq!(
            check_link((false, true), at(12), true, at(13)),
            Err(LinkRefusal::Replaced)
        );
    }

    #[test]
    fn links_last_fourteen_days_to_choose_and_one_hour_to_reset() {
        assert_eq!(Purpose::Choose.lifetime(), Duration::days(14));
        assert_eq!(Purpose::Reset.lifetime(), Duration::hours(1));
        assert_eq!(Purpose::parse(Purpose::Reset.code()), Some(Purpose::Reset));
        assert_eq!(Purpose::parse("autre"), None);
    }

    #[test]
    fn a_password_is_long_enough_and_typed_twice_the_same() {
        assert!(check_password("court", "court").unwrap_err().contains("12"));
        assert!(
            check_password("            ", "            ")
                .unwrap_err()
                .contains("espaces")
        );
        assert!(
            check_password("un mot de passe long", "un mot de passe lonG")
                .unwrap_err()
                .contains("diffèrent")
        );
        assert_eq!(
            check_password("un mot de passe long", "un mot de passe long"),
            Ok(())
        );
    }

    #[test]
    fn the_link_paragraph_goes_before_the_end_of_the_html_and_is_escaped() {
        let link = PasswordLink {
            url: "https://jury.example/mot-de-passe/abc?x=<b>".to_owned(),
            purpose: Purpose::Choose,
            expires: "15/03/2027 à 10h00".to_owned(),
            privacy_url: privacy_url("https://jury.example/", Some(3)),
        };
        let (_, text, html) = with_link(
            (
                "Objet".to_owned(),
                "Bonjour".to_owned(),
                "<html><body><p>Bonjour</p></body></html>".to_owned(),
            ),
            &link,
        );
        assert!(text.contains("valable jusqu'au 15/03/2027 à 10h00"));
        assert!(text.contains("https://jury.example/mot-de-passe/abc?x=<b>"));
        assert!(
            text.contains("vos données personnelles")
                && text.contains("https://jury.example/confidentialite?organisme=3"),
            "{text}"
        );
        assert!(html.contains("<a href=\"https://jury.example/confidentialite?organisme=3\">"));
        assert!(html.ends_with("</p></body></html>"), "{html}");
        assert!(html.contains("abc?x=&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn the_welcome_email_says_why_and_escapes_names() {
        let link = PasswordLink {
            url: "https://jury.example/mot-de-passe/abc".to_owned(),
            purpose: Purpose::Choose,
            expires: "15/03/2027 à 10h00".to_owned(),
            privacy_url: privacy_url("https://jury.example/", Some(3)),
        };
        let (subject, text, html) =
            welcome_email(Welcome::Juror, "<script>Karim", "Certif'Démo", &link);
        assert_eq!(subject, "Votre compte de membre de jury — Certif'Démo");
        assert!(text.contains("vivier de membres de jury"));
        assert!(text.trim_end().ends_with("Certif'Démo"));
        assert!(html.contains("&lt;script&gt;Karim"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn the_state_of_an_account_follows_its_password_and_links() {
        let fr = |d: DateTime<Utc>| d.format("%d/%m/%Y").to_string();
        assert_eq!(
            account_state(true, true, None, true, at(10), fr),
            AccountState::Active
        );
        assert_eq!(
            account_state(true, false, None, true, at(10), fr),
            AccountState::Deactivated
        );
        assert_eq!(
            account_state(false, true, Some(at(12)), true, at(10), fr),
            AccountState::LinkSent("01/03/2027".to_owned())
        );
        assert_eq!(
            account_state(false, true, Some(at(9)), true, at(10), fr),
            AccountState::LinkExpired
        );
        assert_eq!(
            account_state(false, true, None, false, at(10), fr),
            AccountState::NoLink
        );
        assert!(AccountState::LinkExpired.can_send_link());
        assert!(!AccountState::Active.can_send_link());
    }
}
