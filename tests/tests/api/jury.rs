//! The jury of the demo session (template E): composed against the certification's
//! rules, a violation when the president leaves, grading allocated without conflicted
//! pairs, and a jury member who sees only what is allocated to them.

use app::domain::role::Role;
use entities::prelude::{Epreuve, ExamSession, GradingAllocation, Jury, JurySeat};
use entities::{epreuve, grading_allocation, jury_seat};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tests::{TestApp, location, spawn_app};

const PAGE: &str = "/certificateur/sessions/1/jury";

/// Demo pool: 1 Claire Martin (president already seated), 2 Karim Benali, 3 Sophie
/// Lefèvre, 4 Thomas Garnier (CCI), 5 Inès Moreau (sponsor's observer).
async fn seat(app: &TestApp, member: &str, role: &str) -> String {
    let response = app
        .submit_form(
            PAGE,
            "/api/certificateur/jury_ajouter",
            &[("session_id", "1"), ("member_id", member), ("role", role)],
        )
        .await;
    location(&response)
}

async fn post(app: &TestApp, endpoint: &str, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("session_id", "1")];
    all.extend_from_slice(fields);
    let response = app
        .submit_form(PAGE, &format!("/api/certificateur/{endpoint}"), &all)
        .await;
    location(&response)
}

async fn compose_valid_jury(app: &TestApp) {
    app.compose_demo_jury().await;
}

#[tokio::test]
async fn a_valid_jury_is_composed_and_removing_the_president_breaks_it() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // Only the president: the rules say what is missing.
    let page = app.get_html(PAGE).await;
    assert!(
        page.contains("Le jury doit compter exactement 4 membres votants ; il en compte 1."),
        "{page}"
    );
    assert!(page.contains("Il faut 2 professionnels qualifiés du secteur ; le jury en compte 0."));
    // Validating now is refused with every blocking rule; nothing changes.
    let refused = post(&app, "jury_valider", &[]).await;
    let html = app.get_html(&refused.replacen(&app.address, "", 1)).await;
    assert!(
        html.contains("Il faut 1 représentant de la CCI ou de l&#x27;établissement")
            || html.contains("Il faut 1 représentant de la CCI ou de l'établissement"),
        "{html}"
    );
    let jury = Jury::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("jury");
    assert!(jury.validated_at.is_none());
    // Act: the three members and the observer, then validation.
    compose_valid_jury(&app).await;
    let page = app.get_html(PAGE).await;
    assert!(page.contains("Composition validée le"), "{page}");
    assert!(!page.contains("Bloquant :"));
    // The president leaves: back to draft, the violation appears, validation refused.
    let president = JurySeat::find()
        .filter(jury_seat::Column::JuryMemberId.eq(1))
        .one(&app.db)
        .await
        .expect("query")
        .expect("seat");
    let seat_id = president.id.to_string();
    assert_eq!(
        post(&app, "jury_retirer", &[("seat_id", &seat_id)]).await,
        PAGE
    );
    let page = app.get_html(PAGE).await;
    assert!(
        page.contains("Bloquant : ") && page.contains("Le jury doit avoir un(e) président(e)."),
        "{page}"
    );
    assert!(page.contains("Brouillon : 2 règle(s) obligatoire(s) enfreinte(s)"));
    let refused = post(&app, "jury_valider", &[]).await;
    // The error travels in the server's flash cookie, not in the address.
    assert!(!refused.contains("__err"), "{refused}");
    assert!(
        app.get_html(PAGE)
            .await
            .contains("Le formulaire comporte des erreurs")
    );
    // Seating someone twice is refused.
    let twice = seat(&app, "2", "member").await;
    let html = app.get_html(&twice.replacen(&app.address, "", 1)).await;
    assert!(
        html.contains("Karim Benali siège déjà dans ce jury."),
        "{html}"
    );
}

