//! What the load benchmarks share: 200 graders, each with their own login session and
//! sheet (the case study B3.E1 of the demo session, template E), saving drafts as the
//! hydrated page's autosave does.

use std::time::{Duration, Instant};

use app::domain::candidate::{AccessRoute, ImportedCandidate};
use app::domain::ids::{OrganisationId, SessionId, UserId};
use app::domain::role::Role;
use app::ssr::auth::{SESSION_COOKIE, random_token, token_digest};
use app::ssr::repo::users::{NewUser, create_login_session, create_user};
use entities::{epreuve, grading_allocation, jury_member};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::test_now;

pub const GRADERS: usize = 200;

/// One jury member's login session and the candidate they grade.
pub struct Grader {
    pub client: reqwest::Client,
    pub enrolment: i32,
    pub member: i32,
}

/// 200 candidates, 200 jury members with an account and an open session, each
/// allocated the case study B3.E1 of one candidate.
pub async fn setup(db: &DatabaseConnection) -> (Vec<Grader>, i32) {
    let session = entities::prelude::ExamSession::find_by_id(1)
        .one(db)
        .await
        .expect("query")
        .expect("demo session");
    let case_study = entities::prelude::Epreuve::find()
        .filter(epreuve::Column::Code.eq("B3.E1"))
        .filter(epreuve::Column::VersionId.eq(session.version_id))
        .one(db)
        .await
        .expect("query")
        .expect("B3.E1");
    let candidates: Vec<ImportedCandidate> = (0..GRADERS)
        .map(|i| ImportedCandidate {
            line: i + 2,
            last_name: format!("Charge{i}"),
            first_name: "Candidat".to_owned(),
            birth_date: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).expect("date"),
            email: format!("charge{i}@exemple.fr"),
            access_route: AccessRoute::FormationContinue,
            category: None,
            training_group: None,
            attendance_percent: None,
            absence_percent: Some(rust_decimal::Decimal::ZERO),
            options: Vec::new(),
            identity: Default::default(),
        })
        .collect();
    app::ssr::repo::sessions::import(db, OrganisationId(1), SessionId(1), &candidates, test_now())
        .await
        .expect("candidates");
    let enrolments: Vec<i32> = entities::prelude::Enrolment::find()
        .all(db)
        .await
        .expect("enrolments")
        .into_iter()
        .map(|e| e.id)
        .rev()
        .take(GRADERS)
        .collect();
    let mut graders = Vec::new();
    for (i, enrolment) in enrolments.into_iter().enumerate() {
        let (member, token) = grader_account(
            db,
            ("Correcteur", &format!("{i}")),
            &format!("correcteur{i}@exemple.fr"),
        )
        .await;
        // Seated on the session's jury, invitation accepted: only such members grade.
        if let Some(jury) = entities::jury::Entity::find()
            .filter(entities::jury::Column::SessionId.eq(1))
            .one(db)
            .await
            .expect("query")
        {
            entities::jury_seat::Entity::insert(entities::jury_seat::ActiveModel {
                jury_id: Set(jury.id),
                jury_member_id: Set(member),
                role: Set(entities::enums::JuryRole::Member),
                invitation: Set(entities::enums::InvitationStatus::Accepted),
                responded_at: Set(Some(test_now())),
                ..Default::default()
            })
            .exec(db)
            .await
            .expect("seat");
        }
        grading_allocation::Entity::insert(grading_allocation::ActiveModel {
            enrolment_id: Set(enrolment),
            epreuve_id: Set(case_study.id),
            jury_member_id: Set(member),
            grader_rank: Set(1),
            created_at: Set(test_now()),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("allocation");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::COOKIE,
            format!("{SESSION_COOKIE}={token}").parse().expect("cookie"),
        );
        headers.insert("sec-fetch-site", "same-origin".parse().expect("header"));
        graders.push(Grader {
            client: reqwest::Client::builder()
                .default_headers(headers)
                .build()
                .expect("client"),
            enrolment,
            member,
        });
    }
    (graders, case_study.id)
}

