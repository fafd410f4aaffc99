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
//! **How it stays fast under threads.** Entries live in a *generation*: a fixed table of
//! write-once slots, two per bucket. A slot, once written, is never changed or freed while its
//! generation lives, so a lookup is plain loads, with no lock and no reference count per item;
//! a page takes one reference to the current generation for all its items. When new items keep
//! finding both slots of their bucket taken, the memo starts a fresh generation; the old one is
//! freed when the last page using it finishes.
//!
//! **Memory is bounded**: one table per live generation (new pages only ever see the newest),
//! and items larger than [`MAX_ITEM_BYTES`] are never stored. A page still running keeps its
//! generation alive, so the worst case is one table per page in flight (itself capped by
//! `--max-in-flight`); that needs renewals faster than pages finish, which takes 2,048 spills
//! per renewal.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use super::ItemFacts;
use crate::policy::AgeBand;

/// Slots of a generation, in buckets of two. With items capped at [`MAX_ITEM_BYTES`] and a
/// re-encoding never much longer than the item, a generation holds at most about
/// 16,384 × 4 KiB = 64 MiB, and in practice (items of a few hundred bytes) a few MiB.
const SLOTS: usize = 1 << 14;
/// Items that found their bucket full before a fresh generation is started.
const SPILLS_BEFORE_RENEWAL: usize = SLOTS / 8;
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

impl MemoEntry {
    fn is(&self, hash: u64, band: AgeBand, bytes: &[u8]) -> bool {
        self.hash == hash && self.band == band && *self.key == *bytes
    }
}

struct Generation {
    /// Boxed so the table stays small (8 bytes a slot) and the entries of a page, allocated
    /// one after another, sit close together: inline entries made a 1.8 MB table whose
    /// lookups missed the cache and cost 17% on a page.
    slots: Box<[OnceLock<Box<MemoEntry>>]>,
    /// New items that found both slots of their bucket taken.
    spills: AtomicUsize,
}

impl Generation {
    fn new() -> Self {
        Self {
            slots: (0..SLOTS).map(|_| OnceLock::new()).collect(),
            spills: AtomicUsize::new(0),
        }
    }
}

pub struct FactsMemo {
    current: RwLock<Arc<Generation>>,
    state: foldhash::quality::RandomState,
    /// Lookups answered from the memo, and items that had to be read, since the policy was
    /// compiled. Added once per page, not per item.
    hits: AtomicU64,
    reads: AtomicU64,
}

/// How the memo has done: a warm proxy answers most items from it, and a low share of hits
/// (items that change on every call, or more distinct items than it holds) shows up as
/// engine time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoStats {
    pub hits: u64,
    pub reads: u64,
}

impl std::fmt::Debug for FactsMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FactsMemo")
    }
}

impl Default for FactsMemo {
    fn default() -> Self {
        Self {
            current: RwLock::new(Arc::new(Generation::new())),
            state: Default::default(),
            hits: AtomicU64::new(0),
            reads: AtomicU64::new(0),
        }
    }
}

/// An item's entry: one the memo holds, or one read now and not kept (too large, or its bucket
/// was full).
#[derive(Debug)]
pub enum Entry<'g> {
    Remembered(&'g MemoEntry),
    /// Boxed: a page holds a vector of entries, and most are the small variant.
    Read(Box<MemoEntry>),
}

impl std::ops::Deref for Entry<'_> {
    type Target = MemoEntry;
    fn deref(&self) -> &MemoEntry {
        match self {
            Entry::Remembered(e) => e,
            Entry::Read(e) => e,
        }
    }
}

/// One page's hold on the memo: every item of the page is looked up in the same generation.
pub struct MemoPage<'m> {
    memo: &'m FactsMemo,
    generation: Arc<Generation>,
    hits: Cell<u64>,
    reads: Cell<u64>,
}

impl Drop for MemoPage<'_> {
    fn drop(&mut self) {
        let (hits, reads) = (self.hits.get(), self.reads.get());
        if hits > 0 {
            self.memo.hits.fetch_add(hits, Ordering::Relaxed);
        }
        if reads > 0 {
            self.memo.reads.fetch_add(reads, Ordering::Relaxed);
        }
    }
}

