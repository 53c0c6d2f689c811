//! Template A (seed 000, FORMITES), step by step: eight
//! candidates, a jury of five, a link declared after the allocation, passage times,
//! grading by the jurors with their own accounts, a postponement for a missing member,
//! a refused partial validation, signatures, publication, and a candidate's document
//! confirmed by `/verification`.

use entities::prelude::{ExamSession, GradingAllocation, JuryMember, ScheduleSlot};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use server::cli::create_admin_with_password;
use tests::{Spawn, location, spawn_with};

use super::{invitation_of, move_to, ok, through_link};

const ADMIN: (&str, &str) = ("responsable@formites.test", "mot de passe du responsable");

const JURORS: [(&str, &str, &str, &str, &str); 5] = [
    ("Moreau", "Hélène", "F", "oui", "responsable_of"),
    ("Girard", "Paul", "H", "oui", "assistant_formation"),
    ("Lopez", "Inès", "F", "non", "responsable_of"),
    ("Fontaine", "Marc", "H", "non", "professionnel_formation"),
    (
        "Chevalier",
        "Lucie",
        "F",
        "non",
        "professionnel_administratif",
    ),
];

fn juror_email(last: &str) -> String {
    format!("{}@jury.test", last.to_lowercase())
}

#[tokio::test]
async fn template_a_from_an_empty_database_to_a_verified_certificate() {
    // An empty database and the administrator made on the command line.
    let app = spawn_with(Spawn {
        demo_data: false,
        ..Spawn::default()
    })
    .await
    .patient_browser();
    create_admin_with_password(
        &app.config,
        ADMIN.0,
        "Nora Responsable",
        "12345678901234",
        Some("FORMITES"),
        ADMIN.1,
    )
    .await
    .expect("admin");
    assert_eq!(
        location(&app.login(ADMIN.0, ADMIN.1).await),
        "/certificateur"
    );

    // The certification from template A, a session.
    let created = app
        .submit_form(
            "/certificateur",
            "/api/certificateur/creer_certification",
            &[
                ("template", "A"),
                ("code", "RNCP35411"),
                ("title", "Assistant(e) de formation"),
            ],
        )
        .await;
    let certification = location(&created)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    let session_created = app
        .submit_form(
            "/certificateur/sessions/nouvelle",
            "/api/certificateur/creer_session",
            &[
                ("certification_id", &certification),
                ("label", "Session de mars 2027"),
                ("starts_on", "15/03/2027"),
                ("ends_on", "19/03/2027"),
                ("place", "FORMITES, 12 rue des Écoles, Lyon"),
                ("capacity", "12"),
            ],
        )
        .await;
    ok(&session_created, "session");
    let session = ExamSession::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("session")
        .id;
    let page = format!("/certificateur/sessions/{session}");

    // Eight candidates with their training attendance; one below 80 %.
    let mut csv =
        String::from("Nom;Prénom;Date de naissance;Courriel;Voie d'accès;Groupe;Assiduité (%)\n");
    for i in 1..=8 {
        csv.push_str(&format!(
            "Candidat{i};Prénom{i};0{}/04/199{i};candidat{i}@exemple.test;Formation continue;ADF-2027;{}\n",
            i, if i == 8 { "70" } else { "95" }
        ));
    }
    let imported = app.upload_csv(&page, &csv).await;
    assert_eq!(location(&imported), format!("{page}?importes=8"));

    // The jury pool, five members valid under seed 000's rules.
    let mut pool = String::from(
        "Nom;Prénom;Courriel;Genre;Interne;Catégorie;Employeur ou salarié;Enseignant;Années d'expérience;Dernière activité;Disponibilités\n",
    );
    for (last, first, gender, internal, category) in JURORS {
        pool.push_str(&format!(
            "{last};{first};{};{gender};{internal};{category};;;8;;\n",
            juror_email(last)
        ));
    }
    let imported = app.upload_csv("/certificateur/jures", &pool).await;
    assert_eq!(location(&imported), "/certificateur/jures?importes=5");
    let members = JuryMember::find()
        .order_by_asc(entities::jury_member::Column::Id)
        .all(&app.db)
        .await
        .expect("members");
    let jury_page = format!("{page}/jury");
    let session_id = session.to_string();
    for (i, m) in members.iter().enumerate() {
        let id = m.id.to_string();
        let seated = app
            .submit_form(
                &jury_page,
                "/api/certificateur/jury_ajouter",
                &[
                    ("session_id", &session_id),
                    ("member_id", &id),
                    ("role", if i == 0 { "president" } else { "member" }),
                ],
            )
            .await;
        ok(&seated, "seat");
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

    // Each juror accepts through the invitation and chooses a password through its link.
    let mut jurors = Vec::new();
    for (last, ..) in JURORS {
        let email = juror_email(last);
        let invitation = invitation_of(&app, &email);
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
        let browser = through_link(&app, &email, "une phrase de passe de juré").await;
        assert_eq!(browser.get("/jury").await.status(), 200);
        jurors.push((email, token, browser));
    }

    // Allocation; then Paul Girard declares a link with candidate 1: his sheets move.
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
    let first = entities::prelude::Enrolment::find()
        .order_by_asc(entities::enrolment::Column::CandidateNumber)
        .one(&app.db)
        .await
        .expect("q")
        .expect("enrolment")
        .id;
    let (_, paul_token, _) = &jurors[1];
    let declared = app
        .another_browser()
        .submit_form(
            &format!("/invitation/{paul_token}"),
            "/api/invitation/declarer_lien",
            &[
                ("token", paul_token),
                ("enrolment_id", &first.to_string()),
                ("training_group", ""),
                ("kind", "family"),
                ("note", "Voisin"),
            ],
        )
        .await;
    ok(&declared, "link declared");
    let pauls = GradingAllocation::find()
        .filter(entities::grading_allocation::Column::JuryMemberId.eq(members[1].id))
        .filter(entities::grading_allocation::Column::EnrolmentId.eq(first))
        .all(&app.db)
        .await
        .expect("q");
    assert!(pauls.is_empty(), "Paul no longer grades candidate 1");

    // The interview on 16/03 at 9:00: individual passages, then the convocations.
    let entretien = entities::prelude::Epreuve::find()
        .filter(entities::epreuve::Column::Code.eq("ENTRETIEN"))
        .one(&app.db)
        .await
        .expect("q")
        .expect("ENTRETIEN")
        .id
        .to_string();
    let scheduled = app
        .submit_form(
            &page,
            "/api/certificateur/planifier_epreuve",
            &[
                ("session_id", &session_id),
                ("epreuve_id", &entretien),
                ("date", "16/03/2027"),
                ("start", "09:00"),
                ("duration", "240"),
                ("room", "Salle 1"),
                ("remote_link", ""),
            ],
        )
        .await;
    ok(&scheduled, "schedule");
    let slot = ScheduleSlot::find()
        .one(&app.db)
        .await
        .expect("q")
        .expect("slot")
        .id
        .to_string();
    let sitting = format!("{page}/epreuves/{slot}");
    let generated = app
        .submit_form(
            &sitting,
            "/api/certificateur/passages_generer",
            &[
                ("session_id", &session_id),
                ("slot_id", &slot),
                ("gap", "5"),
                ("every", "4"),
                ("pause", "15"),
            ],
        )
        .await;
    ok(&generated, "passages");
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
    assert_eq!(convocations.len(), 8);
    let times: std::collections::HashSet<String> = convocations
        .iter()
        .map(|e| {
            let at = e.text.find("le 16/03/2027 à ").expect("time");
            e.text[at..].chars().take(21).collect::<String>()
        })
        .collect();
    assert_eq!(times.len(), 8, "eight different passage times: {times:?}");
    assert!(
        convocations
            .iter()
            .all(|e| e.text.contains("/mot-de-passe/"))
    );

    // Exam day: everyone present; the jurors grade with their own accounts.
    move_to(&app, (2027, 3, 16, 17, 0));
    app.login(ADMIN.0, ADMIN.1).await;
    let enrolments = entities::prelude::Enrolment::find()
        .order_by_asc(entities::enrolment::Column::CandidateNumber)
        .all(&app.db)
        .await
        .expect("q");
    for e in &enrolments {
        let id = e.id.to_string();
        let recorded = app
            .submit_form(
                &sitting,
                "/api/certificateur/presence",
                &[
                    ("session_id", &session_id),
                    ("slot_id", &slot),
                    ("enrolment_id", &id),
                    ("kind", "present"),
                    ("identity_checked", "on"),
                ],
            )
            .await;
        ok(&recorded, "attendance");
    }
    let criteria = ["C1", "C2", "C3", "C4", "C5", "C6"];
    for (email, _, browser) in &mut jurors {
        browser.login(email, "une phrase de passe de juré").await;
        let mine = GradingAllocation::find()
            .filter(
                entities::grading_allocation::Column::JuryMemberId.eq(members
                    .iter()
                    .find(|m| &m.email == email)
                    .expect("member")
                    .id),
            )
            .all(&app.db)
            .await
            .expect("q");
        for a in mine {
            let code = entities::prelude::Epreuve::find_by_id(a.epreuve_id)
                .one(&app.db)
                .await
                .expect("q")
                .expect("épreuve")
                .code;
            let sheet = format!(
                "/jury/sessions/{session}/candidats/{}/epreuves/{}",
                a.enrolment_id, a.epreuve_id
            );
            let (enrolment, epreuve) = (a.enrolment_id.to_string(), a.epreuve_id.to_string());
            let mut fields: Vec<(String, String)> = vec![
                ("session_id".into(), session_id.clone()),
                ("enrolment_id".into(), enrolment),
                ("epreuve_id".into(), epreuve),
                ("version".into(), "0".into()),
                ("action".into(), "soumettre".into()),
            ];
            // Every criterion met in the report; the interview confirms.
            for (i, c) in criteria.iter().enumerate() {
                fields.push((format!("entries[{i}][item]"), (*c).to_owned()));
                fields.push((
                    format!("entries[{i}][value]"),
                    if code == "RAPPORT" { "oui" } else { "non" }.to_owned(),
                ));
            }
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let saved = browser
                .submit_form(&sheet, "/api/jury/enregistrer_fiche", &fields)
                .await;
            assert!(
                !tests::refused(&saved),
                "{email} {sheet}: {}",
                browser.follow(&saved).await
            );
        }
    }

    // Deliberation on 18/03: Lucie is missing, the rules need everyone: postponed.
    move_to(&app, (2027, 3, 18, 10, 0));
    let president = &jurors[0].2;
    president
        .login(&jurors[0].0, "une phrase de passe de juré")
        .await;
    let deliberation = format!("/jury/sessions/{session}/deliberation");
    let ids: Vec<String> = members.iter().map(|m| m.id.to_string()).collect();
    let present_without_lucie: Vec<(String, &str)> = ids[..4]
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("present[{i}]"), id.as_str()))
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![
        ("session_id", &session_id),
        ("date", "19/03/2027"),
        ("time", "14:00"),
        (
            "reason",
            "Lucie Chevalier absente, présence de tous les membres requise.",
        ),
    ];
    fields.extend(present_without_lucie.iter().map(|(k, v)| (k.as_str(), *v)));
    let postponed = president
        .submit_form(&deliberation, "/api/deliberation/reporter", &fields)
        .await;
    assert_eq!(location(&postponed), deliberation);
    assert!(
        president
            .get_html(&deliberation)
            .await
            .contains("nouvelle réunion le 19/03/2027 à 14h00")
    );

    // At the new meeting: a partial validation is refused (seed 000), then the jury closes.
    move_to(&app, (2027, 3, 19, 14, 0));
    president
        .login(&jurors[0].0, "une phrase de passe de juré")
        .await;
    let unit = "ADF";
    let partial = president
        .submit_form(
            &deliberation,
            "/api/deliberation/decider",
            &[
                ("session_id", &session_id),
                ("enrolment_id", &enrolments[7].id.to_string()),
                ("decision", "blocs"),
                ("blocs[0]", unit),
                (
                    "reason",
                    "Le jury souhaite conserver les acquis du candidat.",
                ),
            ],
        )
        .await;
    assert!(tests::refused(&partial));
    assert!(
        president
            .follow(&partial)
            .await
            .contains("aucune validation partielle")
    );
    let all_present: Vec<(String, &str)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("present[{i}]"), id.as_str()))
        .collect();
    let mut fields: Vec<(&str, &str)> = vec![("session_id", &session_id)];
    fields.extend(all_present.iter().map(|(k, v)| (k.as_str(), *v)));
    let closed = president
        .submit_form(&deliberation, "/api/deliberation/clore", &fields)
        .await;
    assert_eq!(
        location(&closed),
        deliberation,
        "{}",
        president.follow(&closed).await
    );
    for (email, _, browser) in &jurors {
        browser.login(email, "une phrase de passe de juré").await;
        let signed = browser
            .submit_form(
                &deliberation,
                "/api/deliberation/signer",
                &[
                    ("session_id", &session_id),
                    ("password", "une phrase de passe de juré"),
                ],
            )
            .await;
        assert_eq!(location(&signed), deliberation, "{email} signs");
    }

    // Publication; candidate 1 chooses a password through their convocation's link.
    app.login(ADMIN.0, ADMIN.1).await;
    let published = app
        .submit_form(
            &format!("{page}/deliberation"),
            "/api/certificateur/publier",
            &[("session_id", &session_id), ("date", "19/03/2027")],
        )
        .await;
    ok(&published, "publication");
    let candidate = through_link(&app, "candidat1@exemple.test", "ma phrase de candidate").await;
    let space = candidate.get_html("/candidat").await;
    assert!(space.contains("Certification complète"), "{space}");
    // Her own passage, not the whole sitting's window.
    assert!(space.contains("16/03/2027 à 09h00, fin à 09h15"), "{space}");
    assert!(space.contains("(passage n° 1)"), "{space}");
    // The épreuves are over: no accommodation request offered any more.
    assert!(space.contains("Les épreuves ont eu lieu"), "{space}");
    assert!(!space.contains("Demander un aménagement"));
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
    assert!(
        verified.contains("Candidat1") || verified.contains("CANDIDAT1"),
        "{verified}"
    );
    // Candidate 8 (70 % attendance) is not certified, and was told so without documents.
    let eighth = app
        .mailer
        .sent()
        .into_iter()
        .find(|e| e.to == "candidat8@exemple.test" && e.subject.starts_with("Vos résultats"))
        .expect("results email");
    assert!(
        eighth.text.contains("n'a pas délivré la certification"),
        "{}",
        eighth.text
    );
}
