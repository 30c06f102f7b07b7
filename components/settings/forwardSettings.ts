import { parseBoolean, parseChoice, parseInteger, type Parsed } from "./parsers";

/**
 * Whether Jaeger keeps the spans it is sent, passes them on to the team's own OTLP backend, or
 * both. Forwarding happens after the collector's processors, so under tail sampling only the kept
 * traces leave. `milvus-direct` runs no Jaeger: Milvus (2.6 or later) exports to the backend itself.
 */
export const FORWARD_MODES = ["local", "local-and-forward", "forward-only", "milvus-direct"] as const;
export type ForwardMode = (typeof FORWARD_MODES)[number];

export const FORWARD_PROTOCOLS = ["grpc", "http"] as const;
export type ForwardProtocol = (typeof FORWARD_PROTOCOLS)[number];

/** The forward target; undefined under `local`. Secret values (headers, CA) are not here: loadSettings hands them over as Pulumi secrets. */
export interface ForwardTarget {
  mode: Exclude<ForwardMode, "local">;
  protocol: ForwardProtocol;
  /** grpc: host:port; http: the base URL, to which the exporter appends /v1/traces. */
  endpoint: string;
  /** Plain text to the backend (grpc), or an http:// URL; never without forwardInsecure = true. */
  insecure: boolean;
  /** The stack gave forwardCa: the backend's certificate is checked against it instead of the system's roots. */
  customCa: boolean;
  /** Names only; the values are secrets. */
  headerNames: string[];
  /** Spans Jaeger holds for the backend while it cannot take them (not under milvus-direct: Milvus's exporter has no such setting). */
  queueSpans: number;
  /** How long a batch is retried before it is dropped (likewise). */
  retrySeconds: number;
}

export const FORWARD_SECRET_KEYS = ["forwardHeaders", "forwardCa"] as const;

type Read = <T>(key: string, parse: (value: unknown) => Parsed<T>, fallback: T) => T;

/** Keys that only mean something when Jaeger (or, under milvus-direct, Milvus) forwards. */
const TARGET_KEYS = ["forwardEndpoint", "forwardProtocol", "forwardInsecure", "forwardCa", "forwardHeaders", "forwardQueueSpans", "forwardRetrySeconds"] as const;

/** Pulumi.yaml's defaults (settingKeys.ts), which the CLI hands the program as if the stack had set them. */
export const FORWARD_DEFAULTS = { forwardEndpoint: "", forwardProtocol: "grpc", forwardInsecure: false, forwardQueueSpans: 100000, forwardRetrySeconds: 300 } as const;

/**
 * The forward settings and their combinations: every problem goes to `problems`, so that the stack
 * file's mistakes are listed together with the others'. `secretKeys` are the keys stored encrypted.
 */
