//! Recorded exchanges on disk: the binary record files `feedguard serve --record` writes
//! (length-delimited `feedguard.v1.RecordedExchange`, see `proto/feedguard/v1/record.proto`) and
//! JSON Lines in the proto3 JSON mapping of the same message. Both read into [`Exchange`], which
//! keeps the request and response as the bytes feedguard received, so replay runs on exactly
//! what the proxy ran on.

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bytes::Bytes;
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, SerializeOptions};

use crate::binding::wire::{fields, put_len_field};
use crate::pb;

/// Largest record replay will read: a length prefix beyond it is garbage, not a record.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

static POOL: OnceLock<DescriptorPool> = OnceLock::new();

fn record_descriptor() -> MessageDescriptor {
    let pool = POOL.get_or_init(|| {
        DescriptorPool::decode(
            &include_bytes!(concat!(env!("OUT_DIR"), "/feedguard_descriptor.bin"))[..],
        )
        .expect("the descriptor set compiled by build.rs decodes")
    });
    pool.get_message_by_name("feedguard.v1.RecordedExchange")
        .expect("record.proto defines RecordedExchange")
}

/// Which method an exchange was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    GetFeed,
    StreamFeed,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::GetFeed => "GetFeed",
            Method::StreamFeed => "StreamFeed",
        }
    }
}

/// Where an exchange came from, for messages about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: PathBuf,
    /// JSONL: the 1-based line. Binary: the 1-based record number.
    pub index: u64,
    /// Binary: the byte offset of the record's length prefix.
    pub offset: Option<u64>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(
                f,
                "{}: record {} (byte {})",
                self.file.display(),
                self.index,
                o
            ),
            None => write!(f, "{}:{}", self.file.display(), self.index),
        }
    }
}

/// One recorded exchange, its request and response still as bytes.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: Method,
    pub timestamp_ms: Option<i64>,
    /// The band the recording proxy decided, if recorded.
    pub band: Option<i32>,
    /// An encoded `FeedRequest`.
    pub request: Bytes,
    /// An encoded `FeedResponse` (GetFeed).
    pub response: Option<Bytes>,
    /// Encoded `StreamFeedResponse`s (StreamFeed), with their arrival offsets.
    pub stream: Vec<Bytes>,
    pub stream_offsets_ms: Vec<u32>,
    /// What the recording proxy decided.
    pub decision: Option<pb::DecisionSummary>,
    pub outcome: String,
    pub truncated: bool,
}

