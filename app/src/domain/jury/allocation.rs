//! Grader allocation: for every candidate × épreuve to grade, one grader (two
//! independent graders for double marking), never a grader in conflict of interest
//! with the candidate, only graders available for the épreuve, and loads balanced
//! (difference of at most one where the constraints allow it). When no valid
//! allocation exists, every blocked candidate × épreuve is listed with the reason.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// One candidate × épreuve to grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub candidate: i32,
    pub epreuve: i32,
    /// 2 for double marking.
    pub graders: u8,
    /// `S1-0001 Camille DURAND — B3.E1`, for explanations.
    pub label: String,
}

/// A grader of the jury.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grader {
    pub id: i32,
    pub name: String,
    /// The épreuves they are available for; `None`: all.
    pub epreuves: Option<HashSet<i32>>,
}

impl Grader {
    fn available_for(&self, epreuve: i32) -> bool {
        self.epreuves.as_ref().is_none_or(|e| e.contains(&epreuve))
    }
}

/// Everything the allocation depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    pub tasks: Vec<Task>,
    pub graders: Vec<Grader>,
    /// (grader, candidate) pairs that must never meet.
    pub conflicts: HashSet<(i32, i32)>,
}

/// A grader assigned to a candidate × épreuve; `rank` 1 or 2 (second grader).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    pub candidate: i32,
    pub epreuve: i32,
    pub grader: i32,
    pub rank: u8,
}

/// A candidate × épreuve that cannot be allocated, with the reason in French.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    pub candidate: i32,
    pub epreuve: i32,
    pub reason: String,
}

fn eligible(input: &Input, task: &Task) -> Vec<usize> {
    input
        .graders
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            g.available_for(task.epreuve) && !input.conflicts.contains(&(g.id, task.candidate))
        })
        .map(|(i, _)| i)
        .collect()
}

fn blocked(input: &Input, task: &Task, eligible: usize) -> Blocked {
    let available = input
        .graders
        .iter()
        .filter(|g| g.available_for(task.epreuve))
        .count();
    let conflicted = available - eligible;
    let needed = usize::from(task.graders);
    let what = if needed == 2 {
        "deux correcteurs distincts (double correction)"
    } else {
        "un correcteur"
    };
    let reason = if available == 0 {
        format!(
            "{} : il faut {what}, mais aucun membre du jury n'est disponible pour cette épreuve.",
            task.label
        )
    } else if conflicted > 0 {
        format!(
            "{} : il faut {what} ; {available} membre(s) disponible(s) pour cette épreuve, dont {conflicted} en conflit d'intérêts avec ce candidat.",
            task.label
        )
    } else {
        format!(
            "{} : il faut {what}, mais seulement {available} membre(s) disponible(s) pour cette épreuve.",
            task.label
        )
    };
    Blocked {
        candidate: task.candidate,
        epreuve: task.epreuve,
        reason,
    }
}

/// Proposes an allocation, or lists every candidate × épreuve that cannot have one.
pub fn allocate(input: &Input) -> Result<Vec<Assignment>, Vec<Blocked>> {
    let eligibility: Vec<Vec<usize>> = input.tasks.iter().map(|t| eligible(input, t)).collect();
    let problems: Vec<Blocked> = input
        .tasks
        .iter()
        .zip(&eligibility)
        .filter(|(t, e)| e.len() < usize::from(t.graders))
        .map(|(t, e)| blocked(input, t, e.len()))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    // Most constrained first, then least loaded grader (ties: order of the jury).
    let mut order: Vec<usize> = (0..input.tasks.len()).collect();
    order.sort_by_key(|&i| eligibility[i].len());
    let mut load = vec![0usize; input.graders.len()];
    // Per task: the chosen grader indices.
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); input.tasks.len()];
    for &t in &order {
        for _ in 0..input.tasks[t].graders {
            let pick = eligibility[t]
                .iter()
                .copied()
                .filter(|g| !chosen[t].contains(g))
                .min_by_key(|&g| (load[g], g))
                .unwrap_or_default();
            load[pick] += 1;
            chosen[t].push(pick);
        }
    }
    rebalance(input, &eligibility, &mut chosen, &mut load);
    Ok(chosen
        .iter()
        .enumerate()
        .flat_map(|(t, graders)| {
            let task = &input.tasks[t];
            graders
                .iter()
                .enumerate()
                .map(move |(rank, &g)| Assignment {
                    candidate: task.candidate,
                    epreuve: task.epreuve,
                    grader: input.graders[g].id,
                    rank: u8::try_from(rank + 1).unwrap_or(u8::MAX),
                })
        })
        .collect())
}

