//! Spreadsheet exports (XLSX) with rust_xlsxwriter: the PV's decisions, one row per
//! candidate, the same columns as the CSV export.

use app::domain::deliberation::Pv;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The workbook's properties: title, subject, the organisation as author and company,
/// the application, and the date of the act as its creation date.
pub fn properties(
    title: &str,
    organisation: &str,
    created: chrono::DateTime<chrono::Utc>,
) -> rust_xlsxwriter::DocProperties {
    rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_subject(title)
        .set_author(organisation)
        .set_company(organisation)
        .set_comment("Produit par Jury — examens et jurys de certification")
        .set_creation_datetime(&created)
}

/// The PV's decisions as an XLSX workbook: the same table as the CSV export, with
/// the PV's properties (created at the closing).
pub fn pv_xlsx(pv: &Pv) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let closed = app::ssr::repo::schedule::to_utc(pv.closed_at).unwrap_or_default();
    workbook.set_properties(&properties(
        &format!("Procès-verbal — {}", pv.session),
        &pv.certifier,
        closed,
    ));
    let sheet = workbook.add_worksheet();
    sheet.set_name("Décisions")?;
    let bold = Format::new().set_bold();
    let (headers, rows) = pv.table();
    for (col, header) in (0u16..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, cells) in (1u32..).zip(&rows) {
        for (col, cell) in (0u16..).zip(cells) {
            sheet.write_string(row, col, cell)?;
        }
    }
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 36)?;
    sheet.set_column_width(3, 40)?;
    sheet.set_column_width(4, 60)?;
    sheet.set_column_width(7, 60)?;
    workbook.save_to_buffer()
}

/// Figures tables (statistics) in one worksheet, one table after another: numbers as
/// numbers, so that the spreadsheet can compute with them.
pub fn tables_xlsx(
    title: &str,
    tables: &[app::domain::statistics::Table],
) -> Result<Vec<u8>, XlsxError> {
    use app::domain::statistics::Cell;
    use rust_decimal::prelude::ToPrimitive;
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(title, "", chrono::Utc::now()));
    let sheet = workbook.add_worksheet();
    sheet.set_name("Statistiques")?;
    let bold = Format::new().set_bold();
    let mut row = 0u32;
    for table in tables {
        sheet.write_string_with_format(row, 0, &table.title, &bold)?;
        row += 1;
        for (col, header) in (0u16..).zip(&table.headers) {
            sheet.write_string_with_format(row, col, header, &bold)?;
        }
        row += 1;
        for cells in &table.rows {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(text) => {
                        sheet.write_string(row, col, text)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, n.to_f64().unwrap_or(0.0))?;
                    }
                    Cell::Empty => {}
                }
            }
            row += 1;
        }
        row += 1;
    }
    sheet.set_column_width(0, 48)?;
    workbook.save_to_buffer()
}
