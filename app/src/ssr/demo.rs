//! Demo data seeded on first start, so that a new user can click through every role at
//! once: one certifier, the five built-in certifications, a session of template E with
//! candidates, a jury member and a candidate account, and a November session of
//! template E graded and ready for deliberation. Seeding twice adds nothing.

use chrono::{DateTime, NaiveDate, Utc};
use entities::enums::{
    AccessRoute, AccommodationKind, AccommodationStatus, EmploymentSide, EnrolmentStatus, Gender,
    InvitationStatus, JuryRole, SessionStatus, TeacherKind,
};
use entities::{
    accommodation, candidate, enrolment, exam_session, jury, jury_member, jury_seat, organisation,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};

mod earlier;

use super::auth::hash_password;
use super::repo::certifications::create_from_template;
use super::repo::users::{NewUser, create_user};
use crate::domain::ids::{CandidateId, JuryMemberId, OrganisationId};
use crate::domain::role::Role;
use crate::domain::templates;

/// SIRET of the demo organisation: how seeding recognises it was already done.
pub const DEMO_SIRET: &str = "12345678900015";

/// The demo organisation's SIRET before it passed the SIRET's check digit: a database
/// seeded then is recognised too.
const EARLIER_DEMO_SIRET: &str = "12345678900019";

/// A demo login.
#[derive(Clone, Copy, Debug)]
pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
}

/// The demo logins, one per role.
pub const DEMO_ACCOUNTS: [DemoAccount; 3] = [
    DemoAccount {
        role: Role::CertifierAdmin,
        email: "certificateur@demo.jury.fr",
        password: "demo-certificateur",
    },
    DemoAccount {
        role: Role::JuryMember,
        email: "jury@demo.jury.fr",
        password: "demo-jury",
    },
    DemoAccount {
        role: Role::Candidate,
        email: "candidat@demo.jury.fr",
        password: "demo-candidat",
    },
];

/// The other voting members of the November session's jury, who sign its PV with the
/// jury member's demo password.
pub const DEMO_OTHER_JURORS: [&str; 3] = [
    "karim.benali@demo.jury.fr",
    "sophie.lefevre@demo.jury.fr",
    "thomas.garnier@demo.jury.fr",
];

/// The demo account of a role.
pub fn demo_account(role: Role) -> DemoAccount {
    DEMO_ACCOUNTS
        .iter()
        .copied()
        .find(|a| a.role == role)
        .unwrap_or(DEMO_ACCOUNTS[0])
}

/// What seeding did.
#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Created,
    AlreadyPresent,
}

/// Seeds the demo data unless it is already there, in one transaction.
pub async fn seed(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
    renderer: &dyn super::ports::PdfRenderer,
) -> Result<Seeded, DbErr> {
    let txn = db.begin().await?;
    let present = organisation::Entity::find()
        .filter(organisation::Column::Siret.is_in([DEMO_SIRET, EARLIER_DEMO_SIRET]))
        .count(&txn)
        .await?;
    if present > 0 {
        return Ok(Seeded::AlreadyPresent);
    }
    let earlier = seed_all(&txn, now).await?;
    txn.commit().await?;
    // The May session goes through the real deliberation, signatures, publication and
    // declaration, each at its own date.
    earlier::publish_and_declare(db, &earlier, renderer).await?;
    Ok(Seeded::Created)
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DbErr> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| DbErr::Custom(format!("date invalide {y}-{m}-{d}")))
}

fn password(plain: &str) -> Result<String, DbErr> {
    hash_password(plain).map_err(|e| DbErr::Custom(e.to_string()))
}

