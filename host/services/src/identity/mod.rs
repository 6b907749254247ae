//! Identity: users and groups in the database, argon2 password hashes, API tokens, browser
//! sessions, the [`Principal`] that travels with every service call; `crate::authz` is the one
//! check every path makes with it.

mod passwords;
mod permissions;
mod principal;
mod service;
mod sessions;
mod tokens;

pub use passwords::random_password;
pub use permissions::{PERMISSIONS, Permission};
pub use principal::Principal;
pub use service::{IdentityService, IssuedToken, NewUserRequest};
pub use sessions::{
    FAILURE_WINDOW_MS, LOCKOUT_MS, MAX_LOGIN_FAILURES, NewWebSession, SESSION_LIFETIME_MS,
    WebSession, csrf_matches,
};
pub use tokens::TOKEN_SCHEME;