/// An input that could not be read as an exchange.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Exchange {
    /// Reads one encoded `RecordedExchange`. The request and response are kept as bytes and
    /// only checked to be well-formed protobuf; replay reads them as the proxy would.
    pub fn decode(buf: &[u8]) -> Result<Self, RecordError> {
        let bad = |what: &str| RecordError::Malformed(what.to_owned());
        let mut method = None;
        let mut ex = Exchange {
            method: Method::GetFeed,
            timestamp_ms: None,
            band: None,
            request: Bytes::new(),
            response: None,
            stream: Vec::new(),
            stream_offsets_ms: Vec::new(),
            decision: None,
            outcome: String::new(),
            truncated: false,
        };
        let mut have_request = false;
        for f in fields(buf) {
            let f = f.map_err(|e| RecordError::Malformed(e.to_string()))?;
            let m = |what| {
                f.as_message(what)
                    .map_err(|e| RecordError::Malformed(e.to_string()))
            };
            match f.number {
                1 => {
                    method = Some(match f.as_str("method").map_err(|_| bad("method"))? {
                        "GetFeed" | "" => Method::GetFeed,
                        "StreamFeed" => Method::StreamFeed,
                        other => {
                            return Err(RecordError::Malformed(format!(
                                "unknown method {other:?} (GetFeed or StreamFeed)"
                            )));
                        }
                    })
                }
                2 => {
                    ex.timestamp_ms =
                        Some(f.as_varint("timestamp").map_err(|_| bad("timestamp"))? as i64)
                }
                3 => ex.band = Some(f.as_varint("band").map_err(|_| bad("band"))? as i32),
                4 => {
                    ex.request = Bytes::copy_from_slice(m("request")?);
                    have_request = true;
                }
                5 => ex.response = Some(Bytes::copy_from_slice(m("response")?)),
                6 => ex.stream.push(Bytes::copy_from_slice(m("stream")?)),
                7 => {
                    // Packed (proto3's default) or not.
                    if f.wire_type == prost::encoding::WireType::LengthDelimited {
                        let mut p = f.payload;
                        while !p.is_empty() {
                            let v = prost::encoding::decode_varint(&mut p)
                                .map_err(|_| bad("stream_offset_ms"))?;
                            ex.stream_offsets_ms.push(v as u32);
                        }
                    } else {
                        ex.stream_offsets_ms.push(
                            f.as_varint("stream_offset_ms")
                                .map_err(|_| bad("stream_offset_ms"))?
                                as u32,
                        );
                    }
                }
                8 => {
                    ex.decision = Some(
                        pb::DecisionSummary::decode(m("decision")?)
                            .map_err(|e| RecordError::Malformed(format!("decision: {e}")))?,
                    )
                }
                9 => ex.outcome = f.as_str("outcome").map_err(|_| bad("outcome"))?.to_owned(),
                10 => ex.truncated = f.as_varint("truncated").map_err(|_| bad("truncated"))? != 0,
                _ => {}
            }
        }
        if !have_request {
            return Err(bad("no request"));
        }
        if let Some(t) = ex.timestamp_ms
            && jiff::Timestamp::from_millisecond(t).is_err()
        {
            return Err(RecordError::Malformed(format!(
                "timestamp {t} ms is outside the years -9999 to 9999"
            )));
        }
        ex.method = match method {
            Some(m) => m,
            None if !ex.stream.is_empty() => Method::StreamFeed,
            None => Method::GetFeed,
        };
        if ex.method == Method::GetFeed && !ex.stream.is_empty() {
            return Err(bad("a GetFeed exchange with stream messages"));
        }
        if ex.method == Method::StreamFeed && ex.response.is_some() {
            return Err(bad("a StreamFeed exchange with a unary response"));
        }
        Ok(ex)
    }

    /// Roughly the bytes this exchange holds (for memory budgets).
    pub fn size(&self) -> usize {
        self.request.len()
            + self.response.as_ref().map_or(0, |r| r.len())
            + self.stream.iter().map(|m| m.len() + 16).sum::<usize>()
            + 256
    }

    /// Encodes as a `RecordedExchange`, splicing the request and response bytes unchanged.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.request.len()
                + self.response.as_ref().map_or(0, |r| r.len())
                + self.stream.iter().map(|m| m.len() + 4).sum::<usize>()
                + 128,
        );
        put_len_field(&mut out, 1, self.method.as_str().as_bytes());
        if let Some(t) = self.timestamp_ms {
            prost::encoding::int64::encode(2, &t, &mut out);
        }
        if let Some(b) = self.band {
            prost::encoding::int32::encode(3, &b, &mut out);
        }
        put_len_field(&mut out, 4, &self.request);
        if let Some(r) = &self.response {
            put_len_field(&mut out, 5, r);
        }
        for m in &self.stream {
            put_len_field(&mut out, 6, m);
        }
        if !self.stream_offsets_ms.is_empty() {
            prost::encoding::uint32::encode_packed(7, &self.stream_offsets_ms, &mut out);
        }
        if let Some(d) = &self.decision {
            prost::encoding::message::encode(8, d, &mut out);
        }
        if !self.outcome.is_empty() {
            put_len_field(&mut out, 9, self.outcome.as_bytes());
        }
        if self.truncated {
            prost::encoding::bool::encode(10, &true, &mut out);
        }
        out
    }

    /// The proto3 JSON form, one line, with `timestamp` as RFC 3339 for people to read.
    pub fn to_json(&self) -> Result<String, RecordError> {
        let msg = DynamicMessage::decode(record_descriptor(), &self.encode()[..])
            .map_err(|e| RecordError::Malformed(e.to_string()))?;
        let mut v = msg
            .serialize_with_options(
                serde_json::value::Serializer,
                &SerializeOptions::new().skip_default_fields(true),
            )
            .map_err(|e| RecordError::Malformed(e.to_string()))?;
        if let (Some(obj), Some(t)) = (v.as_object_mut(), self.timestamp_ms) {
            obj.remove("timestampUnixMs");
            let ts = jiff::Timestamp::from_millisecond(t)
                .map(|t| serde_json::Value::String(t.to_string()))
                .unwrap_or_else(|_| serde_json::Value::from(t));
            obj.insert("timestamp".into(), ts);
        }
        serde_json::to_string(&v).map_err(|e| RecordError::Malformed(e.to_string()))
    }

    /// Reads one JSON Lines line: a `RecordedExchange` in the proto3 JSON mapping; at its
    /// simplest `{"request": {...}, "response": {...}}`, with an optional `"timestamp"` (RFC 3339
    /// or milliseconds since the epoch).
    pub fn from_json(line: &str) -> Result<Self, RecordError> {
        let mut v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| RecordError::Malformed(e.to_string()))?;
        let obj = v
            .as_object_mut()
            .ok_or_else(|| RecordError::Malformed("a line must be a JSON object".into()))?;
        if let Some(t) = obj.remove("timestamp") {
            let ms = match &t {
                serde_json::Value::Number(n) => n.as_i64(),
                serde_json::Value::String(s) => s
                    .parse::<jiff::Timestamp>()
                    .ok()
                    .map(|t| t.as_millisecond())
                    .or_else(|| s.parse().ok()),
                _ => None,
            }
            .ok_or_else(|| {
                RecordError::Malformed(format!(
                    "timestamp {t}: expected RFC 3339 (2026-11-24T08:00:00Z) or milliseconds"
                ))
            })?;
            obj.insert("timestampUnixMs".into(), serde_json::Value::from(ms));
        }
        let msg = DynamicMessage::deserialize(record_descriptor(), v)
            .map_err(|e| RecordError::Malformed(e.to_string()))?;
        Self::decode(&msg.encode_to_vec())
    }
}

