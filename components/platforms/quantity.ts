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

/** Kubernetes CPU quantity ("500m", "2") as the decimal CPU count Docker's `cpus` wants. */
export function toCpus(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(quantity);
  if (!match?.[1]) throw new Error(`Not a CPU quantity: ${quantity}`);
  const cpus = match[2] === "m" ? Number(match[1]) / 1000 : Number(match[1]);
  return String(cpus);
}
