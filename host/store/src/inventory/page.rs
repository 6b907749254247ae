//! One page of the device list read by the database: filtered, searched, sorted, counted and
//! cut to its rows in SQL, so a page of 50 reads 50 devices however many the inventory holds.
//! What SQL cannot answer exactly as [`DeviceFilter::matches`] and the in-memory search do (a
//! name pattern with `*`, a search with non-ASCII letters, whose case only Rust folds) is left
//! to the caller: [`DevicePageQuery::in_sql`] says which.

use aurum_inventory::{Device, DeviceFilter};
use sqlx::AssertSqlSafe;

use super::read::{DeviceRow, device_from_row};
use crate::error::QueryContext;
use crate::like::{contains_like, contains_pattern};
use crate::{DbKind, Store, StoreError};

/// The columns a device page sorts by (then by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceSort {
    #[default]
    Name,
    Platform,
    Location,
    Role,
    Tenant,
    Status,
}

impl DeviceSort {
    /// The sort named `name`, `platform`, `location`, `role`, `tenant` or `status`.
    pub fn parse(name: &str) -> Option<DeviceSort> {
        Some(match name {
            "name" => DeviceSort::Name,
            "platform" => DeviceSort::Platform,
            "location" => DeviceSort::Location,
            "role" => DeviceSort::Role,
            "tenant" => DeviceSort::Tenant,
            "status" => DeviceSort::Status,
            _ => return None,
        })
    }

    fn column(self) -> &'static str {
        match self {
            DeviceSort::Name => "d.name",
            DeviceSort::Platform => "COALESCE(p.name, '')",
            DeviceSort::Location => "COALESCE(l.name, '')",
            DeviceSort::Role => "COALESCE(r.name, '')",
            DeviceSort::Tenant => "COALESCE(t.name, '')",
            DeviceSort::Status => "d.status",
        }
    }
}

/// Which page of devices.
#[derive(Debug, Clone, Default)]
pub struct DevicePageQuery {
    pub filter: DeviceFilter,
    /// A case-insensitive substring of the name, address, platform, location, role or tenant
    /// (and a tag, with `q_tags`); empty: every device.
    pub q: String,
    pub q_tags: bool,
    pub sort: DeviceSort,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

impl DevicePageQuery {
    /// Whether [`Store::device_page`] answers this query exactly as filtering in memory would.
    pub fn in_sql(&self) -> bool {
        self.filter.name.iter().all(|name| !name.contains('*')) && self.q.trim().is_ascii()
    }
}

/// The conditions of a page's query and their bound values, in order.
struct Conditions {
    sql: Vec<String>,
    binds: Vec<String>,
}

impl Conditions {
    fn bind(&mut self, value: String) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// `column IN (...)` over `values`, if any.
    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let placeholders: Vec<String> = values.iter().map(|v| self.bind(v.clone())).collect();
        self.sql
            .push(format!("{column} IN ({})", placeholders.join(", ")));
    }
}

const PAGE_FROM: &str = "FROM devices d \
     LEFT JOIN platforms p ON p.id = d.platform_id \
     LEFT JOIN locations l ON l.id = d.location_id \
     LEFT JOIN roles r ON r.id = d.role_id \
     LEFT JOIN tenants t ON t.id = d.tenant_id \
     LEFT JOIN secrets_groups sg ON sg.id = d.secrets_group_id ";

/// The count's FROM: the devices, joined only to the tables the filter names. SQLite keeps
/// unused LEFT JOINs, which were 22 of the 22.5 ms of counting 50,000 devices; the search
/// and the other conditions read the devices' own columns.
fn count_from(filter: &DeviceFilter) -> String {
    let mut from = String::from("FROM devices d ");
    for (values, join) in [
        (
            &filter.platform,
            "LEFT JOIN platforms p ON p.id = d.platform_id ",
        ),
        (
            &filter.location,
            "LEFT JOIN locations l ON l.id = d.location_id ",
        ),
        (&filter.role, "LEFT JOIN roles r ON r.id = d.role_id "),
        (&filter.tenant, "LEFT JOIN tenants t ON t.id = d.tenant_id "),
    ] {
        if !values.is_empty() {
            from.push_str(join);
        }
    }
    from
}

