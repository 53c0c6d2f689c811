//! Charts drawn on the server as SVG (readable without JavaScript), each followed by its
//! data table for screen readers and for anyone who wants the figures.

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::format::decimal_fr;
use crate::domain::statistics::{Cell, Distribution, Rate, Table};

/// A table of figures.
#[component]
pub fn FiguresTable(table: Table) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <caption>{table.title.clone()}</caption>
                <thead><tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {table.rows.iter().map(|row| view! {
                        <tr>{row.iter().enumerate().map(|(i, cell)| {
                            let numeric = matches!(cell, Cell::Number(_) | Cell::Empty);
                            if i == 0 && !numeric {
                                view! { <th scope="row">{cell.text()}</th> }.into_any()
                            } else {
                                view! { <td class=if numeric { "num" } else { "" }>{cell.text()}</td> }.into_any()
                            }
                        }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn percent_text(rate: &Rate) -> String {
    match rate.percent() {
        Some(p) => format!("{} % ({} sur {})", decimal_fr(p), rate.count, rate.of),
        None => "aucun présent".to_owned(),
    }
}

/// Rates as horizontal bars (0 to 100 %), then their table.
#[component]
pub fn RateChart(id: &'static str, title: String, rates: Vec<Rate>, table: Table) -> impl IntoView {
    let row = 44.0;
    let height = (rates.len() as f64 * row).max(row);
    let title_id = format!("{id}-titre");
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg role="img" aria-labelledby=labelled_by viewBox=format!("0 0 640 {height}") width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title.clone()}</title>
                {rates.iter().enumerate().map(|(i, r)| {
                    let y = i as f64 * row;
                    let share = r.percent().and_then(|p| p.to_f64()).unwrap_or(0.0);
                    let label = format!("{} : {}", r.label, percent_text(r));
                    view! {
                        <g>
                            <text x="0" y=y + 14.0 class="chart-label">{label}</text>
                            <rect x="0" y=y + 20.0 width="600" height="16" class="chart-track"/>
                            <rect x="0" y=y + 20.0 width=format!("{:.1}", share * 6.0) height="16" class="chart-bar"/>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
        <FiguresTable table/>
    }
    .into_any()
}

/// An épreuve's marks as a histogram of ten bins, with mean and median, then its table.
#[component]
pub fn Histogram(id: String, distribution: Distribution, table: Table) -> impl IntoView {
    let d = distribution;
    let top = d.bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let labels = d.bin_labels();
    let title = format!(
        "{} : {} note(s), moyenne {}, médiane {} ({})",
        crate::domain::format::code_title(&d.scale.code, &d.scale.title),
        d.count,
        d.mean.map_or_else(|| "—".to_owned(), decimal_fr),
        d.median.map_or_else(|| "—".to_owned(), decimal_fr),
        d.scale.unit
    );
    let title_id = format!("{id}-titre");
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}</figcaption>
            <svg role="img" aria-labelledby=labelled_by viewBox="0 0 640 200" width="100%" preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title.clone()}</title>
                <line x1="0" y1="160" x2="640" y2="160" class="chart-axis"/>
                {d.bins.iter().enumerate().map(|(i, count)| {
                    let h = *count as f64 / top * 130.0;
                    let x = i as f64 * 64.0 + 6.0;
                    view! {
                        <g>
                            <rect x=x y=160.0 - h width="52" height=h class="chart-bar"/>
                            <text x=x + 26.0 y=154.0 - h text-anchor="middle" class="chart-value">{*count}</text>
                            <text x=x + 26.0 y="178" text-anchor="middle" class="chart-tick">{labels[i].clone()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
        <FiguresTable table/>
    }
    .into_any()
}
