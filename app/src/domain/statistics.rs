//! Figures of a session, or of a certification over years: enrolled, present, full
//! certifications, partial validations, pass rates per bloc, per access route and per
//! candidate category, and the distribution of each épreuve's marks. Pure: the
//! repository gathers one `Sitting` per enrolment.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::scoring::outcome::Decision;

/// Figures are rounded as people do: 12,125 is 12,13.
const HALF_UP: rust_decimal::RoundingStrategy =
    rust_decimal::RoundingStrategy::MidpointAwayFromZero;

/// One enrolment as the figures read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sitting {
    /// Year of the session (for figures over years).
    pub year: i32,
    pub access_route: String,
    pub category: Option<String>,
    /// `None` before the deliberation.
    pub decision: Option<Decision>,
    /// (bloc code, validated) of each bloc assessed in this session (not exempt).
    pub blocs: Vec<(String, bool)>,
    /// (épreuve code, mark on its scale) of each épreuve graded.
    pub marks: Vec<(String, Decimal)>,
}

/// How one épreuve is marked, for its histogram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub code: String,
    pub title: String,
    /// `/ 20`, or `% des critères`.
    pub unit: String,
    pub max: Decimal,
}

/// A rate: how many of how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub label: String,
    pub of: u32,
    pub count: u32,
}

impl Rate {
    /// In percent, one decimal; `None` when nobody was concerned.
    pub fn percent(&self) -> Option<Decimal> {
        (self.of > 0).then(|| {
            (Decimal::from(self.count) * Decimal::ONE_HUNDRED / Decimal::from(self.of))
                .round_dp_with_strategy(1, HALF_UP)
        })
    }
}

/// The marks of one épreuve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    pub scale: Scale,
    pub count: u32,
    pub mean: Option<Decimal>,
    pub median: Option<Decimal>,
    /// Ten equal bins from 0 to the maximum, the last one closed.
    pub bins: Vec<u32>,
}

impl Distribution {
    /// The bins' bounds, as labels (`0 à 2`, …, `18 à 20`).
    pub fn bin_labels(&self) -> Vec<String> {
        let step = self.scale.max / Decimal::TEN;
        (0..10)
            .map(|i| {
                let low = step * Decimal::from(i);
                format!(
                    "{} à {}",
                    super::format::decimal_fr(low.normalize()),
                    super::format::decimal_fr((low + step).normalize())
                )
            })
            .collect()
    }
}

/// Every figure of a set of enrolments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub enrolled: u32,
    /// Decided and not absent (an unjustified absence, or a postponement for a justified
    /// one).
    pub present: u32,
    pub full: u32,
    pub partial: u32,
    pub not_certified: u32,
    pub absent: u32,
    pub postponed: u32,
    pub fraud: u32,
    /// Full certifications among those present.
    pub pass: Rate,
    pub by_bloc: Vec<Rate>,
    pub by_route: Vec<Rate>,
    pub by_category: Vec<Rate>,
    pub epreuves: Vec<Distribution>,
}

fn median(sorted: &[Decimal]) -> Option<Decimal> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / Decimal::TWO
    })
}

fn bin(value: Decimal, max: Decimal) -> usize {
    if max <= Decimal::ZERO {
        return 0;
    }
    let index = (value * Decimal::TEN / max).floor();
    usize::try_from(
        rust_decimal::prelude::ToPrimitive::to_i64(&index)
            .unwrap_or(0)
            .clamp(0, 9),
    )
    .unwrap_or(0)
}

