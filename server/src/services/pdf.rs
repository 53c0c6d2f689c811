//! PDF output of `Document`s with printpdf: A4, DejaVu Sans embedded (French accents,
//! no system font needed), text wrapped to the page, new pages as needed; the issuing
//! organisation's letterhead (logo, name, address, SIRET) on the first page, awards
//! framed and centred, signature boxes with scanned signatures, and every page
//! numbered.

use app::domain::document::{Block, Document, Image, Letterhead, Signatory, Style};
use app::ssr::ports::PdfRenderer;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, XObjectId, XObjectTransform,
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
    /// The same fonts' glyph advances, to measure text.
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
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
            regular_face: ttf_parser::Face::parse(dejavu::sans::regular(), 0)?,
            bold_face: ttf_parser::Face::parse(dejavu::sans::bold(), 0)?,
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

/// Width in millimetres of `text` at `size` points.
fn text_width(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(u32::from(face.units_per_em()) / 2, u32::from)
        })
        .sum();
    units as f32 / f32::from(face.units_per_em()) * size * 0.3528
}

/// Lays out pages: a cursor going down, a new page when it reaches the margin.
struct Layout<'a> {
    /// Finished pages.
    pages: Vec<Vec<Op>>,
    /// The page being filled.
    current: Vec<Op>,
    y: f32,
    regular: FontId,
    bold: FontId,
    renderer: &'a PrintPdf,
    style: Style,
}

