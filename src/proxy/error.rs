//! Everything that can go wrong on a feed call, and the one place it becomes a gRPC status.
//! Client-facing messages say what happened, never internal detail; the detail goes to the log.

use tonic::{Code, Status};

use crate::binding::BindError;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("compressed request messages are not supported")]
    CompressedRequest,
    #[error("request body is not exactly one gRPC message")]
    RequestFraming,
    #[error("request message of {len} bytes exceeds the limit of {limit}")]
    RequestTooLarge { len: usize, limit: usize },
    #[error("request is not a valid FeedRequest: {0}")]
    BadRequest(#[source] BindError),
    #[error("client body error: {0}")]
    ClientBody(#[source] BoxError),
    #[error("upstream unavailable: {0}")]
    UpstreamUnavailable(#[source] BoxError),
    #[error("upstream returned {0}")]
    UpstreamStatus(Status),
    #[error("upstream did not answer within the deadline")]
    Timeout,
    #[error("upstream response of {len} bytes exceeds the limit of {limit}")]
    UpstreamTooLarge { len: usize, limit: usize },
    #[error("upstream response is malformed: {0}")]
    UpstreamMalformed(String),
    #[error("upstream response is compressed")]
    UpstreamCompressed,
    #[error("feedguard is at its in-flight limit")]
    Overloaded,
    #[error("internal error: {0}")]
    Internal(String),
}

impl GuardError {
    /// A short, stable name for metrics and audit records.
    pub fn reason(&self) -> &'static str {
        match self {
            GuardError::CompressedRequest => "compressed_request",
            GuardError::RequestFraming => "request_framing",
            GuardError::RequestTooLarge { .. } => "request_too_large",
            GuardError::BadRequest(_) => "bad_request",
            GuardError::ClientBody(_) => "client_body",
            GuardError::UpstreamUnavailable(_) => "upstream_unavailable",
            GuardError::UpstreamStatus(_) => "upstream_status",
            GuardError::Timeout => "timeout",
            GuardError::UpstreamTooLarge { .. } => "upstream_too_large",
            GuardError::UpstreamMalformed(_) => "upstream_malformed",
            GuardError::UpstreamCompressed => "upstream_compressed",
            GuardError::Overloaded => "overloaded",
            GuardError::Internal(_) => "internal",
        }
    }

    /// The status the client gets. Bad input from the client is InvalidArgument (or
    /// Unimplemented/ResourceExhausted per the gRPC spec); a recommender that is down or
    /// answers nonsense is Unavailable; deadlines are DeadlineExceeded; overload is
    /// ResourceExhausted; feedguard's own bugs are Internal.
    pub fn to_status(&self) -> Status {
        match self {
            GuardError::CompressedRequest => Status::unimplemented(
                "feedguard accepts only uncompressed (identity) request messages",
            ),
            GuardError::RequestFraming => {
                Status::invalid_argument("request body must be exactly one gRPC message")
            }
            GuardError::RequestTooLarge { len, limit } => Status::resource_exhausted(format!(
                "request message of {len} bytes exceeds feedguard's limit of {limit}"
            )),
            GuardError::BadRequest(e) => {
                Status::invalid_argument(format!("request is not a valid FeedRequest: {e}"))
            }
            GuardError::ClientBody(_) => Status::cancelled("request body was not received"),
            GuardError::UpstreamStatus(s) => Status::new(s.code(), s.message().to_owned()),
            GuardError::UpstreamUnavailable(_) => {
                Status::unavailable("the recommender is unavailable")
            }
            GuardError::Timeout => {
                Status::deadline_exceeded("the recommender did not answer in time")
            }
            GuardError::UpstreamTooLarge { .. }
            | GuardError::UpstreamMalformed(_)
            | GuardError::UpstreamCompressed => Status::unavailable(
                "the recommender's response could not be checked, so it was withheld",
            ),
            GuardError::Overloaded => {
                Status::resource_exhausted("feedguard is overloaded; retry with backoff")
            }
            GuardError::Internal(_) => Status::internal("feedguard could not apply its policy"),
        }
    }

    /// Whether the failure left an upstream answer that an adult configured fail-open may get
    /// as it came.
    pub fn code(&self) -> Code {
        self.to_status().code()
    }
}
