//! bindlint: finds localhost-only binding bugs (loopback hosts, hard-coded ports, `PORT` never
//! read) before an app is deployed to a container platform.
//!
//! The pipeline, one module per step: [`walk`] finds files → [`source`] holds their text →
//! [`lang`] parses them and extracts [`facts`] with the help of [`resolve`] and the API table in
//! [`catalog`] → [`rules`] judge the facts → [`report`] prints the findings. [`lint`] runs it;
//! [`fix`] applies the findings' fixes (`--fix`); [`server`] serves them to editors
//! (`bindlint server`).

pub mod catalog;
pub mod config;
pub mod deploy;
pub mod facts;
pub mod files;
pub mod finding;
pub mod fix;
pub mod lang;
pub mod lint;
pub mod prefilter;
pub mod project;
pub mod report;
pub mod resolve;
pub mod rule_info;
pub mod rules;
pub mod run;
pub mod server;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod tree;
pub mod walk;
