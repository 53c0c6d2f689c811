//! The allocated sheets of a session as lists: one page at a time, filtered, searched
//! and counted in the database (each allocation carries its sheet's status, kept by the
//! database from the marks), so that a page of a 280 000-sheet session reads 50 rows
//! and a few counts — never every sheet.

use std::collections::HashMap;

use entities::enums::SheetState;
use entities::{candidate, enrolment, epreuve, grading_allocation, jury_member, sheet_tally};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Select,
};

use crate::api::grading::SheetStatus;
use crate::api::juries::AllocationRow;
use crate::domain::ids::SessionId;
use crate::domain::paging::Paging;

/// Which of a session's sheets a list shows.
#[derive(Clone, Debug, Default)]
pub struct SheetQuery {
    pub grader: Option<i32>,
    pub epreuve: Option<i32>,
    pub enrolment: Option<i32>,
    pub status: Option<SheetStatus>,
    /// Name or number typed (every word must appear, accents and case aside).
    pub search: String,
    /// Enrolments a grader no longer sees (a conflict declared after allocation).
    pub hidden: Vec<i32>,
    pub page: u64,
}

/// The database's status of a sheet.
pub fn state(status: SheetStatus) -> SheetState {
    match status {
        SheetStatus::ToGrade => SheetState::ToGrade,
        SheetStatus::Draft => SheetState::Draft,
        SheetStatus::Submitted => SheetState::Submitted,
        SheetStatus::Locked => SheetState::Locked,
    }
}

/// A sheet's status as the pages name it.
pub fn status(state: SheetState) -> SheetStatus {
    match state {
        SheetState::ToGrade => SheetStatus::ToGrade,
        SheetState::Draft => SheetStatus::Draft,
        SheetState::Submitted => SheetStatus::Submitted,
        SheetState::Locked => SheetStatus::Locked,
    }
}

/// Which enrolments of the session a search keeps: `None` for every one. Only names
/// and numbers are read (a row per candidate, not per sheet), and the shorter of the
/// kept or the left-out list is returned, so that the query's list stays short.
async fn searched(
    db: &impl ConnectionTrait,
    session: SessionId,
    search: &str,
) -> Result<Option<(bool, Vec<i32>)>, DbErr> {
    if search.trim().is_empty() {
        return Ok(None);
    }
    let people: Vec<(i32, String, String, String)> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .column(enrolment::Column::CandidateNumber)
        .column(candidate::Column::LastName)
        .column(candidate::Column::FirstName)
        .join(JoinType::InnerJoin, enrolment::Relation::Candidate.def())
        .filter(enrolment::Column::SessionId.eq(session.0))
        .into_tuple()
        .all(db)
        .await?;
    let (kept, left): (Vec<_>, Vec<_>) =
        people.into_iter().partition(|(_, number, last, first)| {
            crate::domain::paging::matches(search, &[number, last, first])
        });
    let ids = |rows: Vec<(i32, String, String, String)>| rows.into_iter().map(|r| r.0).collect();
    Ok(Some(if kept.len() <= left.len() {
        (true, ids(kept))
    } else {
        (false, ids(left))
    }))
}

fn of_session(
    session: SessionId,
    query: &SheetQuery,
    searched: Option<&(bool, Vec<i32>)>,
) -> Select<grading_allocation::Entity> {
    let mut select = grading_allocation::Entity::find()
        .join(
            JoinType::InnerJoin,
            grading_allocation::Relation::Enrolment.def(),
        )
        .filter(enrolment::Column::SessionId.eq(session.0));
    if let Some(grader) = query.grader {
        select = select.filter(grading_allocation::Column::JuryMemberId.eq(grader));
    }
    if let Some(epreuve) = query.epreuve {
        select = select.filter(grading_allocation::Column::EpreuveId.eq(epreuve));
    }
    if let Some(enrolment) = query.enrolment {
        select = select.filter(grading_allocation::Column::EnrolmentId.eq(enrolment));
    }
    if let Some(status) = query.status {
        select = select.filter(grading_allocation::Column::SheetStatus.eq(state(status)));
    }
    if !query.hidden.is_empty() {
        select = select.filter(
            grading_allocation::Column::EnrolmentId.is_not_in(query.hidden.iter().copied()),
        );
    }
    match searched {
        Some((true, kept)) => {
            select =
                select.filter(grading_allocation::Column::EnrolmentId.is_in(kept.iter().copied()));
        }
        Some((false, left)) if !left.is_empty() => {
            select = select
                .filter(grading_allocation::Column::EnrolmentId.is_not_in(left.iter().copied()));
        }
        _ => {}
    }
    select
}

