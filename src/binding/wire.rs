//! Protobuf wire-format primitives over borrowed bytes: iterate a message's fields without
//! decoding it, and write fields back. This is what lets feedguard copy kept items through as
//! bytes instead of decoding and re-encoding whole responses.

use prost::encoding::{WireType, decode_varint, encode_varint};

use super::BindError;

/// One field of a message, borrowed from its buffer.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub number: u32,
    pub wire_type: WireType,
    /// The whole field as it sits in the buffer: key, length prefix and value.
    pub raw: &'a [u8],
    /// For length-delimited fields, the payload; for fixed fields, the value bytes.
    pub payload: &'a [u8],
    /// For varint fields, the value.
    pub varint: u64,
}

impl<'a> Field<'a> {
    pub fn as_str(&self, what: &'static str) -> Result<&'a str, BindError> {
        self.expect(WireType::LengthDelimited, what)?;
        std::str::from_utf8(self.payload).map_err(|_| BindError::InvalidUtf8(what))
    }

    pub fn as_message(&self, what: &'static str) -> Result<&'a [u8], BindError> {
        self.expect(WireType::LengthDelimited, what)?;
        Ok(self.payload)
    }

    pub fn as_f32(&self, what: &'static str) -> Result<f32, BindError> {
        self.expect(WireType::ThirtyTwoBit, what)?;
        let b: [u8; 4] = self
            .payload
            .try_into()
            .map_err(|_| BindError::Malformed(what))?;
        Ok(f32::from_le_bytes(b))
    }

    pub fn as_f64(&self, what: &'static str) -> Result<f64, BindError> {
        self.expect(WireType::SixtyFourBit, what)?;
        let b: [u8; 8] = self
            .payload
            .try_into()
            .map_err(|_| BindError::Malformed(what))?;
        Ok(f64::from_le_bytes(b))
    }

    pub fn as_varint(&self, what: &'static str) -> Result<u64, BindError> {
        self.expect(WireType::Varint, what)?;
        Ok(self.varint)
    }

    fn expect(&self, wt: WireType, what: &'static str) -> Result<(), BindError> {
        if self.wire_type == wt {
            Ok(())
        } else {
            Err(BindError::WrongWireType(what))
        }
    }
}

/// Iterates the fields of a message. Stops with an error at the first malformed field; a
/// truncated buffer is an error, never a short read.
pub struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
}

pub fn fields(buf: &[u8]) -> Fields<'_> {
    Fields { buf, pos: 0 }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<Field<'a>, BindError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let r = self.read();
        if r.is_err() {
            // Poisoned: a malformed buffer yields one error and then ends.
            self.pos = self.buf.len();
        }
        Some(r)
    }
}

/// A varint from the front of `buf`, advancing it. Keys and lengths are almost always one
/// byte, and an item's length two (items of 128 bytes to 16 KiB): those cases are a compare
/// or two and a slice, which prost's `Buf`-generic decoder is not.
#[inline(always)]
fn varint(buf: &mut &[u8]) -> Result<u64, ()> {
    match **buf {
        [b, ..] if b < 0x80 => {
            *buf = &buf[1..];
            Ok(u64::from(b))
        }
        [b0, b1, ..] if b1 < 0x80 => {
            *buf = &buf[2..];
            Ok(u64::from(b0 & 0x7f) | u64::from(b1) << 7)
        }
        [_, ..] => decode_varint(buf).map_err(|_| ()),
        [] => Err(()),
    }
}

