//! The pure core of activity-capture: everything that decides what may leave the device.
//!
//! No I/O, no clock, no randomness of its own: time and random bytes come in as parameters, so
//! every rule here is tested natively and reused unchanged by the collector. The SDK shell
//! (`src/` in the root package) is the only code that touches the browser.
#![deny(missing_docs)]

pub mod aggregate;
pub mod config;
pub mod consent;
pub mod delivery;
pub mod digest;
pub mod id;
pub mod observe;
pub mod outbox;
pub mod purpose;
pub mod redact;
pub mod route;
pub mod summary;
pub mod tabs;
pub mod text;
pub mod window;
pub mod wire;