/// Moves work from the most to the least loaded graders while a move is allowed and
/// narrows the gap; each move lowers the sum of squared loads, so it ends.
fn rebalance(
    input: &Input,
    eligibility: &[Vec<usize>],
    chosen: &mut [Vec<usize>],
    load: &mut [usize],
) {
    let graders = input.graders.len();
    let eligible_sets: Vec<HashSet<usize>> = eligibility
        .iter()
        .map(|e| e.iter().copied().collect())
        .collect();
    let mut of_grader: Vec<Vec<usize>> = vec![Vec::new(); graders];
    for (t, gs) in chosen.iter().enumerate() {
        for &g in gs {
            of_grader[g].push(t);
        }
    }
    loop {
        let mut by_load: Vec<usize> = (0..graders).collect();
        by_load.sort_by_key(|&g| load[g]);
        let mut moved = false;
        'search: for &high in by_load.iter().rev() {
            for &low in &by_load {
                if load[high] <= load[low] + 1 {
                    break;
                }
                let found = of_grader[high]
                    .iter()
                    .position(|&t| eligible_sets[t].contains(&low) && !chosen[t].contains(&low));
                if let Some(position) = found {
                    let t = of_grader[high].swap_remove(position);
                    if let Some(slot) = chosen[t].iter_mut().find(|g| **g == high) {
                        *slot = low;
                    }
                    of_grader[low].push(t);
                    load[high] -= 1;
                    load[low] += 1;
                    moved = true;
                    break 'search;
                }
            }
        }
        if !moved {
            return;
        }
    }
}

/// Checks an allocation changed by the certifier against the same rules: every
/// problem in French (empty when valid).
pub fn check(input: &Input, assignments: &[Assignment]) -> Vec<String> {
    let names: HashMap<i32, &Grader> = input.graders.iter().map(|g| (g.id, g)).collect();
    let mut per_task: HashMap<(i32, i32), Vec<i32>> = HashMap::new();
    for a in assignments {
        per_task
            .entry((a.candidate, a.epreuve))
            .or_default()
            .push(a.grader);
    }
    let mut problems = Vec::new();
    for task in &input.tasks {
        let graders = per_task
            .remove(&(task.candidate, task.epreuve))
            .unwrap_or_default();
        let distinct: HashSet<i32> = graders.iter().copied().collect();
        if distinct.len() != graders.len() {
            problems.push(format!(
                "{} : le même correcteur est désigné deux fois.",
                task.label
            ));
        }
        if distinct.len() < usize::from(task.graders) {
            problems.push(format!(
                "{} : il faut {} correcteur(s), {} désigné(s).",
                task.label,
                task.graders,
                distinct.len()
            ));
        }
        for g in graders {
            match names.get(&g) {
                None => problems.push(format!(
                    "{} : ce correcteur ne siège pas au jury.",
                    task.label
                )),
                Some(grader) => {
                    if input.conflicts.contains(&(g, task.candidate)) {
                        problems.push(format!(
                            "{} : {} est en conflit d'intérêts avec ce candidat.",
                            task.label, grader.name
                        ));
                    }
                    if !grader.available_for(task.epreuve) {
                        problems.push(format!(
                            "{} : {} n'est pas disponible pour cette épreuve.",
                            task.label, grader.name
                        ));
                    }
                }
            }
        }
    }
    problems
}

