//! The live policy and its hot reload. Readers take an `Arc<Policy>` without locking
//! (`arc-swap`); a reload builds the new policy completely first and swaps it in only if it
//! is valid, so a bad file leaves the old policy serving.
//!
//! File changes are found by polling the file's content digest rather than inotify: Kubernetes
//! ConfigMaps update through a symlink swap that file watchers often miss, and one small read
//! every few seconds costs nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use sha2::{Digest, Sha256};

use super::metrics::{self, Metrics};
use crate::policy::{Policy, PolicyError};

#[derive(Debug)]
pub struct PolicyHandle {
    current: ArcSwap<Policy>,
    path: Option<PathBuf>,
    digest: std::sync::Mutex<[u8; 32]>,
}

impl PolicyHandle {
    /// A handle on a fixed, already compiled policy (no file to reload from).
    pub fn fixed(policy: Policy) -> Self {
        Self {
            current: ArcSwap::from_pointee(policy),
            path: None,
            digest: std::sync::Mutex::new([0; 32]),
        }
    }

    /// A handle on a policy shared with the caller.
    pub fn shared(policy: Arc<Policy>) -> Self {
        Self {
            current: ArcSwap::new(policy),
            path: None,
            digest: std::sync::Mutex::new([0; 32]),
        }
    }

    /// Loads the file; an invalid file is an error here, at start.
    pub fn from_file(path: &Path) -> Result<Self, PolicyError> {
        let policy = Policy::load(path)?;
        let digest = std::fs::read(path).map(|b| digest(&b)).unwrap_or([0; 32]);
        Ok(Self {
            current: ArcSwap::from_pointee(policy),
            path: Some(path.to_owned()),
            digest: std::sync::Mutex::new(digest),
        })
    }

    pub fn current(&self) -> Arc<Policy> {
        self.current.load_full()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Re-reads the file. On error the old policy stays and the error is returned.
    pub fn reload(&self) -> Result<Arc<Policy>, PolicyError> {
        let Some(path) = &self.path else {
            return Ok(self.current());
        };
        let policy = Arc::new(Policy::load(path)?);
        if let Ok(b) = std::fs::read(path)
            && let Ok(mut d) = self.digest.lock()
        {
            *d = digest(&b);
        }
        self.current.store(policy.clone());
        Ok(policy)
    }

    /// True if the file's content differs from what was last loaded (or last refused).
    fn changed(&self) -> bool {
        let Some(path) = &self.path else { return false };
        let Ok(bytes) = std::fs::read(path) else {
            return false;
        };
        let d = digest(&bytes);
        match self.digest.lock() {
            Ok(mut last) if *last != d => {
                // Remember it even if it turns out invalid, so a bad file is reported once,
                // not every poll.
                *last = d;
                true
            }
            _ => false,
        }
    }

    /// Reloads and reports the result in the log and metrics.
    pub fn reload_logged(&self, metrics: &Metrics, trigger: &str) {
        match self.reload() {
            Ok(p) => {
                metrics.add(metrics::RELOADS, &[("result", "ok")], 1);
                tracing::info!(
                    trigger,
                    policy = &*p.id,
                    version = &*p.version,
                    "policy reloaded"
                );
            }
            Err(e) => {
                metrics.add(metrics::RELOADS, &[("result", "refused")], 1);
                tracing::error!(trigger, error = %e, "policy reload refused; the previous policy keeps serving");
            }
        }
    }

    /// Polls the file every `every` and reloads on change, until the task is dropped.
    pub async fn watch(self: Arc<Self>, metrics: Arc<Metrics>, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if self.changed() {
                self.reload_logged(&metrics, "file_change");
            }
        }
    }
}

fn digest(b: &[u8]) -> [u8; 32] {
    Sha256::digest(b).into()
}
