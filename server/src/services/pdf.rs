//! PDF output of `Document`s with printpdf: A4, DejaVu Sans embedded (French accents,
//! no system font needed), text wrapped to the page, new pages as needed.

use app::domain::document::{Block, Document};
use app::ssr::ports::PdfRenderer;
use printpdf::{
    Color, FontId, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
const MARGIN: f32 = 20.0;
/// Average advance of a DejaVu Sans glyph, in ems: enough to wrap French text.
const AVERAGE_ADVANCE: f32 = 0.55;

/// Renders documents to PDF bytes.
pub struct PrintPdf {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl PrintPdf {
    /// Parses the embedded fonts once.
    pub fn new() -> anyhow::Result<Self> {
        let parse = |bytes| ParsedFont::from_bytes(bytes, 0, &mut Vec::new());
        Ok(PrintPdf {
            regular: parse(dejavu::sans::regular())
                .ok_or_else(|| anyhow::anyhow!("Failed to parse DejaVu Sans"))?,
            bold: parse(dejavu::sans::bold())
                .ok_or_else(|| anyhow::anyhow!("Failed to parse DejaVu Sans Bold"))?,
        })
    }
}

/// Splits text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays out pages: a cursor going down, a new page when it reaches the margin.
struct Layout {
    /// Finished pages.
    pages: Vec<Vec<Op>>,
    /// The page being filled.
    current: Vec<Op>,
    y: f32,
    regular: FontId,
    bold: FontId,
}

impl Layout {
    fn line(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let height = size * 0.3528 * 1.45;
        if self.y - height < MARGIN {
            self.pages.push(std::mem::take(&mut self.current));
            self.y = PAGE_HEIGHT - MARGIN;
        }
        self.y -= height;
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.current.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(MARGIN + indent), Mm(self.y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn wrapped(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let width_pt = (PAGE_WIDTH - 2.0 * MARGIN - indent) / 0.3528;
        let chars = (width_pt / (size * AVERAGE_ADVANCE)).floor().max(10.0) as usize;
        for line in wrap(text, chars) {
            self.line(&line, size, bold, indent);
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    /// Text at an absolute position on the current line.
    fn cell(&mut self, text: &str, x: f32, size: f32, bold: bool) {
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        self.current.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(MARGIN + x), Mm(self.y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A QR code of `text`, 30 mm wide, at the left margin (vector squares: sharp at
    /// any zoom, nothing to embed).
    fn qr(&mut self, text: &str) {
        let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
            return;
        };
        let width = code.width();
        let side = 30.0;
        if self.y - side < MARGIN {
            self.pages.push(std::mem::take(&mut self.current));
            self.y = PAGE_HEIGHT - MARGIN;
        }
        let module = side / width as f32;
        let top = self.y;
        self.current.push(Op::SetFillColor {
            col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        });
        for (index, dark) in code.to_colors().iter().enumerate() {
            if *dark == qrcode::Color::Dark {
                let (col, row) = (index % width, index / width);
                let mut square = Rect::from_xywh(
                    Mm(MARGIN + col as f32 * module).into(),
                    Mm(top - (row + 1) as f32 * module).into(),
                    Mm(module).into(),
                    Mm(module).into(),
                );
                // Without a paint mode printpdf only outlines the path (invisible).
                square.mode = Some(PaintMode::Fill);
                self.current.push(Op::DrawRectangle { rectangle: square });
            }
        }
        self.y -= side + 1.0;
    }

    /// One table row whose cells wrap within their column: as tall as its longest cell.
    fn wrapped_row(&mut self, cells: &[String], columns: &[(String, u16)]) {
        let size = 9.5;
        let line_height = 4.4;
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(columns)
            .map(|(cell, (_, width))| {
                let fits = ((f32::from(*width) - 2.0) / 0.3528 / (size * AVERAGE_ADVANCE))
                    .floor()
                    .max(3.0) as usize;
                wrap(cell, fits)
            })
            .collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let height = lines as f32 * line_height + 0.8;
        if self.y - height < MARGIN {
            self.pages.push(std::mem::take(&mut self.current));
            self.y = PAGE_HEIGHT - MARGIN;
        }
        let top = self.y;
        for line in 0..lines {
            self.y = top - (line + 1) as f32 * line_height;
            let mut x = 0.0;
            for (cell, (_, width)) in wrapped.iter().zip(columns) {
                if let Some(text) = cell.get(line) {
                    self.cell(text, x, size, false);
                }
                x += f32::from(*width);
            }
        }
        self.y = top - height;
    }

    /// One table row `height` mm tall, cells cut to their column's width.
    fn row(&mut self, cells: &[String], columns: &[(String, u16)], height: f32, bold: bool) {
        if self.y - height < MARGIN {
            self.pages.push(std::mem::take(&mut self.current));
            self.y = PAGE_HEIGHT - MARGIN;
        }
        self.y -= height;
        let size = 9.5;
        let mut x = 0.0;
        for (cell, (_, width)) in cells.iter().zip(columns) {
            let width = f32::from(*width);
            let fits = ((width - 2.0) / 0.3528 / (size * AVERAGE_ADVANCE))
                .floor()
                .max(3.0) as usize;
            let text: String = if cell.chars().count() > fits {
                let mut cut: String = cell.chars().take(fits.saturating_sub(1)).collect();
                cut.push('…');
                cut
            } else {
                cell.clone()
            };
            self.cell(&text, x, size, bold);
            x += width;
        }
    }
}

impl PdfRenderer for PrintPdf {
    fn render(&self, document: &Document) -> Vec<u8> {
        let mut pdf = PdfDocument::new(&document.title);
        describe(&mut pdf, document, chrono::Utc::now());
        let regular = pdf.add_font(&self.regular);
        let bold = pdf.add_font(&self.bold);
        let mut layout = Layout {
            pages: Vec::new(),
            current: Vec::new(),
            y: PAGE_HEIGHT - MARGIN,
            regular,
            bold,
        };
        for block in &document.blocks {
            match block {
                Block::Title(text) => {
                    layout.gap(4.0);
                    layout.wrapped(text, 17.0, true, 0.0);
                    layout.gap(4.0);
                }
                Block::Heading(text) => {
                    layout.gap(4.0);
                    layout.wrapped(text, 13.0, true, 0.0);
                    layout.gap(1.0);
                }
                Block::Paragraph(text) => {
                    layout.gap(2.0);
                    layout.wrapped(text, 11.0, false, 0.0);
                }
                Block::Field { label, value } => {
                    layout.wrapped(&format!("{label} : {value}"), 11.0, false, 0.0)
                }
                Block::Bullets(items) => {
                    for item in items {
                        layout.wrapped(&format!("• {item}"), 11.0, false, 4.0);
                    }
                }
                Block::Small(text) => {
                    layout.gap(2.0);
                    layout.wrapped(text, 8.5, false, 0.0);
                }
                Block::Table { columns, rows } => {
                    layout.gap(3.0);
                    let headers: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
                    layout.row(&headers, columns, 6.0, true);
                    for row in rows {
                        layout.row(row, columns, 11.0, false);
                    }
                }
                Block::Rows { columns, rows } => {
                    layout.gap(2.0);
                    let headers: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
                    layout.row(&headers, columns, 6.0, true);
                    for row in rows {
                        layout.wrapped_row(row, columns);
                    }
                }
                Block::Qr(text) => {
                    layout.gap(3.0);
                    layout.qr(text);
                    layout.wrapped(text, 8.5, false, 0.0);
                }
            }
        }
        layout.pages.push(layout.current);
        let pages = layout
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops))
            .collect();
        let bytes = pdf
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new());
        in_french(bytes)
    }
}

/// The PDF's information: its title, the organisation that issues it as author, the
/// application as creator, and the moment it is made as its creation date (printpdf
/// writes 1970 otherwise).
fn describe(pdf: &mut PdfDocument, document: &Document, now: chrono::DateTime<chrono::Utc>) {
    let info = &mut pdf.metadata.info;
    if let Ok(stamp) = printpdf::date::OffsetDateTime::from_unix_timestamp(now.timestamp()) {
        info.creation_date = stamp;
        info.modification_date = stamp;
        info.metadata_date = stamp;
    }
    info.document_title = document.title.clone();
    info.subject = document.title.clone();
    info.author = if document.author.trim().is_empty() {
        "Jury — examens et jurys de certification".to_owned()
    } else {
        document.author.clone()
    };
    info.creator = "Jury — examens et jurys de certification".to_owned();
    info.producer = "Jury (printpdf)".to_owned();
}

/// The document's language in its catalog (`/Lang (fr-FR)`), which printpdf does not
/// write: screen readers and search read the text as French. The bytes as they were if
/// they cannot be read back (never seen).
fn in_french(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(mut doc) = lopdf::Document::load_mem(&bytes) else {
        return bytes;
    };
    let Ok(root) = doc
        .trailer
        .get(b"Root")
        .and_then(lopdf::Object::as_reference)
    else {
        return bytes;
    };
    if let Ok(catalog) = doc
        .get_object_mut(root)
        .and_then(lopdf::Object::as_dict_mut)
    {
        catalog.set("Lang", lopdf::Object::string_literal("fr-FR"));
    } else {
        return bytes;
    }
    let mut out = Vec::new();
    match doc.save_to(&mut out) {
        Ok(()) => out,
        Err(_) => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_at_spaces() {
        assert_eq!(
            wrap("un deux trois quatre", 9),
            ["un deux", "trois", "quatre"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }

    /// Share of dark pixels in the first page rendered by poppler at 30 dpi.
    fn ink(pdf: &[u8]) -> f64 {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("d.pdf"), pdf).expect("write");
        let status = std::process::Command::new("pdftoppm")
            .args(["-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile"])
            .arg(dir.path().join("d.pdf"))
            .arg(dir.path().join("page"))
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(status.success());
        let pgm = std::fs::read(dir.path().join("page.pgm")).expect("page");
        // PGM: three header lines, then one byte per pixel.
        let mut newlines = 0;
        let start = pgm
            .iter()
            .position(|b| {
                newlines += usize::from(*b == b'\n');
                newlines == 3
            })
            .expect("header")
            + 1;
        let pixels = &pgm[start..];
        pixels.iter().filter(|p| **p < 128).count() as f64 / pixels.len() as f64
    }

    #[test]
    fn a_qr_code_is_drawn_in_ink() {
        let renderer = PrintPdf::new().expect("fonts");
        let address = "https://jury.exemple.fr/verification/ABCD-EFGH-JKMN".to_owned();
        let page = |block: Block| Document {
            author: String::new(),
            title: "Certificat".to_owned(),
            blocks: vec![block],
        };
        let with = ink(&renderer.render(&page(Block::Qr(address.clone()))));
        let without = ink(&renderer.render(&page(Block::Small(address))));
        // A 30 mm code is about 1,5 % of an A4 page, half of it dark.
        assert!(
            with > without + 0.004,
            "QR ink {with} vs text only {without}"
        );
    }

    #[test]
    fn a_pdf_says_its_title_author_language_and_creation_date() {
        let renderer = PrintPdf::new().expect("fonts");
        let pdf = renderer.render(&Document {
            title: "Convocation — Camille Durand".to_owned(),
            author: "Certif'Démo — organisme certificateur".to_owned(),
            blocks: vec![Block::Paragraph("Bonjour".to_owned())],
        });
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(lopdf::Object::as_reference)
            .expect("catalog");
        let catalog = doc.get_dictionary(root).expect("catalog");
        assert_eq!(
            catalog
                .get(b"Lang")
                .and_then(lopdf::Object::as_str)
                .expect("Lang"),
            b"fr-FR"
        );
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
            .expect("info");
        let text = |key: &[u8]| {
            info.get(key)
                .and_then(lopdf::Object::as_str)
                .map(|b| {
                    lopdf::decode_text_string(&lopdf::Object::String(
                        b.to_vec(),
                        lopdf::StringFormat::Literal,
                    ))
                    .unwrap_or_default()
                })
                .unwrap_or_default()
        };
        assert_eq!(text(b"Title"), "Convocation — Camille Durand");
        assert_eq!(text(b"Author"), "Certif'Démo — organisme certificateur");
        let created = text(b"CreationDate");
        let year = chrono::Datelike::year(&chrono::Utc::now());
        assert!(created.starts_with(&format!("D:{year}")), "{created}");
    }

    #[test]
    fn a_document_becomes_a_pdf_with_its_accented_text() {
        let renderer = PrintPdf::new().expect("fonts");
        let document = Document {
            author: "Certif'Démo".to_owned(),
            title: "Convocation".to_owned(),
            blocks: vec![
                Block::Title("Convocation aux épreuves".to_owned()),
                Block::Paragraph("Élève reçu(e) à l'épreuve".repeat(40)),
            ],
        };
        let bytes = renderer.render(&document);
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(
            bytes.len() < 200_000,
            "fonts are subset: {} bytes",
            bytes.len()
        );
    }
}
