//! The remediation algorithm (hier_config's `config_to_get_to`): negate what running has and
//! intended lacks, add what intended has and running lacks, recurse into shared sections.

use super::htree::{HTree, Id};
use super::idempotency::is_idempotent_command;
use super::negate::negate;

type Res<T> = Result<T, String>;

/// Fills `delta` (node `d`) with the commands that turn `run` (node `r`) into `tgt` (node `g`).
pub(crate) fn config_to_get_to<'a>(
    run: &HTree<'a, '_>,
    r: Id,
    tgt: &HTree<'a, '_>,
    g: Id,
    delta: &mut HTree<'a, '_>,
    d: Id,
) -> Res<()> {
    // left: negations
    for &sc in run.children(r) {
        let text = run.text(sc);
        if tgt.get_hashed(g, text, run.nodes[sc as usize].h).is_some() {
            continue;
        }
        if is_idempotent_command(run, sc, tgt, tgt.children(g)) {
            continue;
        }
        let n = delta.add_child(d, run.nodes[sc as usize].text.clone(), false, true)?;
        negate(delta, n)?;
    }
    // right: additions and recursion
    for &tc in tgt.children(g) {
        let text = tgt.text(tc);
        let h = tgt.nodes[tc as usize].h;
        if let Some(sc) = run.get_hashed(r, text, h) {
            if run.o.overwrite.iter().any(|l| run.lineage_match(sc, l)) {
                overwrite_with(run, sc, tgt, tc, delta, d, true)?;
                continue;
            }
            if run
                .o
                .overwrite_no_negate
                .iter()
                .any(|l| run.lineage_match(sc, l))
            {
                overwrite_with(run, sc, tgt, tc, delta, d, false)?;
                continue;
            }
            let sub = delta.instantiate_hashed(d, tgt.nodes[tc as usize].text.clone(), Some(h));
            config_to_get_to(run, sc, tgt, tc, delta, sub)?;
            if !delta.children(sub).is_empty() {
                delta.append(d, sub, true);
            } else if delta.nodes.len() == sub as usize + 1 {
                // Nothing to do in this section: reclaim the detached node.
                delta.nodes.pop();
            }
        } else {
            if delta.get_hashed(d, text, h).is_some() {
                continue;
            }
            delta.add_deep_copy_of(d, tgt, tc)?;
        }
    }
    Ok(())
}

fn overwrite_with<'a>(
    run: &HTree<'a, '_>,
    sc: Id,
    tgt: &HTree<'a, '_>,
    tc: Id,
    delta: &mut HTree<'a, '_>,
    d: Id,
    negate_first: bool,
) -> Res<()> {
    if run.children_eq(sc, tgt, tc) {
        return Ok(());
    }
    if negate_first {
        let n = match delta.get(d, run.text(sc)) {
            Some(n) => n,
            None => {
                let n = delta.instantiate(d, run.nodes[sc as usize].text.clone());
                delta.append(d, n, true);
                n
            }
        };
        negate(delta, n)?;
    } else {
        let t = run.text(sc).to_string();
        delta.delete_text(d, &t);
    }
    if !run.children(sc).is_empty() {
        delta.add_deep_copy_of(d, tgt, tc)?;
    }
    Ok(())
}
