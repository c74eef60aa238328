//! The durable history store for stream and server (to be written).
