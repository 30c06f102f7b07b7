/**
 * Values in the exact form the Docker provider reads back from the engine, so that a second
 * `pulumi up` sees no difference and replaces nothing.
 */

/** Kubernetes CPU quantity ("500m", "2") as Docker's decimal CPUs: "0.5", "2.0" (whole numbers keep ".0"). */
export function toDockerCpus(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(quantity);
  if (!match?.[1]) throw new Error(`Not a CPU quantity: ${quantity}`);
  const cpus = match[2] === "m" ? Number(match[1]) / 1000 : Number(match[1]);
  return Number.isInteger(cpus) ? cpus.toFixed(1) : String(cpus);
}

/** Whole seconds as Go's time.Duration prints them: "5s", "2m0s", "1h0m30s". */
export function toGoDuration(totalSeconds: number): string {
  if (!Number.isInteger(totalSeconds) || totalSeconds < 0) throw new Error(`Not a whole number of seconds: ${totalSeconds}`);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** Kubernetes memory quantity ("512Mi", "8Gi", "1G") in whole mebibytes, as Docker's `memory` wants. */
export function toMebibytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match?.[1]) throw new Error(`Not a memory quantity: ${quantity}`);
  const unit = match[2] ?? "";
  const bytes = Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1);
  return Math.max(1, Math.ceil(bytes / 2 ** 20));
}
