//! The SDK shell (being written).
