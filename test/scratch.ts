import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/**
 * A new folder under the system's temp dir (`milvus-tracing-<label>-XXXXXX`), removed when this test
 * process ends well. A Milvus data folder alone is over 500 MB, so a tier that kept them filled the
 * disk in a few runs (the kubelet then evicted the lab cluster's pods). Kept, and named, when the
 * process fails, for its logs.
 */
export function scratchDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `milvus-tracing-${label}-`));
  if (made.length === 0) process.on("exit", removeScratch);
  made.push(dir);
  return dir;
}

function removeScratch(code: number): void {
  if (code !== 0) {
    process.stderr.write(`[scratch] kept for inspection, as the run failed: ${made.join(" ")}\n`);
    return;
  }
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}
