// Must stay the first import: it patches @grpc/grpc-js before anything loads it.
import "../verify/instrumentation";
import { setTimeout as sleep } from "node:timers/promises";
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { startTelemetry } from "../verify/telemetry";
import { openLoopSchedule, type CallResult, type LoadPlan } from "./loadSchedule";
import type { ClientSpans } from "./spanAccounting";

/**
 * One open-loop load against Milvus, in a process of its own (loadBench.ts starts one per run): a
 * tracer provider registers once per process, and each run counts its own client spans under the
 * service name it is given (verify's, in the fault round, so that tail sampling keeps every trace
 * that has a client span).
 *
 *   node --import tsx bench/loadClient.ts REQUEST_JSON
 *
 * Prints `started` on stdout when the first scheduled call is due, then one JSON line
 * (LoadClientResult) when every call has ended or the hard cap has passed.
 */
export interface LoadClientRequest {
  milvus: string;
  otlp: string;
  serviceName: string;
  collection: string;
  dimension: number;
  rows: number;
  plan: LoadPlan;
  /** Calls before the schedule, alternating traced and untraced, left out of the results. */
  warmupCalls: number;
  /** After the last scheduled call, how long calls still in flight may take before they count as failed. */
  drainMs: number;
}

export interface LoadCall extends CallResult {
  /** When the call was due, from the start of the schedule. */
  atMs: number;
  /** How late the call went out against its due time: the load generator's own lag. */
  lagMs: number;
  /** The trace of a traced call (its client span's). */
  traceId: string | undefined;
  failure: string | undefined;
}

export interface LoadClientResult {
  calls: LoadCall[];
  /** From the first call's due time until the last answer: with the calls answered, the rate Milvus kept up. */
  lastAnswerMs: number;
  spans: ClientSpans;
  /** The first few, and how many there were. */
  exportFailures: { first: string[]; count: number };
  cpuSeconds: number;
}

export const STARTED = "started";

async function main(request: LoadClientRequest): Promise<LoadClientResult> {
  const telemetry = startTelemetry({ serviceName: request.serviceName, otlpEndpoint: request.otlp, secure: false, caPem: undefined });
  const { assertSucceeded, connectMilvus } = await import("../verify/workload.js");
  const { ConsistencyLevelEnum } = await import("@zilliz/milvus2-sdk-node");
  // Room for a second of calls in flight: up to that latency the SDK never queues a call itself.
  const client = connectMilvus(request.milvus, 30, undefined, Math.max(10, Math.ceil(request.plan.callsPerSecond)));
  await client.connectPromise;
  let seed = 0;
  const search = async (): Promise<void> => {
    seed += 1;
    const vector = Array.from({ length: request.dimension }, (_, d) => Math.sin((seed % request.rows) * 7 + d));
    assertSucceeded("search", await client.search({ collection_name: request.collection, data: [vector], limit: 10, consistency_level: ConsistencyLevelEnum.Eventually }));
  };
  const untraced = (): Promise<void> => context.with(suppressTracing(context.active()), search);
  /** The trace id is taken when the span starts, so that a failed call still names its trace. */
  const traced = (onTrace: (traceId: string) => void = () => undefined): Promise<void> =>
    telemetry.tracer.startActiveSpan("load search", (span) => {
      onTrace(span.spanContext().traceId);
      return search().finally(() => {
        span.end();
      });
    });
  for (let i = 0; i < request.warmupCalls; i += 1) await (i % 2 === 0 ? traced() : untraced());

  const schedule = openLoopSchedule(request.plan);
  const calls: (LoadCall | undefined)[] = schedule.map(() => undefined);
  const inFlight: Promise<void>[] = [];
  process.stdout.write(`${STARTED}\n`);
  const start = performance.now();
  let lastAnswer = start;
  for (const [index, due] of schedule.entries()) {
    const wait = start + due.atMs - performance.now();
    if (wait > 1) await sleep(wait);
    const issued = performance.now();
    const base = { atMs: due.atMs, block: due.block, traced: due.traced, lagMs: issued - start - due.atMs };
    let traceId: string | undefined;
    const call = due.traced ? traced((id) => (traceId = id)) : untraced();
    inFlight.push(
      call.then(
        () => {
          const answered = performance.now();
          lastAnswer = Math.max(lastAnswer, answered);
          calls[index] = { ...base, latencyMs: answered - issued, traceId, failure: undefined };
        },
        (error: unknown) => {
          calls[index] = { ...base, latencyMs: undefined, traceId, failure: error instanceof Error ? error.message : String(error) };
        },
      ),
    );
  }
  await Promise.race([Promise.all(inFlight), sleep(request.drainMs)]);
  const results = calls.map(
    (call, index): LoadCall =>
      call ?? { atMs: schedule[index]?.atMs ?? 0, block: schedule[index]?.block ?? 0, traced: schedule[index]?.traced ?? false, lagMs: 0, latencyMs: undefined, traceId: undefined, failure: `no answer within ${request.drainMs} ms of the last call` },
  );
  await client.closeConnection();
  await telemetry.shutdown();
  const usage = process.cpuUsage();
  return {
    calls: results,
    lastAnswerMs: lastAnswer - start,
    spans: { ...telemetry.spans },
    exportFailures: { first: telemetry.exportFailures.slice(0, 3), count: telemetry.exportFailures.length },
    cpuSeconds: (usage.user + usage.system) / 1e6,
  };
}

if (require.main === module) {
  main(JSON.parse(process.argv[2] ?? "") as LoadClientRequest).then(
    (result) => {
      // Exit only once the line is out: a pipe takes a large write in several turns.
      process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
