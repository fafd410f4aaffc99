//! A memo of [`ItemFacts`] by an item's encoded bytes. A recommender serves the same items to
//! many viewers, so most items of a page have been read before; remembering what an item's
//! bytes came to (its facts for a band, and its re-encoding when a field must go) lets a binding
//! skip parsing, UTF-8 checks and classification for it, leaving a hash, one comparison and a
//! copy.
//!
//! Facts are a pure function of the policy, the band and the item (see
//! [`super::ItemJudge::facts`]), and a hit compares the stored bytes in full, so a remembered
//! answer is exactly the one reading the item again would give: no hash collision can hand one
//! item another's facts. The memo belongs to a compiled policy: a reload starts an empty one.
//!
//! Memory is bounded: a fixed number of slots in two-way buckets (a new item evicts the less
//! recently used of its bucket's two), and items larger than [`MAX_ITEM_BYTES`] are never
//! stored. Two ways rather than one because two items of the same page that share a slot would
//! otherwise evict each other on every page, and be read afresh every time.

use std::sync::{Arc, Mutex};

use super::ItemFacts;
use crate::policy::AgeBand;

/// Buckets of the memo, two entries each. With items capped at [`MAX_ITEM_BYTES`] and a re-encoding never longer
/// than the item, the memo holds at most about 2 × 16,384 × 2 KiB = 64 MiB, and in practice
/// (items of a few hundred bytes) a few MiB.
const BUCKETS: usize = 1 << 13;
/// Items with more bytes than this are read every time rather than remembered.
pub const MAX_ITEM_BYTES: usize = 2048;

/// What one item's bytes came to, for one band.
#[derive(Debug)]
pub struct MemoEntry {
    hash: u64,
    band: AgeBand,
    key: Box<[u8]>,
    pub facts: ItemFacts,
    /// The item re-encoded for the band when a field must go (`facts.needs_rewrite()`);
    /// `None` when it is copied through as it came. What "re-encoded" means is the binding's
    /// business: the memo only keeps the bytes.
    pub encoded: Option<Box<[u8]>>,
}

/// Most recently used first.
type Bucket = [Option<Arc<MemoEntry>>; 2];

pub struct FactsMemo {
    buckets: Box<[Mutex<Bucket>]>,
    state: foldhash::quality::RandomState,
}

impl std::fmt::Debug for FactsMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FactsMemo")
    }
}

impl Default for FactsMemo {
    fn default() -> Self {
        Self {
            buckets: (0..BUCKETS).map(|_| Mutex::default()).collect(),
            state: Default::default(),
        }
    }
}

impl FactsMemo {
    fn hash(&self, band: AgeBand, bytes: &[u8]) -> u64 {
        use std::hash::BuildHasher;
        // Bands share items: mixing the band in keeps a child's and a teen's entry for the same
        // item from competing for one bucket.
        self.state.hash_one(bytes) ^ (band as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// The entry for `bytes` read for `band`: remembered, or made by `read` (and remembered if
    /// the item is small enough). An error from `read` is returned and nothing is stored, so a
    /// malformed item is refused every time it comes.
    pub fn get_or_read<E>(
        &self,
        band: AgeBand,
        bytes: &[u8],
        read: impl FnOnce() -> Result<(ItemFacts, Option<Vec<u8>>), E>,
    ) -> Result<Arc<MemoEntry>, E> {
        let hash = self.hash(band, bytes);
        let bucket = &self.buckets[(hash as usize) & (BUCKETS - 1)];
        let cacheable = bytes.len() <= MAX_ITEM_BYTES;
        if cacheable && let Ok(mut b) = bucket.lock() {
            let is = |e: &&Arc<MemoEntry>| e.hash == hash && e.band == band && *e.key == *bytes;
            if b[1].as_ref().is_some_and(|e| is(&e)) {
                b.swap(0, 1);
            }
            if let Some(e) = b[0].as_ref().filter(is) {
                return Ok(e.clone());
            }
        }
        let (facts, encoded) = read()?;
        let entry = Arc::new(MemoEntry {
            hash,
            band,
            key: if cacheable {
                bytes.into()
            } else {
                Box::new([])
            },
            facts,
            encoded: encoded.map(Vec::into_boxed_slice),
        });
        if cacheable && let Ok(mut b) = bucket.lock() {
            b[1] = b[0].take();
            b[0] = Some(entry.clone());
        }
        Ok(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(n: u32) -> ItemFacts {
        ItemFacts {
            signals_stripped: n,
            ..Default::default()
        }
    }

    #[test]
    fn a_hit_is_exact_and_keyed_by_band() {
        let memo = FactsMemo::default();
        let mut reads = 0;
        let mut get = |band, bytes: &[u8], n| {
            memo.get_or_read(band, bytes, || {
                reads += 1;
                Ok::<_, ()>((facts(n), None))
            })
            .unwrap()
            .facts
            .signals_stripped
        };
        assert_eq!(get(AgeBand::Under13, b"item", 1), 1);
        // Remembered: the reader is not called and the first answer comes back.
        assert_eq!(get(AgeBand::Under13, b"item", 2), 1);
        // Another band, or other bytes, are read afresh.
        assert_eq!(get(AgeBand::Teen13To15, b"item", 3), 3);
        assert_eq!(get(AgeBand::Under13, b"item!", 4), 4);
        assert_eq!(reads, 3);
    }

    #[test]
    fn two_items_sharing_a_bucket_both_stay() {
        let memo = FactsMemo::default();
        // Find two items whose hashes land in the same bucket.
        let bucket = |b: &[u8]| (memo.hash(AgeBand::Under13, b) as usize) & (BUCKETS - 1);
        let first = b"item 0".to_vec();
        let second = (1..)
            .map(|i| format!("item {i}").into_bytes())
            .find(|b| bucket(b) == bucket(&first))
            .unwrap_or_default();
        let mut reads = 0;
        for _ in 0..3 {
            for item in [&first, &second] {
                memo.get_or_read(AgeBand::Under13, item, || {
                    reads += 1;
                    Ok::<_, ()>((facts(1), None))
                })
                .unwrap();
            }
        }
        assert_eq!(reads, 2, "each read once, then remembered side by side");
    }

    #[test]
    fn errors_and_large_items_are_not_remembered() {
        let memo = FactsMemo::default();
        let err = memo.get_or_read(AgeBand::Under13, b"bad", || Err::<(ItemFacts, _), _>("no"));
        assert_eq!(err.unwrap_err(), "no");
        let ok = memo.get_or_read(AgeBand::Under13, b"bad", || Ok::<_, ()>((facts(7), None)));
        assert_eq!(ok.unwrap().facts.signals_stripped, 7);

        let big = vec![b'x'; MAX_ITEM_BYTES + 1];
        let mut reads = 0;
        for _ in 0..2 {
            memo.get_or_read(AgeBand::Under13, &big, || {
                reads += 1;
                Ok::<_, ()>((facts(1), Some(vec![1, 2])))
            })
            .unwrap();
        }
        assert_eq!(reads, 2);
    }
}