/// How many sheets of the session there are for one épreuve, grader and status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub epreuve: i32,
    pub grader: i32,
    pub status: SheetStatus,
    pub sheets: u64,
}

/// One page of the sheets a query keeps, and the tally they were chosen from.
pub struct Listing {
    pub rows: Vec<AllocationRow>,
    pub paging: Paging,
    /// Every sheet of the scope (the query's grader only when `per_grader` was false),
    /// whatever the query's épreuve and status: the summary's and the filters' counts.
    pub tally: Vec<Tally>,
}

/// One page of the sheets the query keeps, in épreuve order (position), then candidate
/// number and grader rank. One grouped count over the session's sheets gives every
/// count (per grader, per status, per épreuve); the page is then read from the one or
/// two épreuves it falls in, so that no query sorts every sheet of the session.
/// `all_graders`: the tally covers every grader (the certifier's summary) even when the
/// query names one.
pub async fn list(
    db: &impl ConnectionTrait,
    session: SessionId,
    query: &SheetQuery,
    all_graders: bool,
) -> Result<Listing, DbErr> {
    let searched = searched(db, session, &query.search).await?;
    let scope = SheetQuery {
        grader: if all_graders { None } else { query.grader },
        enrolment: query.enrolment,
        hidden: query.hidden.clone(),
        ..Default::default()
    };
    let tally = grouped(db, session, &scope, None).await?;
    // A search narrows the page, not the counts shown beside it.
    let found = match &searched {
        Some(_) => grouped(db, session, &scope, searched.as_ref()).await?,
        None => tally.clone(),
    };
    let kept = |t: &Tally| {
        query.grader.is_none_or(|g| t.grader == g)
            && query.epreuve.is_none_or(|e| t.epreuve == e)
            && query.status.is_none_or(|s| t.status == s)
    };
    // The épreuves in page order, each with the number of sheets kept.
    let mut epreuves: Vec<(i32, i32)> =
        super::chunked::all(found.iter().map(|t| t.epreuve), |chunk| {
            epreuve::Entity::find()
                .filter(epreuve::Column::Id.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|e| (e.position, e.id))
        .collect();
    epreuves.sort_unstable();
    let buckets: Vec<(i32, u64)> = epreuves
        .iter()
        .map(|(_, id)| {
            let n = found
                .iter()
                .filter(|t| t.epreuve == *id && kept(t))
                .map(|t| t.sheets)
                .sum();
            (*id, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let total: u64 = buckets.iter().map(|(_, n)| n).sum();
    let paging = Paging::new(usize::try_from(total).unwrap_or(usize::MAX), query.page);
    let range = paging.range();
    let (mut from, to) = (range.start as u64, range.end as u64);
    let mut shown = Vec::new();
    let mut before = 0u64;
    for (epreuve, n) in buckets {
        let (start, end) = (before, before + n);
        before = end;
        if end <= from || start >= to {
            continue;
        }
        let offset = from - start;
        let take = to.min(end) - from;
        let in_epreuve = SheetQuery {
            epreuve: Some(epreuve),
            ..query.clone()
        };
        shown.extend(
            of_session(session, &in_epreuve, searched.as_ref())
                .order_by_asc(enrolment::Column::CandidateNumber)
                .order_by_asc(grading_allocation::Column::GraderRank)
                .order_by_asc(grading_allocation::Column::Id)
                .offset(offset)
                .limit(take)
                .all(db)
                .await?,
        );
        from += take;
    }
    Ok(Listing {
        rows: rows(db, shown).await?,
        paging,
        tally,
    })
}

/// The page's allocations with their candidate, épreuve and grader.
pub(super) async fn rows(
    db: &impl ConnectionTrait,
    shown: Vec<grading_allocation::Model>,
) -> Result<Vec<AllocationRow>, DbErr> {
    let people: HashMap<i32, (enrolment::Model, candidate::Model)> =
        super::chunked::all(shown.iter().map(|a| a.enrolment_id), |chunk| {
            enrolment::Entity::find()
                .filter(enrolment::Column::Id.is_in(chunk))
                .find_also_related(candidate::Entity)
                .all(db)
        })
        .await?
        .into_iter()
        .filter_map(|(e, c)| c.map(|c| (e.id, (e, c))))
        .collect();
    let epreuves: HashMap<i32, epreuve::Model> =
        super::chunked::all(shown.iter().map(|a| a.epreuve_id), |chunk| {
            epreuve::Entity::find()
                .filter(epreuve::Column::Id.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let members: HashMap<i32, jury_member::Model> =
        super::chunked::all(shown.iter().map(|a| a.jury_member_id), |chunk| {
            jury_member::Entity::find()
                .filter(jury_member::Column::Id.is_in(chunk))
                .all(db)
        })
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(shown
        .into_iter()
        .filter_map(|a| {
            let (e, person) = people.get(&a.enrolment_id)?;
            let ep = epreuves.get(&a.epreuve_id)?;
            let member = members.get(&a.jury_member_id)?;
            Some(AllocationRow {
                id: a.id,
                enrolment_id: e.id,
                candidate: format!(
                    "{} — {} {}",
                    e.candidate_number,
                    person.last_name.to_uppercase(),
                    person.first_name
                ),
                epreuve_id: ep.id,
                epreuve: crate::domain::format::code_title(&ep.code, &ep.title),
                position: ep.position,
                grader_id: member.id,
                grader: format!("{} {}", member.first_name, member.last_name),
                rank: a.grader_rank,
                status: status(a.sheet_status),
            })
        })
        .collect())
}

/// The session's sheets in the scope, counted by épreuve, grader and status.
async fn grouped(
    db: &impl ConnectionTrait,
    session: SessionId,
    scope: &SheetQuery,
    searched: Option<&(bool, Vec<i32>)>,
) -> Result<Vec<Tally>, DbErr> {
    let whole = scope.enrolment.is_none()
        && scope.hidden.is_empty()
        && searched.is_none()
        && scope.epreuve.is_none()
        && scope.status.is_none();
    let counted: Vec<(i32, i32, SheetState, i64)> = if whole {
        // Every sheet of the session (or of one grader): the counts the database keeps.
        let mut kept = sheet_tally::Entity::find()
            .select_only()
            .column(sheet_tally::Column::EpreuveId)
            .column(sheet_tally::Column::JuryMemberId)
            .column(sheet_tally::Column::SheetStatus)
            .column(sheet_tally::Column::Sheets)
            .filter(sheet_tally::Column::SessionId.eq(session.0))
            .filter(sheet_tally::Column::Sheets.gt(0));
        if let Some(grader) = scope.grader {
            kept = kept.filter(sheet_tally::Column::JuryMemberId.eq(grader));
        }
        kept.into_tuple().all(db).await?
    } else {
        of_session(session, scope, searched)
            .select_only()
            .column(grading_allocation::Column::EpreuveId)
            .column(grading_allocation::Column::JuryMemberId)
            .column(grading_allocation::Column::SheetStatus)
            .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "sheets")
            .group_by(grading_allocation::Column::EpreuveId)
            .group_by(grading_allocation::Column::JuryMemberId)
            .group_by(grading_allocation::Column::SheetStatus)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(counted
        .into_iter()
        .map(|(epreuve, grader, state, n)| Tally {
            epreuve,
            grader,
            status: status(state),
            sheets: u64::try_from(n).unwrap_or(0),
        })
        .collect())
}

/// The épreuves of a tally, in order, with their French names.
pub async fn epreuves_of(
    db: &impl ConnectionTrait,
    tally: &[Tally],
) -> Result<Vec<(i32, String)>, DbErr> {
    let mut epreuves = super::chunked::all(tally.iter().map(|t| t.epreuve), |chunk| {
        epreuve::Entity::find()
            .filter(epreuve::Column::Id.is_in(chunk))
            .all(db)
    })
    .await?;
    epreuves.sort_by_key(|e| (e.position, e.id));
    Ok(epreuves
        .into_iter()
        .map(|e| (e.id, crate::domain::format::code_title(&e.code, &e.title)))
        .collect())
}

/// A tally's sheets by status.
pub fn progress_of(tally: &[Tally]) -> crate::api::dashboard::GradingProgress {
    let mut out = crate::api::dashboard::GradingProgress::default();
    for t in tally {
        let n = usize::try_from(t.sheets).unwrap_or(usize::MAX);
        match t.status {
            SheetStatus::ToGrade => out.to_grade += n,
            SheetStatus::Draft => out.draft += n,
            SheetStatus::Submitted => out.submitted += n,
            SheetStatus::Locked => out.locked += n,
        }
    }
    out
}

/// The enrolments of the session whose candidate the member is in conflict with (a
/// link with the candidate or with their training group): found from the member's
/// conflicts, not by reading every candidate.
pub async fn hidden_from(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
) -> Result<Vec<i32>, DbErr> {
    use entities::conflict;
    use sea_orm::Condition;
    let conflicts = conflict::Entity::find()
        .filter(conflict::Column::JuryMemberId.eq(member))
        .all(db)
        .await?;
    if conflicts.is_empty() {
        return Ok(Vec::new());
    }
    let people: Vec<i32> = conflicts.iter().filter_map(|c| c.candidate_id).collect();
    let groups: Vec<String> = conflicts
        .iter()
        .filter_map(|c| c.training_group.clone())
        .collect();
    enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .join(JoinType::InnerJoin, enrolment::Relation::Candidate.def())
        .filter(enrolment::Column::SessionId.eq(session.0))
        .filter(
            Condition::any()
                .add(candidate::Column::Id.is_in(people))
                .add(candidate::Column::TrainingGroup.is_in(groups)),
        )
        .into_tuple()
        .all(db)
        .await
}

/// What a jury member grades in a session: one page of their sheets and how many are in
/// each status.
pub struct MemberSheets {
    pub label: String,
    pub rows: Vec<AllocationRow>,
    pub paging: Paging,
    pub progress: crate::api::dashboard::GradingProgress,
}

/// The member's sheets the query keeps (never those of a candidate they are in conflict
/// with), or `None` when they do not sit in the session's jury.
pub async fn of_member(
    db: &impl ConnectionTrait,
    member: i32,
    session: SessionId,
    query: SheetQuery,
) -> Result<Option<MemberSheets>, DbErr> {
    use entities::{exam_session, jury, jury_seat};
    let seated = jury_seat::Entity::find()
        .filter(jury_seat::Column::JuryMemberId.eq(member))
        .find_also_related(jury::Entity)
        .all(db)
        .await?
        .into_iter()
        .any(|(_, j)| j.is_some_and(|j| j.session_id == session.0));
    if !seated {
        return Ok(None);
    }
    let label = exam_session::Entity::find_by_id(session.0)
        .one(db)
        .await?
        .map(|s| s.label)
        .unwrap_or_default();
    let query = SheetQuery {
        grader: Some(member),
        hidden: hidden_from(db, member, session).await?,
        ..query
    };
    let listing = list(db, session, &query, false).await?;
    Ok(Some(MemberSheets {
        label,
        rows: listing.rows,
        paging: listing.paging,
        progress: progress_of(&listing.tally),
    }))
}

/// The counts by status of the query's grader's sheets (a dashboard: no page read).
pub async fn progress(
    db: &impl ConnectionTrait,
    session: SessionId,
    query: &SheetQuery,
) -> Result<crate::api::dashboard::GradingProgress, DbErr> {
    let counted: Vec<(SheetState, i64)> = of_session(session, query, None)
        .select_only()
        .column(grading_allocation::Column::SheetStatus)
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "sheets")
        .group_by(grading_allocation::Column::SheetStatus)
        .into_tuple()
        .all(db)
        .await?;
    let tally: Vec<Tally> = counted
        .into_iter()
        .map(|(state, n)| Tally {
            epreuve: 0,
            grader: query.grader.unwrap_or_default(),
            status: status(state),
            sheets: u64::try_from(n).unwrap_or(0),
        })
        .collect();
    Ok(progress_of(&tally))
}