async fn seed_all(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<earlier::Earlier, DbErr> {
    let org = organisation::ActiveModel {
        name: Set("Certif'Démo — organisme certificateur".to_owned()),
        name_key: Set(Some(crate::domain::organisation::name_key(
            "Certif'Démo — organisme certificateur",
        ))),
        siret: Set(DEMO_SIRET.to_owned()),
        created_at: Set(now),
        // The Caisse des Dépôts identifiers of a demo certifier (fictitious).
        cdc_emitter_id: Set(Some("DEMO2026".to_owned())),
        cdc_certifier_id: Set(Some("CERTDEMO".to_owned())),
        cdc_contract_id: Set(Some("DEMO-2026-0001".to_owned())),
        address: Set(Some("12 rue de la République\n69002 Lyon".to_owned())),
        signatory_name: Set(Some("Hélène Vidal".to_owned())),
        signatory_quality: Set(Some("Directrice de la certification".to_owned())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The key signing its credentials, made with the organisation.
    super::repo::credentials::current_key(db, OrganisationId(org.id), now).await?;

    let mut office_manager_version = None;
    for template in templates::all() {
        let (_, version) = create_from_template(
            db,
            OrganisationId(org.id),
            &template,
            (template.code, template.title),
            now,
        )
        .await?;
        if template.key == "E" {
            office_manager_version = Some(version.0);
        }
    }
    let version_id =
        office_manager_version.ok_or_else(|| DbErr::Custom("modèle E absent".to_owned()))?;

    let session = exam_session::ActiveModel {
        organisation_id: Set(org.id),
        version_id: Set(version_id),
        label: Set("Session de mars 2027 — Office Manager junior".to_owned()),
        starts_on: Set(date(2027, 3, 15)?),
        ends_on: Set(date(2027, 3, 19)?),
        place: Set("CCI Démo, 12 rue de la République, 69002 Lyon".to_owned()),
        capacity: Set(Some(24)),
        status: Set(SessionStatus::Scheduled),
        publication_on: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let jurors = [
        (
            "Claire",
            "Martin",
            "jury@demo.jury.fr",
            Gender::Female,
            false,
            "personnalite_qualifiee",
            EmploymentSide::Employer,
            12,
        ),
        (
            "Karim",
            "Benali",
            "karim.benali@demo.jury.fr",
            Gender::Male,
            false,
            "professionnel_secteur",
            EmploymentSide::Employee,
            8,
        ),
        (
            "Sophie",
            "Lefèvre",
            "sophie.lefevre@demo.jury.fr",
            Gender::Female,
            false,
            "professionnel_secteur",
            EmploymentSide::Employer,
            15,
        ),
        (
            "Thomas",
            "Garnier",
            "thomas.garnier@demo.jury.fr",
            Gender::Male,
            true,
            "representant_cci",
            EmploymentSide::NotApplicable,
            6,
        ),
        (
            "Inès",
            "Moreau",
            "ines.moreau@demo.jury.fr",
            Gender::Female,
            true,
            "observateur_etablissement",
            EmploymentSide::NotApplicable,
            4,
        ),
    ];
    let mut juror_ids = Vec::new();
    for (first, last, email, gender, internal, category, side, years) in jurors.iter().copied() {
        let member = jury_member::ActiveModel {
            organisation_id: Set(org.id),
            first_name: Set(first.to_owned()),
            last_name: Set(last.to_owned()),
            email: Set(email.to_owned()),
            gender: Set(gender),
            internal: Set(internal),
            category: Set(category.to_owned()),
            employment_side: Set(side),
            teacher_kind: Set(TeacherKind::NotTeacher),
            years_experience: Set(years),
            last_activity_on: Set(Some(date(2026, 6, 30)?)),
            availability: Set("Disponible du 15/03/2027 au 19/03/2027".to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        juror_ids.push(member.id);
    }
    let jury = jury::ActiveModel {
        session_id: Set(session.id),
        validated_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    jury_seat::ActiveModel {
        jury_id: Set(jury.id),
        jury_member_id: Set(juror_ids[0]),
        role: Set(JuryRole::President),
        invitation: Set(InvitationStatus::Accepted),
        responded_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let people = [
        (
            "Camille",
            "Durand",
            (1998, 4, 12),
            "candidat@demo.jury.fr",
            AccessRoute::FormationContinue,
        ),
        (
            "Lucas",
            "Petit",
            (2001, 9, 3),
            "lucas.petit@demo.jury.fr",
            AccessRoute::Apprentissage,
        ),
        (
            "Emma",
            "Roux",
            (1995, 1, 27),
            "emma.roux@demo.jury.fr",
            AccessRoute::ContratPro,
        ),
        (
            "Hugo",
            "Fournier",
            (1989, 11, 8),
            "hugo.fournier@demo.jury.fr",
            AccessRoute::Vae,
        ),
        (
            "Léa",
            "Girard",
            (2000, 6, 19),
            "lea.girard@demo.jury.fr",
            AccessRoute::FormationContinue,
        ),
        (
            "Nathan",
            "Bonnet",
            (1997, 2, 14),
            "nathan.bonnet@demo.jury.fr",
            AccessRoute::CandidatureIndividuelle,
        ),
    ];
    let mut first_candidate = None;
    for (i, (first, last, (y, m, d), email, route)) in people.into_iter().enumerate() {
        let person = candidate::ActiveModel {
            organisation_id: Set(org.id),
            first_name: Set(first.to_owned()),
            last_name: Set(last.to_owned()),
            birth_date: Set(date(y, m, d)?),
            email: Set(email.to_owned()),
            access_route: Set(route),
            category: Set(None),
            training_group: Set(Some("OMJ-2026-A".to_owned())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let enrolled = enrolment::ActiveModel {
            session_id: Set(session.id),
            candidate_id: Set(person.id),
            candidate_number: Set(format!("E27-{:03}", i + 1)),
            status: Set(EnrolmentStatus::Enrolled),
            attendance_percent_hundredths: Set(None),
            // No unjustified absence from training: seed 004's penalties need the rate.
            unjustified_absence_percent_hundredths: Set(Some(0)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        if first_candidate.is_none() {
            first_candidate = Some((person.id, enrolled.id));
        }
    }
    let (candidate_id, enrolment_id) = first_candidate
        .ok_or_else(|| DbErr::Custom("aucun candidat de démonstration".to_owned()))?;
    accommodation::ActiveModel {
        enrolment_id: Set(enrolment_id),
        kind: Set(AccommodationKind::TiersTemps),
        // As the form asks: no medical detail, the supporting document's reference.
        note: Set("Sujet en police agrandie si possible.".to_owned()),
        supporting_reference: Set(Some("Notification MDPH du 02/09/2026".to_owned())),
        status: Set(AccommodationStatus::Requested),
        decision_reason: Set(None),
        requested_at: Set(now),
        decided_at: Set(None),
        decided_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let organisation_id = Some(OrganisationId(org.id));
    let accounts = [
        (
            Role::CertifierAdmin,
            "Responsable certification (démo)",
            None,
            None,
        ),
        (
            Role::JuryMember,
            "Claire Martin",
            None,
            Some(JuryMemberId(juror_ids[0])),
        ),
        (
            Role::Candidate,
            "Camille Durand",
            Some(CandidateId(candidate_id)),
            None,
        ),
    ];
    let mut users = Vec::new();
    for (role, name, candidate_id, jury_member_id) in accounts {
        let account = demo_account(role);
        let user = create_user(
            db,
            NewUser {
                email: account.email,
                display_name: name,
                password_hash: password(account.password)?,
                role,
                organisation_id,
                candidate_id,
                jury_member_id,
            },
            now,
        )
        .await?;
        users.push(user.0);
    }
    // The other voting members of the jury sign the PV of the November session.
    for (index, name) in [
        (1, "Karim Benali"),
        (2, "Sophie Lefèvre"),
        (3, "Thomas Garnier"),
    ] {
        let user = create_user(
            db,
            NewUser {
                email: DEMO_OTHER_JURORS[index - 1],
                display_name: name,
                password_hash: password(demo_account(Role::JuryMember).password)?,
                role: Role::JuryMember,
                organisation_id,
                candidate_id: None,
                jury_member_id: Some(JuryMemberId(juror_ids[index])),
            },
            now,
        )
        .await?;
        users.push(user.0);
    }
    seed_graded_session(
        db,
        (org.id, version_id),
        &juror_ids,
        &november(candidate_id)?,
        now,
    )
    .await?;
    let may = earlier::may(&juror_ids)?;
    let session = seed_graded_session(db, (org.id, version_id), &juror_ids, &may, now).await?;
    // users: certifier, Claire (president), Camille, then Karim, Sophie, Thomas.
    Ok(earlier::Earlier {
        organisation: org.id,
        session,
        certifier_user: users[0],
        voting: vec![
            (juror_ids[0], users[1]),
            (juror_ids[1], users[3]),
            (juror_ids[2], users[4]),
            (juror_ids[3], users[5]),
        ],
        present: juror_ids[..5].to_vec(),
    })
}

/// One demo candidate of the November session: the share of every maximum they
/// obtained, bloc by bloc, and what happened on exam day.
struct Graded {
    first: &'static str,
    last: &'static str,
    born: (i32, u32, u32),
    /// Share of the maximum per unit code (`*` for the others).
    shares: &'static [(&'static str, &'static str)],
    justified_absence: bool,
    fraud: bool,
    route: AccessRoute,
    /// Sex, birth name, INSEE code and commune, for the declaration to the CDC.
    identity: Option<earlier::Identity>,
}

/// A graded demo session: what differs between the November and the May sessions.
struct Spec {
    label: &'static str,
    dates: (NaiveDate, NaiveDate),
    /// The case study's sitting (UTC).
    case_study_at: DateTime<Utc>,
    /// Candidate numbers: `E26-001`…
    prefix: &'static str,
    group: &'static str,
    candidates: Vec<Graded>,
    /// The demo candidate's own record, for the first candidate.
    first_person: Option<i32>,
}

/// The November 2026 session of template E, graded and ready for deliberation: a jury
/// validated under the certification's rules, every mark final, one candidate absent
/// with a justification at the case study, one fraud report. The six candidates cover
/// the outcomes the jury meets: full certification, blocs only (the professional
/// evaluation below 10/20), an eliminatory bloc, a make-up, a fraud, and a candidate at
/// 495/1000 whom the jury may decide to certify with a written reason.
async fn seed_graded_session(
    db: &impl ConnectionTrait,
    (org, version_id): (i32, i32),
    juror_ids: &[i32],
    spec: &Spec,
    now: DateTime<Utc>,
) -> Result<i32, DbErr> {
    use entities::enums::{AttendanceKind, MarkStatus};
    use entities::{attendance_event, epreuve, fraud_report, mark, schedule_slot};
    use rust_decimal::Decimal;
    use rust_decimal::prelude::ToPrimitive;

    let session = exam_session::ActiveModel {
        organisation_id: Set(org),
        version_id: Set(version_id),
        label: Set(spec.label.to_owned()),
        starts_on: Set(spec.dates.0),
        ends_on: Set(spec.dates.1),
        place: Set("CCI Démo, 12 rue de la République, 69002 Lyon".to_owned()),
        capacity: Set(Some(24)),
        status: Set(SessionStatus::Exams),
        publication_on: Set(None),
        published_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let jury = jury::ActiveModel {
        session_id: Set(session.id),
        validated_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let roles = [
        JuryRole::President,
        JuryRole::Member,
        JuryRole::Member,
        JuryRole::Member,
        JuryRole::Observer,
    ];
    for (member, role) in juror_ids.iter().zip(roles) {
        jury_seat::ActiveModel {
            jury_id: Set(jury.id),
            jury_member_id: Set(*member),
            role: Set(role),
            invitation: Set(InvitationStatus::Accepted),
            responded_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let version = entities::certification_version::Entity::find_by_id(version_id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::Custom("version E absente".to_owned()))?;
    let grid: crate::domain::scoring::Grid = serde_json::from_str(&version.grid_json)
        .map_err(|e| DbErr::Custom(format!("grille E : {e}")))?;
    let epreuves = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(version_id))
        .all(db)
        .await?;
    let case_study = epreuves
        .iter()
        .find(|e| e.code == "B3.E1")
        .ok_or_else(|| DbErr::Custom("épreuve B3.E1 absente".to_owned()))?;
    let slot = schedule_slot::ActiveModel {
        session_id: Set(session.id),
        epreuve_id: Set(case_study.id),
        starts_at: Set(spec.case_study_at),
        duration_minutes: Set(210),
        room: Set(Some("Salle 2".to_owned())),
        remote: Set(false),
        remote_link: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;

    for (i, c) in spec.candidates.iter().enumerate() {
        let person = if let (0, Some(first)) = (i, spec.first_person) {
            first
        } else {
            let (y, m, d) = c.born;
            let id = c.identity.clone().unwrap_or_default();
            candidate::ActiveModel {
                organisation_id: Set(org),
                first_name: Set(c.first.to_owned()),
                last_name: Set(c.last.to_owned()),
                birth_date: Set(date(y, m, d)?),
                email: Set(format!(
                    "{}.{}@demo.jury.fr",
                    c.first.to_lowercase().replace('é', "e"),
                    c.last.to_lowercase()
                )),
                access_route: Set(c.route),
                category: Set(None),
                training_group: Set(Some(spec.group.to_owned())),
                created_at: Set(now),
                sex: Set(id.sex.map(str::to_owned)),
                birth_name: Set(id.birth_name.map(str::to_owned)),
                birth_insee_code: Set(id.insee.map(str::to_owned)),
                birth_commune: Set(id.commune.map(str::to_owned)),
                birth_country_code: Set(id.country.map(|(code, _)| code.to_owned())),
                birth_country: Set(id.country.map(|(_, name)| name.to_owned())),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id
        };
        let enrolled = enrolment::ActiveModel {
            session_id: Set(session.id),
            candidate_id: Set(person),
            candidate_number: Set(format!("{}-{:03}", spec.prefix, i + 1)),
            status: Set(EnrolmentStatus::Enrolled),
            attendance_percent_hundredths: Set(None),
            // No unjustified absence from training: seed 004's penalties need the rate.
            unjustified_absence_percent_hundredths: Set(Some(0)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        attendance_event::ActiveModel {
            enrolment_id: Set(enrolled.id),
            slot_id: Set(slot.id),
            kind: Set(if c.justified_absence {
                AttendanceKind::AbsentJustified
            } else {
                AttendanceKind::Present
            }),
            reason: Set(c
                .justified_absence
                .then(|| "Arrêt de travail du 03/11/2026 au 06/11/2026".to_owned())),
            document_ref: Set(c.justified_absence.then(|| "AT-2026-1103".to_owned())),
            identity_checked: Set(!c.justified_absence),
            incident: Set(None),
            recorded_by: Set(None),
            recorded_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        seeded(
            db,
            (session.id, now),
            ("attendance", format!("{}:{}", enrolled.id, slot.id)),
            serde_json::json!({ "kind": if c.justified_absence { "absent_justifie" } else { "present" } }),
        )
        .await?;
        if c.fraud {
            fraud_report::ActiveModel {
                enrolment_id: Set(enrolled.id),
                slot_id: Set(Some(slot.id)),
                facts: Set("Utilisation d'un téléphone portable pendant l'étude de cas, constatée par la surveillante à 10h15.".to_owned()),
                countersigned: Set(true),
                refusal_mention: Set(None),
                recorded_by: Set(None),
                recorded_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            seeded(
                db,
                (session.id, now),
                ("fraud", format!("{}:{}", enrolled.id, slot.id)),
                serde_json::json!({ "countersigned": true }),
            )
            .await?;
        }
        for e in &epreuves {
            let Some(form) = crate::domain::grading::form_for(&grid, &e.code) else {
                continue;
            };
            let Some(component) = grid.components.iter().find(|x| x.code == e.code) else {
                continue;
            };
            let share: Decimal = c
                .shares
                .iter()
                .find(|(unit, _)| *unit == component.unit)
                .or_else(|| c.shares.iter().find(|(unit, _)| *unit == "*"))
                .and_then(|(_, share)| share.parse().ok())
                .unwrap_or(Decimal::ZERO);
            let mut sheet = Vec::new();
            for item in &form.items {
                let crate::domain::grading::ItemKind::Points { max } = item.kind else {
                    continue;
                };
                let points = (max * share).round_dp(2);
                sheet.push(crate::domain::grading::Graded {
                    item: item.code.clone(),
                    points: Some(points),
                    met: None,
                    comment: String::new(),
                });
                // The final mark of the épreuve (agreed when it is double-marked).
                mark::ActiveModel {
                    enrolment_id: Set(enrolled.id),
                    epreuve_id: Set(e.id),
                    jury_member_id: Set(None),
                    item_code: Set(item.code.clone()),
                    points_hundredths: Set((points * Decimal::ONE_HUNDRED).to_i64()),
                    met: Set(None),
                    comment: Set(String::new()),
                    status: Set(MarkStatus::Locked),
                    version: Set(1),
                    updated_at: Set(now),
                    updated_by: Set(None),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
            seeded(
                db,
                (session.id, now),
                ("mark", format!("{}:{}:accord", enrolled.id, e.id)),
                serde_json::json!({ "status": "agreed", "items": sheet }),
            )
            .await?;
        }
    }
    Ok(session.id)
}

/// The November 2026 session: graded, ready for deliberation.
fn november(camille: i32) -> Result<Spec, DbErr> {
    let everyone_at = |share: &'static str| -> &'static [(&'static str, &'static str)] {
        match share {
            "0.75" => &[("*", "0.75")],
            "0.6" => &[("*", "0.6")],
            _ => &[("*", "0.495")],
        }
    };
    let candidates = vec![
        Graded {
            first: "Camille",
            last: "Durand",
            born: (1998, 4, 12),
            shares: &[("RNCP36390BC03", "0.45"), ("PRO", "0.4"), ("*", "0.6")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
        Graded {
            first: "Manon",
            last: "Lambert",
            born: (1999, 7, 2),
            shares: everyone_at("0.75"),
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
        Graded {
            first: "Julien",
            last: "Mercier",
            born: (1994, 3, 30),
            shares: &[("RNCP36390BC02", "0.35"), ("*", "0.7")],
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
        Graded {
            first: "Chloé",
            last: "Faure",
            born: (2002, 12, 5),
            shares: everyone_at("0.6"),
            justified_absence: true,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
        Graded {
            first: "Antoine",
            last: "Chevalier",
            born: (1996, 8, 21),
            shares: everyone_at("0.6"),
            justified_absence: false,
            fraud: true,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
        Graded {
            first: "Sarah",
            last: "Blanc",
            born: (2000, 10, 10),
            shares: everyone_at("0.495"),
            justified_absence: false,
            fraud: false,
            route: AccessRoute::FormationContinue,
            identity: None,
        },
    ];
    Ok(Spec {
        label: "Session de novembre 2026 — Office Manager junior",
        dates: (date(2026, 11, 2)?, date(2026, 11, 6)?),
        case_study_at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 4, 8, 0, 0)
            .single()
            .ok_or_else(|| DbErr::Custom("date".to_owned()))?,
        prefix: "E26",
        group: "OMJ-2026-A",
        candidates,
        first_person: Some(camille),
    })
}

/// The audit entry of a seeded result: demo data is audited like any other.
async fn seeded(
    db: &impl ConnectionTrait,
    (session, now): (i32, DateTime<Utc>),
    (entity, id): (&str, String),
    after: serde_json::Value,
) -> Result<(), DbErr> {
    super::repo::audit::append(
        db,
        crate::domain::audit::Record {
            at: now,
            actor: None,
            entity: entity.to_owned(),
            entity_id: id,
            action: "seed".to_owned(),
            before: None,
            after: Some(after.to_string()),
            reason: Some("Données de démonstration".to_owned()),
            session: Some(session),
        },
    )
    .await
}
