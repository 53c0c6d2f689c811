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
}

/// A document: its PDF title, who issues it (the PDF's author), and its blocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    /// The organisation that issues it; empty: the application's name.
    #[serde(default)]
    pub author: String,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Every piece of text, in reading order (tests and accessibility checks).
    pub fn text(&self) -> String {
        let mut lines = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Title(t) | Block::Heading(t) | Block::Paragraph(t) | Block::Small(t) => {
                    lines.push(t.clone())
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
