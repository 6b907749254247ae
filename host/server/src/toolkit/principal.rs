/// Who is asking: a user and the groups they belong to. The CLI acts as the OS user; the web
/// API will plug its authenticated users in here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub groups: Vec<String>,
}

impl Principal {
    /// The user running this process.
    pub fn from_environment() -> Principal {
        let name = std::env::var("AURUM_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "unknown".to_string());
        Principal {
            name,
            groups: Vec::new(),
        }
    }

    /// Whether this principal is named in `users` or belongs to one of `groups` (`*` matches
    /// everyone).
    pub fn listed_in(&self, users: &[String], groups: &[String]) -> bool {
        users.iter().any(|u| u == "*" || *u == self.name)
            || groups.iter().any(|g| self.groups.contains(g))
    }
}