/// The figures of `sittings`; `blocs` and `scales` give the order and titles.
pub fn figures(sittings: &[Sitting], blocs: &[(String, String)], scales: &[Scale]) -> Figures {
    let count = |f: &dyn Fn(&Sitting) -> bool| sittings.iter().filter(|s| f(s)).count() as u32;
    let is = |d: Decision| move |s: &Sitting| s.decision == Some(d);
    let present = |s: &Sitting| {
        s.decision
            .is_some_and(|d| !matches!(d, Decision::Absent | Decision::Postponed))
    };
    let full = is(Decision::FullCertification);
    let pass_of = |label: String, group: &dyn Fn(&Sitting) -> bool| Rate {
        label,
        of: count(&|s| group(s) && present(s)),
        count: count(&|s| group(s) && full(s)),
    };
    let mut routes: Vec<String> = sittings.iter().map(|s| s.access_route.clone()).collect();
    routes.sort();
    routes.dedup();
    let mut categories: Vec<String> = sittings.iter().filter_map(|s| s.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let by_bloc = blocs
        .iter()
        .map(|(code, title)| {
            let results: Vec<bool> = sittings
                .iter()
                .filter(|s| present(s))
                .flat_map(|s| s.blocs.iter().filter(|(c, _)| c == code).map(|(_, v)| *v))
                .collect();
            Rate {
                label: super::format::code_title(code, title),
                of: results.len() as u32,
                count: results.iter().filter(|v| **v).count() as u32,
            }
        })
        .collect();
    let mut marks: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
    for s in sittings {
        for (code, mark) in &s.marks {
            marks.entry(code.as_str()).or_default().push(*mark);
        }
    }
    let epreuves = scales
        .iter()
        .map(|scale| {
            let mut values = marks.remove(scale.code.as_str()).unwrap_or_default();
            values.sort();
            let mut bins = vec![0u32; 10];
            for v in &values {
                bins[bin(*v, scale.max)] += 1;
            }
            let n = values.len() as u32;
            Distribution {
                scale: scale.clone(),
                count: n,
                mean: (n > 0).then(|| {
                    (values.iter().copied().sum::<Decimal>() / Decimal::from(n))
                        .round_dp_with_strategy(2, HALF_UP)
                }),
                median: median(&values).map(|m| m.round_dp_with_strategy(2, HALF_UP)),
                bins,
            }
        })
        .collect();
    Figures {
        enrolled: sittings.len() as u32,
        present: count(&present),
        full: count(&full),
        partial: count(&is(Decision::BlocsOnly)),
        not_certified: count(&is(Decision::NotCertified)),
        absent: count(&is(Decision::Absent)),
        postponed: count(&is(Decision::Postponed)),
        fraud: count(&is(Decision::Fraud)),
        pass: pass_of("Ensemble".to_owned(), &|_| true),
        by_bloc,
        by_route: routes
            .iter()
            .map(|r| pass_of(r.clone(), &|s| &s.access_route == r))
            .collect(),
        by_category: categories
            .iter()
            .map(|c| pass_of(c.clone(), &|s| s.category.as_ref() == Some(c)))
            .collect(),
        epreuves,
    }
}

/// Full certifications per year and access route, as France compétences asks at each
/// renewal: (year, [(route, certified)], total certified, total present).
pub fn certified_per_year(sittings: &[Sitting]) -> Vec<(i32, Vec<(String, u32)>, u32, u32)> {
    let mut routes: Vec<String> = sittings.iter().map(|s| s.access_route.clone()).collect();
    routes.sort();
    routes.dedup();
    let mut years: Vec<i32> = sittings.iter().map(|s| s.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let of_year: Vec<&Sitting> = sittings.iter().filter(|s| s.year == year).collect();
            let certified = |s: &Sitting| s.decision == Some(Decision::FullCertification);
            let per_route = routes
                .iter()
                .map(|r| {
                    (
                        r.clone(),
                        of_year
                            .iter()
                            .filter(|s| &s.access_route == r && certified(s))
                            .count() as u32,
                    )
                })
                .collect();
            let present = of_year
                .iter()
                .filter(|s| {
                    s.decision
                        .is_some_and(|d| !matches!(d, Decision::Absent | Decision::Postponed))
                })
                .count() as u32;
            (
                year,
                per_route,
                of_year.iter().filter(|s| certified(s)).count() as u32,
                present,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sitting(
        route: &str,
        decision: Option<Decision>,
        blocs: &[(&str, bool)],
        mark: Option<Decimal>,
    ) -> Sitting {
        Sitting {
            year: 2026,
            access_route: route.to_owned(),
            category: None,
            decision,
            blocs: blocs.iter().map(|(c, v)| ((*c).to_owned(), *v)).collect(),
            marks: mark.map(|m| vec![("E1".to_owned(), m)]).unwrap_or_default(),
        }
    }

    /// Six candidates counted by hand: 2 full, 1 partial, 1 not certified, 1 absent,
    /// 1 postponed; 4 present, pass rate 50 %.
    #[test]
    fn a_small_session_counted_by_hand() {
        let sittings = vec![
            sitting(
                "Apprentissage",
                Some(Decision::FullCertification),
                &[("B1", true), ("B2", true)],
                Some(dec!(15)),
            ),
            sitting(
                "Apprentissage",
                Some(Decision::BlocsOnly),
                &[("B1", true), ("B2", false)],
                Some(dec!(9.5)),
            ),
            sitting(
                "VAE",
                Some(Decision::FullCertification),
                &[("B1", true), ("B2", true)],
                Some(dec!(20)),
            ),
            sitting(
                "VAE",
                Some(Decision::NotCertified),
                &[("B1", false), ("B2", false)],
                Some(dec!(4)),
            ),
            sitting("VAE", Some(Decision::Absent), &[], None),
            sitting("VAE", Some(Decision::Postponed), &[], None),
        ];
        let blocs = vec![
            ("B1".to_owned(), "Bloc 1".to_owned()),
            ("B2".to_owned(), "Bloc 2".to_owned()),
        ];
        let scales = vec![Scale {
            code: "E1".to_owned(),
            title: "Épreuve 1".to_owned(),
            unit: "/ 20".to_owned(),
            max: dec!(20),
        }];
        let f = figures(&sittings, &blocs, &scales);
        assert_eq!(
            (
                f.enrolled,
                f.present,
                f.full,
                f.partial,
                f.not_certified,
                f.absent,
                f.postponed
            ),
            (6, 4, 2, 1, 1, 1, 1)
        );
        assert_eq!(f.pass.percent(), Some(dec!(50.0)));
        assert_eq!((f.by_bloc[0].count, f.by_bloc[0].of), (3, 4));
        assert_eq!((f.by_bloc[1].count, f.by_bloc[1].of), (2, 4));
        assert_eq!(f.by_route[0].label, "Apprentissage");
        assert_eq!((f.by_route[0].count, f.by_route[0].of), (1, 2));
        assert_eq!(
            (f.by_route[1].count, f.by_route[1].of),
            (1, 2),
            "VAE: the absent and postponed are not present"
        );
        let e = &f.epreuves[0];
        assert_eq!(e.count, 4);
        assert_eq!(
            e.mean,
            Some(dec!(12.13)),
            "(15 + 9,5 + 20 + 4) / 4 = 12,125"
        );
        assert_eq!(e.median, Some(dec!(12.25)));
        assert_eq!(
            e.bins,
            vec![0, 0, 1, 0, 1, 0, 0, 1, 0, 1],
            "20/20 falls in the last bin"
        );
        assert_eq!(e.bin_labels()[9], "18 à 20");
        let years = certified_per_year(&sittings);
        assert_eq!(
            years,
            vec![(
                2026,
                vec![("Apprentissage".to_owned(), 1), ("VAE".to_owned(), 1)],
                2,
                4
            )]
        );
    }

    #[test]
    fn nobody_concerned_has_no_rate() {
        let f = figures(&[], &[], &[]);
        assert_eq!(f.pass.percent(), None);
        assert_eq!(f.enrolled, 0);
    }
}

/// A value of a figures table: text, or a number (written with a decimal comma in CSV
/// and shown as a number in a spreadsheet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    /// Nobody concerned.
    Empty,
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => super::format::decimal_fr(n.normalize()),
            Cell::Empty => "—".to_owned(),
        }
    }
}

