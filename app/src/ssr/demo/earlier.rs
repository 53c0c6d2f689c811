//! The demo's earlier session of the Office Manager title (RNCP36390): May 2026, already
//! deliberated, signed, published and declared to the Caisse des Dépôts — its
//! candidates' identities complete, one flux sent and its receipt imported with one
//! rejection — so that a new user sees the documents, the declaration status and the
//! statistics at once. It goes through the product's own deliberation, signatures,
//! publication, flux and receipt, each at its own date in May and June 2026.

use chrono::{DateTime, TimeZone, Utc};
use entities::enums::AccessRoute;
use entities::{accrochage_passage, certification, certification_version, exam_session};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::{Graded, Spec, date};
use crate::domain::ids::{CertificationId, OrganisationId, SessionId};

/// What the CDC matches holders on, for a demo candidate.
#[derive(Clone, Debug, Default)]
pub struct Identity {
    pub sex: Option<&'static str>,
    pub birth_name: Option<&'static str>,
    pub insee: Option<&'static str>,
    pub commune: Option<&'static str>,
    pub country: Option<(&'static str, &'static str)>,
}

/// What the second phase needs of the first.
pub struct Earlier {
    pub organisation: i32,
    pub session: i32,
    pub certifier_user: i32,
    /// Voting members (jury member, user), the president first.
    pub voting: Vec<(i32, i32)>,
    /// Jury members present at the deliberation.
    pub present: Vec<i32>,
}

/// The candidate whose declaration the CDC rejects: married, her birth name was not
/// given.
pub const REJECTED: &str = "Perrin";

fn at(y: i32, m: u32, d: u32, h: u32) -> Result<DateTime<Utc>, DbErr> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
        .single()
        .ok_or_else(|| DbErr::Custom(format!("date {y}-{m}-{d}")))
}

