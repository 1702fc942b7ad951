-- The second factor for the roles that open quarters and approve returns (PMO, Steering
-- Group): an authenticator app's shared secret (RFC 6238), enrolled at first sign-in, and
-- one-time recovery codes for a lost phone. ASVS 4.3.1.
--
-- The secret must be readable to check a code, so it is stored as is (base32); the file is
-- already the system's most sensitive asset (password hashes, every figure). The last step
-- used makes each code single-use (RFC 6238 section 5.2).
CREATE TABLE user_totp (
    user_id         INTEGER PRIMARY KEY REFERENCES users(id),
    secret          TEXT NOT NULL,
    enrolled_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%S', 'now')),
    last_used_step  INTEGER NOT NULL DEFAULT 0
);

-- Recovery codes are random (50 bits each) and shown once; only a SHA-256 of user id and
-- code is kept, so a copy of the file does not give them away.
CREATE TABLE user_recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    code_hash  TEXT NOT NULL,
    used_at    TEXT,
    UNIQUE (user_id, code_hash)
);
