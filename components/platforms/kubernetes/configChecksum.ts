import { createHash } from "node:crypto";

/**
 * Digest of every config file a pod mounts. As a pod-template annotation it makes any change to a
 * rendered file roll the pods, as the Milvus Helm chart's `checksum/config` does.
 */
export function configChecksum(files: readonly { path: string; content: string }[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(file.path).update("\0").update(file.content).update("\0");
  }
  return hash.digest("hex");
}

/** ConfigMap and Secret keys may not contain '/'; the path, flattened, stays unique and readable. */
export function fileKey(path: string): string {
  return path.replace(/^\/+/, "").replace(/[^A-Za-z0-9._-]/g, "-");
}
