//! One real SMTP conversation on loopback: the SMTP backend (lettre) delivers a
//! convocation-like email with its attachment to a server listening on 127.0.0.1.

use app::ssr::ports::{Attachment, Mailer, OutgoingEmail};
use server::config::{MailConfig, SmtpTls};
use server::services::email::LettreMailer;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP server: accepts one message and returns its DATA.
async fn smtp_server(listener: TcpListener) -> String {
    let (socket, _) = listener.accept().await.expect("connection");
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write
        .write_all(b"220 jury-test ESMTP\r\n")
        .await
        .expect("greeting");
    let mut data = String::new();
    let mut in_data = false;
    while let Ok(Some(line)) = lines.next_line().await {
        if in_data {
            if line == "." {
                write.write_all(b"250 OK: queued\r\n").await.expect("reply");
                // The message is complete (the client may keep the connection pooled).
                return data;
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 jury-test\r\n"
        } else if command.starts_with("DATA") {
            in_data = true;
            b"354 End data with <CR><LF>.<CR><LF>\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 Bye\r\n").await.expect("reply");
            break;
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await.expect("reply");
    }
    data
}

#[tokio::test]
async fn the_smtp_backend_delivers_to_a_server_on_loopback() {
    // Arrange
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let server = tokio::spawn(smtp_server(listener));
    let mailer = LettreMailer::from_config(&MailConfig::Smtp {
        host: "127.0.0.1".to_owned(),
        port,
        username: None,
        password: None,
        tls: SmtpTls::None,
        from: "Jury <convocations@jury.example>".to_owned(),
    })
    .expect("mailer");
    let email = OutgoingEmail {
        to: "candidat@demo.jury.fr".to_owned(),
        subject: "Convocation — session de mars 2027".to_owned(),
        text: "Vous êtes convoqué(e) le 16/03/2027 à 09h00.".to_owned(),
        html: "<p>Vous êtes convoqué(e) le 16/03/2027 à 09h00.</p>".to_owned(),
        attachments: vec![Attachment {
            filename: "convocation.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            bytes: b"%PDF-1.7".to_vec(),
        }],
    };
    // Act
    mailer.send(&email).await.expect("delivered");
    // Assert
    let data = server.await.expect("server");
    assert!(data.contains("To: candidat@demo.jury.fr"), "{data}");
    assert!(
        data.contains("From: Jury <convocations@jury.example>"),
        "{data}"
    );
    assert!(
        data.contains("Subject: Convocation =?utf-8?b?4oCU?= session de mars 2027"),
        "{data}"
    );
    assert!(data.contains("filename=\"convocation.pdf\""), "{data}");
}
