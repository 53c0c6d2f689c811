//! Email delivery behind the `Mailer` port: SMTP (lettre), a folder of `.eml` files for
//! local runs, or memory for tests. Templates are rendered elsewhere; this only sends.

use std::sync::{Arc, Mutex};

use app::ssr::ports::{MailError, Mailer, OutgoingEmail};
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailConfig, SmtpTls};

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

/// Sends through lettre, to an SMTP relay or into a folder.
pub struct LettreMailer {
    transport: Transport,
    from: Mailbox,
}

impl LettreMailer {
    /// Builds the mailer described by the configuration.
    pub fn from_config(config: &MailConfig) -> anyhow::Result<Self> {
        use anyhow::Context;
        match config {
            MailConfig::Smtp {
                host,
                port,
                username,
                password,
                tls,
                from,
            } => {
                let builder = match tls {
                    SmtpTls::StartTls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                };
                let mut builder = builder.port(*port);
                if let (Some(user), Some(pass)) = (username, password) {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        pass.expose_secret().to_owned(),
                    ));
                }
                Ok(LettreMailer {
                    transport: Transport::Smtp(builder.build()),
                    from: from
                        .parse()
                        .context("Failed to read APP_MAIL_FROM as an address")?,
                })
            }
            MailConfig::Folder { dir, from } => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("Failed to create the outbox {}", dir.display()))?;
                Ok(LettreMailer {
                    transport: Transport::Folder(AsyncFileTransport::<Tokio1Executor>::new(dir)),
                    from: from
                        .parse()
                        .context("Failed to read APP_MAIL_FROM as an address")?,
                })
            }
        }
    }
}

/// Builds the MIME message (text and HTML alternatives).
pub fn build_message(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, MailError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| MailError(format!("adresse invalide « {} » : {e}", email.to)))?;
    // A Message-ID in the sender's domain: mail servers and spam filters expect one,
    // and replies and bounces refer to it.
    let random: [u8; 16] = rand::random();
    let id: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .message_id(Some(format!("<{id}@{}>", from.email.domain())))
        .subject(email.subject.clone());
    let body = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
    let message = if email.attachments.is_empty() {
        message.multipart(body)
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for attachment in &email.attachments {
            let content_type = ContentType::parse(&attachment.content_type)
                .map_err(|e| MailError(format!("type de pièce jointe invalide : {e}")))?;
            mixed = mixed.singlepart(
                LettreAttachment::new(attachment.filename.clone())
                    .body(attachment.bytes.clone(), content_type),
            );
        }
        message.multipart(mixed)
    };
    message.map_err(|e| MailError(e.to_string()))
}

#[async_trait::async_trait]
impl Mailer for LettreMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        let message = build_message(&self.from, email)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError(e.to_string())),
            Transport::Folder(folder) => folder
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError(e.to_string())),
        }
    }
}

/// Keeps emails in memory (tests read them back).
#[derive(Clone, Default)]
pub struct MemoryMailer {
    sent: Arc<Mutex<Vec<OutgoingEmail>>>,
}

impl MemoryMailer {
    /// Every email sent so far.
    pub fn sent(&self) -> Vec<OutgoingEmail> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait::async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), MailError> {
        self.sent
            .lock()
            .map_err(|e| MailError(e.to_string()))?
            .push(email.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_own_message_id_in_the_sender_s_domain() {
        let from: Mailbox = "Jury <jury@certif.example.fr>".parse().expect("from");
        let email = OutgoingEmail {
            to: "camille@example.fr".to_owned(),
            subject: "Vos résultats".to_owned(),
            text: "Bonjour".to_owned(),
            html: "<p>Bonjour</p>".to_owned(),
            attachments: Vec::new(),
        };
        let id = |message: Message| {
            String::from_utf8(message.formatted())
                .expect("text")
                .lines()
                .find_map(|l| l.strip_prefix("Message-ID: ").map(str::to_owned))
                .expect("a Message-ID header")
        };
        let first = id(build_message(&from, &email).expect("message"));
        let second = id(build_message(&from, &email).expect("message"));
        assert!(
            first.starts_with('<') && first.ends_with("@certif.example.fr>"),
            "{first}"
        );
        assert_ne!(first, second);
    }
}
