/**
 * Kubernetes quantities as numbers: validation compares a request with its limit, and the Docker
 * platform converts them to what the engine takes. NaN for anything outside the grammar.
 */

const MEMORY_UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

export function cpuMillicores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(quantity);
  if (!match?.[1]) return Number.NaN;
  return match[2] === "m" ? Number(match[1]) : Number(match[1]) * 1000;
}

export function memoryBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match?.[1]) return Number.NaN;
  return Number(match[1]) * (MEMORY_UNITS[match[2] ?? ""] ?? Number.NaN);
}
