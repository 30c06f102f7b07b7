import { createHash } from "node:crypto";

/**
 * An htpasswd `{SHA}` entry, which the basicauth extension's htpasswd reader accepts. Unsalted
 * SHA-1 is weak for a password a person picks; this one is 24 random bytes, beyond any guessing,
 * and the same hash on every update keeps Jaeger's config (and its checksum) unchanged, where a
 * salted bcrypt would restart Jaeger each time.
 */
export function htpasswdSha(password: string): string {
  return `{SHA}${createHash("sha1").update(password).digest("base64")}`;
}
