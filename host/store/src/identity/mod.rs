//! Identity's tables: users, groups, their permissions, API tokens and browser sessions. The store keeps what it
//! is given (hashes, permission names); hashing and validating are the server's, so argon2 and
//! the permission list live in one place.

mod groups;
mod sessions;
mod tokens;
mod users;

pub use groups::GroupRecord;
pub use sessions::WebSessionRecord;
pub use tokens::ApiTokenRecord;
pub use users::{NewUser, UserRecord};
