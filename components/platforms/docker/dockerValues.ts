import { cpuMillicores, memoryBytes } from "../../settings/quantities";

/**
 * Values in the exact form the Docker provider reads back from the engine, so that a second
 * `pulumi up` sees no difference and replaces nothing.
 */

/** Kubernetes CPU quantity ("500m", "2") as Docker's decimal CPUs: "0.5", "2.0" (whole numbers keep ".0"). */
export function toDockerCpus(quantity: string): string {
  const millicores = cpuMillicores(quantity);
  if (!Number.isFinite(millicores)) throw new Error(`Not a CPU quantity: ${quantity}`);
  const cpus = millicores / 1000;
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

/** Kubernetes memory quantity ("512Mi", "8Gi", "1G") in whole mebibytes, as Docker's `memory` wants. */
export function toMebibytes(quantity: string): number {
  const bytes = memoryBytes(quantity);
  if (!Number.isFinite(bytes)) throw new Error(`Not a memory quantity: ${quantity}`);
  return Math.max(1, Math.ceil(bytes / 2 ** 20));
}

/** Labels as the provider's list of pairs, sorted as the engine reads them back, so a refresh shows no diff. */
export function dockerLabels(labels: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));
}