impl<'a> Fields<'a> {
    #[inline]
    fn read(&mut self) -> Result<Field<'a>, BindError> {
        // Most fields of a feed are submessages and strings of fields 1-15 shorter than 16 KiB:
        // a one-byte key and a one- or two-byte length. Those are read here in a few compares;
        // anything else, and anything malformed, takes the general path below.
        if let Some(f) = self.short_len_delimited() {
            return Ok(f);
        }
        self.read_general()
    }

    /// Any field, the long way. Out of line, so the short path inlines into callers' loops.
    #[inline(never)]
    fn read_general(&mut self) -> Result<Field<'a>, BindError> {
        let start = self.pos;
        let mut cur = &self.buf[self.pos..];
        let key = varint(&mut cur).map_err(|_| BindError::Malformed("field key"))?;
        if key > u64::from(u32::MAX) {
            return Err(BindError::Malformed("field key"));
        }
        let number = (key >> 3) as u32;
        if number == 0 {
            return Err(BindError::Malformed("field number 0"));
        }
        let wire_type = match key & 7 {
            0 => WireType::Varint,
            1 => WireType::SixtyFourBit,
            2 => WireType::LengthDelimited,
            5 => WireType::ThirtyTwoBit,
            _ => return Err(BindError::Malformed("unsupported wire type (group)")),
        };
        let mut varint = 0;
        let payload: &'a [u8];
        match wire_type {
            WireType::Varint => {
                let before = cur.len();
                varint = self::varint(&mut cur).map_err(|_| BindError::Malformed("varint"))?;
                let used = before - cur.len();
                let at = self.buf.len() - before;
                payload = &self.buf[at..at + used];
            }
            WireType::SixtyFourBit | WireType::ThirtyTwoBit => {
                let n = if wire_type == WireType::SixtyFourBit {
                    8
                } else {
                    4
                };
                if cur.len() < n {
                    return Err(BindError::Malformed("truncated fixed field"));
                }
                let at = self.buf.len() - cur.len();
                payload = &self.buf[at..at + n];
                cur = &cur[n..];
            }
            _ => {
                let len = self::varint(&mut cur).map_err(|_| BindError::Malformed("length"))?;
                let len = usize::try_from(len).map_err(|_| BindError::Malformed("length"))?;
                if cur.len() < len {
                    return Err(BindError::Malformed("truncated length-delimited field"));
                }
                let at = self.buf.len() - cur.len();
                payload = &self.buf[at..at + len];
                cur = &cur[len..];
            }
        }
        self.pos = self.buf.len() - cur.len();
        Ok(Field {
            number,
            wire_type,
            raw: &self.buf[start..self.pos],
            payload,
            varint,
        })
    }

    /// A length-delimited field with a one-byte key and a one- or two-byte length, or `None`
    /// for anything else (left to [`Fields::read_general`], which also reports what is wrong).
    #[inline(always)]
    fn short_len_delimited(&mut self) -> Option<Field<'a>> {
        let rest = &self.buf[self.pos..];
        let (key, len, head) = match *rest {
            [k, l0, ..] if l0 < 0x80 => (k, usize::from(l0), 2),
            [k, l0, l1, ..] if l1 < 0x80 => (k, usize::from(l0 & 0x7f) | usize::from(l1) << 7, 3),
            _ => return None,
        };
        // A one-byte key (field 1-15) of wire type 2.
        if key & 0x87 != 2 || key < 8 {
            return None;
        }
        let raw = rest.get(..head + len)?;
        self.pos += raw.len();
        Some(Field {
            number: u32::from(key >> 3),
            wire_type: WireType::LengthDelimited,
            raw,
            payload: &raw[head..],
            varint: 0,
        })
    }
}

/// Appends a varint, as prost's `encode_varint` does. Most written here (keys of fields below
/// 16, lengths of short strings, counts) are one byte, which is one push; prost's form writes
/// byte by byte through `BufMut` and was a few percent of a page.
#[inline]
pub fn put_varint(out: &mut Vec<u8>, v: u64) {
    if v < 0x80 {
        out.push(v as u8);
    } else {
        encode_varint(v, out);
    }
}

/// Appends a field key, as prost's `encode_key` does.
#[inline]
pub fn put_key(out: &mut Vec<u8>, number: u32, wire_type: WireType) {
    put_varint(out, u64::from(number) << 3 | wire_type as u64);
}

