use std::collections::BTreeSet;

use aurum_store::UserRecord;

/// Who is asking: a stored user with its groups and permissions, or the local CLI acting as
/// the installation's owner. Every service call carries one, so rules (config users, bypass
/// lists, permissions) hold the same on every path.
/// The default is nobody: no name a list can match, no groups, no permissions, refused
/// everything but what needs no permission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Principal {
    pub name: String,
    pub groups: Vec<String>,
    pub superuser: bool,
    /// The user's own permissions and its groups', by name.
    pub permissions: BTreeSet<String>,
}

impl Default for Principal {
    fn default() -> Principal {
        Principal {
            name: "anonymous".to_string(),
            groups: Vec::new(),
            superuser: false,
            permissions: BTreeSet::new(),
        }
    }
}

impl Principal {
    /// A plain user with these groups and no permissions (services' tests, simple callers).
    pub fn user(name: impl Into<String>, groups: &[&str]) -> Principal {
        Principal {
            name: name.into(),
            groups: groups.iter().map(|g| g.to_string()).collect(),
            superuser: false,
            permissions: BTreeSet::new(),
        }
    }

    /// This principal with these grants added (`execute_show`, `execute_show:branch`), for
    /// tests and callers that build a principal by hand; grants are not checked here.
    pub fn granted(mut self, grants: &[&str]) -> Principal {
        self.permissions
            .extend(grants.iter().map(|grant| grant.to_string()));
        self
    }

    /// The local CLI on the data directory: it holds the database anyway, so it acts as the
    /// installation's owner (a superuser), logged as `cli:<os user>` so the log still says who.
    pub fn owner() -> Principal {
        let os_user = ["USER", "LOGNAME", "USERNAME"]
            .into_iter()
            .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "unknown".to_string());
        Principal {
            name: format!("cli:{os_user}"),
            groups: Vec::new(),
            superuser: true,
            permissions: BTreeSet::new(),
        }
    }

    /// A schedule of aurum.toml (`[golden.schedules.NAME]`): the installation's own
    /// configuration starts its jobs, so it acts as the owner, logged as `schedule:NAME`.
    pub fn schedule(name: &str) -> Principal {
        Principal {
            name: format!("schedule:{name}"),
            superuser: true,
            ..Principal::default()
        }
    }

    /// The principal of a stored user: its groups, and its own and its groups' permissions.
    pub fn from_user(user: UserRecord) -> Principal {
        Principal {
            permissions: user
                .permissions
                .into_iter()
                .chain(user.group_permissions)
                .collect(),
            name: user.name,
            groups: user.groups,
            superuser: user.superuser,
        }
    }

    /// Whether this principal is named in `users` or belongs to one of `groups` (`*` matches
    /// everyone). Membership only: a superuser is listed where it is named, like anyone.
    pub fn listed_in(&self, users: &[String], groups: &[String]) -> bool {
        users.iter().any(|u| u == "*" || *u == self.name)
            || groups.iter().any(|g| g == "*" || self.groups.contains(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::allows as has_permission;
    use crate::identity::Permission;

    fn record(superuser: bool) -> UserRecord {
        UserRecord {
            name: "alice".into(),
            password_hash: "hash".into(),
            superuser,
            groups: vec!["netops".into()],
            permissions: vec!["run_job".into()],
            group_permissions: vec!["execute_config".into()],
            created_at: 0,
        }
    }

    #[test]
    fn a_user_has_its_own_and_its_groups_permissions_and_nothing_else() {
        let alice = Principal::from_user(record(false));
        assert!(has_permission(&alice, Permission::RUN_JOB));
        assert!(has_permission(&alice, Permission::EXECUTE_CONFIG));
        assert!(!has_permission(&alice, Permission::DEPLOY));
        assert!(!has_permission(
            &alice,
            Permission::named("view_device").unwrap()
        ));
    }

    #[test]
    fn a_superuser_and_the_cli_owner_have_every_permission() {
        assert!(has_permission(
            &Principal::from_user(record(true)),
            Permission::DEPLOY
        ));
        let owner = Principal::owner();
        assert!(owner.name.starts_with("cli:"), "{}", owner.name);
        assert!(has_permission(&owner, Permission::VIEW_SECRETS));
    }

    #[test]
    fn lists_match_the_name_or_a_group() {
        let alice = Principal::from_user(record(false));
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(alice.listed_in(&names(&["alice"]), &[]));
        assert!(alice.listed_in(&[], &names(&["netops"])));
        assert!(alice.listed_in(&names(&["*"]), &[]));
        assert!(!alice.listed_in(&names(&["bob"]), &names(&["admins"])));
        assert!(!Principal::owner().listed_in(&names(&["alice"]), &names(&["netops"])));
    }
}
