/**
 * Small parsers for raw config values. Each returns the parsed value or a sentence saying what is
 * allowed; the caller adds the key and the bad value, so every message names all three.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; allowed: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(allowed: string): Parsed<T> => ({ ok: false, allowed });

/** Pulumi hands numbers over as strings ("0.5") or as numbers, depending on how the stack file wrote them. */
export function parseNumber(raw: unknown, min: number, max: number): Parsed<number> {
  const allowed = `a number from ${min} to ${max}`;
  if (typeof raw !== "string" && typeof raw !== "number") return bad(allowed);
  const text = String(raw).trim();
  if (text === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return bad(allowed);
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) return bad(allowed);
  return ok(value);
}

export function parseInteger(raw: unknown, min: number, max: number): Parsed<number> {
  const parsed = parseNumber(raw, min, max);
  if (!parsed.ok || !Number.isInteger(parsed.value)) return bad(`a whole number from ${min} to ${max}`);
  return parsed;
}

export function parseBoolean(raw: unknown): Parsed<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (text === "true") return ok(true);
  if (text === "false") return ok(false);
  return bad("true or false");
}

export function parseChoice<const T extends string>(raw: unknown, choices: readonly T[]): Parsed<T> {
  const found = choices.find((choice) => choice === raw);
  return found === undefined ? bad(`one of ${choices.join(" | ")}`) : ok(found);
}

/** A comma-separated list (or a YAML list) of distinct choices; empty is allowed. */
export function parseChoiceList<const T extends string>(raw: unknown, choices: readonly T[]): Parsed<T[]> {
  const allowed = `a comma-separated list of ${choices.join(", ")}`;
  const items = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : undefined;
  if (items === undefined) return bad(allowed);
  const chosen: T[] = [];
  for (const item of items) {
    const text = typeof item === "string" ? item.trim() : "";
    if (text === "") continue;
    const found = choices.find((choice) => choice === text);
    if (found === undefined || chosen.includes(found)) return bad(allowed);
    chosen.push(found);
  }
  return ok(chosen);
}

/** Image references: no registry lookup here, only the shape `name[:tag][@digest]`. */
export function parseImage(raw: unknown): Parsed<string> {
  const allowed = "a non-empty image reference such as milvusdb/milvus:v2.6.15";
  if (typeof raw !== "string") return bad(allowed);
  const image = raw.trim();
  if (!/^[a-z0-9][a-z0-9._\-/:]*(@sha256:[a-f0-9]{64})?$/.test(image)) return bad(allowed);
  return ok(image);
}

/** CPU in the Kubernetes quantity grammar: whole or fractional cores, or millicores. */
export function parseCpuQuantity(raw: unknown): Parsed<string> {
  return parsePositiveQuantity(raw, /^\d+(\.\d+)?m?$/, 'a CPU quantity such as "500m", "1" or "2.5"');
}

/** Memory and storage sizes in the Kubernetes quantity grammar. */
export function parseMemoryQuantity(raw: unknown): Parsed<string> {
  return parsePositiveQuantity(raw, /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'a size such as "512Mi", "8Gi" or "1G"');
}

function parsePositiveQuantity(raw: unknown, grammar: RegExp, allowed: string): Parsed<string> {
  if (typeof raw !== "string" && typeof raw !== "number") return bad(allowed);
  const text = String(raw).trim();
  if (!grammar.test(text) || Number.parseFloat(text) === 0) return bad(allowed);
  return ok(text);
}

export function parseIpv4(raw: unknown): Parsed<string> {
  const allowed = "an IPv4 address such as 127.0.0.1 (or 0.0.0.0 for every interface)";
  if (typeof raw !== "string") return bad(allowed);
  const parts = raw.trim().split(".");
  const valid = parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
  return valid ? ok(raw.trim()) : bad(allowed);
}

/** RFC 1123 label: what Kubernetes accepts for a namespace name. */
export function parseDnsLabel(raw: unknown): Parsed<string> {
  const allowed = "a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric";
  if (typeof raw !== "string") return bad(allowed);
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(raw) ? ok(raw) : bad(allowed);
}

/** A comma-separated list of namespace names (RFC 1123 labels); empty means none. */
export function parseDnsLabelList(raw: unknown): Parsed<string[]> {
  const allowed = "a comma-separated list of DNS labels (namespace names)";
  if (typeof raw !== "string") return bad(allowed);
  const names = raw.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return names.every((name) => parseDnsLabel(name).ok) ? ok(names) : bad(allowed);
}

/** RFC 1123 subdomain: what Kubernetes accepts for a storage class name. */
export function parseDnsSubdomain(raw: unknown): Parsed<string> {
  const allowed = "a DNS subdomain: lower-case letters, digits, '-' and '.', at most 253 characters, each part starting and ending alphanumeric";
  if (typeof raw !== "string" || raw.length > 253) return bad(allowed);
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(raw) ? ok(raw) : bad(allowed);
}

/** A comma-separated list of `kind/name` or `kind/namespace/name` references to objects of the given kinds. */
export function parseObjectRefs(raw: unknown, kinds: readonly string[]): Parsed<string[]> {
  const allowed = `a comma-separated list of kind/name (Docker) or kind/namespace/name (Kubernetes), kind one of ${kinds.join(", ")}`;
  if (typeof raw !== "string") return bad(allowed);
  const refs = raw.split(",").map((item) => item.trim()).filter((item) => item !== "");
  const valid = refs.every((ref) => {
    const parts = ref.split("/");
    return (parts.length === 2 || parts.length === 3) && kinds.includes(parts[0] ?? "") && parts.every((part) => part !== "");
  });
  return valid ? ok(refs) : bad(allowed);
}

export function parseNonEmptyString(raw: unknown): Parsed<string> {
  if (typeof raw !== "string" || raw.trim() === "") return bad("a non-empty string");
  return ok(raw.trim());
}

const DURATION_UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };

/**
 * A duration as Jaeger reads it (Go's time.Duration), limited to whole hours, minutes and seconds
 * ("72h", "1h30m", "90s") so that every accepted value means the same to a person and to Go.
 */
export function parseDuration(raw: unknown, minSeconds: number, maxSeconds: number): Parsed<string> {
  const allowed = `a duration from ${formatDuration(minSeconds)} to ${formatDuration(maxSeconds)} in whole h, m and s, such as "72h" or "1h30m"`;
  if (typeof raw !== "string") return bad(allowed);
  const text = raw.trim();
  if (!/^(\d+h)?(\d+m)?(\d+s)?$/.test(text) || text === "") return bad(allowed);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([hms])/g)) total += Number(amount) * (DURATION_UNIT_SECONDS[unit ?? ""] ?? 0);
  return total >= minSeconds && total <= maxSeconds ? ok(text) : bad(allowed);
}

function formatDuration(totalSeconds: number): string {
  if (totalSeconds % 3600 === 0) return `${totalSeconds / 3600}h`;
  if (totalSeconds % 60 === 0) return `${totalSeconds / 60}m`;
  return `${totalSeconds}s`;
}