impl FactsMemo {
    /// Starts a page (or any batch of lookups).
    pub fn page(&self) -> MemoPage<'_> {
        let generation = match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        MemoPage {
            memo: self,
            generation,
            hits: Cell::new(0),
            reads: Cell::new(0),
        }
    }

    pub fn stats(&self) -> MemoStats {
        MemoStats {
            hits: self.hits.load(Ordering::Relaxed),
            reads: self.reads.load(Ordering::Relaxed),
        }
    }

    /// Chooses the bucket, from every byte. Hashing only the ends of an item was 0.6 µs a
    /// page cheaper, but an item's score and signals sit in the middle of its encoding: copies
    /// of one item scored per viewer would all share one two-slot bucket, spill on every call
    /// and renew the generation, dropping everything else.
    fn hash(&self, band: AgeBand, bytes: &[u8]) -> u64 {
        use std::hash::BuildHasher;
        // Bands share items: mixing the band in keeps a child's and a teen's entry for the same
        // item from competing for one bucket.
        self.state.hash_one(bytes) ^ (band as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// Replaces `full` with a fresh generation, unless another page already has.
    fn renew(&self, full: &Arc<Generation>) {
        let mut current = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if Arc::ptr_eq(&current, full) {
            *current = Arc::new(Generation::new());
        }
    }
}

/// The first half of a lookup: the item's hash and what its bucket holds, not yet compared.
#[derive(Debug, Clone, Copy)]
pub struct Probe<'g> {
    hash: u64,
    band: AgeBand,
    held: [Option<&'g MemoEntry>; 2],
}

impl MemoPage<'_> {
    /// Hashes an item and loads its bucket. A page probes all its items before comparing any:
    /// the bucket loads of one item are then not waiting behind the comparison of the last, and
    /// the processor overlaps their cache misses (they were a third of a warm page's time).
    pub fn probe(&self, band: AgeBand, bytes: &[u8]) -> Probe<'_> {
        let hash = self.memo.hash(band, bytes);
        let first = (hash as usize) & (SLOTS - 1) & !1;
        let bucket = &self.generation.slots[first..first + 2];
        Probe {
            hash,
            band,
            held: [bucket[0].get().map(|b| &**b), bucket[1].get().map(|b| &**b)],
        }
    }

    /// The entry for `bytes` read for `band`: remembered, or made by `read` (and remembered if
    /// the item is small enough and its bucket has room). An error from `read` is returned and
    /// nothing is stored, so a malformed item is refused every time it comes. Bindings probe a
    /// whole page first and call [`MemoPage::get_or_read_probed`]; this is the one-item form.
    #[cfg(test)]
    pub fn get_or_read<E>(
        &self,
        band: AgeBand,
        bytes: &[u8],
        read: impl FnOnce() -> Result<(ItemFacts, Option<Vec<u8>>), E>,
    ) -> Result<Entry<'_>, E> {
        self.get_or_read_probed(self.probe(band, bytes), bytes, read)
    }

    /// [`MemoPage::get_or_read`] with the item already probed (`probe` must come from the same
    /// bytes).
    pub fn get_or_read_probed<'p, E>(
        &'p self,
        probe: Probe<'p>,
        bytes: &[u8],
        read: impl FnOnce() -> Result<(ItemFacts, Option<Vec<u8>>), E>,
    ) -> Result<Entry<'p>, E> {
        let Probe { hash, band, held } = probe;
        let cacheable = bytes.len() <= MAX_ITEM_BYTES;
        if cacheable {
            for e in held.into_iter().flatten() {
                if e.is(hash, band, bytes) {
                    self.hits.set(self.hits.get() + 1);
                    return Ok(Entry::Remembered(e));
                }
            }
        }
        self.reads.set(self.reads.get() + 1);
        let first = (hash as usize) & (SLOTS - 1) & !1;
        let bucket = &self.generation.slots[first..first + 2];
        let (facts, encoded) = read()?;
        let entry = MemoEntry {
            hash,
            band,
            key: if cacheable {
                bytes.into()
            } else {
                Box::new([])
            },
            facts,
            encoded: encoded.map(Vec::into_boxed_slice),
        };
        if !cacheable {
            return Ok(Entry::Read(Box::new(entry)));
        }
        let mut pending = Some(Box::new(entry));
        for slot in bucket {
            let e = slot.get_or_init(|| pending.take().expect("taken at most once"));
            // Stored, by us or (the same item, missed at the same moment) by another page.
            if pending.is_none() || e.is(hash, band, bytes) {
                return Ok(Entry::Remembered(e));
            }
        }
        let spills = self.generation.spills.fetch_add(1, Ordering::Relaxed) + 1;
        if spills == SPILLS_BEFORE_RENEWAL {
            self.memo.renew(&self.generation);
        }
        Ok(Entry::Read(pending.expect("not stored")))
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

    fn get(memo: &FactsMemo, band: AgeBand, bytes: &[u8], n: u32, reads: &mut u32) -> u32 {
        memo.page()
            .get_or_read(band, bytes, || {
                *reads += 1;
                Ok::<_, ()>((facts(n), None))
            })
            .unwrap()
            .facts
            .signals_stripped
    }

    #[test]
    fn a_hit_is_exact_and_keyed_by_band() {
        let memo = FactsMemo::default();
        let mut reads = 0;
        assert_eq!(get(&memo, AgeBand::Under13, b"item", 1, &mut reads), 1);
        // Remembered: the reader is not called and the first answer comes back.
        assert_eq!(get(&memo, AgeBand::Under13, b"item", 2, &mut reads), 1);
        // Another band, or other bytes, are read afresh.
        assert_eq!(get(&memo, AgeBand::Teen13To15, b"item", 3, &mut reads), 3);
        assert_eq!(get(&memo, AgeBand::Under13, b"item!", 4, &mut reads), 4);
        assert_eq!(reads, 3);
        assert_eq!(memo.stats(), MemoStats { hits: 1, reads: 3 });
    }

    #[test]
    fn copies_of_an_item_that_differ_in_the_middle_spread_over_buckets() {
        // One item scored per viewer: the same id at the front, the same media URL at the end,
        // a different score between. Sharing a bucket, all but two would spill every call.
        let memo = FactsMemo::default();
        let buckets: std::collections::HashSet<usize> = (0..64u8)
            .map(|score| {
                let mut item = vec![b'i'; 200];
                item[100] = score;
                (memo.hash(AgeBand::Under13, &item) as usize) & (SLOTS - 1) & !1
            })
            .collect();
        assert!(
            buckets.len() > 48,
            "{} buckets for 64 copies",
            buckets.len()
        );
    }

    /// Items of one bucket, for band `Under13`.
    fn same_bucket(memo: &FactsMemo, n: usize) -> Vec<Vec<u8>> {
        let bucket = |b: &[u8]| (memo.hash(AgeBand::Under13, b) as usize) & (SLOTS - 1) & !1;
        let first = bucket(b"item 0");
        (0..)
            .map(|i| format!("item {i}").into_bytes())
            .filter(|b| bucket(b) == first)
            .take(n)
            .collect()
    }

    #[test]
    fn two_items_sharing_a_bucket_both_stay_and_a_third_is_read_each_time() {
        let memo = FactsMemo::default();
        let items = same_bucket(&memo, 3);
        let mut reads = 0;
        for _ in 0..3 {
            for item in &items {
                get(&memo, AgeBand::Under13, item, 1, &mut reads);
            }
        }
        assert_eq!(reads, 2 + 3, "two remembered side by side, the third never");
    }

    #[test]
    fn a_memo_that_keeps_spilling_starts_afresh() {
        let memo = FactsMemo::default();
        let items = same_bucket(&memo, 3);
        let mut reads = 0;
        for item in &items[..2] {
            get(&memo, AgeBand::Under13, item, 1, &mut reads);
        }
        let before = memo.page().generation.clone();
        for _ in 0..SPILLS_BEFORE_RENEWAL {
            get(&memo, AgeBand::Under13, &items[2], 1, &mut reads);
        }
        let after = memo.page().generation.clone();
        assert!(!Arc::ptr_eq(&before, &after), "a fresh generation");
        // The old generation still answers for a page that holds it.
        assert!(before.slots.iter().filter(|s| s.get().is_some()).count() == 2);
        // In the fresh one the third item now finds room.
        let r = reads;
        get(&memo, AgeBand::Under13, &items[2], 1, &mut reads);
        get(&memo, AgeBand::Under13, &items[2], 1, &mut reads);
        assert_eq!(reads, r + 1);
    }

    #[test]
    fn errors_and_large_items_are_not_remembered() {
        let memo = FactsMemo::default();
        let page = memo.page();
        let err = page.get_or_read(AgeBand::Under13, b"bad", || Err::<(ItemFacts, _), _>("no"));
        assert_eq!(err.unwrap_err(), "no");
        let ok = page.get_or_read(AgeBand::Under13, b"bad", || Ok::<_, ()>((facts(7), None)));
        assert_eq!(ok.unwrap().facts.signals_stripped, 7);

        let big = vec![b'x'; MAX_ITEM_BYTES + 1];
        let mut reads = 0;
        for _ in 0..2 {
            let e = page
                .get_or_read(AgeBand::Under13, &big, || {
                    reads += 1;
                    Ok::<_, ()>((facts(1), Some(vec![1, 2])))
                })
                .unwrap();
            assert_eq!(e.encoded.as_deref(), Some(&[1u8, 2][..]));
        }
        assert_eq!(reads, 2);
    }
}
