//! Keyed hashing of identifiers, and the audit events feedguard emits. Account ids and session
//! ids never appear in logs, metrics, reports or the session store: only HMAC-SHA256 digests
//! under a key the operator holds, so a record can be matched to an account by whoever has the
//! key, and by nobody else.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::engine::Decision;
use crate::session::SessionKey;

/// The tracing target of audit events; filter on it to route them.
pub const AUDIT_TARGET: &str = "feedguard::audit";

#[derive(Clone)]
pub struct IdHasher {
    key: Vec<u8>,
}

impl std::fmt::Debug for IdHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdHasher(<key>)")
    }
}

impl IdHasher {
    /// A hasher under the given key material (at least 16 bytes).
    pub fn new(key: &[u8]) -> Result<Self, &'static str> {
        if key.len() < 16 {
            return Err("hash key must be at least 16 bytes");
        }
        Ok(Self { key: key.to_vec() })
    }

    /// A hasher with a random key: digests cannot be linked across restarts.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        // The OS RNG failing leaves a zero key: still hashed, just not secret. getrandom only
        // fails on platforms without an entropy source.
        let _ = getrandom::fill(&mut key);
        Self { key: key.to_vec() }
    }

    fn mac(&self, domain: &[u8], parts: &[&[u8]]) -> [u8; 32] {
        // HMAC accepts keys of any length.
        #[allow(clippy::expect_used)]
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("any key length");
        m.update(domain);
        for p in parts {
            m.update(&(p.len() as u64).to_le_bytes());
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }

    /// The pseudonymous account id written to audit records: 16 bytes, hex.
    pub fn account(&self, account_id: &str) -> String {
        let d = self.mac(b"feedguard/account", &[account_id.as_bytes()]);
        d[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The pseudonymous session id written to records: hex, like [`Self::account`].
    pub fn record_session(&self, session_id: &str) -> String {
        let d = self.mac(b"feedguard/record-session", &[session_id.as_bytes()]);
        d[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The session store's key for (account, session).
    pub fn session_key(&self, account_id: &str, session_id: &str) -> SessionKey {
        let d = self.mac(
            b"feedguard/session",
            &[account_id.as_bytes(), session_id.as_bytes()],
        );
        let mut k = [0u8; 16];
        k.copy_from_slice(&d[..16]);
        SessionKey(k)
    }
}

/// Emits the audit event for one decision. Everything in it is policy data or a keyed digest.
pub fn emit_decision(method: &str, account: &str, decision: &Decision, outcome: &str) {
    let actions = serde_json::to_string(&decision.actions).unwrap_or_default();
    tracing::info!(
        target: AUDIT_TARGET,
        event = "feed_decision",
        method,
        account,
        band = decision.band.as_str(),
        policy = &*decision.policy_id,
        policy_version = &*decision.policy_version,
        items_in = decision.items_in,
        items_out = decision.items_out,
        outcome,
        actions = %actions,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_keyed_and_hide_the_id() {
        let a = IdHasher::new(b"0123456789abcdef").unwrap();
        let b = IdHasher::new(b"fedcba9876543210").unwrap();
        assert_eq!(a.account("acct-42"), a.account("acct-42"));
        assert_ne!(a.account("acct-42"), b.account("acct-42"));
        assert!(!a.account("acct-42").contains("42"));
        assert_ne!(a.session_key("ab", "c"), a.session_key("a", "bc"));
    }
}