export function readForward(raw: Readonly<Partial<Record<string, unknown>>>, read: Read, problems: string[], secretKeys: ReadonlySet<string>): ForwardTarget | undefined {
  const given = (key: string): boolean => raw[key] !== undefined && raw[key] !== "";
  const mode = read("forwardMode", (v) => parseChoice(v, FORWARD_MODES), "local");
  for (const key of FORWARD_SECRET_KEYS) {
    if (given(key) && !secretKeys.has(key)) {
      problems.push(
        `${key} is set in plain text (value not shown): expected a secret; set it with ` +
          (key === "forwardCa"
            ? `pulumi config set --secret forwardCa -- "$(cat backend-ca.pem)"`
            : `pulumi config set --secret forwardHeaders '{"authorization":"Basic ..."}'`),
      );
    }
  }
  const protocol = read("forwardProtocol", (v) => parseChoice(v, FORWARD_PROTOCOLS), FORWARD_DEFAULTS.forwardProtocol);
  const insecure = read("forwardInsecure", parseBoolean, FORWARD_DEFAULTS.forwardInsecure);
  const queueSpans = read("forwardQueueSpans", (v) => parseInteger(v, 100, 10_000_000), FORWARD_DEFAULTS.forwardQueueSpans);
  const retrySeconds = read("forwardRetrySeconds", (v) => parseInteger(v, 10, 86_400), FORWARD_DEFAULTS.forwardRetrySeconds);
  const headerNames = given("forwardHeaders") ? readHeaders() : {};
  if (mode === "local") {
    // A value equal to its default may be Pulumi.yaml's, not the stack's: only others are stray.
    const defaults: Partial<Record<string, string | number | boolean>> = FORWARD_DEFAULTS;
    const stray = TARGET_KEYS.filter((key) => given(key) && String(raw[key]) !== String(defaults[key]));
    if (stray.length > 0) {
      problems.push(`${stray.join(" and ")} ${stray.length > 1 ? "are" : "is"} set with forwardMode = "local": expected forwardMode local-and-forward, forward-only or milvus-direct, or none of them`);
    }
    return undefined;
  }
  if (!given("forwardEndpoint")) {
    problems.push(`forwardEndpoint is not set with forwardMode = ${JSON.stringify(mode)}: expected the team's OTLP ${protocol === "grpc" ? "gRPC address as host:port" : "HTTP base URL such as https://otlp.example.com"}`);
  }
  const endpoint = given("forwardEndpoint") ? read("forwardEndpoint", (v) => parseEndpoint(v, protocol, insecure), "") : "";
  if (insecure && given("forwardCa")) {
    problems.push("forwardCa is set with forwardInsecure = true: expected one of them; a CA is for checking the backend's certificate, which plain text has none of");
  }
  if (mode === "milvus-direct") problems.push(...milvusDirectTargetProblems());
  return { mode, protocol, endpoint, insecure, customCa: given("forwardCa"), headerNames: Object.keys(headerNames), queueSpans, retrySeconds };

  /**
   * What Milvus's own exporter cannot do. Its trace block has endpoint, method, secure and headers
   * and nothing else (paramtable traceConfig, 2.6); its exporters keep their own queue and retry.
   */
  function milvusDirectTargetProblems(): string[] {
    const found: string[] = [];
    if (protocol === "http") {
      found.push(
        'forwardProtocol = "http" is not allowed with forwardMode = "milvus-direct": expected grpc. Milvus sends trace.otlp.endpoint to its Go exporter as host:port ' +
          "and to its C++ (segcore) exporter as a full URL, so over HTTP one of the two always loses its spans (as with otlpMethod)",
      );
    }
    const defaults: Partial<Record<string, string | number | boolean>> = FORWARD_DEFAULTS;
    for (const key of ["forwardQueueSpans", "forwardRetrySeconds"]) {
      if (given(key) && String(raw[key]) !== String(defaults[key])) {
        found.push(
          `${key} = ${JSON.stringify(raw[key])} is not allowed with forwardMode = "milvus-direct": expected it unset. It sets Jaeger's sending queue and retry, and this mode runs no Jaeger; ` +
            "Milvus's exporters keep their own batch queue and retry, which Milvus has no setting for",
        );
      }
    }
    return found;
  }

  /** Like `read`, but a bad value is never printed: it holds credentials. */
  function readHeaders(): Record<string, string> {
    const parsed = parseHeaders(raw.forwardHeaders);
    if (parsed.ok) return parsed.value;
    problems.push(`forwardHeaders (value not shown) is not allowed: expected ${parsed.allowed}`);
    return {};
  }

}

/** An HTTP header name (RFC 9110 token); gRPC sends it lowercased, as metadata. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A map of header name to value, as an object or its JSON (Pulumi hands structured config to the
 * program as JSON text). Values must be strings without line breaks.
 */
export function parseHeaders(raw: unknown): Parsed<Record<string, string>> {
  const allowed = 'a map of header name to value, such as {"authorization":"Basic ..."}, each value a non-empty string on one line';
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, allowed };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, allowed };
  const entries = Object.entries(value);
  if (entries.length === 0) return { ok: false, allowed };
  for (const [name, headerValue] of entries) {
    if (!HEADER_NAME.test(name) || typeof headerValue !== "string" || headerValue === "" || /[\r\n]/.test(headerValue)) return { ok: false, allowed };
  }
  return { ok: true, value: Object.fromEntries(entries) };
}

/**
 * grpc: host:port, which the otlp exporter dials (TLS unless insecure); http: a URL whose scheme
 * says whether TLS is used, so https unless forwardInsecure and http only with it.
 */
export function parseEndpoint(raw: unknown, protocol: ForwardProtocol, insecure: boolean): Parsed<string> {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (protocol === "grpc") {
    const allowed = "host:port of the backend's OTLP gRPC receiver, without a scheme, such as otlp.example.com:4317";
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
    const port = Number(match?.[2]);
    return match && port >= 1 && port <= 65535 ? { ok: true, value: text } : { ok: false, allowed };
  }
  const scheme = insecure ? "http" : "https";
  const allowed = `a URL of the backend's OTLP HTTP receiver starting with ${scheme}:// ${insecure ? "(forwardInsecure = true)" : "(http:// only with forwardInsecure = true)"}, such as ${scheme}://otlp.example.com:4318`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, allowed };
  }
  if (url.protocol !== `${scheme}:` || url.hostname === "" || url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return { ok: false, allowed };
  return { ok: true, value: text.replace(/\/+$/, "") };
}
