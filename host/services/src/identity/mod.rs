//! Identity: users and groups in the database, argon2 password hashes, API tokens, the
//! [`Principal`] that travels with every service call, and [`has_permission`], the one question
//! every path asks before acting.

mod passwords;
mod permissions;
mod principal;
mod service;
mod tokens;

pub use passwords::random_password;
pub use permissions::{PERMISSIONS, Permission};
pub use principal::{Principal, has_permission};
pub use service::{IdentityService, IssuedToken, NewUserRequest};
pub use tokens::TOKEN_SCHEME;
