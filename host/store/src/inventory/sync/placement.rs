//! Where an incoming object goes: the row already synced from the same source id, a local
//! row of the same name to adopt, or a new row. A name held by another source's object is a
//! conflict the operator must resolve, never a silent merge.

use std::collections::HashMap;

use aurum_inventory::{SyncAction, SyncKind};

use crate::StoreError;

/// The rows of one kind as the transaction found them, indexed both ways.
pub(super) struct Existing<R> {
    by_source_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Source id to row id, for references: rows synced before plus those this sync wrote.
    ids: HashMap<String, i64>,
    pub(super) rows: Vec<ExistingRow<R>>,
}

pub(super) struct ExistingRow<R> {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) source: Option<String>,
    pub(super) source_id: Option<String>,
    /// The fields a sync compares to decide whether to update.
    pub(super) fields: R,
}

pub(super) enum Placement<'r, R> {
    /// Synced before from this source id: update it if its fields differ.
    Synced(&'r ExistingRow<R>),
    /// A local object of the same name, taken over by the source.
    Adopt(&'r ExistingRow<R>),
    New,
}

impl<'r, R> Placement<'r, R> {
    /// What to do: create, adopt, update (when `changes` of the synced row describes a
    /// difference) or nothing; the row's id when there is one; the change's detail.
    pub(super) fn decide(
        self,
        changes: impl FnOnce(&'r ExistingRow<R>) -> String,
    ) -> (Option<SyncAction>, Option<i64>, String) {
        match self {
            Placement::Synced(row) => {
                let detail = changes(row);
                let action = Some(SyncAction::Update).filter(|_| !detail.is_empty());
                (action, Some(row.id), detail)
            }
            Placement::Adopt(row) => (Some(SyncAction::Adopt), Some(row.id), String::new()),
            Placement::New => (Some(SyncAction::Create), None, String::new()),
        }
    }
}

impl<R> Existing<R> {
    pub(super) fn new(source: &str, rows: Vec<ExistingRow<R>>) -> Existing<R> {
        let mut by_source_id = HashMap::with_capacity(rows.len());
        let mut by_name = HashMap::with_capacity(rows.len());
        let mut ids = HashMap::with_capacity(rows.len());
        for (index, row) in rows.iter().enumerate() {
            if row.source.as_deref() == Some(source)
                && let Some(id) = &row.source_id
            {
                by_source_id.insert(id.clone(), index);
                ids.insert(id.clone(), row.id);
            }
            by_name.insert(row.name.clone(), index);
        }
        Existing {
            by_source_id,
            by_name,
            ids,
            rows,
        }
    }

    /// Where the object `source_id`, named `name` in the source, goes.
    pub(super) fn place(
        &self,
        kind: SyncKind,
        source: &str,
        source_id: &str,
        name: &str,
    ) -> Result<Placement<'_, R>, StoreError> {
        if let Some(&index) = self.by_source_id.get(source_id) {
            return Ok(Placement::Synced(&self.rows[index]));
        }
        let Some(&index) = self.by_name.get(name) else {
            return Ok(Placement::New);
        };
        let row = &self.rows[index];
        match &row.source {
            None => Ok(Placement::Adopt(row)),
            Some(owner) => Err(StoreError::Conflict {
                what: format!("{} `{name}` from {source} (id {source_id})", kind.label()),
                message: format!(
                    "Aurum already has a {} of that name from {owner} (id {}); rename one of them in the source of truth and sync again",
                    kind.label(),
                    row.source_id.as_deref().unwrap_or("?"),
                ),
            }),
        }
    }

    /// The source-id-to-row-id map, for the kinds that refer to this one.
    pub(super) fn into_ids(self) -> HashMap<String, i64> {
        self.ids
    }

    /// Records the row the sync wrote for `source_id`, so later objects can refer to it.
    pub(super) fn record(&mut self, source_id: &str, id: i64) {
        self.ids.insert(source_id.to_string(), id);
    }
}

/// `name: old -> new` parts for the fields that differ, joined for a change line.
pub(super) fn describe_changes(parts: &[(&str, String, String)]) -> String {
    parts
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| format!("{field}: {old} -> {new}"))
        .collect::<Vec<_>>()
        .join("; ")
}