/// One table of figures, with its title and headers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn n(value: u32) -> Cell {
    Cell::Number(Decimal::from(value))
}

fn rate_cells(rate: &Rate) -> Vec<Cell> {
    vec![
        Cell::Text(rate.label.clone()),
        n(rate.of),
        n(rate.count),
        rate.percent().map_or(Cell::Empty, Cell::Number),
    ]
}

/// Every figure as tables: what the page shows under its charts, and what the CSV and
/// XLSX files hold.
pub fn tables(figures: &Figures) -> Vec<Table> {
    let f = figures;
    let rates = |title: &str, first: &str, what: &str, rows: &[Rate]| Table {
        title: title.to_owned(),
        headers: vec![
            first.to_owned(),
            "Présents".to_owned(),
            what.to_owned(),
            "Taux (%)".to_owned(),
        ],
        rows: rows.iter().map(rate_cells).collect(),
    };
    let mut out = vec![Table {
        title: "Effectifs et résultats".to_owned(),
        headers: vec!["Indicateur".to_owned(), "Nombre".to_owned()],
        rows: [
            ("Inscrits", f.enrolled),
            ("Présents", f.present),
            ("Certifications complètes", f.full),
            ("Validations partielles (blocs)", f.partial),
            ("Non certifiés", f.not_certified),
            ("Absents", f.absent),
            ("Ajournés (rattrapage)", f.postponed),
            ("Fraudes", f.fraud),
        ]
        .iter()
        .map(|(label, value)| vec![Cell::Text((*label).to_owned()), n(*value)])
        .chain(std::iter::once(vec![
            Cell::Text("Taux de certification des présents (%)".to_owned()),
            f.pass.percent().map_or(Cell::Empty, Cell::Number),
        ]))
        .collect(),
    }];
    out.push(Table {
        title: "Validation par bloc".to_owned(),
        headers: vec![
            "Bloc".to_owned(),
            "Évalués".to_owned(),
            "Validés".to_owned(),
            "Taux (%)".to_owned(),
        ],
        rows: f.by_bloc.iter().map(rate_cells).collect(),
    });
    out.push(rates(
        "Certification par voie d'accès",
        "Voie d'accès",
        "Certifiés",
        &f.by_route,
    ));
    if !f.by_category.is_empty() {
        out.push(rates(
            "Certification par catégorie de candidat",
            "Catégorie",
            "Certifiés",
            &f.by_category,
        ));
    }
    for d in &f.epreuves {
        let mut headers = vec![
            "Notes".to_owned(),
            "Moyenne".to_owned(),
            "Médiane".to_owned(),
        ];
        headers.extend(d.bin_labels());
        let mut row = vec![
            n(d.count),
            d.mean.map_or(Cell::Empty, Cell::Number),
            d.median.map_or(Cell::Empty, Cell::Number),
        ];
        row.extend(d.bins.iter().map(|b| n(*b)));
        out.push(Table {
            title: format!(
                "{} ({})",
                super::format::code_title(&d.scale.code, &d.scale.title),
                d.scale.unit
            ),
            headers,
            rows: vec![row],
        });
    }
    out
}

/// The tables as one CSV file as French spreadsheets open it: `;`, UTF-8 with BOM, a
/// blank line between tables.
pub fn csv(tables: &[Table]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            let _ = writer.write_record([""]);
        }
        let _ = writer.write_record([t.title.as_str()]);
        let _ = writer.write_record(&t.headers);
        for row in &t.rows {
            let _ = writer.write_record(row.iter().map(Cell::text));
        }
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(writer.into_inner().unwrap_or_default());
    bytes
}
