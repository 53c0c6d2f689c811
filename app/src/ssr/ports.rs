//! Ports: what the application needs from the outside world, as traits, so that tests
//! can fix the clock and catch emails.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// The current time. Never read the system clock elsewhere.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that only moves when told to (tests).
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A file attached to an email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// An email ready to send: the templates are rendered before, separately.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// Turns a document into PDF bytes.
pub trait PdfRenderer: Send + Sync {
    fn render(&self, document: &crate::domain::document::Document) -> Vec<u8>;
}

/// Why an email could not be sent.
#[derive(Debug, thiserror::Error)]
#[error("l'envoi du courriel a échoué : {0}")]
pub struct MailError(pub String);

/// Sends emails (SMTP, a folder of `.eml` files, or memory in tests).
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError>;
}
