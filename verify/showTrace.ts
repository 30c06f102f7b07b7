import { EXIT, type ExitCode } from "./exitCodes";
import { JaegerQuery } from "./jaegerQuery";
import type { VerifyOptions } from "./options";
import { resolveJaegerTarget } from "./target";
import { renderWaterfall, traceWaterfall, type Waterfall } from "./waterfall";

/** What `--show TRACE_ID --json` prints. */
export interface ShownTrace {
  traceId: string;
  jaegerQuery: string;
  found: boolean;
  waterfall: Waterfall | undefined;
}

/**
 * `--show TRACE_ID`: any trace of the stack's Jaeger as a waterfall, for where no Jaeger UI is at
 * hand. Only the query API is needed: --jaeger-query, or the stack's outputs (port-forwarded on
 * Kubernetes like a verify run).
 */
export async function showTrace(options: VerifyOptions, traceId: string, write: (text: string) => void): Promise<ExitCode> {
  const target = await resolveJaegerTarget(options);
  try {
    const trace = await new JaegerQuery(target.jaegerQueryUrl, undefined, target.jaegerLogin).trace(traceId);
    const { server, engine } = target.milvusSpanServices;
    const waterfall = trace ? traceWaterfall(trace, [server, engine]) : undefined;
    if (options.json) {
      const shown: ShownTrace = { traceId, jaegerQuery: target.jaegerQueryUrl, found: waterfall !== undefined, waterfall };
      write(JSON.stringify(shown, null, 2));
    } else if (waterfall) {
      write([`Trace ${traceId} in Jaeger at ${target.jaegerQueryUrl}: ${waterfall.spanCount} spans`, "", ...renderWaterfall(waterfall)].join("\n"));
    } else {
      write(`verify: trace ${traceId} is not in Jaeger at ${target.jaegerQueryUrl} (unknown id, or past its retention)`);
    }
    return waterfall ? EXIT.pass : EXIT.fail;
  } finally {
    await target.close();
  }
}
