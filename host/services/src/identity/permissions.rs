//! The one list of permission names, Django-style (`view_device`, `change_device`, ...) plus
//! the actions that are not edits of an object. Names given by a user are checked against it,
//! so a typo is an error rather than a grant that never matches.

use crate::ServiceError;

/// The objects with view/add/change/delete permissions.
const OBJECTS: [&str; 11] = [
    "device",
    "platform",
    "location",
    "role",
    "tenant",
    "tag",
    "secretsgroup",
    "savedfilter",
    "command",
    "user",
    "group",
];

/// Permissions to do something rather than to edit an object.
const ACTIONS: [&str; 10] = [
    "execute_show",
    "execute_config",
    "run_job",
    // A config plan is made from stored results and never deleted (it is cancelled), so it
    // has these two object permissions and the review actions, not the four verbs.
    "add_plan",
    "change_plan",
    "approve_plan",
    "deploy",
    "view_config",
    "view_secrets",
    "sync_sot",
];

const VERBS: [&str; 4] = ["view", "add", "change", "delete"];

/// Every permission name Aurum knows, object permissions first.
pub static PERMISSIONS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let objects = OBJECTS.iter().flat_map(|object| {
        VERBS
            .iter()
            .map(move |verb| &*format!("{verb}_{object}").leak())
    });
    objects.chain(ACTIONS).collect()
});

/// A permission name from [`PERMISSIONS`]; only [`Permission::named`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission(&'static str);

impl Permission {
    pub const EXECUTE_SHOW: Permission = Permission("execute_show");
    pub const EXECUTE_CONFIG: Permission = Permission("execute_config");
    pub const RUN_JOB: Permission = Permission("run_job");
    pub const ADD_PLAN: Permission = Permission("add_plan");
    pub const CHANGE_PLAN: Permission = Permission("change_plan");
    pub const APPROVE_PLAN: Permission = Permission("approve_plan");
    pub const DEPLOY: Permission = Permission("deploy");
    pub const VIEW_CONFIG: Permission = Permission("view_config");
    pub const VIEW_SECRETS: Permission = Permission("view_secrets");
    /// Pull the inventory from a configured source of truth (`aurum sot sync`).
    pub const SYNC_SOT: Permission = Permission("sync_sot");
    pub const VIEW_DEVICE: Permission = Permission("view_device");
    pub const VIEW_COMMAND: Permission = Permission("view_command");
    pub const ADD_COMMAND: Permission = Permission("add_command");
    pub const CHANGE_COMMAND: Permission = Permission("change_command");
    pub const DELETE_COMMAND: Permission = Permission("delete_command");

    /// The permission called `name`, or an error listing the known names.
    pub fn named(name: &str) -> Result<Permission, ServiceError> {
        PERMISSIONS
            .iter()
            .find(|known| **known == name)
            .map(|known| Permission(known))
            .ok_or_else(|| ServiceError::UnknownPermission {
                name: name.to_string(),
                known: PERMISSIONS.join(", "),
            })
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_and_action_permissions_are_known_and_typos_are_refused() {
        assert_eq!(
            Permission::named("view_device").unwrap().as_str(),
            "view_device"
        );
        assert_eq!(
            Permission::named("delete_savedfilter").unwrap().as_str(),
            "delete_savedfilter"
        );
        assert_eq!(Permission::named("deploy").unwrap(), Permission::DEPLOY);
        let error = Permission::named("view_devices").unwrap_err().to_string();
        assert!(
            error.contains("unknown permission `view_devices`"),
            "{error}"
        );
        assert!(error.contains("view_device,"), "{error}");
    }

    #[test]
    fn every_action_constant_is_in_the_list() {
        for action in [
            Permission::EXECUTE_SHOW,
            Permission::EXECUTE_CONFIG,
            Permission::RUN_JOB,
            Permission::APPROVE_PLAN,
            Permission::DEPLOY,
            Permission::VIEW_CONFIG,
            Permission::VIEW_SECRETS,
            Permission::SYNC_SOT,
            Permission::VIEW_DEVICE,
            Permission::VIEW_COMMAND,
        ] {
            assert_eq!(Permission::named(action.as_str()).unwrap(), action);
        }
        assert_eq!(
            PERMISSIONS.len(),
            OBJECTS.len() * VERBS.len() + ACTIONS.len()
        );
    }
}