impl Store {
    /// The devices of one page and how many match in all. The query must be one
    /// [`DevicePageQuery::in_sql`] accepts.
    pub async fn device_page(
        &self,
        query: &DevicePageQuery,
    ) -> Result<(usize, Vec<Device>), StoreError> {
        debug_assert!(query.in_sql(), "a page the database cannot answer exactly");
        let conditions = conditions(query, self.kind());
        let filter = if conditions.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {} ", conditions.sql.join(" AND "))
        };
        let count_sql = format!("SELECT COUNT(*) {}{filter}", count_from(&query.filter));
        let mut count = sqlx::query_as::<_, (i64,)>(AssertSqlSafe(count_sql));
        for value in &conditions.binds {
            count = count.bind(value);
        }
        let (count,) = count
            .fetch_one(&self.pool)
            .await
            .context("counting a page of devices")?;
        // Byte order, as Rust sorts strings; PostgreSQL's default collation is the locale's.
        let collate = match self.kind() {
            DbKind::Postgres => " COLLATE \"C\"",
            DbKind::Sqlite => "",
        };
        let direction = if query.descending { " DESC" } else { "" };
        let page_sql = format!(
            "SELECT d.id, d.name, d.address, d.port, p.name, l.name, r.name, t.name, sg.name, \
             d.status, d.data {PAGE_FROM}{filter}ORDER BY {}{collate}{direction}, \
             d.name{collate}{direction} LIMIT {} OFFSET {}",
            query.sort.column(),
            query.limit.min(i64::MAX as usize),
            // The databases count in signed 64 bits; past that no page has rows anyway.
            query.offset.min(i64::MAX as usize),
        );
        let mut page = sqlx::query_as::<_, DeviceRow>(AssertSqlSafe(page_sql));
        for value in &conditions.binds {
            page = page.bind(value);
        }
        let rows = page
            .fetch_all(&self.pool)
            .await
            .context("reading a page of devices")?;
        let ids: Vec<i64> = rows.iter().map(|row| row.0).collect();
        let mut tags = self.tags_of_devices(&ids).await?;
        let mut devices = Vec::with_capacity(rows.len());
        for row in rows {
            let id = row.0;
            let mut device = device_from_row(row)?;
            device.tags = tags.remove(&id).unwrap_or_default();
            devices.push(device);
        }
        Ok((usize::try_from(count).unwrap_or_default(), devices))
    }

    /// The tags of these devices only, by device id, each device's sorted by name.
    async fn tags_of_devices(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Vec<String>>, StoreError> {
        let mut tags: std::collections::HashMap<i64, Vec<String>> = Default::default();
        if ids.is_empty() {
            return Ok(tags);
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT dt.device_id, t.name FROM device_tags dt JOIN tags t ON t.id = dt.tag_id \
             WHERE dt.device_id IN ({}) ORDER BY t.name",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(id);
        }
        for (device, tag) in query
            .fetch_all(&self.pool)
            .await
            .context("reading a page's device tags")?
        {
            tags.entry(device).or_default().push(tag);
        }
        Ok(tags)
    }
}

/// The `WHERE` conditions of a page: the filter's fields, then the search. On SQLite `LIKE`
/// already ignores ASCII case, and its `LOWER` folds only ASCII too, so the columns are not
/// lowered there: folding two columns per device cost two thirds of a search over 10,000
/// devices. PostgreSQL's `LIKE` heeds case.
fn conditions(query: &DevicePageQuery, kind: DbKind) -> Conditions {
    let mut conditions = Conditions {
        sql: Vec::new(),
        binds: Vec::new(),
    };
    let filter = &query.filter;
    conditions.any_of("d.name", &filter.name);
    conditions.any_of("l.name", &filter.location);
    conditions.any_of("r.name", &filter.role);
    conditions.any_of("p.name", &filter.platform);
    conditions.any_of("t.name", &filter.tenant);
    conditions.any_of("d.status", &filter.status);
    if !filter.tag.is_empty() {
        let mut tagged = Conditions {
            sql: Vec::new(),
            binds: std::mem::take(&mut conditions.binds),
        };
        tagged.any_of("tg.name", &filter.tag);
        conditions.binds = tagged.binds;
        conditions.sql.push(format!(
            "EXISTS (SELECT 1 FROM device_tags dtg JOIN tags tg ON tg.id = dtg.tag_id \
             WHERE dtg.device_id = d.id AND {})",
            tagged.sql[0]
        ));
    }
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = conditions.bind(contains_pattern(q));
        let like = |column: &str| contains_like(kind, column, &pattern);
        // The related objects' names are matched once per table, not once per device: a
        // search over 10,000 devices then folds two columns per row, not six.
        let related = |id: &str, table: &str| {
            format!("d.{id} IN (SELECT id FROM {table} WHERE {})", like("name"))
        };
        let mut any: Vec<String> = vec![
            like("d.name"),
            like("d.address"),
            related("platform_id", "platforms"),
            related("location_id", "locations"),
            related("role_id", "roles"),
            related("tenant_id", "tenants"),
        ];
        if query.q_tags {
            any.push(format!(
                "d.id IN (SELECT dtq.device_id FROM device_tags dtq \
                 JOIN tags tq ON tq.id = dtq.tag_id WHERE {})",
                like("tq.name")
            ));
        }
        conditions.sql.push(format!("({})", any.join(" OR ")));
    }
    conditions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_patterns_and_non_ascii_searches_are_left_to_memory() {
        let mut query = DevicePageQuery::default();
        assert!(query.in_sql());
        query.filter.name = vec!["ams*".into()];
        assert!(!query.in_sql());
        query.filter.name = vec!["ams1-leaf1".into()];
        query.q = "Zürich".into();
        assert!(!query.in_sql());
    }

    #[test]
    fn each_value_is_bound_once_in_order() {
        let query = DevicePageQuery {
            filter: DeviceFilter {
                role: vec!["leaf".into(), "spine".into()],
                tag: vec!["pci".into()],
                ..DeviceFilter::default()
            },
            q: "ams".into(),
            q_tags: true,
            ..DevicePageQuery::default()
        };
        let conditions_of = |kind| conditions(&query, kind);
        let postgres = conditions_of(DbKind::Postgres);
        assert_eq!(postgres.binds, ["leaf", "spine", "pci", "%ams%"]);
        let sql = postgres.sql.join(" AND ");
        assert!(sql.contains("r.name IN ($1, $2)"), "{sql}");
        assert!(sql.contains("tg.name IN ($3)"), "{sql}");
        assert!(sql.contains("LOWER(tq.name) LIKE $4"), "{sql}");
        let sqlite = conditions_of(DbKind::Sqlite).sql.join(" AND ");
        assert!(sqlite.contains("(d.name LIKE $4 ESCAPE"), "{sqlite}");
    }
}