/// Assignments per grader id.
pub fn loads(input: &Input, assignments: &[Assignment]) -> HashMap<i32, usize> {
    let mut loads: HashMap<i32, usize> = input.graders.iter().map(|g| (g.id, 0)).collect();
    for a in assignments {
        *loads.entry(a.grader).or_default() += 1;
    }
    loads
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(candidates: i32, epreuves: &[(i32, u8)], graders: i32) -> Input {
        Input {
            tasks: (1..=candidates)
                .flat_map(|c| {
                    epreuves.iter().map(move |&(e, n)| Task {
                        candidate: c,
                        epreuve: e,
                        graders: n,
                        label: format!("C{c} — E{e}"),
                    })
                })
                .collect(),
            graders: (1..=graders)
                .map(|id| Grader {
                    id,
                    name: format!("Correcteur {id}"),
                    epreuves: None,
                })
                .collect(),
            conflicts: HashSet::new(),
        }
    }

    fn spread(input: &Input, assignments: &[Assignment]) -> usize {
        let loads = loads(input, assignments);
        loads.values().max().copied().unwrap_or(0) - loads.values().min().copied().unwrap_or(0)
    }

    #[test]
    fn conflicts_are_avoided_and_loads_balanced() {
        let mut input = input(30, &[(1, 1), (2, 2)], 4);
        input.conflicts.extend([(1, 1), (2, 1), (1, 2)]);
        let assignments = allocate(&input).expect("allocation");
        assert_eq!(assignments.len(), 30 * 3);
        assert!(check(&input, &assignments).is_empty());
        assert!(spread(&input, &assignments) <= 1);
        // Candidate 1 is graded by graders 3 and 4 only, both for the double marking.
        let mut of_first: Vec<(i32, i32)> = assignments
            .iter()
            .filter(|a| a.candidate == 1)
            .map(|a| (a.epreuve, a.grader))
            .collect();
        of_first.sort_unstable();
        assert_eq!(
            of_first
                .iter()
                .filter(|(e, _)| *e == 2)
                .map(|(_, g)| *g)
                .collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert!(of_first.iter().all(|(_, g)| *g >= 3));
    }

    #[test]
    fn an_impossible_allocation_says_which_candidate_and_why() {
        let mut input = input(3, &[(7, 2)], 3);
        input.conflicts.extend([(1, 2), (2, 2)]);
        input.graders[2].epreuves = Some(HashSet::new());
        let problems = allocate(&input).expect_err("impossible");
        assert_eq!(
            problems,
            vec![Blocked {
                candidate: 2,
                epreuve: 7,
                reason: "C2 — E7 : il faut deux correcteurs distincts (double correction) ; 2 membre(s) disponible(s) pour cette épreuve, dont 2 en conflit d'intérêts avec ce candidat.".to_owned(),
            }]
        );
        let nobody = Input {
            graders: Vec::new(),
            ..input.clone()
        };
        let problems = allocate(&nobody).expect_err("nobody");
        assert_eq!(problems.len(), 3);
        assert!(
            problems[0]
                .reason
                .contains("aucun membre du jury n'est disponible")
        );
    }

    #[test]
    fn a_changed_allocation_is_checked_by_the_same_rules() {
        let mut input = input(2, &[(1, 2)], 3);
        input.conflicts.insert((3, 2));
        let assignments = vec![
            Assignment {
                candidate: 1,
                epreuve: 1,
                grader: 1,
                rank: 1,
            },
            Assignment {
                candidate: 1,
                epreuve: 1,
                grader: 1,
                rank: 2,
            },
            Assignment {
                candidate: 2,
                epreuve: 1,
                grader: 3,
                rank: 1,
            },
            Assignment {
                candidate: 2,
                epreuve: 1,
                grader: 9,
                rank: 2,
            },
        ];
        assert_eq!(
            check(&input, &assignments),
            vec![
                "C1 — E1 : le même correcteur est désigné deux fois.",
                "C1 — E1 : il faut 2 correcteur(s), 1 désigné(s).",
                "C2 — E1 : Correcteur 3 est en conflit d'intérêts avec ce candidat.",
                "C2 — E1 : ce correcteur ne siège pas au jury.",
            ]
        );
    }

    #[test]
    fn two_percent_conflicts_on_a_large_session_still_balance() {
        let mut input = input(500, &[(1, 1), (2, 2), (3, 1), (4, 1)], 40);
        for c in 1..=500 {
            input.conflicts.insert(((c * 7) % 40 + 1, c));
        }
        let assignments = allocate(&input).expect("allocation");
        assert!(check(&input, &assignments).is_empty());
        assert!(spread(&input, &assignments) <= 1);
    }

    proptest! {
        #[test]
        fn allocations_respect_every_rule(
            candidates in 1i32..40,
            epreuves in proptest::collection::vec(1u8..=2, 1..4),
            graders in 2i32..8,
            conflicts in proptest::collection::vec((1i32..8, 1i32..40), 0..20),
            unavailable in proptest::collection::vec((1i32..8, 0usize..4), 0..4),
        ) {
            let epreuves: Vec<(i32, u8)> = epreuves.iter().enumerate().map(|(i, &n)| (i32::try_from(i).unwrap_or(0) + 1, n)).collect();
            let mut input = input(candidates, &epreuves, graders);
            input.conflicts.extend(conflicts.iter().copied());
            for (g, e) in &unavailable {
                if let Some(grader) = input.graders.iter_mut().find(|x| x.id == *g) {
                    let all: HashSet<i32> = epreuves.iter().map(|(id, _)| *id).filter(|id| *id != i32::try_from(*e).unwrap_or(0) + 1).collect();
                    grader.epreuves = Some(all);
                }
            }
            match allocate(&input) {
                Ok(assignments) => {
                    // Never a conflicted pair, always available, double marking by two.
                    prop_assert!(check(&input, &assignments).is_empty());
                    prop_assert_eq!(assignments.len(), input.tasks.iter().map(|t| usize::from(t.graders)).sum::<usize>());
                    if conflicts.is_empty() && unavailable.is_empty() {
                        prop_assert!(spread(&input, &assignments) <= 1);
                    }
                }
                Err(problems) => {
                    // Every blocked task truly lacks eligible graders.
                    prop_assert!(!problems.is_empty());
                    for p in problems {
                        let task = input.tasks.iter().find(|t| t.candidate == p.candidate && t.epreuve == p.epreuve).expect("task");
                        prop_assert!(eligible(&input, task).len() < usize::from(task.graders));
                    }
                }
            }
        }
    }
}
