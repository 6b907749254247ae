//! Identity's tables: users, groups, their permissions and API tokens. The store keeps what it
//! is given (hashes, permission names); hashing and validating are the server's, so argon2 and
//! the permission list live in one place.

mod groups;
mod tokens;
mod users;

pub use groups::GroupRecord;
pub use tokens::ApiTokenRecord;
pub use users::{NewUser, UserRecord};
