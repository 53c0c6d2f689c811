//! Pure domain rules shared by the server and the browser. Nothing here may import
//! leptos, sea-orm, tokio or the clock: every input is an argument.

pub mod access;
pub mod account;
pub mod accrochage;
#[cfg(feature = "ssr")]
pub mod audit;
pub mod candidate;
pub mod certificate;
pub mod chronology;
pub mod convocation;
pub mod credential;
pub mod deliberation;
pub mod document;
pub mod epreuve;
pub mod exam_day;
pub mod format;
pub mod grading;
pub mod html;
pub mod ids;
pub mod jury;
pub mod limits;
pub mod mark;
pub mod notices;
pub mod organisation;
pub mod paging;
pub mod passage;
pub mod personal_data;
pub mod retake;
pub mod role;
pub mod schedule;
pub mod scoring;
pub mod statistics;
pub mod status;
pub mod table;
pub mod templates;
pub mod throttle;