#[tokio::test]
async fn grading_is_allocated_without_conflicted_pairs_and_changes_are_checked() {
    let app = spawn_app().await;
    app.login_as(Role::CertifierAdmin).await;
    // Allocation needs a validated jury.
    let early = post(&app, "jury_repartir", &[]).await;
    let html = app.get_html(&early.replacen(&app.address, "", 1)).await;
    assert!(
        html.contains("Validez d&#x27;abord la composition du jury.")
            || html.contains("Validez d'abord la composition du jury.")
    );
    compose_valid_jury(&app).await;
    // Karim Benali trained Camille Durand (enrolment 1).
    assert_eq!(
        post(
            &app,
            "jury_conflit",
            &[
                ("member_id", "2"),
                ("enrolment_id", "1"),
                ("training_group", ""),
                ("kind", "trained_group"),
                ("note", "Formateur du groupe en 2026"),
            ],
        )
        .await,
        PAGE
    );
    // Act
    assert_eq!(post(&app, "jury_repartir", &[]).await, PAGE);
    // Assert: every candidate × épreuve once, never Karim for Camille, balanced.
    let session = ExamSession::find_by_id(1)
        .one(&app.db)
        .await
        .expect("q")
        .expect("s");
    let epreuves = Epreuve::find()
        .filter(epreuve::Column::VersionId.eq(session.version_id))
        .count(&app.db)
        .await
        .expect("count");
    let rows = GradingAllocation::find().all(&app.db).await.expect("rows");
    assert_eq!(rows.len() as u64, 6 * epreuves);
    assert!(
        !rows
            .iter()
            .any(|r| r.enrolment_id == 1 && r.jury_member_id == 2)
    );
    let mut loads = std::collections::HashMap::new();
    for r in &rows {
        *loads.entry(r.jury_member_id).or_insert(0usize) += 1;
    }
    assert_eq!(loads.len(), 4, "the observer does not grade");
    assert!(!loads.contains_key(&5));
    let (min, max) = (
        loads.values().min().copied().unwrap_or(0),
        loads.values().max().copied().unwrap_or(0),
    );
    assert!(max - min <= 1, "{loads:?}");
    // Giving one of Camille's gradings to Karim is refused; nothing changes.
    let camille = rows
        .iter()
        .find(|r| r.enrolment_id == 1)
        .expect("a grading of Camille");
    let refused = post(
        &app,
        "jury_reattribuer",
        &[
            ("allocation_id", &camille.id.to_string()),
            ("grader_id", "2"),
        ],
    )
    .await;
    let html = app.get_html(&refused.replacen(&app.address, "", 1)).await;
    assert!(
        html.contains("Karim Benali est en conflit d&#x27;intérêts avec ce candidat.")
            || html.contains("Karim Benali est en conflit d'intérêts avec ce candidat."),
        "{html}"
    );
    let unchanged = GradingAllocation::find_by_id(camille.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("row");
    assert_eq!(unchanged.jury_member_id, camille.jury_member_id);
    // To Sophie Lefèvre (3) it is accepted, unless she already has it.
    let other = rows
        .iter()
        .find(|r| r.enrolment_id == 1 && r.jury_member_id != 3)
        .expect("a grading of Camille not Sophie's");
    assert_eq!(
        post(
            &app,
            "jury_reattribuer",
            &[("allocation_id", &other.id.to_string()), ("grader_id", "3")]
        )
        .await,
        PAGE
    );
    let changed = GradingAllocation::find_by_id(other.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("row");
    assert_eq!(changed.jury_member_id, 3);
}

#[tokio::test]
async fn a_jury_member_sees_only_the_candidates_allocated_to_them() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    compose_valid_jury(&certifier).await;
    // Claire Martin (1) declared a link with the last candidate (enrolment 6).
    assert_eq!(
        post(
            &certifier,
            "jury_conflit",
            &[
                ("member_id", "1"),
                ("enrolment_id", "6"),
                ("training_group", ""),
                ("kind", "family"),
                ("note", ""),
            ],
        )
        .await,
        PAGE
    );
    assert_eq!(post(&certifier, "jury_repartir", &[]).await, PAGE);
    let rows = GradingAllocation::find()
        .all(&certifier.db)
        .await
        .expect("rows");
    let own: std::collections::HashSet<i32> = rows
        .iter()
        .filter(|r| r.jury_member_id == 1)
        .map(|r| r.enrolment_id)
        .collect();
    let others: Vec<i32> = (1..=6).filter(|e| !own.contains(e)).collect();
    assert!(!own.is_empty() && !others.is_empty(), "{own:?}");
    // Claire Martin, the demo jury member, logs in.
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let list = claire.get_html("/jury/sessions/1").await;
    let mine = rows.iter().filter(|r| r.jury_member_id == 1).count();
    assert_eq!(list.matches("/epreuves/").count(), mine, "{list}");
    let open = *own.iter().next().expect("one");
    let page = claire
        .get(&format!("/jury/sessions/1/candidats/{open}"))
        .await;
    assert_eq!(page.status(), 200);
    // A candidate not allocated to her: 404 and nothing of them in the page.
    let hidden = others[0];
    let enrolment = entities::prelude::Enrolment::find_by_id(hidden)
        .find_also_related(entities::prelude::Candidate)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("enrolment");
    let person = enrolment.1.expect("candidate");
    let response = claire
        .get(&format!("/jury/sessions/1/candidats/{hidden}"))
        .await;
    assert_eq!(response.status(), 404);
    let body = response.text().await.expect("body");
    assert!(!body.contains(&person.last_name.to_uppercase()) && !body.contains(&person.last_name));
    assert!(
        !list.contains(&person.last_name.to_uppercase())
            || own.iter().any(|e| rows
                .iter()
                .any(|r| r.enrolment_id == *e && r.jury_member_id == 1))
    );
    // The server function says the same.
    let api = claire
        .get(&format!(
            "/api/jury/mon_candidat?session_id=1&enrolment_id={hidden}"
        ))
        .await;
    assert_eq!(api.status(), 404);
    // A session she does not sit in, and the certifier's pages.
    assert_eq!(claire.get("/jury/sessions/99").await.status(), 404);
    assert_eq!(claire.get(PAGE).await.status(), 403);
    let count = GradingAllocation::find()
        .filter(grading_allocation::Column::JuryMemberId.eq(1))
        .count(&certifier.db)
        .await
        .expect("count");
    assert_eq!(count as usize, mine);
}

#[tokio::test]
async fn members_are_invited_by_email_and_declare_their_links_through_their_link() {
    use entities::prelude::Conflict;
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    compose_valid_jury(&certifier).await;
    // Claire Martin had already accepted: the four others are invited.
    let sent = certifier.mailer.sent();
    assert_eq!(
        sent.len(),
        4,
        "{:?}",
        sent.iter().map(|m| &m.to).collect::<Vec<_>>()
    );
    let karim = sent
        .iter()
        .find(|m| m.to == "karim.benali@demo.jury.fr")
        .expect("Karim's invitation");
    assert_eq!(
        karim.subject,
        "Invitation au jury — Session de mars 2027 — Office Manager junior"
    );
    let link = karim
        .text
        .lines()
        .find(|l| l.contains("/invitation/"))
        .expect("link")
        .trim()
        .to_owned();
    let path = format!(
        "/invitation/{}",
        link.rsplit("/invitation/").next().expect("token")
    );
    assert!(path.starts_with("/invitation/"), "{path}");
    let token = path.trim_start_matches("/invitation/").to_owned();
    // Anyone with the link, without an account.
    let member = certifier.another_browser();
    let page = member.get_html(&path).await;
    assert!(
        page.contains("Karim Benali, vous êtes invité(e) comme membre du jury"),
        "{page}"
    );
    // Act: a link with Camille Durand (enrolment 1); then, the invitation being
    // accepted already (`compose_demo_jury`), whoever holds the link tries to decline.
    let fields = [
        ("token", token.as_str()),
        ("enrolment_id", "1"),
        ("training_group", ""),
        ("kind", "employer"),
        ("note", "Ancienne collègue"),
    ];
    let response = member
        .submit_form(&path, "/api/invitation/declarer_lien", &fields)
        .await;
    assert_eq!(location(&response), path);
    let again = member
        .submit_form(
            &path,
            "/api/invitation/repondre",
            &[("token", token.as_str()), ("reponse", "decliner")],
        )
        .await;
    assert!(tests::refused(&again));
    assert!(
        member
            .follow(&again)
            .await
            .contains("Vous avez déjà accepté cette invitation le ")
    );
    // Assert
    let page = member.get_html(&path).await;
    assert!(page.contains("Vous avez accepté cette invitation le "));
    assert!(page.contains("Ce lien a servi à répondre"));
    assert!(!page.contains("J'accepte de siéger"));
    assert!(page.contains("DURAND Camille : Lien professionnel (employeur, collègue)"));
    let declared = Conflict::find()
        .all(&certifier.db)
        .await
        .expect("conflicts");
    assert_eq!(declared.len(), 1);
    assert_eq!(declared[0].jury_member_id, 2);
    let seat = JurySeat::find()
        .filter(jury_seat::Column::JuryMemberId.eq(2))
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("seat");
    assert_eq!(seat.invitation, entities::enums::InvitationStatus::Accepted);
    let jury_page = certifier.get_html(PAGE).await;
    assert!(jury_page.contains("déclaré par le membre"));
    // The allocation keeps Karim away from Camille.
    assert_eq!(post(&certifier, "jury_repartir", &[]).await, PAGE);
    let rows = GradingAllocation::find()
        .all(&certifier.db)
        .await
        .expect("rows");
    assert!(
        !rows
            .iter()
            .any(|r| r.enrolment_id == 1 && r.jury_member_id == 2)
    );
    // A forged link shows nothing.
    let forged = member
        .get("/invitation/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    assert_eq!(forged.status(), 404);
    let body = forged.text().await.expect("body");
    assert!(!body.contains("Camille") && !body.contains("Session de mars"));
}

#[tokio::test]
async fn a_jury_member_sees_their_progress_and_the_grading_deadline() {
    let certifier = spawn_app().await;
    certifier.login_as(Role::CertifierAdmin).await;
    let (_, _, _) = certifier.demo_grading_of_the_president().await;
    let page = "/certificateur/sessions/1/jury";
    // Before the session starts (15/03/2027): refused, nothing set.
    let refused = certifier
        .submit_form(
            page,
            "/api/certificateur/date_limite_correction",
            &[("session_id", "1"), ("date", "01/03/2027")],
        )
        .await;
    let html = certifier.follow(&refused).await;
    assert!(
        html.contains("précède le début de la session (15/03/2027)"),
        "{html}"
    );
    let session = ExamSession::find_by_id(1)
        .one(&certifier.db)
        .await
        .expect("q")
        .expect("s");
    assert_eq!(session.grading_due_on, None);
    let set = certifier
        .submit_form(
            page,
            "/api/certificateur/date_limite_correction",
            &[("session_id", "1"), ("date", "2027-03-26")],
        )
        .await;
    assert_eq!(location(&set), page);
    let claire = certifier.another_browser();
    claire.login_as(Role::JuryMember).await;
    let home = claire.get_html("/jury").await;
    let allocated = entities::prelude::GradingAllocation::find()
        .all(&certifier.db)
        .await
        .expect("allocations")
        .into_iter()
        .filter(|a| a.jury_member_id == 1)
        .count();
    assert!(allocated > 0);
    assert!(
        home.contains(&format!(
            "À corriger : {allocated} · Brouillons : 0 · Soumises : 0 · Verrouillées : 0 (sur {allocated})"
        )),
        "{home}"
    );
    assert!(home.contains("Fiches à soumettre au plus tard le 26/03/2027."));
}