/// A jury member of the demo organisation with an account and an open login session
/// (no password: benchmarks use the session directly); their id and session token.
pub async fn grader_account(
    db: &impl sea_orm::ConnectionTrait,
    (first_name, last_name): (&str, &str),
    email: &str,
) -> (i32, String) {
    let member = jury_member::Entity::insert(jury_member::ActiveModel {
        organisation_id: Set(1),
        first_name: Set(first_name.to_owned()),
        last_name: Set(last_name.to_owned()),
        email: Set(email.to_owned()),
        gender: Set(entities::enums::Gender::Unspecified),
        internal: Set(false),
        category: Set("professionnel_secteur".to_owned()),
        employment_side: Set(entities::enums::EmploymentSide::NotApplicable),
        teacher_kind: Set(entities::enums::TeacherKind::NotTeacher),
        years_experience: Set(5),
        last_activity_on: Set(None),
        availability: Set(String::new()),
        created_at: Set(test_now()),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("member")
    .last_insert_id;
    let user = create_user(
        db,
        NewUser {
            email,
            display_name: &format!("{first_name} {last_name}"),
            password_hash: "!".to_owned(),
            role: Role::JuryMember,
            organisation_id: Some(OrganisationId(1)),
            candidate_id: None,
            jury_member_id: Some(app::domain::ids::JuryMemberId(member)),
        },
        test_now(),
    )
    .await
    .expect("account");
    let token = random_token();
    create_login_session(
        db,
        UserId(user.0),
        &token_digest(&token),
        test_now(),
        // A century from the fixed test date: the durability benchmark's server runs
        // on the real clock, and a day's validity made it save nothing after that day.
        test_now() + chrono::Duration::days(36_500),
    )
    .await
    .expect("login session");
    (member, token)
}

/// The latencies of the successful requests of a timed run.
pub struct Run {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    pub elapsed: Duration,
}

impl Run {
    /// Prints the figures; returns the throughput.
    pub fn report(&mut self, name: &str) -> f64 {
        self.latencies.sort_unstable();
        let at = |q: f64| {
            let index = ((self.latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
            self.latencies.get(index).copied().unwrap_or_default()
        };
        let rate = self.latencies.len() as f64 / self.elapsed.as_secs_f64();
        println!(
            "{name}: {} requests in {:.1} s, {} errors — {rate:.0} req/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.latencies.len(),
            self.elapsed.as_secs_f64(),
            self.errors,
            at(0.50).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0,
            at(1.0).as_secs_f64() * 1000.0,
        );
        rate
    }
}

/// Runs one task per client until `duration` is over; `step` does one request and
/// says whether it succeeded.
pub async fn drive<F, Fut>(clients: usize, duration: Duration, step: F) -> Run
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    run(clients, duration, None, step).await
}

/// Runs one task per client until `duration` is over, each doing one request every
/// `period` (the clients' first requests spread over the first period), as graders'
/// pages autosave; `step` says whether the request succeeded.
pub async fn pace<F, Fut>(clients: usize, duration: Duration, period: Duration, step: F) -> Run
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    run(clients, duration, Some(period), step).await
}

/// Requests back to back, or once every `period`.
async fn run<F, Fut>(clients: usize, duration: Duration, period: Option<Duration>, step: F) -> Run
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..clients {
        let step = step.clone();
        tasks.push(tokio::spawn(async move {
            let mut ticks = period.map(|period| {
                let offset = period.mul_f64(i as f64 / clients as f64);
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + offset, period);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                ticks
            });
            let mut latencies = Vec::new();
            let mut errors = 0;
            loop {
                if let Some(ticks) = ticks.as_mut() {
                    ticks.tick().await;
                }
                if start.elapsed() >= duration {
                    break;
                }
                let sent = Instant::now();
                if step(i).await {
                    latencies.push(sent.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        errors: 0,
        elapsed: Duration::ZERO,
    };
    for task in tasks {
        let (latencies, errors) = task.await.expect("task");
        run.latencies.extend(latencies);
        run.errors += errors;
    }
    run.elapsed = start.elapsed();
    run
}

/// What became of one save.
#[derive(Debug)]
pub enum Saved {
    /// Stored: the new version.
    Version(i32),
    /// Answered with this status (409: saved meanwhile).
    Refused(u16),
    /// No answer (server down, connection reset).
    Lost,
}

/// One autosave of `grader`'s sheet on the version they hold, at `url`
/// (`…/api/jury/brouillon_auto`).
pub async fn save(grader: &Grader, url: &str, epreuve: i32, version: i32) -> Saved {
    let value = format!("{},{}", 40 + version % 60, version % 100);
    let response = grader
        .client
        .post(url)
        .form(&[
            ("session_id", "1".to_owned()),
            ("enrolment_id", grader.enrolment.to_string()),
            ("epreuve_id", epreuve.to_string()),
            ("version", version.to_string()),
            ("entries[0][item]", "B3.E1".to_owned()),
            ("entries[0][value]", value),
        ])
        .send()
        .await;
    match response {
        Ok(r) if r.status().is_success() => match r.text().await {
            Ok(text) => text.trim().parse().map_or(Saved::Lost, Saved::Version),
            Err(_) => Saved::Lost,
        },
        Ok(r) => Saved::Refused(r.status().as_u16()),
        Err(_) => Saved::Lost,
    }
}
