import { goDuration } from "./durationText";
import type { JaegerResponse, JaegerTrace } from "./jaegerTrace";
import { basicAuthorization, type Login } from "./login";
import { otlpJsonToJaegerTrace } from "./otlpTrace";
import { VerifyError } from "./verifyError";

/**
 * How a backend answers a query by trace id: `jaeger`, Jaeger's query API JSON at
 * URL/api/traces/ID; `otlp-json`, OTLP JSON at URL/ID, so URL names the trace endpoint itself
 * (Tempo's /api/traces or /api/v2/traces, Jaeger v2's /api/v3/traces).
 */
export const BACKEND_APIS = ["jaeger", "otlp-json"] as const;
export type BackendApi = (typeof BACKEND_APIS)[number];

/** Jaeger's query HTTP API (`/api/*`, stable across v1 and v2), or a backend's OTLP JSON trace endpoint. */
export class JaegerQuery {
  /** otlp-json has no common list of services: these are the services of the traces read so far. */
  private readonly seenServices = new Set<string>();

  constructor(
    readonly baseUrl: string,
    private readonly requestTimeoutMs = 5000,
    /** When the query API asks for one (a stack that publishes it beyond loopback or ClusterIP). */
    private readonly login?: Login,
    /** Where a refused login comes from, for the hint. */
    private readonly loginSource = "the stack's credentials output, or VERIFY_JAEGER_USER and VERIFY_JAEGER_PASSWORD",
    readonly api: BackendApi = "jaeger",
  ) {}

  private get apiName(): string {
    return this.api === "jaeger" ? "Jaeger's query API" : "the OTLP JSON trace endpoint";
  }

  /** undefined while Jaeger does not have the trace (yet). */
  async trace(traceId: string): Promise<JaegerTrace | undefined> {
    if (this.api === "otlp-json") return this.otlpTrace(traceId);
    const response = await this.get(`/api/traces/${traceId}`);
    if (response.status === 404) return undefined;
    const body = (await this.json(response)) as JaegerResponse<JaegerTrace[]>;
    return body.data?.[0];
  }

  private async otlpTrace(traceId: string): Promise<JaegerTrace | undefined> {
    const response = await this.get(`/${traceId}`);
    // Tempo and Jaeger's api_v3 both answer 404 for a trace they do not have (yet).
    if (response.status === 404) return undefined;
    const body = await this.json(response);
    let trace: JaegerTrace | undefined;
    try {
      trace = otlpJsonToJaegerTrace(body);
    } catch (caught) {
      throw new VerifyError(
        this.baseUrl,
        `${this.apiName} answered, but ${caught instanceof Error ? caught.message : String(caught)}`,
        "With --backend-api otlp-json, --backend-query names the trace endpoint the id is appended to: e.g. http://tempo:3200/api/v2/traces or http://jaeger:16686/api/v3/traces.",
      );
    }
    for (const process of Object.values(trace?.processes ?? {})) this.seenServices.add(process.serviceName);
    return trace;
  }

  /**
   * Traces with a span of `service` (of `operation`, of at least `minDurationUs`: see
   * traceList.ts for how storages differ) that started in [startMs, endMs]; at most `limit`,
   * the newest. The API wants microseconds.
   */
  async traces(service: string, startMs: number, endMs: number, limit: number, filters: { operation?: string; minDurationUs?: number } = {}): Promise<JaegerTrace[]> {
    // parseOptions refuses what would get here: a search needs Jaeger's API.
    if (this.api !== "jaeger") throw new Error(`${this.apiName} reads traces by id only; searching needs --backend-api jaeger`);
    const query = new URLSearchParams({ service, start: String(Math.round(startMs * 1000)), end: String(Math.round(endMs * 1000)), limit: String(limit) });
    if (filters.operation !== undefined) query.set("operation", filters.operation);
    if (filters.minDurationUs !== undefined) query.set("minDuration", goDuration(filters.minDurationUs));
    const response = await this.get(`/api/traces?${query.toString()}`);
    if (response.status === 404) return [];
    return ((await this.json(response)) as JaegerResponse<JaegerTrace[]>).data ?? [];
  }

  async services(): Promise<string[]> {
    if (this.api === "otlp-json") return [...this.seenServices];
    const body = (await this.json(await this.get("/api/services"))) as JaegerResponse<string[]>;
    return body.data ?? [];
  }

  private async get(path: string): Promise<Response> {
    const url = `${this.baseUrl.replace(/\/+$/, "")}${path}`;
    try {
      const headers = this.login ? { authorization: basicAuthorization(this.login) } : undefined;
      return await fetch(url, { headers, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new VerifyError(
        this.baseUrl,
        `${this.apiName} did not answer (${cause})`,
        this.api === "jaeger"
          ? "Is Jaeger running and healthy? On Docker: `docker ps` for the stack's jaeger container; the query port is the stack's jaegerUiPort."
          : "Is the backend running, and is this its query URL?",
      );
    }
  }

  private async json(response: Response): Promise<unknown> {
    if (response.status === 401) {
      throw new VerifyError(
        this.baseUrl,
        `${this.apiName} refused ${this.login ? `the login of ${this.login.username}` : "a request without a login"} (HTTP 401)`,
        `Give the login the query API asks for: verify reads it from ${this.loginSource}.`,
      );
    }
    if (!response.ok) {
      const said = await response
        .json()
        // Jaeger's /api answers {"errors": [{"msg"}]}, its api_v3 {"error": {"message"}}.
        .then((body: unknown) => (body as JaegerResponse<unknown>).errors?.[0]?.msg ?? (body as { error?: { message?: string } }).error?.message)
        .catch(() => undefined);
      const hint =
        this.api === "jaeger"
          ? "Is this URL Jaeger's query port (16686 by default)?"
          : "Does this URL name the backend's trace endpoint, e.g. http://tempo:3200/api/v2/traces or http://jaeger:16686/api/v3/traces?";
      throw new VerifyError(this.baseUrl, `${this.apiName} answered HTTP ${response.status}${said ? `: ${said}` : ""}`, hint);
    }
    return response.json();
  }
}