/// An image added to the PDF, with its size in pixels.
struct Placed {
    id: XObjectId,
    width: f32,
    height: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.current));
        self.y = PAGE_HEIGHT - MARGIN;
        if self.style == Style::Award {
            self.frame();
        }
    }

    /// The double frame of an award.
    fn frame(&mut self) {
        let navy = Color::Rgb(Rgb::new(0.12, 0.20, 0.38, None));
        self.current.push(Op::SetOutlineColor { col: navy });
        for (inset, thickness) in [(9.0, 1.6), (11.5, 0.5)] {
            self.current
                .push(Op::SetOutlineThickness { pt: Pt(thickness) });
            let mut border = Rect::from_xywh(
                Mm(inset).into(),
                Mm(inset).into(),
                Mm(PAGE_WIDTH - 2.0 * inset).into(),
                Mm(PAGE_HEIGHT - 2.0 * inset).into(),
            );
            border.mode = Some(PaintMode::Stroke);
            self.current.push(Op::DrawRectangle { rectangle: border });
        }
    }

    /// A horizontal rule across the text width.
    fn rule(&mut self, from: f32, to: f32, thickness: f32) {
        let y = Mm(self.y).into();
        self.current.extend([
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(0.55, 0.58, 0.65, None)),
            },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Mm(from).into(),
                                y,
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Mm(to).into(),
                                y,
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// An image `height` mm tall (narrower if it would exceed `max_width`), its
    /// bottom-left corner at (`x`, `bottom`); its width in mm.
    fn image(&mut self, image: &Placed, x: f32, bottom: f32, height: f32, max_width: f32) -> f32 {
        let ratio = image.width / image.height.max(1.0);
        let w = (height * ratio).min(max_width);
        // At 72 dpi a pixel is a point: scale to the size wanted.
        let scale = Mm(w).into_pt().0 / image.width.max(1.0);
        self.current.push(Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Mm(x).into()),
                translate_y: Some(Mm(bottom).into()),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                ..Default::default()
            },
        });
        w
    }

    /// Text at an absolute position (mm from the page's left and bottom).
    fn text_at(&mut self, text: &str, x: f32, y: f32, size: f32, bold: bool) {
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
                pos: Point::new(Mm(x), Mm(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold {
            &self.renderer.bold_face
        } else {
            &self.renderer.regular_face
        };
        text_width(face, text, size)
    }

    /// Lines centred on the page, wrapped to the text width.
    fn centered(&mut self, text: &str, size: f32, bold: bool) {
        let width_pt = (PAGE_WIDTH - 2.0 * MARGIN - 10.0) / 0.3528;
        let chars = (width_pt / (size * AVERAGE_ADVANCE)).floor().max(10.0) as usize;
        for line in wrap(text, chars) {
            let height = size * 0.3528 * 1.45;
            if self.y - height < MARGIN {
                self.new_page();
            }
            self.y -= height;
            let x = (PAGE_WIDTH - self.width(&line, size, bold)) / 2.0;
            let y = self.y;
            self.text_at(&line, x.max(MARGIN), y, size, bold);
        }
    }

    /// The organisation's letterhead: logo, name, address and SIRET, then a rule.
    fn letterhead(&mut self, head: &Letterhead, logo: Option<&Placed>) {
        let top = self.y + 6.0;
        let mut x = MARGIN;
        if let Some(logo) = logo {
            x += self.image(logo, MARGIN, top - 20.0, 20.0, 50.0) + 6.0;
        }
        let mut y = top - 5.0;
        self.text_at(&head.name, x, y, 12.5, true);
        for line in head.address.lines().filter(|l| !l.trim().is_empty()) {
            y -= 4.3;
            self.text_at(line.trim(), x, y, 9.0, false);
        }
        if !head.siret.is_empty() {
            y -= 4.3;
            self.text_at(&format!("SIRET {}", head.siret), x, y, 8.5, false);
        }
        self.y = (top - 22.0).min(y - 3.0);
        self.rule(MARGIN, PAGE_WIDTH - MARGIN, 0.6);
        self.y -= 4.0;
    }

    /// Signature boxes side by side, each 34 mm tall: role, name, quality, the scanned
    /// signature or room to sign, a note (date of an online signature).
    fn signatures(&mut self, signatories: &[(Signatory, Option<Placed>)]) {
        if signatories.is_empty() {
            return;
        }
        let height = 42.0;
        if self.y - height - 4.0 < MARGIN {
            self.new_page();
        }
        self.y -= 6.0;
        let per_row = signatories.len().min(3);
        for row in signatories.chunks(per_row) {
            if self.y - height < MARGIN {
                self.new_page();
            }
            let width = (PAGE_WIDTH - 2.0 * MARGIN) / per_row as f32;
            let top = self.y;
            for (i, (s, image)) in row.iter().enumerate() {
                let x = MARGIN + i as f32 * width + 2.0;
                let fits = |text: &str, size: f32| {
                    let chars = ((width - 4.0) / 0.3528 / (size * AVERAGE_ADVANCE)) as usize;
                    wrap(text, chars.max(8))
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                };
                self.text_at(&fits(&s.role, 8.5), x, top - 4.0, 8.5, false);
                self.text_at(&fits(&s.name, 10.5), x, top - 9.0, 10.5, true);
                if !s.quality.is_empty() {
                    self.text_at(&fits(&s.quality, 8.5), x, top - 13.0, 8.5, false);
                }
                if let Some(image) = image {
                    self.image(image, x, top - 33.0, 17.0, width - 8.0);
                }
                let line_y = top - 35.0;
                let saved = self.y;
                self.y = line_y;
                self.rule(x, x + width - 8.0, 0.4);
                self.y = saved;
                if !s.note.is_empty() {
                    self.text_at(&fits(&s.note, 7.5), x, top - 38.5, 7.5, false);
                }
            }
            self.y = top - height;
        }
    }

    fn line(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let height = size * 0.3528 * 1.45;
        if self.y - height < MARGIN {
            self.new_page();
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
        let y = self.y;
        self.text_at(text, MARGIN + x, y, size, bold);
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
            self.new_page();
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
            self.new_page();
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

    /// One row of an attendance sheet, `height` mm tall: its cells on the row's first
    /// line, the last column a box to sign in, a rule under the row.
    fn signing_row(&mut self, cells: &[String], columns: &[(String, u16)], height: f32) {
        if self.y - height < MARGIN {
            self.new_page();
        }
        let top = self.y;
        self.y = top - 5.0;
        let all_but_last = &columns[..columns.len().saturating_sub(1)];
        self.row_cells(cells, all_but_last, false);
        if let Some((_, width)) = columns.last() {
            let left: f32 = all_but_last.iter().map(|(_, w)| f32::from(*w)).sum();
            self.current.extend([
                Op::SetOutlineColor {
                    col: Color::Rgb(Rgb::new(0.35, 0.38, 0.45, None)),
                },
                Op::SetOutlineThickness { pt: Pt(0.5) },
            ]);
            let mut square = Rect::from_xywh(
                Mm(MARGIN + left).into(),
                Mm(top - height + 1.0).into(),
                Mm(f32::from(*width)).into(),
                Mm(height - 2.0).into(),
            );
            square.mode = Some(PaintMode::Stroke);
            self.current.push(Op::DrawRectangle { rectangle: square });
        }
        self.y = top - height;
        self.rule(MARGIN, PAGE_WIDTH - MARGIN, 0.2);
    }

    /// One table row `height` mm tall, cells cut to their column's width.
    fn row(&mut self, cells: &[String], columns: &[(String, u16)], height: f32, bold: bool) {
        if self.y - height < MARGIN {
            self.new_page();
        }
        self.y -= height;
        self.row_cells(cells, columns, bold);
    }

    /// Cells on the current line, each cut to its column's width.
    fn row_cells(&mut self, cells: &[String], columns: &[(String, u16)], bold: bool) {
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

/// An uploaded image added to the PDF; `None` if it cannot be decoded (it was checked
/// at upload: never seen).
fn add_image(pdf: &mut PdfDocument, image: &Image) -> Option<Placed> {
    let raw = RawImage::decode_from_bytes(&image.bytes, &mut Vec::new()).ok()?;
    let (width, height) = (raw.width as f32, raw.height as f32);
    Some(Placed {
        id: pdf.add_image(&raw),
        width,
        height,
    })
}

impl PdfRenderer for PrintPdf {
    fn render(&self, document: &Document) -> Vec<u8> {
        let mut pdf = PdfDocument::new(&document.title);
        describe(
            &mut pdf,
            document,
            document.issued_at.unwrap_or_else(chrono::Utc::now),
        );
        let regular = pdf.add_font(&self.regular);
        let bold = pdf.add_font(&self.bold);
        let logo = document
            .letterhead
            .as_ref()
            .and_then(|h| h.logo.as_ref())
            .and_then(|logo| add_image(&mut pdf, logo));
        let mut layout = Layout {
            pages: Vec::new(),
            current: Vec::new(),
            y: PAGE_HEIGHT - MARGIN,
            regular,
            bold,
            renderer: self,
            style: document.style,
        };
        let award = document.style == Style::Award;
        if award {
            layout.frame();
            layout.y -= 2.0;
        }
        if let Some(head) = &document.letterhead {
            layout.letterhead(head, logo.as_ref());
        }
        for (index, block) in document.blocks.iter().enumerate() {
            // A heading followed by signature boxes that do not fit: both on the next page.
            if matches!(block, Block::Heading(_))
                && matches!(
                    document.blocks.get(index + 1),
                    Some(Block::Signatures { .. })
                )
                && layout.y - 60.0 < MARGIN
            {
                layout.new_page();
            }
            match block {
                Block::Title(text) if award => {
                    layout.gap(6.0);
                    layout.centered(&text.to_uppercase(), 21.0, true);
                    layout.gap(4.0);
                }
                Block::Title(text) => {
                    layout.gap(4.0);
                    layout.wrapped(text, 17.0, true, 0.0);
                    layout.gap(4.0);
                }
                Block::Heading(text) if award => {
                    layout.gap(2.0);
                    layout.centered(text, 15.0, true);
                    layout.gap(1.0);
                }
                Block::Heading(text) => {
                    layout.gap(4.0);
                    layout.wrapped(text, 13.0, true, 0.0);
                    layout.gap(1.0);
                }
                Block::Centered(text) => {
                    layout.gap(1.5);
                    layout.centered(text, 11.5, false);
                }
                Block::Holder(text) => {
                    layout.gap(4.0);
                    layout.centered(text, 20.0, true);
                    layout.gap(2.0);
                }
                Block::Paragraph(text) => {
                    layout.gap(2.0);
                    layout.wrapped(text, 11.0, false, 0.0);
                }
                Block::Field { label, value } => {
                    layout.wrapped(&format!("{label} : {value}"), 11.0, false, 0.0)
                }
                Block::Bullets(items) => {
                    let indent = if award { 20.0 } else { 4.0 };
                    for item in items {
                        layout.wrapped(&format!("• {item}"), 10.5, false, indent);
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
                    layout.gap(1.0);
                    layout.rule(MARGIN, PAGE_WIDTH - MARGIN, 0.5);
                    for row in rows {
                        layout.signing_row(row, columns, 12.0);
                    }
                }
                Block::Rows { columns, rows } => {
                    layout.gap(2.0);
                    let headers: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
                    layout.row(&headers, columns, 6.0, true);
                    layout.gap(1.0);
                    layout.rule(MARGIN, PAGE_WIDTH - MARGIN, 0.5);
                    for row in rows {
                        layout.wrapped_row(row, columns);
                    }
                }
                Block::Signatures {
                    signatories,
                    certifier,
                } => {
                    let mut all: Vec<(Signatory, Option<Placed>)> = signatories
                        .iter()
                        .map(|s| {
                            let image = s.signature.as_ref().and_then(|i| add_image(&mut pdf, i));
                            (s.clone(), image)
                        })
                        .collect();
                    if *certifier {
                        if let Some(s) = document
                            .letterhead
                            .as_ref()
                            .and_then(|h| h.signatory.clone())
                        {
                            let image = s.signature.as_ref().and_then(|i| add_image(&mut pdf, i));
                            all.push((s, image));
                        }
                    }
                    layout.signatures(&all);
                }
                Block::Qr(text) => {
                    // The code, with its address beside it.
                    layout.gap(3.0);
                    if layout.y - 31.0 < MARGIN {
                        layout.new_page();
                    }
                    let top = layout.y;
                    layout.qr(text);
                    let chars = ((PAGE_WIDTH - 2.0 * MARGIN - 34.0)
                        / 0.3528
                        / (8.5 * AVERAGE_ADVANCE)) as usize;
                    let lines = wrap(text, chars.max(20));
                    for (i, line) in lines.iter().enumerate() {
                        layout.text_at(
                            line,
                            MARGIN + 34.0,
                            top - 14.0 - i as f32 * 4.0,
                            8.5,
                            false,
                        );
                    }
                }
            }
        }
        layout.pages.push(layout.current);
        let count = layout.pages.len();
        let footer = |n: usize| {
            let who = if document.author.is_empty() {
                String::new()
            } else {
                format!("{} — ", document.author)
            };
            let page = format!(" — page {n}/{count}");
            let room = ((PAGE_WIDTH - 2.0 * MARGIN) / 0.3528 / (7.0 * AVERAGE_ADVANCE)) as usize;
            let mut what = format!("{who}{}", document.title);
            if what.chars().count() + page.chars().count() > room {
                what = what
                    .chars()
                    .take(room.saturating_sub(page.chars().count() + 1))
                    .collect();
                what.push('…');
            }
            format!("{what}{page}")
        };
        let pages = layout
            .pages
            .into_iter()
            .enumerate()
            .map(|(i, mut ops)| {
                let text = footer(i + 1);
                let x = (PAGE_WIDTH - text_width(&self.regular_face, &text, 7.0)) / 2.0;
                ops.extend([
                    Op::SetFillColor {
                        col: Color::Rgb(Rgb::new(0.35, 0.35, 0.35, None)),
                    },
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(layout.regular.clone()),
                        size: Pt(7.0),
                    },
                    Op::SetTextCursor {
                        pos: Point::new(Mm(x.max(MARGIN)), Mm(if award { 14.0 } else { 10.0 })),
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(text)],
                    },
                    Op::EndTextSection,
                ]);
                PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops)
            })
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
    // printpdf writes a PDF 1.3 header and an empty `/GTS_PDFXVersion`, which readers
    // take for a PDF/X claim: the file is PDF 1.7 (as the docs say) and claims no
    // PDF/X conformance.
    doc.version = "1.7".to_owned();
    if let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(info) = doc
            .get_object_mut(info)
            .and_then(lopdf::Object::as_dict_mut)
    {
        for key in [&b"GTS_PDFXVersion"[..], b"GTS_PDFXConformance"] {
            info.remove(key);
        }
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
            ..Default::default()
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
            ..Default::default()
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
            ..Default::default()
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