/// Appends a length-delimited field.
pub fn put_len_field(out: &mut Vec<u8>, number: u32, payload: &[u8]) {
    put_key(out, number, WireType::LengthDelimited);
    put_varint(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

/// Appends an encoded prost message as a length-delimited field.
pub fn put_message<M: prost::Message>(out: &mut Vec<u8>, number: u32, msg: &M) {
    put_key(out, number, WireType::LengthDelimited);
    put_varint(out, msg.encoded_len() as u64);
    // Encoding into a Vec cannot run out of capacity.
    let _ = msg.encode(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::encoding::encode_key;

    #[test]
    fn keys_and_varints_are_written_as_prost_writes_them() {
        let values =
            (0..20_000u64).chain([127, 128, 16_383, 16_384, u64::from(u32::MAX), u64::MAX]);
        for v in values {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            put_varint(&mut ours, v);
            encode_varint(v, &mut theirs);
            assert_eq!(ours, theirs, "{v}");
        }
        for number in [1, 15, 16, 2047, 2048, (1 << 29) - 1] {
            for wt in [
                WireType::Varint,
                WireType::LengthDelimited,
                WireType::SixtyFourBit,
            ] {
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                put_key(&mut ours, number, wt);
                encode_key(number, wt, &mut theirs);
                assert_eq!(ours, theirs, "{number} {wt:?}");
            }
        }
    }

    #[test]
    fn the_short_varint_paths_read_what_prost_reads() {
        let values = (0..20_000u64).chain([u64::from(u32::MAX), u64::MAX, 1 << 35]);
        for v in values {
            let mut enc = Vec::new();
            encode_varint(v, &mut enc);
            enc.push(0xAA);
            let mut ours = &enc[..];
            let mut theirs = &enc[..];
            assert_eq!(varint(&mut ours), Ok(v), "{v}");
            assert_eq!(decode_varint(&mut theirs).ok(), Some(v));
            assert_eq!(ours, theirs, "{v}: both leave the same rest");
            // Cut short: an error, never a value.
            let mut cut = &enc[..enc.len() - 2];
            if enc.len() > 2 {
                assert!(varint(&mut cut).is_err() || v < 0x80, "{v}");
            }
        }
        // Every two-byte prefix, canonical or not, with a byte after it.
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                let enc = [b0, b1, 0x01];
                let (mut ours, mut theirs) = (&enc[..], &enc[..]);
                let r = varint(&mut ours);
                assert_eq!(r.ok(), decode_varint(&mut theirs).ok(), "{b0:#x} {b1:#x}");
                if r.is_ok() {
                    assert_eq!(ours, theirs, "{b0:#x} {b1:#x}");
                }
            }
        }
        // A continuation byte and nothing after it.
        assert!(varint(&mut &[0x80u8][..]).is_err());
        assert!(varint(&mut &[][..]).is_err());
    }

    #[test]
    fn the_short_field_path_reads_what_the_general_path_reads() {
        // Every key byte and one- or two-byte length prefix, followed by 0 to 300 bytes: the
        // short path either declines or gives exactly the general path's field.
        let body = [0x5Au8; 300];
        let mut taken = 0;
        for key in 0..=255u8 {
            for (l0, l1) in (0..=255u8)
                .map(|l| (l, 0x01))
                .chain([(0x80, 0x01), (0xAC, 0x02)])
            {
                for tail in [0, 1, 2, 40, 127, 128, 129, 172, 300] {
                    let mut buf = vec![key, l0, l1];
                    buf.extend_from_slice(&body[..tail]);
                    let short = Fields { buf: &buf, pos: 0 }.short_len_delimited();
                    let Some(short) = short else { continue };
                    taken += 1;
                    let general = Fields { buf: &buf, pos: 0 }.read_general().unwrap();
                    assert_eq!(short.number, general.number, "{buf:x?}");
                    assert_eq!(short.wire_type, general.wire_type);
                    assert_eq!(short.raw, general.raw);
                    assert_eq!(short.payload, general.payload);
                    assert_eq!(short.varint, general.varint);
                }
            }
        }
        assert!(taken > 10_000, "the short path was taken {taken} times");
    }

    #[test]
    fn splits_fields_and_rejects_truncation() {
        let mut buf = Vec::new();
        put_len_field(&mut buf, 1, b"abc");
        encode_key(3, WireType::Varint, &mut buf);
        encode_varint(300, &mut buf);
        let got: Vec<_> = fields(&buf).collect::<Result<_, _>>().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_str("x").unwrap(), "abc");
        assert_eq!(got[1].as_varint("y").unwrap(), 300);
        assert_eq!(got[0].raw.len() + got[1].raw.len(), buf.len());
        for cut in 1..buf.len() {
            if cut == got[0].raw.len() {
                continue;
            }
            assert!(
                fields(&buf[..cut]).any(|f| f.is_err()),
                "cut at {cut} accepted"
            );
        }
    }

    #[test]
    fn wrong_wire_type_is_an_error() {
        let mut buf = Vec::new();
        encode_key(2, WireType::Varint, &mut buf);
        encode_varint(1, &mut buf);
        let f = fields(&buf).next().unwrap().unwrap();
        assert!(f.as_str("title").is_err());
    }
}
