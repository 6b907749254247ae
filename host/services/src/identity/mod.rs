//! Identity: users and groups in the database, argon2 password hashes, API tokens, the
//! [`Principal`] that travels with every service call; `crate::authz` is the one check every
//! path makes with it.

mod passwords;
mod permissions;
mod principal;
mod service;
mod tokens;

pub use passwords::random_password;
pub use permissions::{PERMISSIONS, Permission};
pub use principal::Principal;
pub use service::{IdentityService, IssuedToken, NewUserRequest};
pub use tokens::TOKEN_SCHEME;
