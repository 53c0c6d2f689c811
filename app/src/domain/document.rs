//! Documents as data: what a PDF says, in order, without any layout engine. The server
//! turns a `Document` into PDF bytes; tests read the same data.

use serde::{Deserialize, Serialize};

/// One block of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// The document's title, large.
    Title(String),
    /// A section heading.
    Heading(String),
    /// Running text, wrapped.
    Paragraph(String),
    /// `Label : value` on one line.
    Field { label: String, value: String },
    /// A bulleted list.
    Bullets(Vec<String>),
    /// Small print (verification code, legal mentions).
    Small(String),
    /// A table: column headers with their widths in millimetres, then the rows; each
    /// row is tall enough to sign in (attendance sheet).
    Table {
        columns: Vec<(String, u16)>,
        rows: Vec<Vec<String>>,
    },
    /// A table whose rows are one line tall (lists: PV, transcript).
    Rows {
        columns: Vec<(String, u16)>,
        rows: Vec<Vec<String>>,
    },
    /// A QR code of this text (a verification address), with the text under it.
    Qr(String),
    /// Text centred on the page (awards).
    Centered(String),
    /// The holder's name, large and centred (awards).
    Holder(String),
    /// Signature boxes side by side: each signatory's role, name and quality, their
    /// scanned signature if any, and room to sign. `certifier` adds the organisation's
    /// signatory from the letterhead.
    Signatures {
        signatories: Vec<Signatory>,
        certifier: bool,
    },
}

/// A person who signs a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    /// « Le président du jury », « Pour le certificateur ».
    pub role: String,
    pub name: String,
    pub quality: String,
    /// A line under the name (« signé en ligne le … »).
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub signature: Option<Image>,
}

/// A PNG or JPEG image, as checked when uploaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The issuing organisation at the top of the first page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letterhead {
    pub name: String,
    pub siret: String,
    /// Lines of its postal address.
    pub address: String,
    pub logo: Option<Image>,
    /// Who signs awards for the organisation, with their scanned signature.
    pub signatory: Option<Signatory>,
}

/// How a document looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Style {
    /// Running pages: PV, transcript, convocation, attendance sheet.
    #[default]
    Page,
    /// An award (parchemin): framed, centred.
    Award,
}

/// A document: its PDF title, who issues it (the PDF's author), and its blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    /// The organisation that issues it; empty: the application's name.
    #[serde(default)]
    pub author: String,
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub style: Style,
    /// Set where it is rendered, from the organisation's settings.
    #[serde(default)]
    pub letterhead: Option<Letterhead>,
    /// When it was issued: the PDF's creation date (the rendering's moment otherwise).
    #[serde(default)]
    pub issued_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Document {
    /// The document dated as issued at `at`.
    pub fn issued(mut self, at: chrono::DateTime<chrono::Utc>) -> Self {
        self.issued_at = Some(at);
        self
    }

    /// The document under the organisation's letterhead.
    pub fn with_letterhead(mut self, letterhead: Letterhead) -> Self {
        self.letterhead = Some(letterhead);
        self
    }

    /// Every piece of text, in reading order (tests and accessibility checks).
    pub fn text(&self) -> String {
        let mut lines = Vec::new();
        if let Some(head) = &self.letterhead {
            lines.push(head.name.clone());
            lines.extend(head.address.lines().map(str::to_owned));
            lines.push(format!("SIRET {}", head.siret));
        }
        for block in &self.blocks {
            match block {
                Block::Title(t)
                | Block::Heading(t)
                | Block::Paragraph(t)
                | Block::Small(t)
                | Block::Centered(t)
                | Block::Holder(t) => lines.push(t.clone()),
                Block::Signatures {
                    signatories,
                    certifier,
                } => {
                    let from_head = certifier
                        .then(|| self.letterhead.as_ref().and_then(|h| h.signatory.clone()))
                        .flatten();
                    for s in signatories.iter().chain(from_head.as_ref()) {
                        lines.push(format!("{} : {}, {} {}", s.role, s.name, s.quality, s.note));
                    }
                }
                Block::Field { label, value } => lines.push(format!("{label} : {value}")),
                Block::Bullets(items) => lines.extend(items.iter().map(|i| format!("• {i}"))),
                Block::Qr(text) => lines.push(text.clone()),
                Block::Table { columns, rows } | Block::Rows { columns, rows } => {
                    lines.push(
                        columns
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                    lines.extend(rows.iter().map(|r| r.join(" | ")));
                }
            }
        }
        lines.join("\n")
    }
}
