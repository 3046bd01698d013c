//! vouch: track secure-development frameworks item by item, with progress kept as TOML in the
//! repository and evidence linked to its commits and files.
//!
//! Data flows one way: files -> [`store`] -> [`model`] -> [`app`] state -> [`ui`] -> screen;
//! keys -> [`app::Action`] -> [`app::update`] -> effects -> back through [`store`] to files.

pub mod app;
pub mod cli;
pub mod git;
pub mod model;
pub mod report;
pub mod session;
pub mod store;
pub mod suggest;
pub mod text;
pub mod tui;
pub mod ui;
