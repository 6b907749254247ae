pub mod config;
pub mod demo;
pub mod init;
pub mod inventory;
pub mod serve;