/// The May 2026 session, graded.
pub fn may(_jurors: &[i32]) -> Result<Spec, DbErr> {
    let id = |sex, insee, commune| Identity {
        sex: Some(sex),
        insee: Some(insee),
        commune: Some(commune),
        ..Identity::default()
    };
    let candidates = vec![
        Graded {
            first: "Élodie",
            last: "Marchand",
            born: (1993, 3, 8),
            shares: &[("*", "0.7")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: Some(id("F", "69123", "Lyon")),
        },
        Graded {
            first: "Yanis",
            last: "Haddad",
            born: (1999, 10, 21),
            shares: &[("*", "0.65")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::Apprentissage,
            identity: Some(Identity {
                sex: Some("M"),
                commune: Some("Oran"),
                country: Some(("352", "Algérie")),
                ..Identity::default()
            }),
        },
        Graded {
            first: "Marie-Ange",
            last: "Leca",
            born: (2001, 1, 15),
            shares: &[("*", "0.8")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::ContratPro,
            identity: Some(Identity {
                birth_name: Some("Santoni"),
                ..id("F", "2A004", "Ajaccio")
            }),
        },
        Graded {
            first: "Kévin",
            last: "Lemaire",
            born: (1996, 7, 30),
            shares: &[("RNCP36390BC04", "0.3"), ("*", "0.68")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::Vae,
            identity: Some(id("M", "59350", "Lille")),
        },
        Graded {
            first: "Aurélie",
            last: REJECTED,
            born: (1990, 12, 2),
            shares: &[("*", "0.72")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: Some(id("F", "33063", "Bordeaux")),
        },
    ];
    Ok(Spec {
        label: "Session de mai 2026 — Office Manager junior",
        dates: (date(2026, 5, 4)?, date(2026, 5, 7)?),
        case_study_at: at(2026, 5, 6, 7)?,
        prefix: "M26",
        group: "OMJ-2025-B",
        candidates,
        first_person: None,
    })
}

fn refused(what: &str, why: impl std::fmt::Debug) -> DbErr {
    DbErr::Custom(format!("démo, session de mai : {what} refusé ({why:?})"))
}

/// Deliberates, signs, publishes and declares the May session, then imports the CDC's
/// receipt that rejects one holder.
pub async fn publish_and_declare(
    db: &sea_orm::DatabaseConnection,
    e: &Earlier,
    renderer: &dyn crate::ssr::ports::PdfRenderer,
) -> Result<(), DbErr> {
    use crate::ssr::repo::{accrochage, deliberation, publication};
    let session = SessionId(e.session);
    let (president, president_user) = e.voting[0];
    // One candidate sat with a tiers-temps granted on a supporting document: its
    // details are past their retention (two months after publication) on any day after
    // 26/07/2026, which the retention job's dry run shows on a copy of the demo.
    let first = entities::enrolment::Entity::find()
        .filter(entities::enrolment::Column::SessionId.eq(e.session))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("inscription de mai".to_owned()))?;
    entities::accommodation::ActiveModel {
        enrolment_id: Set(first.id),
        kind: Set(entities::enums::AccommodationKind::TiersTemps),
        note: Set(String::new()),
        supporting_reference: Set(Some("Notification MDPH du 15/01/2026".to_owned())),
        status: Set(entities::enums::AccommodationStatus::Granted),
        decision_reason: Set(Some("Accordé sur notification de la MDPH.".to_owned())),
        requested_at: Set(at(2026, 4, 10, 9)?),
        decided_at: Set(Some(at(2026, 4, 15, 9)?)),
        decided_by: Set(Some(e.certifier_user)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    deliberation::close(
        db,
        president,
        session,
        &e.present,
        (president_user, at(2026, 5, 19, 13)?),
        renderer,
    )
    .await
    .map_err(|r| refused("clôture", r))?;
    for (i, (member, user)) in e.voting.iter().enumerate() {
        deliberation::sign(
            db,
            *member,
            session,
            (
                *user,
                at(2026, 5, 19, 14)? + chrono::Duration::minutes(i as i64 * 7),
            ),
            renderer,
        )
        .await
        .map_err(|r| refused("signature", r))?;
    }
    let published_on = date(2026, 5, 26)?;
    publication::schedule(
        db,
        OrganisationId(e.organisation),
        session,
        (published_on, true),
        (e.certifier_user, at(2026, 5, 26, 7)?),
    )
    .await
    .map_err(|r| refused("publication", r))?;
    // Nobody is emailed: the demo's candidates are fictitious.
    publication::publish_due(db, at(2026, 5, 26, 8)?).await?;

    let model = exam_session::Entity::find_by_id(e.session)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("session de mai".to_owned()))?;
    let version = certification_version::Entity::find_by_id(model.version_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("version".to_owned()))?;
    let mut cert: certification::ActiveModel =
        certification::Entity::find_by_id(version.certification_id)
            .one(db)
            .await?
            .ok_or_else(|| DbErr::Custom("certification".to_owned()))?
            .into();
    cert.declare_blocs = Set(true);
    let cert = cert.update(db).await?;
    let made = accrochage::produce(
        db,
        (OrganisationId(e.organisation), CertificationId(cert.id)),
        accrochage::Scope::Session(session),
        (Some(e.certifier_user), at(2026, 6, 1, 8)?, ""),
    )
    .await?
    .map_err(|why| refused("flux", why))?;
    let passages = accrochage_passage::Entity::find()
        .filter(accrochage_passage::Column::FluxId.eq(made.id))
        .all(db)
        .await?;
    let rejected: Vec<i32> = entities::enrolment::Entity::find()
        .filter(entities::enrolment::Column::SessionId.eq(e.session))
        .find_also_related(entities::candidate::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, c)| c.as_ref().is_some_and(|c| c.last_name == REJECTED))
        .map(|(e, _)| e.id)
        .collect();
    let (ko, ok): (Vec<_>, Vec<_>) = passages
        .iter()
        .partition(|p| rejected.contains(&p.enrolment_id));
    let id_flux = entities::accrochage_flux::Entity::find_by_id(made.id)
        .one(db)
        .await?
        .map(|f| f.id_flux)
        .unwrap_or_default();
    let receipt = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rapport xmlns:ns2=\"urn:cdc:cpf:pc5:rapport:schema\">\n  <nomFichier>flux-accrochage-{}.xml</nomFichier>\n  <idFlux>{id_flux}</idFlux>\n  <idTraitement>2026060412</idTraitement>\n  <PassagesKO>{}</PassagesKO>\n  <PassagesOK>{}</PassagesOK>\n</rapport>\n",
        made.number,
        ko.iter()
            .map(|p| format!("<passage><idTechnique>{}</idTechnique><messageErreur>Aucun titulaire ne correspond aux critères obligatoires</messageErreur></passage>", p.id_technique))
            .collect::<String>(),
        ok.iter()
            .map(|p| format!("<idTechnique>{}</idTechnique>", p.id_technique))
            .collect::<String>(),
    );
    accrochage::import_receipt(
        db,
        (
            OrganisationId(e.organisation),
            CertificationId(cert.id),
            made.id,
        ),
        receipt.as_bytes(),
        (Some(e.certifier_user), at(2026, 6, 4, 9)?),
    )
    .await?
    .map_err(|why| refused("accusé", why))?;
    Ok(())
}