/// The two input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Binary,
    Jsonl,
}

impl Format {
    /// By extension (`.jsonl`, `.json`, `.ndjson`), else by the first byte: a JSON line starts
    /// with `{`, which as a varint length (123) would be an odd first record size but a possible
    /// one, so the extension wins when there is one.
    pub fn detect(path: &Path) -> std::io::Result<Format> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "json" | "ndjson") => return Ok(Format::Jsonl),
            Some("fgrec" | "bin") => return Ok(Format::Binary),
            _ => {}
        }
        let mut first = [0u8; 1];
        let n = std::fs::File::open(path)?.read(&mut first)?;
        Ok(if n == 1 && first[0] == b'{' {
            Format::Jsonl
        } else {
            Format::Binary
        })
    }
}

/// One item of an input: an exchange, or why a record was skipped.
pub type ReadItem = (Position, Result<Exchange, RecordError>);

/// Reads exchanges from one file, in file order. A binary file whose framing breaks (a length
/// prefix past the end, or beyond [`MAX_RECORD_BYTES`]) yields one error and stops: nothing
/// after it can be found again.
pub struct Reader {
    path: PathBuf,
    format: Format,
    inner: BufReader<std::fs::File>,
    index: u64,
    offset: u64,
    done: bool,
    line: Vec<u8>,
}

