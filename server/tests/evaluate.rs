//! `server evaluate` and `server grid`, run as a user would, on the example files of
//! docs/examples (the files README and docs/evaluate.md point to).

use std::path::PathBuf;
use std::process::{Command, Output};

fn docs(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/examples")
        .join(file)
        .display()
        .to_string()
}

fn server(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .output()
        .expect("run server")
}

fn decisions(template: &str) -> Vec<String> {
    let output = server(&[
        "evaluate",
        "--grid",
        template,
        "--candidates",
        &docs(&format!("candidates-{template}.json")),
        "--date",
        "19/03/2027",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    reports
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["decision"].as_str().expect("decision").to_owned())
        .collect()
}

#[test]
fn the_documented_examples_give_the_documented_decisions() {
    assert_eq!(
        decisions("A"),
        ["full_certification", "not_certified", "not_certified"]
    );
    assert_eq!(decisions("B"), ["full_certification", "blocs_only"]);
    assert_eq!(decisions("C"), ["full_certification", "postponed"]);
    assert_eq!(
        decisions("D"),
        [
            "full_certification",
            "not_certified",
            "blocs_only",
            "full_certification"
        ]
    );
    assert_eq!(
        decisions("E"),
        [
            "full_certification",
            "blocs_only",
            "blocs_only",
            "absent",
            "fraud",
            "postponed"
        ]
    );
}

#[test]
fn the_text_format_is_a_french_table_with_explanations() {
    let output = server(&[
        "evaluate",
        "--grid",
        "RNCP36390",
        "--candidates",
        &docs("candidates-E.json"),
        "--format",
        "text",
        "--date",
        "2027-03-19",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        text.starts_with("Délibération du 19/03/2027 — 6 candidat(s)"),
        "{text}"
    );
    assert!(text.contains("E27-003 Emma Roux — Validation partielle (blocs validés)"));
    assert!(text.contains("« RNCP36390BC03 » : 6,74/20 < 8/20 : note éliminatoire."));
    assert!(text.contains("RNCP36390BC04 (acquis)"));
}

#[test]
fn a_grid_file_works_like_the_built_in_template_and_the_docs_are_current() {
    for template in ["A", "B", "C", "D", "E"] {
        let printed = server(&["grid", template]);
        assert!(printed.status.success());
        let documented = std::fs::read_to_string(docs(&format!("grid-{template}.json")))
            .expect("documented grid");
        assert_eq!(
            String::from_utf8_lossy(&printed.stdout),
            documented,
            "docs/examples/grid-{template}.json is stale"
        );
    }
    let from_file = server(&[
        "evaluate",
        "--grid",
        &docs("grid-E.json"),
        "--candidates",
        &docs("candidates-E.json"),
        "--date",
        "2027-03-19",
    ]);
    let from_template = server(&[
        "evaluate",
        "--grid",
        "E",
        "--candidates",
        &docs("candidates-E.json"),
        "--date",
        "2027-03-19",
    ]);
    assert_eq!(from_file.stdout, from_template.stdout);
}

#[test]
fn a_broken_grid_and_bad_marks_are_refused_with_every_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut grid: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(docs("grid-E.json")).expect("grid"))
            .expect("json");
    grid["units"][0]["validation"]["value"] = serde_json::json!("25");
    grid["components"][0]["unit"] = serde_json::json!("BLOC-FANTOME");
    let grid_path = dir.path().join("grid.json");
    std::fs::write(&grid_path, grid.to_string()).expect("write");
    let output = server(&[
        "evaluate",
        "--grid",
        grid_path.to_str().expect("path"),
        "--candidates",
        &docs("candidates-E.json"),
    ]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("la grille ne peut pas fonctionner"),
        "{error}"
    );
    assert!(
        error.contains("le seuil 25 sort de l'échelle [0 ; 20]"),
        "{error}"
    );
    assert!(
        error.contains("« M1.1 » désigne l'unité « BLOC-FANTOME », qui n'existe pas"),
        "{error}"
    );
    assert!(output.stdout.is_empty());

    let candidates = r#"[{"candidate": "X1", "results": [{"component": "M1.1", "points": 40.5}, {"component": "M1.4", "points": 3.333}]},
                        {"candidate": "X2", "results": [{"component": "B9.E9", "points": 1}]}]"#;
    let candidates_path = dir.path().join("candidates.json");
    std::fs::write(&candidates_path, candidates).expect("write");
    let output = server(&[
        "evaluate",
        "--grid",
        "E",
        "--candidates",
        candidates_path.to_str().expect("path"),
    ]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("X1, « M1.1 » : la note 40,5 dépasse le maximum de 40 points"),
        "{error}"
    );
    assert!(
        error.contains("X1, « M1.4 » : la note 3,333 a plus de deux décimales"),
        "{error}"
    );
    assert!(
        error.contains("X2 : la composante « B9.E9 » n'existe pas dans la grille"),
        "{error}"
    );
}

#[test]
fn an_unknown_template_is_explained() {
    let output = server(&[
        "evaluate",
        "--grid",
        "Z",
        "--candidates",
        &docs("candidates-E.json"),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("n'est ni un modèle intégré"));
}
