//! Schema bindings: how feedguard reads and rewrites a particular set of protos. A binding
//! fills the engine's views ([`crate::engine::view`]) from messages and applies the engine's
//! plans back to them; the rules never see a message type. [`canonical`] binds feedguard's own
//! `feedguard.v1` API; a platform's protos would get a sibling module with the same shape.

pub mod canonical;
pub mod wire;

/// A message feedguard cannot read.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("malformed protobuf: {0}")]
    Malformed(&'static str),
    #[error("malformed protobuf: wrong wire type for {0}")]
    WrongWireType(&'static str),
    #[error("invalid UTF-8 in {0}")]
    InvalidUtf8(&'static str),
    #[error("malformed protobuf: {0}")]
    Decode(#[from] prost::DecodeError),
}
