import { goDuration } from "./durationText";
import type { JaegerResponse, JaegerTrace } from "./jaegerTrace";
import { basicAuthorization, type Login } from "./login";
import { VerifyError } from "./verifyError";

/** Jaeger's query HTTP API (`/api/*`, stable across v1 and v2). */
export class JaegerQuery {
  constructor(
    readonly baseUrl: string,
    private readonly requestTimeoutMs = 5000,
    /** When the query API asks for one (a stack that publishes it beyond loopback or ClusterIP). */
    private readonly login?: Login,
    /** Where a refused login comes from, for the hint. */
    private readonly loginSource = "the stack's credentials output, or VERIFY_JAEGER_USER and VERIFY_JAEGER_PASSWORD",
  ) {}

  /** undefined while Jaeger does not have the trace (yet). */
  async trace(traceId: string): Promise<JaegerTrace | undefined> {
    const response = await this.get(`/api/traces/${traceId}`);
    if (response.status === 404) return undefined;
    const body = (await this.json(response)) as JaegerResponse<JaegerTrace[]>;
    return body.data?.[0];
  }

  /**
   * Traces with a span of `service` (of `operation`, of at least `minDurationUs`: see
   * traceList.ts for how storages differ) that started in [startMs, endMs]; at most `limit`,
   * the newest. The API wants microseconds.
   */
  async traces(service: string, startMs: number, endMs: number, limit: number, filters: { operation?: string; minDurationUs?: number } = {}): Promise<JaegerTrace[]> {
    const query = new URLSearchParams({ service, start: String(Math.round(startMs * 1000)), end: String(Math.round(endMs * 1000)), limit: String(limit) });
    if (filters.operation !== undefined) query.set("operation", filters.operation);
    if (filters.minDurationUs !== undefined) query.set("minDuration", goDuration(filters.minDurationUs));
    const response = await this.get(`/api/traces?${query.toString()}`);
    if (response.status === 404) return [];
    return ((await this.json(response)) as JaegerResponse<JaegerTrace[]>).data ?? [];
  }

  async services(): Promise<string[]> {
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
        `Jaeger's query API did not answer (${cause})`,
        "Is Jaeger running and healthy? On Docker: `docker ps` for the stack's jaeger container; the query port is the stack's jaegerUiPort.",
      );
    }
  }

  private async json(response: Response): Promise<unknown> {
    if (response.status === 401) {
      throw new VerifyError(
        this.baseUrl,
        `Jaeger's query API refused ${this.login ? `the login of ${this.login.username}` : "a request without a login"} (HTTP 401)`,
        `Give the login the query API asks for: verify reads it from ${this.loginSource}.`,
      );
    }
    if (!response.ok) {
      const said = await response
        .json()
        .then((body: unknown) => (body as JaegerResponse<unknown>).errors?.[0]?.msg)
        .catch(() => undefined);
      throw new VerifyError(this.baseUrl, `Jaeger's query API answered HTTP ${response.status}${said ? `: ${said}` : ""}`, "Is this URL Jaeger's query port (16686 by default)?");
    }
    return response.json();
  }
}
