//! gRPC message framing (a one-byte compression flag and a four-byte length before each
//! message), read incrementally from HTTP/2 data frames with a size limit.

use bytes::{Buf, Bytes, BytesMut};

/// A gRPC frame feedguard cannot accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// The message is larger than the configured limit.
    TooLarge { len: usize, limit: usize },
    /// The compression flag is set; feedguard asks its peers not to compress.
    Compressed,
    /// The body ended inside a frame.
    Truncated,
}

/// Frames a message.
pub fn encode(msg: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(5 + msg.len());
    out.extend_from_slice(&[0]);
    out.extend_from_slice(&(msg.len() as u32).to_be_bytes());
    out.extend_from_slice(msg);
    out.freeze()
}

/// Accumulates body data and yields whole messages.
#[derive(Debug)]
pub struct Decoder {
    buf: BytesMut,
    limit: usize,
}

impl Decoder {
    pub fn new(limit: usize) -> Self {
        Self {
            buf: BytesMut::new(),
            limit,
        }
    }

    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    /// The next complete message, if one is buffered. The length is checked against the
    /// limit before the message is buffered whole, so an oversized peer cannot make feedguard
    /// hold more than `limit` bytes.
    pub fn next_message(&mut self) -> Result<Option<Bytes>, FrameError> {
        if self.buf.len() < 5 {
            return Ok(None);
        }
        let compressed = self.buf[0];
        let len = u32::from_be_bytes([self.buf[1], self.buf[2], self.buf[3], self.buf[4]]) as usize;
        if len > self.limit {
            return Err(FrameError::TooLarge {
                len,
                limit: self.limit,
            });
        }
        if compressed != 0 {
            return Err(FrameError::Compressed);
        }
        if self.buf.len() < 5 + len {
            return Ok(None);
        }
        self.buf.advance(5);
        Ok(Some(self.buf.split_to(len).freeze()))
    }

    /// Called at end of body: leftover bytes mean a truncated frame.
    pub fn finish(&self) -> Result<(), FrameError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(FrameError::Truncated)
        }
    }

    /// Bytes buffered but not yet returned.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_split_data() {
        let framed = [encode(b"hello"), encode(b""), encode(b"world!")].concat();
        let mut d = Decoder::new(100);
        let mut got = Vec::new();
        for chunk in framed.chunks(3) {
            d.push(chunk);
            while let Some(m) = d.next_message().unwrap() {
                got.push(m);
            }
        }
        assert_eq!(
            got,
            vec![Bytes::from("hello"), Bytes::new(), Bytes::from("world!")]
        );
        assert!(d.finish().is_ok());
    }

    #[test]
    fn rejects_oversize_before_buffering_and_compressed() {
        let mut d = Decoder::new(4);
        d.push(&[0, 0, 0, 0, 5]);
        assert_eq!(
            d.next_message(),
            Err(FrameError::TooLarge { len: 5, limit: 4 })
        );
        let mut d = Decoder::new(10);
        d.push(&[1, 0, 0, 0, 1, 9]);
        assert_eq!(d.next_message(), Err(FrameError::Compressed));
        let mut d = Decoder::new(10);
        d.push(&[0, 0, 0, 0, 3, 1]);
        assert_eq!(d.next_message(), Ok(None));
        assert_eq!(d.finish(), Err(FrameError::Truncated));
    }
}
