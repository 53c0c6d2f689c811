//! A real certifier runs a real session from an empty database, through HTTP only, for
//! each seed template: the administrator made by `create-admin`, then every person
//! reached by email, choosing their password through the link it carries. Template A
//! (`a_formites`) is written out step by step with its postponement and refused partial
//! validation; the others go through [`Journey::run`] with their own référentiel, jury
//! and marks, then check what their seed makes special.

mod a_formites;
mod b_cqp_assistant;
mod c_cqp_gestionnaire;
mod d_bac_pro;
mod e_office_manager;

use std::collections::HashMap;

use app::api::grading::GradingSheet;
use app::domain::grading::{Item, ItemKind};
use chrono::TimeZone;
use entities::prelude::{
    Candidate, Enrolment, Epreuve, ExamSession, GradingAllocation, JuryMember, ScheduleSlot,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::cli::create_admin_with_password;
use tests::{Spawn, TestApp, location, spawn_with};

/// The path of the invitation link in the jury invitation sent to `to`.
pub fn invitation_of(app: &TestApp, to: &str) -> String {
    let email = app
        .mailer
        .sent()
        .into_iter()
        .find(|e| e.to == to && e.subject.starts_with("Invitation au jury"))
        .unwrap_or_else(|| panic!("an invitation to {to}"));
    let start = email.text.find("/invitation/").expect("link");
    let end = email.text[start..]
        .find(char::is_whitespace)
        .map_or(email.text.len(), |e| start + e);
    email.text[start..end].to_owned()
}

/// A new browser that chooses its password through the link of its email, then logs in.
pub async fn through_link(app: &TestApp, email: &str, password: &str) -> TestApp {
    let browser = app.another_browser();
    let link = app.password_link_sent_to(email);
    let token = link.trim_start_matches("/mot-de-passe/").to_owned();
    let chosen = browser
        .submit_form(
            &link,
            "/api/compte/mot_de_passe",
            &[
                ("token", &token),
                ("password", password),
                ("confirmation", password),
            ],
        )
        .await;
    assert!(
        location(&chosen).starts_with("/connexion?info=mot-de-passe"),
        "{email}: {}",
        browser.follow(&chosen).await
    );
    let logged = browser.login(email, password).await;
    assert_eq!(logged.status(), 303, "login {email}");
    browser
}

pub fn ok(response: &reqwest::Response, what: &str) {
    assert!(!tests::refused(response), "{what} refused");
    assert!(
        response.status().is_redirection() || response.status().is_success(),
        "{what}: {}",
        response.status()
    );
}

/// Moves the clock to a Paris local time of March 2027 (winter time: UTC+1).
pub fn move_to(app: &TestApp, (y, m, d, h, min): (i32, u32, u32, u32, u32)) {
    use app::ssr::ports::Clock;
    let target = chrono::Utc
        .with_ymd_and_hms(y, m, d, h - 1, min, 0)
        .single()
        .expect("time");
    let now = app.clock.now();
    app.clock.advance(target - now);
}

/// An empty database, its administrator made on the command line, logged in.
pub async fn empty_database_with_admin(admin: (&str, &str), organisation: &str) -> TestApp {
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await
    .patient_browser();
    create_admin_with_password(
        &app.config,
        admin.0,
        "Nora Responsable",
        "12345678901234",
        Some(organisation),
        admin.1,
    )
    .await
    .expect("admin");
    assert_eq!(
        location(&app.login(admin.0, admin.1).await),
        "/certificateur"
    );
    app
}

/// The certification made from a template; its id.
pub async fn certification_from(app: &TestApp, template: &str, code: &str, title: &str) -> String {
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[("template", template), ("code", code), ("title", title)],
        )
        .await;
    let id = location(&created)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    assert!(
        id.parse::<i32>().is_ok(),
        "certification: {}",
        app.follow(&created).await
    );
    id
}

