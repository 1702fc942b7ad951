// Security codes for the second sign-in step (RFC 6238: HMAC-SHA1, 6 digits, 30 s), as an
// authenticator app would show them, so the browser tests sign in as PMO and Steering Group
// through the real set-up and code pages. Node's own crypto; no package.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (spaces and case forgiven) to bytes. */
export function base32Decode(text) {
  const bytes = [];
  let acc = 0;
  let bits = 0;
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The code for a time step (the step is floor(unix seconds / 30)). */
export function codeForStep(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', secret).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

export function currentStep() {
  return Math.floor(Date.now() / 1000 / 30);
}
