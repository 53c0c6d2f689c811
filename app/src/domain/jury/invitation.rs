//! The invitation a jury member receives once the composition is validated: the
//! session, their role, and a personal link to accept or decline and to declare links
//! with candidates or training groups (seed 000: jurors never trained the group and
//! have no personal or professional link with the candidates they assess).

use serde::{Deserialize, Serialize};

use super::JuryRole;
use crate::domain::convocation::escape;

/// Everything an invitation says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub organisation: String,
    pub certification: String,
    pub session: String,
    /// `du 15/03/2027 au 19/03/2027`.
    pub dates: String,
    pub place: String,
    pub member_name: String,
    pub role: JuryRole,
    /// The personal link.
    pub link: String,
}

impl Invitation {
    /// Subject, plain text and HTML of the email.
    pub fn email(&self) -> (String, String, String) {
        let subject = format!("Invitation au jury — {}", self.session);
        let role = self.role.label().to_lowercase();
        let text = format!(
            "Bonjour {name},\n\n{org} vous invite à siéger au jury de la certification « {cert} » ({session}, {dates}, {place}) en tant que {role}.\n\nPour accepter ou décliner, et pour déclarer tout lien avec un candidat ou un groupe de formation (formation dispensée, lien professionnel ou personnel), ouvrez votre lien personnel :\n{link}\n\nUn membre lié à un candidat ne l'évalue pas.\n\n{org}\n",
            name = self.member_name,
            org = self.organisation,
            cert = self.certification,
            session = self.session,
            dates = self.dates,
            place = self.place,
            link = self.link,
        );
        let html = format!(
            "<p>Bonjour {name},</p><p>{org} vous invite à siéger au jury de la certification « {cert} » ({session}, {dates}, {place}) en tant que <strong>{role}</strong>.</p><p>Pour accepter ou décliner, et pour déclarer tout lien avec un candidat ou un groupe de formation (formation dispensée, lien professionnel ou personnel), ouvrez votre lien personnel :</p><p><a href=\"{link}\">{link}</a></p><p>Un membre lié à un candidat ne l'évalue pas.</p><p>{org}</p>",
            name = escape(&self.member_name),
            org = escape(&self.organisation),
            role = escape(&role),
            cert = escape(&self.certification),
            session = escape(&self.session),
            dates = escape(&self.dates),
            place = escape(&self.place),
            link = escape(&self.link),
        );
        (subject, text, html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invitation_names_the_role_the_session_and_the_link() {
        let invitation = Invitation {
            organisation: "Certif'Démo".to_owned(),
            certification: "Office Manager junior".to_owned(),
            session: "Session de mars 2027".to_owned(),
            dates: "du 15/03/2027 au 19/03/2027".to_owned(),
            place: "CCI Démo, Lyon".to_owned(),
            member_name: "Karim Benali".to_owned(),
            role: JuryRole::Member,
            link: "https://jury.example/invitation/abc".to_owned(),
        };
        let (subject, text, html) = invitation.email();
        assert_eq!(subject, "Invitation au jury — Session de mars 2027");
        assert!(text.contains("Certif'Démo vous invite à siéger au jury de la certification « Office Manager junior » (Session de mars 2027, du 15/03/2027 au 19/03/2027, CCI Démo, Lyon) en tant que membre du jury."), "{text}");
        assert!(text.contains("https://jury.example/invitation/abc"));
        assert!(
            html.contains("en tant que <strong>membre du jury</strong>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"https://jury.example/invitation/abc\">"));
    }
}

/// A conflict of interest declared or recorded after the allocation, and what it moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictNotice {
    pub member: String,
    pub about: String,
    pub session: String,
    /// Declared by the member through their invitation link (else by a certifier).
    pub by_member: bool,
    /// (candidate — épreuve, new grader).
    pub moved: Vec<(String, String)>,
    pub impossible: Vec<String>,
    pub drafts_voided: usize,
    /// The session's jury page.
    pub link: String,
}

impl ConflictNotice {
    /// The email to the certifier's administrators.
    pub fn email(&self) -> (String, String, String) {
        let subject = format!("Conflit d'intérêts déclaré — {}", self.session);
        let who = if self.by_member {
            format!("{} a déclaré un lien avec {}", self.member, self.about)
        } else {
            format!(
                "Un conflit d'intérêts de {} avec {} a été enregistré",
                self.member, self.about
            )
        };
        let mut lines = vec![format!(
            "{who} (session « {} »). Ce membre n'évalue plus ce candidat.",
            self.session
        )];
        if self.moved.is_empty() && self.impossible.is_empty() {
            lines.push("Aucune correction ne lui était attribuée pour ce candidat.".to_owned());
        }
        for (what, to) in &self.moved {
            lines.push(format!("Réattribuée : {what} → {to}."));
        }
        for why in &self.impossible {
            lines.push(format!("À réattribuer vous-même : {why}"));
        }
        if self.drafts_voided > 0 {
            lines.push(format!(
                "{} brouillon(s) de notation de ce membre pour ce candidat ne compte(nt) plus (conservé(s) au journal d'audit).",
                self.drafts_voided
            ));
        }
        let text = format!(
            "Bonjour,\n\n{}\n\nLe jury de la session : {}\n",
            lines.join("\n"),
            self.link
        );
        let html = format!(
            "<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour,</p><ul>{}</ul><p><a href=\"{}\">{}</a></p></body></html>",
            lines
                .iter()
                .map(|l| format!("<li>{}</li>", escape(l)))
                .collect::<String>(),
            escape(&self.link),
            escape(&self.link),
        );
        (subject, text, html)
    }
}

#[cfg(test)]
mod conflict_tests {
    use super::*;

    #[test]
    fn the_conflict_email_says_what_moved_and_what_the_certifier_must_do() {
        let notice = ConflictNotice {
            member: "Karim Benali".to_owned(),
            about: "DURAND Camille".to_owned(),
            session: "Session de mars 2027".to_owned(),
            by_member: true,
            moved: vec![(
                "S1-0001 — DURAND Camille — B3.E1".to_owned(),
                "Sophie Lefèvre".to_owned(),
            )],
            impossible: vec![
                "S1-0001 — DURAND Camille — B1.E1 : aucun autre membre votant dans le jury."
                    .to_owned(),
            ],
            drafts_voided: 1,
            link: "https://jury.example/certificateur/sessions/1/jury".to_owned(),
        };
        let (subject, text, html) = notice.email();
        assert_eq!(subject, "Conflit d'intérêts déclaré — Session de mars 2027");
        assert!(text.contains("Karim Benali a déclaré un lien avec DURAND Camille"));
        assert!(text.contains("Réattribuée : S1-0001 — DURAND Camille — B3.E1 → Sophie Lefèvre."));
        assert!(text.contains("À réattribuer vous-même"));
        assert!(text.contains("1 brouillon(s)"));
        assert!(html.contains("<li>"));
    }
}
