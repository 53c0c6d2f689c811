//! A large session generated straight into the database, for the scale benchmark and
//! the pagination tests: the demo's graded November session (number 2, template E)
//! gets `candidates` more candidates, `graders` more jury members seated on its jury,
//! every gradable épreuve of every candidate allocated to one of them (round robin)
//! and graded and submitted, with marks spread so that every outcome occurs.

use app::domain::candidate::{AccessRoute, ImportedCandidate};
use app::domain::grading::{ItemKind, form_for};
use app::domain::ids::{OrganisationId, SessionId};
use app::domain::scoring::Grid;
use entities::enums::{InvitationStatus, JuryRole, MarkStatus};
use entities::{enrolment, epreuve, grading_allocation, jury, jury_seat, mark};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

use crate::test_now;

/// The generated session.
pub const SESSION: i32 = 2;

/// Rows per `INSERT` (SQLite takes at most 32 766 parameters per statement).
const CHUNK: usize = 1_000;

/// What was generated.
pub struct Generated {
    /// Login session tokens of the generated graders (cookie `jury_session`).
    pub grader_tokens: Vec<String>,
    /// Paths of one grading sheet of the first grader.
    pub sheet: String,
    /// Sheets allocated.
    pub sheets: usize,
}

/// Adds the candidates, graders, allocations and marks to session 2 (all sheets
/// submitted but the one `Generated::sheet` names).
pub async fn generate(db: &DatabaseConnection, candidates: usize, graders: usize) -> Generated {
    generate_with(db, candidates, graders, None).await
}

/// The same, grading only each candidate's first `epreuves` gradable épreuves when
/// given (the others stay unallocated).
pub async fn generate_with(
    db: &DatabaseConnection,
    candidates: usize,
    graders: usize,
    epreuves: Option<usize>,
) -> Generated {
    let people: Vec<ImportedCandidate> = (0..candidates)
        .map(|i| ImportedCandidate {
            line: i + 2,
            last_name: format!("Nom{i:05}"),
            first_name: format!("Prénom{i}"),
            birth_date: chrono::NaiveDate::from_ymd_opt(
                1980 + (i % 25) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            )
            .expect("date"),
            email: format!("genere{i}@exemple.fr"),
            access_route: AccessRoute::FormationContinue,
            category: None,
            training_group: Some(format!("G{}", i % 40)),
            attendance_percent: None,
            absence_percent: Some(Decimal::ZERO),
            options: Vec::new(),
            identity: Default::default(),
        })
        .collect();
    app::ssr::repo::sessions::import(
        db,
        OrganisationId(1),
        SessionId(SESSION),
        &people,
        test_now(),
    )
    .await
    .expect("candidates");
    let session = entities::prelude::ExamSession::find_by_id(SESSION)
        .one(db)
        .await
        .expect("query")
        .expect("session 2");
    let version = entities::prelude::CertificationVersion::find_by_id(session.version_id)
        .one(db)
        .await
        .expect("query")
        .expect("version");
    let grid: Grid = serde_json::from_str(&version.grid_json).expect("grid");
    let epreuves: Vec<(epreuve::Model, app::domain::grading::Form)> = epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(session.version_id))
        .order_by_asc(epreuve::Column::Id)
        .all(db)
        .await
        .expect("épreuves")
        .into_iter()
        .filter_map(|e| form_for(&grid, &e.code).map(|f| (e, f)))
        .take(epreuves.unwrap_or(usize::MAX))
        .collect();
    let jury = jury::Entity::find()
        .filter(jury::Column::SessionId.eq(SESSION))
        .one(db)
        .await
        .expect("query")
        .expect("jury");
    let enrolments: Vec<i32> = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(SESSION))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await
        .expect("enrolments")
        .into_iter()
        .map(|e| e.id)
        .rev()
        .take(candidates)
        .collect();

    let txn = db.begin().await.expect("transaction");
    let mut members = Vec::new();
    let mut grader_tokens = Vec::new();
    for g in 0..graders {
        let (member, token) = crate::load::grader_account(
            &txn,
            (&format!("Correctrice{g}"), "Générée"),
            &format!("correctrice{g}@exemple.fr"),
        )
        .await;
        jury_seat::Entity::insert(jury_seat::ActiveModel {
            jury_id: Set(jury.id),
            jury_member_id: Set(member),
            role: Set(JuryRole::Member),
            invitation: Set(InvitationStatus::Accepted),
            responded_at: Set(Some(test_now())),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("seat");
        members.push(member);
        grader_tokens.push(token);
    }

    let mut allocations = Vec::new();
    let mut marks = Vec::new();
    let mut first_sheet = None;
    for (i, enrolment_id) in enrolments.iter().enumerate() {
        // Shares from 30 % to 95 %: failures, near-threshold results and passes.
        let share = Decimal::new(30 + (i as i64 * 7) % 66, 2);
        for (k, (e, form)) in epreuves.iter().enumerate() {
            let grader = members[(i + k) % members.len()];
            // The first grader's first sheet is left to grade (the benchmark types in it).
            let to_grade = grader == members[0] && first_sheet.is_none();
            if to_grade {
                first_sheet = Some(format!(
                    "/jury/sessions/{SESSION}/candidats/{enrolment_id}/epreuves/{}",
                    e.id
                ));
            }
            allocations.push(grading_allocation::ActiveModel {
                enrolment_id: Set(*enrolment_id),
                epreuve_id: Set(e.id),
                jury_member_id: Set(grader),
                grader_rank: Set(1),
                created_at: Set(test_now()),
                ..Default::default()
            });
            for (n, item) in form.items.iter().enumerate().filter(|_| !to_grade) {
                let (points, met) = match item.kind {
                    ItemKind::Points { max } => (
                        ((max * share).round_dp(2) * Decimal::ONE_HUNDRED).to_i64(),
                        None,
                    ),
                    ItemKind::Criterion => (None, Some((i + n) % 100 < 30 + (i % 66))),
                };
                marks.push(mark::ActiveModel {
                    enrolment_id: Set(*enrolment_id),
                    epreuve_id: Set(e.id),
                    jury_member_id: Set(Some(grader)),
                    item_code: Set(item.code.clone()),
                    points_hundredths: Set(points),
                    met: Set(met),
                    comment: Set(String::new()),
                    status: Set(MarkStatus::Submitted),
                    version: Set(1),
                    updated_at: Set(test_now()),
                    updated_by: Set(None),
                    ..Default::default()
                });
            }
        }
    }
    let sheets = allocations.len();
    while !allocations.is_empty() {
        let rest = allocations.split_off(allocations.len().min(CHUNK));
        grading_allocation::Entity::insert_many(std::mem::replace(&mut allocations, rest))
            .exec_without_returning(&txn)
            .await
            .expect("allocations");
    }
    while !marks.is_empty() {
        let rest = marks.split_off(marks.len().min(CHUNK));
        mark::Entity::insert_many(std::mem::replace(&mut marks, rest))
            .exec_without_returning(&txn)
            .await
            .expect("marks");
    }
    txn.commit().await.expect("commit");
    Generated {
        grader_tokens,
        sheet: first_sheet.expect("a sheet of the first grader"),
        sheets,
    }
}