/// A session of March 2027 for the certification; its id.
pub async fn session_of(app: &TestApp, certification: &str, capacity: usize) -> i32 {
    let created = app
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", certification),
                ("label", "Session de mars 2027"),
                ("starts_on", "15/03/2027"),
                ("ends_on", "19/03/2027"),
                ("place", "Centre d'examen, 12 rue des Écoles, Lyon"),
                ("capacity", &capacity.to_string()),
            ],
        )
        .await;
    ok(&created, "session");
    ExamSession::find()
        .order_by_desc(entities::exam_session::Column::Id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("session")
        .id
}

/// The id of the épreuve with this code.
pub async fn epreuve_id(app: &TestApp, code: &str) -> i32 {
    Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("q")
        .unwrap_or_else(|| panic!("épreuve {code}"))
        .id
}

/// A sitting of the session: the épreuve, its day of March 2027, start and length.
pub struct Sitting {
    pub epreuve: &'static str,
    pub day: u32,
    pub start: &'static str,
    pub minutes: u32,
}

/// What one seed's journey needs: everything else is the same for every template.
pub struct Journey {
    pub template: &'static str,
    pub code: &'static str,
    pub title: &'static str,
    pub admin: (&'static str, &'static str),
    pub organisation: &'static str,
    /// How épreuves are run, set before the session: code, kind, phases (`libellé ;
    /// minutes` lines) and modalities per category (`catégorie = modalité` lines).
    pub settings: Vec<[&'static str; 4]>,
    /// The candidates' CSV, header included.
    pub candidates_csv: String,
    /// The jury pool's CSV, header included.
    pub pool_csv: String,
    /// The seated members by email with their role, the president first.
    pub seats: Vec<(String, &'static str)>,
    pub sittings: Vec<Sitting>,
    /// The sitting, by épreuve, whose individual passages are generated (held on 16/03).
    pub passages: &'static str,
    /// What a grader enters for a candidate (by email) at an item of an épreuve.
    pub grade: fn(&str, &str, &Item) -> String,
    /// Candidates (by email) with what their space says after publication.
    pub outcomes: Vec<(&'static str, &'static str)>,
}

/// What a journey leaves for the template's own checks.
pub struct Travelled {
    pub app: TestApp,
    /// The candidates' browsers, logged in, by email (those of `outcomes`).
    pub candidates: HashMap<String, TestApp>,
}

/// Points as a share of an item's maximum (criteria: met when the share is at least a
/// half).
pub fn share(item: &Item, percent: u32) -> String {
    match item.kind {
        ItemKind::Points { max } => {
            let points = (max * rust_decimal::Decimal::from(percent)
                / rust_decimal::Decimal::from(100))
            .round_dp(2);
            points.normalize().to_string().replace('.', ",")
        }
        ItemKind::Criterion => if percent >= 50 { "oui" } else { "non" }.to_owned(),
    }
}

const JUROR_PASSWORD: &str = "une phrase de passe de juré";
const CANDIDATE_PASSWORD: &str = "ma phrase de passe de candidat";

impl Journey {
    pub async fn run(self) -> Travelled {
        let app = empty_database_with_admin(self.admin, self.organisation).await;
        let certification = certification_from(&app, self.template, self.code, self.title).await;

        // The référentiel's épreuves get their phases before any session uses them.
        for [code, kind, phases, modalities] in &self.settings {
            let saved = app
                .submit_form(
                    &format!("/certificateur/certifications/{certification}"),
                    "/api/certificateur/referentiel_deroulement",
                    &[
                        ("certification_id", &certification),
                        ("code", code),
                        ("kind", kind),
                        ("duration", ""),
                        ("discrepancy", ""),
                        ("modalities", modalities),
                        ("phases", phases),
                    ],
                )
                .await;
            assert!(
                !tests::refused(&saved),
                "phases of {code}: {}",
                app.follow(&saved).await
            );
        }

        let candidates = self.candidates_csv.lines().count() - 1;
        let session = session_of(&app, &certification, candidates + 2).await;
        let page = format!("/certificateur/sessions/{session}");
        let session_id = session.to_string();
        let imported = app.upload_csv(&page, &self.candidates_csv).await;
        assert_eq!(
            location(&imported),
            format!("{page}?importes={candidates}"),
            "{}",
            app.follow(&imported).await
        );
        let emails = candidate_emails(&app).await;

        // The pool, then the composition the seed's rules accept.
        let members = self.pool_csv.lines().count() - 1;
        let imported = app.upload_csv("/certificateur/jures", &self.pool_csv).await;
        assert_eq!(
            location(&imported),
            format!("/certificateur/jures?importes={members}"),
            "{}",
            app.follow(&imported).await
        );
        let jury_page = format!("{page}/jury");
        let mut seated = Vec::new();
        for (email, role) in &self.seats {
            let member = JuryMember::find()
                .filter(entities::jury_member::Column::Email.eq(email.as_str()))
                .one(&app.db)
                .await
                .expect("q")
                .unwrap_or_else(|| panic!("member {email}"));
            let id = member.id.to_string();
            let seat = app
                .submit_form(
                    &jury_page,
                    "/api/certificateur/jury_ajouter",
                    &[
                        ("session_id", &session_id),
                        ("member_id", &id),
                        ("role", role),
                    ],
                )
                .await;
            ok(&seat, "seat");
            seated.push((email.clone(), member.id));
        }
        let validated = app
            .submit_form(
                &jury_page,
                "/api/certificateur/jury_valider",
                &[("session_id", &session_id)],
            )
            .await;
        assert_eq!(
            location(&validated),
            jury_page,
            "{}",
            app.follow(&validated).await
        );

        // Each juror accepts and chooses a password through the link of their email.
        let mut jurors = Vec::new();
        for (email, member) in &seated {
            let invitation = invitation_of(&app, email);
            let token = invitation.trim_start_matches("/invitation/").to_owned();
            let accepted = app
                .another_browser()
                .submit_form(
                    &invitation,
                    "/api/invitation/repondre",
                    &[("token", &token), ("reponse", "accepter")],
                )
                .await;
            assert_eq!(location(&accepted), invitation);
            let browser = through_link(&app, email, JUROR_PASSWORD).await;
            assert_eq!(browser.get("/jury").await.status(), 200);
            jurors.push((email.clone(), *member, token, browser));
        }

        // Allocation; the second juror then declares a link with the first candidate.
        let allocated = app
            .submit_form(
                &jury_page,
                "/api/certificateur/jury_repartir",
                &[("session_id", &session_id)],
            )
            .await;
        assert_eq!(
            location(&allocated),
            jury_page,
            "{}",
            app.follow(&allocated).await
        );
        let first = Enrolment::find()
            .order_by_asc(entities::enrolment::Column::CandidateNumber)
            .one(&app.db)
            .await
            .expect("q")
            .expect("enrolment")
            .id;
        let (_, linked, token, _) = &jurors[1];
        let declared = app
            .another_browser()
            .submit_form(
                &format!("/invitation/{token}"),
                "/api/invitation/declarer_lien",
                &[
                    ("token", token),
                    ("enrolment_id", &first.to_string()),
                    ("training_group", ""),
                    ("kind", "employer"),
                    ("note", "Ancienne collègue"),
                ],
            )
            .await;
        ok(&declared, "link declared");
        let kept = GradingAllocation::find()
            .filter(entities::grading_allocation::Column::JuryMemberId.eq(*linked))
            .filter(entities::grading_allocation::Column::EnrolmentId.eq(first))
            .all(&app.db)
            .await
            .expect("q");
        assert!(
            kept.is_empty(),
            "the linked juror no longer grades the first candidate"
        );

        // Sittings, individual passages for the oral one, convocations.
        let mut slots = Vec::new();
        for s in &self.sittings {
            let epreuve = epreuve_id(&app, s.epreuve).await.to_string();
            let scheduled = app
                .submit_form(
                    &page,
                    "/api/certificateur/planifier_epreuve",
                    &[
                        ("session_id", &session_id),
                        ("epreuve_id", &epreuve),
                        ("date", &format!("{:02}/03/2027", s.day)),
                        ("start", s.start),
                        ("duration", &s.minutes.to_string()),
                        ("room", "Salle 1"),
                        ("remote_link", ""),
                    ],
                )
                .await;
            assert!(
                !tests::refused(&scheduled),
                "{}: {}",
                s.epreuve,
                app.follow(&scheduled).await
            );
            let slot = ScheduleSlot::find()
                .order_by_desc(entities::schedule_slot::Column::Id)
                .one(&app.db)
                .await
                .expect("q")
                .expect("slot")
                .id;
            slots.push((s.epreuve, slot));
        }
        let (_, oral) = slots
            .iter()
            .find(|(e, _)| *e == self.passages)
            .expect("oral sitting");
        let sitting = format!("{page}/epreuves/{oral}");
        let generated = app
            .submit_form(
                &sitting,
                "/api/certificateur/passages_generer",
                &[
                    ("session_id", &session_id),
                    ("slot_id", &oral.to_string()),
                    ("gap", "5"),
                    ("every", "4"),
                    ("pause", "15"),
                ],
            )
            .await;
        assert!(
            !tests::refused(&generated),
            "passages: {}",
            app.follow(&generated).await
        );
        let sent = app
            .submit_form(
                &page,
                "/api/certificateur/envoyer_convocations",
                &[("session_id", &session_id), ("reason", "")],
            )
            .await;
        ok(&sent, "convocations");
        let convocations: Vec<_> = app
            .mailer
            .sent()
            .into_iter()
            .filter(|e| e.subject.starts_with("Convocation"))
            .collect();
        assert_eq!(convocations.len(), candidates);
        let times: std::collections::HashSet<String> = convocations
            .iter()
            .map(|e| {
                let at = e.text.find("le 16/03/2027 à ").expect("the passage");
                e.text[at..].chars().take(21).collect::<String>()
            })
            .collect();
        assert_eq!(times.len(), candidates, "a passage time each: {times:?}");
        assert!(
            convocations
                .iter()
                .all(|e| e.text.contains("/mot-de-passe/"))
        );

        // Exam days over: everyone present at every sitting.
        move_to(&app, (2027, 3, 16, 20, 0));
        app.login(self.admin.0, self.admin.1).await;
        let enrolments = Enrolment::find().all(&app.db).await.expect("q");
        for (epreuve, slot) in &slots {
            for e in &enrolments {
                let recorded = app
                    .submit_form(
                        &format!("{page}/epreuves/{slot}"),
                        "/api/certificateur/presence",
                        &[
                            ("session_id", &session_id),
                            ("slot_id", &slot.to_string()),
                            ("enrolment_id", &e.id.to_string()),
                            ("kind", "present"),
                            ("identity_checked", "on"),
                        ],
                    )
                    .await;
                assert!(
                    !tests::refused(&recorded),
                    "presence at {epreuve}: {}",
                    app.follow(&recorded).await
                );
            }
        }

        // Each juror grades their sheets with their own account.
        let mut graded = 0;
        for (email, member, _, browser) in &mut jurors {
            browser.login(email, JUROR_PASSWORD).await;
            let mine = GradingAllocation::find()
                .filter(entities::grading_allocation::Column::JuryMemberId.eq(*member))
                .all(&app.db)
                .await
                .expect("q");
            for a in mine {
                let candidate = &emails[&a.enrolment_id];
                let json = browser
                    .get(&format!(
                        "/api/jury/fiche?session_id={session}&enrolment_id={}&epreuve_id={}",
                        a.enrolment_id, a.epreuve_id
                    ))
                    .await
                    .text()
                    .await
                    .expect("sheet");
                let sheet: GradingSheet =
                    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
                let mut fields: Vec<(String, String)> = vec![
                    ("session_id".into(), session_id.clone()),
                    ("enrolment_id".into(), a.enrolment_id.to_string()),
                    ("epreuve_id".into(), a.epreuve_id.to_string()),
                    ("version".into(), sheet.version.to_string()),
                    ("action".into(), "soumettre".into()),
                ];
                for (i, item) in sheet.form.items.iter().enumerate() {
                    fields.push((format!("entries[{i}][item]"), item.code.clone()));
                    fields.push((
                        format!("entries[{i}][value]"),
                        (self.grade)(candidate, &sheet.form.component, item),
                    ));
                }
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                let path = format!(
                    "/jury/sessions/{session}/candidats/{}/epreuves/{}",
                    a.enrolment_id, a.epreuve_id
                );
                let saved = browser
                    .submit_form(&path, "/api/jury/enregistrer_fiche", &fields)
                    .await;
                assert!(
                    !tests::refused(&saved),
                    "{email} {path}: {}",
                    browser.follow(&saved).await
                );
                graded += 1;
            }
        }
        assert!(graded >= candidates, "{graded} sheets");

        // Deliberation: the president closes with everyone present, every member signs.
        move_to(&app, (2027, 3, 18, 10, 0));
        let deliberation = format!("/jury/sessions/{session}/deliberation");
        let (president_email, _, _, president) = &jurors[0];
        president.login(president_email, JUROR_PASSWORD).await;
        let present: Vec<(String, String)> = jurors
            .iter()
            .enumerate()
            .map(|(i, (_, member, _, _))| (format!("present[{i}]"), member.to_string()))
            .collect();
        let mut fields: Vec<(&str, &str)> = vec![("session_id", &session_id)];
        fields.extend(present.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let closed = president
            .submit_form(&deliberation, "/api/deliberation/clore", &fields)
            .await;
        assert_eq!(
            location(&closed),
            deliberation,
            "{}",
            president.follow(&closed).await
        );
        for (email, _, _, browser) in &jurors {
            browser.login(email, JUROR_PASSWORD).await;
            let signed = browser
                .submit_form(
                    &deliberation,
                    "/api/deliberation/signer",
                    &[("session_id", &session_id), ("password", JUROR_PASSWORD)],
                )
                .await;
            assert_eq!(
                location(&signed),
                deliberation,
                "{email} signs: {}",
                browser.follow(&signed).await
            );
        }

        // Publication; each candidate chooses a password through their email's link,
        // reads their result and downloads a document that /verification confirms.
        app.login(self.admin.0, self.admin.1).await;
        let published = app
            .submit_form(
                &format!("{page}/deliberation"),
                "/api/certificateur/publier",
                &[("session_id", &session_id), ("date", "18/03/2027")],
            )
            .await;
        assert!(
            !tests::refused(&published),
            "publication: {}",
            app.follow(&published).await
        );
        let mut spaces = HashMap::new();
        for (email, expected) in &self.outcomes {
            let candidate = through_link(&app, email, CANDIDATE_PASSWORD).await;
            let space = candidate.get_html("/candidat").await;
            assert!(
                space.contains(expected),
                "{email}: « {expected} » in {space}"
            );
            let at = space.find("/candidat/documents/").expect("a document");
            let code: String = space[at + "/candidat/documents/".len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            let pdf = candidate.get(&format!("/candidat/documents/{code}")).await;
            assert_eq!(pdf.status(), 200);
            assert!(pdf.bytes().await.expect("pdf").starts_with(b"%PDF-"));
            let verified = app
                .another_browser()
                .get_html(&format!("/verification/{code}"))
                .await;
            assert!(verified.contains("Document authentique"), "{verified}");
            spaces.insert((*email).to_owned(), candidate);
        }
        Travelled {
            app,
            candidates: spaces,
        }
    }
}

/// Each enrolment's candidate email.
async fn candidate_emails(app: &TestApp) -> HashMap<i32, String> {
    let people: HashMap<i32, String> = Candidate::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .map(|c| (c.id, c.email))
        .collect();
    Enrolment::find()
        .all(&app.db)
        .await
        .expect("q")
        .into_iter()
        .map(|e| (e.id, people[&e.candidate_id].clone()))
        .collect()
}
