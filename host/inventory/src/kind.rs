/// A kind of inventory object other than devices: the things devices point at, and the
/// saved filters that select them. One list, so the store's tables, the services'
/// permissions and the API's paths cannot disagree about which kinds exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Platform,
    Location,
    Role,
    Tenant,
    Tag,
    SecretsGroup,
    SavedFilter,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 7] = [
        ObjectKind::Platform,
        ObjectKind::Location,
        ObjectKind::Role,
        ObjectKind::Tenant,
        ObjectKind::Tag,
        ObjectKind::SecretsGroup,
        ObjectKind::SavedFilter,
    ];

    /// How messages name one.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Platform => "platform",
            ObjectKind::Location => "location",
            ObjectKind::Role => "role",
            ObjectKind::Tenant => "tenant",
            ObjectKind::Tag => "tag",
            ObjectKind::SecretsGroup => "secrets group",
            ObjectKind::SavedFilter => "saved filter",
        }
    }

    /// The table its rows live in.
    pub fn table(self) -> &'static str {
        match self {
            ObjectKind::Platform => "platforms",
            ObjectKind::Location => "locations",
            ObjectKind::Role => "roles",
            ObjectKind::Tenant => "tenants",
            ObjectKind::Tag => "tags",
            ObjectKind::SecretsGroup => "secrets_groups",
            ObjectKind::SavedFilter => "saved_filters",
        }
    }

    /// Whether a source of truth can sync objects of this kind (saved filters are Aurum's).
    pub fn syncable(self) -> bool {
        self != ObjectKind::SavedFilter
    }
}
