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
