//! Which named types contain each other: the groups of types that reach one another in the
//! "contains without indirection" graph (its strongly connected sets, found by Tarjan's
//! algorithm, iterative so a long chain of types cannot overflow the stack). A field whose type
//! is in its own struct's group must be boxed.

use std::collections::BTreeMap;

/// The group of every node, as an index; nodes in one group reach each other.
pub fn groups(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<&str, usize> {
    let nodes: Vec<&str> = edges.keys().map(String::as_str).collect();
    let position: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // Children by position; edges to types that are not defined lead nowhere.
    let children: Vec<Vec<usize>> = edges
        .values()
        .map(|to| {
            to.iter()
                .filter_map(|c| position.get(c.as_str()).copied())
                .collect()
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; nodes.len()];
    let mut low = vec![0; nodes.len()];
    let mut on_stack = vec![false; nodes.len()];
    let mut group = vec![UNSEEN; nodes.len()];
    let mut stack = Vec::new();
    let mut visited = 0;
    let mut groups = 0;
    for root in 0..nodes.len() {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next child to look at)
        let mut path = vec![(root, 0)];
        order[root] = visited;
        low[root] = visited;
        visited += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&child) = children[node].get(*next) {
                *next += 1;
                if order[child] == UNSEEN {
                    order[child] = visited;
                    low[child] = visited;
                    visited += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    path.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    group[member] = groups;
                    if member == node {
                        break;
                    }
                }
                groups += 1;
            }
        }
    }
    nodes.into_iter().zip(group).collect()
}

/// The number of groups on the longest chain of edges: how deep the graph nests once the
/// types that contain one another count as one.
pub fn depth(edges: &BTreeMap<String, Vec<String>>) -> usize {
    let group_of = groups(edges);
    // Tarjan's algorithm closes a group after every group it reaches, so in the order groups
    // are numbered, whatever a group reaches has been measured before it.
    let mut by_group: Vec<(usize, &str)> = group_of.iter().map(|(n, g)| (*g, *n)).collect();
    by_group.sort_unstable();
    let mut depth = vec![0; by_group.last().map_or(0, |(g, _)| g + 1)];
    for (group, node) in by_group {
        let deepest_child = edges[node]
            .iter()
            .filter_map(|child| group_of.get(child.as_str()))
            .filter(|child| **child != group)
            .map(|child| depth[*child])
            .max()
            .unwrap_or(0);
        depth[group] = depth[group].max(deepest_child + 1);
    }
    depth.into_iter().max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        edges
            .iter()
            .map(|(from, to)| (from.to_string(), to.iter().map(|t| t.to_string()).collect()))
            .collect()
    }

    #[test]
    fn types_that_contain_each_other_share_a_group() {
        let edges = graph(&[
            ("A", &["B"]),
            ("B", &["C", "Missing"]),
            ("C", &["A", "D"]),
            ("D", &[]),
            ("E", &["E"]),
            ("F", &["D"]),
        ]);
        let of = groups(&edges);
        assert_eq!(of["A"], of["B"]);
        assert_eq!(of["B"], of["C"]);
        assert_ne!(of["C"], of["D"]);
        assert_ne!(of["E"], of["F"]);
        assert_ne!(of["F"], of["D"]);
        assert_ne!(of["A"], of["F"]);
    }

    #[test]
    fn depth_counts_the_longest_chain_with_each_cycle_once() {
        let edges = graph(&[
            ("A", &["B", "D"]),
            ("B", &["C"]),
            ("C", &["B", "D"]),
            ("D", &["Missing"]),
            ("E", &[]),
        ]);
        // A, then B and C (one cycle), then D.
        assert_eq!(depth(&edges), 3);
        assert_eq!(depth(&BTreeMap::new()), 0);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let names: Vec<String> = (0..100_000).map(|i| format!("T{i}")).collect();
        let mut edges: BTreeMap<String, Vec<String>> = names
            .windows(2)
            .map(|pair| (pair[0].clone(), vec![pair[1].clone()]))
            .collect();
        edges.insert(names[99_999].clone(), vec![names[0].clone()]);
        let of = groups(&edges);
        assert!(names.iter().all(|n| of[n.as_str()] == of["T0"]));
    }
}