impl Reader {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let format = Format::detect(path)?;
        Ok(Self {
            path: path.to_owned(),
            format,
            inner: BufReader::with_capacity(1 << 16, std::fs::File::open(path)?),
            index: 0,
            offset: 0,
            done: false,
            line: Vec::new(),
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Bytes consumed so far (for progress).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn pos(&self, offset: Option<u64>) -> Position {
        Position {
            file: self.path.clone(),
            index: self.index,
            offset,
        }
    }

    fn next_binary(&mut self) -> Option<ReadItem> {
        let start = self.offset;
        // The varint length, byte by byte: EOF before the first byte is a clean end.
        let mut len: u64 = 0;
        let mut shift = 0;
        let mut read = 0;
        loop {
            let mut b = [0u8; 1];
            match self.inner.read(&mut b) {
                Ok(0) if read == 0 => return None,
                Ok(0) => {
                    self.done = true;
                    self.index += 1;
                    let e = RecordError::Malformed("truncated length prefix".into());
                    return Some((self.pos(Some(start)), Err(e)));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some((self.pos(Some(start)), Err(e.into())));
                }
            }
            read += 1;
            self.offset += 1;
            len |= u64::from(b[0] & 0x7f) << shift;
            if b[0] & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 63 {
                self.done = true;
                self.index += 1;
                let e = RecordError::Malformed("bad length prefix".into());
                return Some((self.pos(Some(start)), Err(e)));
            }
        }
        self.index += 1;
        if len as usize > MAX_RECORD_BYTES {
            self.done = true;
            let e = RecordError::Malformed(format!(
                "record length {len} exceeds {MAX_RECORD_BYTES} bytes: not a record file, or corrupt from here on"
            ));
            return Some((self.pos(Some(start)), Err(e)));
        }
        let mut buf = vec![0u8; len as usize];
        if let Err(e) = self.inner.read_exact(&mut buf) {
            self.done = true;
            let e = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                RecordError::Malformed(format!("record of {len} bytes cut short (file ends first)"))
            } else {
                e.into()
            };
            return Some((self.pos(Some(start)), Err(e)));
        }
        self.offset += len;
        Some((self.pos(Some(start)), Exchange::decode(&buf)))
    }

    fn next_jsonl(&mut self) -> Option<ReadItem> {
        loop {
            self.line.clear();
            let limit = MAX_RECORD_BYTES as u64 * 2;
            match (&mut self.inner)
                .take(limit)
                .read_until(b'\n', &mut self.line)
            {
                Ok(0) => return None,
                Ok(n) => {
                    self.offset += n as u64;
                    self.index += 1;
                    if n as u64 == limit && self.line.last() != Some(&b'\n') {
                        // Not a line anyone wrote: skip to its end and say so.
                        let rest = self.inner.skip_until(b'\n').unwrap_or(0);
                        self.offset += rest as u64;
                        let e = RecordError::Malformed(format!("line longer than {limit} bytes"));
                        return Some((self.pos(None), Err(e)));
                    }
                    let t = match std::str::from_utf8(&self.line) {
                        Ok(t) => t.trim(),
                        Err(e) => {
                            let e = RecordError::Malformed(format!("not UTF-8: {e}"));
                            return Some((self.pos(None), Err(e)));
                        }
                    };
                    if t.is_empty() {
                        continue;
                    }
                    return Some((self.pos(None), Exchange::from_json(t)));
                }
                Err(e) => {
                    self.done = true;
                    self.index += 1;
                    return Some((self.pos(None), Err(e.into())));
                }
            }
        }
    }
}

impl Iterator for Reader {
    type Item = ReadItem;
    fn next(&mut self) -> Option<ReadItem> {
        if self.done {
            return None;
        }
        match self.format {
            Format::Binary => self.next_binary(),
            Format::Jsonl => self.next_jsonl(),
        }
    }
}

/// Appends one length-delimited record.
pub fn write_record<W: Write>(w: &mut W, ex: &Exchange) -> std::io::Result<usize> {
    write_framed(w, &ex.encode())
}

/// Appends an encoded `RecordedExchange` with its length prefix.
pub fn write_framed<W: Write>(w: &mut W, body: &[u8]) -> std::io::Result<usize> {
    let mut head = Vec::with_capacity(10);
    prost::encoding::encode_varint(body.len() as u64, &mut head);
    w.write_all(&head)?;
    w.write_all(body)?;
    Ok(head.len() + body.len())
}

/// What a conversion did.
#[derive(Debug, Default)]
pub struct ConvertStats {
    pub written: u64,
    /// (position, error) of every input skipped.
    pub skipped: Vec<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("cannot read {path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{position}: {error} (--strict: nothing was written)")]
    Strict { position: String, error: String },
    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Converts inputs (either format) to one output file in `jsonl` or binary form. The output is
/// written under a temporary name and renamed into place at the end.
pub fn convert(
    inputs: &[PathBuf],
    output: &Path,
    jsonl: bool,
    strict: bool,
) -> Result<ConvertStats, ConvertError> {
    let mut name = output.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    let tmp = output.with_file_name(name);
    let out_err = |source| ConvertError::Output {
        path: tmp.clone(),
        source,
    };
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(out_err)?);
    let mut stats = ConvertStats::default();
    let result = (|| {
        for p in inputs {
            let reader = Reader::open(p).map_err(|source| ConvertError::Input {
                path: p.clone(),
                source,
            })?;
            for (pos, item) in reader {
                match item {
                    Ok(ex) => {
                        if jsonl {
                            let line = match ex.to_json() {
                                Ok(l) => l,
                                Err(e) if strict => {
                                    return Err(ConvertError::Strict {
                                        position: pos.to_string(),
                                        error: e.to_string(),
                                    });
                                }
                                Err(e) => {
                                    stats
                                        .skipped
                                        .push((pos.to_string(), format!("no JSON form: {e}")));
                                    continue;
                                }
                            };
                            w.write_all(line.as_bytes()).map_err(out_err)?;
                            w.write_all(b"\n").map_err(out_err)?;
                        } else {
                            write_record(&mut w, &ex).map_err(out_err)?;
                        }
                        stats.written += 1;
                    }
                    Err(e) if strict => {
                        return Err(ConvertError::Strict {
                            position: pos.to_string(),
                            error: e.to_string(),
                        });
                    }
                    Err(e) => stats.skipped.push((pos.to_string(), e.to_string())),
                }
            }
        }
        w.flush().map_err(out_err)
    })();
    match result {
        Ok(()) => {
            drop(w);
            std::fs::rename(&tmp, output).map_err(|source| ConvertError::Output {
                path: output.to_owned(),
                source,
            })?;
            Ok(stats)
        }
        Err(e) => {
            drop(w);
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(ts: &str) -> String {
        format!(
            r#"{{"timestamp": {ts}, "request": {{"viewer": {{"accountId": "a", "declaredAge": 14}}}}, "response": {{"items": [{{"itemId": "x", "caption": "hello"}}]}}}}"#
        )
    }

    #[test]
    fn a_minimal_json_line_reads_with_either_timestamp_form() {
        let a = Exchange::from_json(&minimal("\"2026-11-24T08:00:00Z\"")).unwrap();
        let b = Exchange::from_json(&minimal("1795507200000")).unwrap();
        assert_eq!(a.timestamp_ms, Some(1_795_507_200_000));
        assert_eq!(a.timestamp_ms, b.timestamp_ms);
        assert_eq!(a.method, Method::GetFeed);
        let resp = pb::FeedResponse::decode(a.response.unwrap()).unwrap();
        assert_eq!(resp.items[0].item_id, "x");
    }

    #[test]
    fn json_errors_name_what_is_wrong() {
        let e = Exchange::from_json(r#"{"request": {}, "respons": {}}"#).unwrap_err();
        assert!(e.to_string().contains("respons"), "{e}");
        let e = Exchange::from_json(&minimal("\"last tuesday\"")).unwrap_err();
        assert!(e.to_string().contains("RFC 3339"), "{e}");
        let e = Exchange::from_json(r#"{"response": {}}"#).unwrap_err();
        assert!(e.to_string().contains("no request"), "{e}");
    }

    #[test]
    fn binary_and_json_forms_carry_the_same_exchange() {
        let a = Exchange::from_json(&minimal("1795507200000")).unwrap();
        let back = Exchange::decode(&a.encode()).unwrap();
        assert_eq!(back.request, a.request);
        assert_eq!(back.response, a.response);
        let again = Exchange::from_json(&a.to_json().unwrap()).unwrap();
        assert_eq!(again.encode(), a.encode());
    }
}
