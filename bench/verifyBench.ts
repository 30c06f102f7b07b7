// Must stay the first import: it patches @grpc/grpc-js before anything loads it.
import "../verify/instrumentation";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { JaegerQuery } from "../verify/jaegerQuery";
import { startTelemetry } from "../verify/telemetry";
import { REPO, scratchDir, startJaeger, startMilvus, type RunningServer } from "../test/integration/harness";
import { percentile } from "./percentiles";

/**
 * bench:verify, in one run on this machine (inside its own network namespace, see run.sh):
 *  1. verify's wall time on a warm deployment;
 *  2. span visibility: from flush to the span being served by Jaeger's query API, p50/p95;
 *  3. Milvus search latency traced (client spans + Milvus exporting at sampleFraction 1) versus
 *     untraced (no client spans, Milvus exporter noop), interleaved call by call so that the
 *     machine's noise hits both sides alike.
 */
const VISIBILITY_SAMPLES = 40;
const SEARCH_ROUNDS = 400;
const VERIFY_RUNS = 3;
const run = promisify(execFile);
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function verifyWallTimes(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < VERIFY_RUNS; i += 1) {
    const started = performance.now();
    await run(join(REPO, "node_modules", ".bin", "tsx"), [join(REPO, "verify", "main.ts"), "--milvus", "127.0.0.1:19530", "--jaeger-query", "http://127.0.0.1:16686", "--otlp", "127.0.0.1:4317"], { cwd: REPO });
    times.push(performance.now() - started);
  }
  return times;
}

async function spanVisibility(): Promise<number[]> {
  const telemetry = startTelemetry({ serviceName: "milvus-bench", otlpEndpoint: "127.0.0.1:4317", secure: false, caPem: undefined });
  const jaeger = new JaegerQuery("http://127.0.0.1:16686");
  const latencies: number[] = [];
  for (let i = 0; i < VISIBILITY_SAMPLES; i += 1) {
    const span = telemetry.tracer.startSpan("visibility probe");
    const traceId = span.spanContext().traceId;
    span.end();
    await telemetry.flush();
    const flushed = performance.now();
    for (let polls = 0; polls < 2000 && !(await jaeger.trace(traceId)); polls += 1) await sleep(5);
    latencies.push(performance.now() - flushed);
  }
  await telemetry.shutdown();
  return latencies;
}

async function searchLatencies(): Promise<{ traced: number[]; untraced: number[] }> {
  const { connectMilvus } = await import("../verify/workload.js");
  const { ConsistencyLevelEnum, DataType } = await import("@zilliz/milvus2-sdk-node");
  const telemetry = startTelemetry({ serviceName: "milvus-bench", otlpEndpoint: "127.0.0.1:4317", secure: false, caPem: undefined });
  const tracedClient = connectMilvus("127.0.0.1:19530", 30);
  const plainClient = connectMilvus("127.0.0.1:29530", 30);
  const dim = 32;
  const vector = (seed: number) => Array.from({ length: dim }, (_, d) => Math.sin(seed * 7 + d));
  const prepare = async (client: typeof tracedClient) => {
    await client.createCollection({ collection_name: "bench", fields: [{ name: "id", data_type: DataType.Int64, is_primary_key: true }, { name: "v", data_type: DataType.FloatVector, dim }] });
    await client.insert({ collection_name: "bench", data: Array.from({ length: 2000 }, (_, id) => ({ id, v: vector(id) })) });
    await client.flush({ collection_names: ["bench"] });
    await client.createIndex({ collection_name: "bench", field_name: "v", index_type: "FLAT", metric_type: "L2", params: {} });
    await client.loadCollectionSync({ collection_name: "bench" });
  };
  await context.with(suppressTracing(context.active()), async () => {
    await prepare(tracedClient);
    await prepare(plainClient);
  });
  const traced: number[] = [];
  const untraced: number[] = [];
  const timed = async (action: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await action();
    into.push(performance.now() - started);
  };
  for (let round = 0; round < SEARCH_ROUNDS; round += 1) {
    const data = [vector(round % 2000)];
    const tracedSearch = () => telemetry.tracer.startActiveSpan("bench search", (span) => tracedClient.search({ collection_name: "bench", data, limit: 10, consistency_level: ConsistencyLevelEnum.Eventually }).finally(() => {
      span.end();
    }));
    const plainSearch = () => context.with(suppressTracing(context.active()), () => plainClient.search({ collection_name: "bench", data, limit: 10, consistency_level: ConsistencyLevelEnum.Eventually }));
    // Alternate which side goes first, so neither always runs on a warmer cache.
    if (round % 2 === 0) {
      await timed(tracedSearch, traced);
      await timed(plainSearch, untraced);
    } else {
      await timed(plainSearch, untraced);
      await timed(tracedSearch, traced);
    }
  }
  await Promise.all([tracedClient.closeConnection(), plainClient.closeConnection()]);
  await telemetry.shutdown();
  return { traced: traced.slice(20), untraced: untraced.slice(20) };
}

async function main(): Promise<void> {
  const dir = scratchDir("bench");
  const servers: RunningServer[] = [];
  try {
    servers.push(await startJaeger(dir));
    servers.push(await startMilvus(join(dir, "traced"), { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10 }));
    servers.push(await startMilvus(join(dir, "noop"), { sampleFraction: 1, secure: false, otlpMethod: "grpc", initTimeoutSeconds: 10 }, { TRACE_EXPORTER: "noop", MILVUS_PORT: "29530", MILVUS_HEALTH_PORT: "29091", MILVUS_PORT_OFFSET: "10000" }));

    const wall = await verifyWallTimes();
    const visibility = await spanVisibility();
    const search = await searchLatencies();
    const tracedP50 = percentile(search.traced, 50);
    const plainP50 = percentile(search.untraced, 50);
    const lines = [
      "bench:verify (one run, this machine)",
      `  verify wall time, warm:            ${wall.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")}   (target <= 5 s)`,
      `  span visible in Jaeger after flush: p50 ${ms(percentile(visibility, 50))}, p95 ${ms(percentile(visibility, 95))} over ${visibility.length}   (target p50 <= 1000 ms)`,
      `  Milvus search p50, traced:          ${ms(tracedP50)}   (client spans + Milvus otlp exporter, sampleFraction 1)`,
      `  Milvus search p50, untraced:        ${ms(plainP50)}   (no client spans, Milvus exporter noop)`,
      `  traced / untraced p50:              ${(tracedP50 / plainP50).toFixed(3)}   over ${search.traced.length} interleaved pairs (target <= 1.05)`,
      `  p95 traced / untraced:              ${ms(percentile(search.traced, 95))} / ${ms(percentile(search.untraced, 95))}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

void main();
