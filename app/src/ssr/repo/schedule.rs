//! The timetable of a session: scheduled sittings of its épreuves. Times are stored in
//! UTC and shown in French local time (Europe/Paris).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use entities::{epreuve, schedule_slot};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

use crate::api::sessions::{EpreuveOption, SlotRow};
use crate::domain::ids::{SessionId, VersionId};

/// A local French time in UTC (`None` inside the spring-forward gap).
pub fn to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Today in France.
pub fn paris_today(at: DateTime<Utc>) -> chrono::NaiveDate {
    to_local(at).date()
}

/// A UTC instant in local French time.
pub fn to_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Paris).naive_local()
}

/// When an épreuve's first sitting of the session starts, if it has one.
pub async fn first_sitting(
    db: &impl ConnectionTrait,
    session: SessionId,
    epreuve: i32,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .filter(schedule_slot::Column::EpreuveId.eq(epreuve))
        .order_by_asc(schedule_slot::Column::StartsAt)
        .one(db)
        .await?
        .map(|s| s.starts_at))
}

/// When the session's first sitting starts, if any is planned.
pub async fn first_sitting_of_session(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .order_by_asc(schedule_slot::Column::StartsAt)
        .one(db)
        .await?
        .map(|s| s.starts_at))
}

/// When the session's last sitting ends, if any is planned.
pub async fn last_sitting_end(
    db: &impl ConnectionTrait,
    session: SessionId,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    Ok(schedule_slot::Entity::find()
        .filter(schedule_slot::Column::SessionId.eq(session.0))
        .all(db)
        .await?
        .iter()
        .map(|s| s.starts_at + chrono::Duration::minutes(i64::from(s.duration_minutes)))
        .max())
}

/// The épreuves of a certification version, in order.
pub async fn epreuves_of_version(
    db: &impl ConnectionTrait,
    version: VersionId,
) -> Result<Vec<EpreuveOption>, DbErr> {
    Ok(epreuve::Entity::find()
        .filter(epreuve::Column::VersionId.eq(version.0))
        .order_by_asc(epreuve::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|e| EpreuveOption {
            id: e.id,
            code: e.code,
            title: e.title,
            duration_minutes: e.duration_minutes.and_then(|m| u32::try_from(m).ok()),
            remote_allowed: e.remote_allowed,
        })
        .collect())
}

/// The sittings of several sessions, by session, in time order.
pub async fn slots_of_sessions(
    db: &impl ConnectionTrait,
    sessions: &[i32],
) -> Result<HashMap<i32, Vec<SlotRow>>, DbErr> {
    let rows = super::chunked::all(sessions.iter().copied(), |chunk| {
        schedule_slot::Entity::find()
            .filter(schedule_slot::Column::SessionId.is_in(chunk))
            .find_also_related(epreuve::Entity)
            .order_by_asc(schedule_slot::Column::StartsAt)
            .all(db)
    })
    .await?;
    let mut by_session: HashMap<i32, Vec<SlotRow>> = HashMap::new();
    for (slot, epreuve) in rows {
        let Some(epreuve) = epreuve else { continue };
        by_session
            .entry(slot.session_id)
            .or_default()
            .push(SlotRow {
                id: slot.id,
                epreuve_code: epreuve.code,
                epreuve_title: epreuve.title,
                starts_local: to_local(slot.starts_at),
                duration_minutes: u32::try_from(slot.duration_minutes).unwrap_or(0),
                room: slot.room,
                remote_link: slot.remote_link,
            });
    }
    Ok(by_session)
}

/// A sitting to create, already checked.
pub struct NewSlot {
    pub epreuve_id: i32,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub room: Option<String>,
    pub remote_link: Option<String>,
}

/// Schedules an épreuve in a session.
pub async fn create_slot(
    db: &impl ConnectionTrait,
    session: SessionId,
    slot: NewSlot,
) -> Result<(), DbErr> {
    schedule_slot::ActiveModel {
        session_id: Set(session.0),
        epreuve_id: Set(slot.epreuve_id),
        starts_at: Set(slot.starts_at),
        duration_minutes: Set(slot.duration_minutes),
        remote: Set(slot.remote_link.is_some()),
        room: Set(slot.room),
        remote_link: Set(slot.remote_link),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::sessions::advance_status(db, session, entities::enums::SessionStatus::Scheduled).await
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_browser_safe_paris_rule_matches_the_time_zone_database() {
        // Every 20 minutes over ten years, both ways of reading Paris time agree.
        let mut at = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2034, 1, 1, 0, 0, 0).unwrap();
        while at < end {
            assert_eq!(
                crate::domain::format::paris(at),
                super::to_local(at),
                "{at}"
            );
            at += Duration::minutes(20);
        }
    }
}
