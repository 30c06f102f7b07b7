import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DataType, MilvusClient } from "@zilliz/milvus2-sdk-node";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../../components/services/milvusSpanServices";
import type { TracingSettings } from "../../components/settings/settings";
import { traceChecks } from "../../verify/checks";
import { JaegerQuery } from "../../verify/jaegerQuery";
import { serviceOf, type JaegerTrace } from "../../verify/jaegerTrace";
import { waitForTrace } from "../../verify/waitForJaeger";
import { ENDPOINTS, REPO, type TestCa } from "../integration/harness";
import type { Recipe } from "./recipes";

export const run = promisify(execFile);
const TRACE_WAIT_MS = 30_000;

export const tracing = (secure: boolean): TracingSettings => ({ sampleFraction: 1, secure, otlpMethod: "grpc", initTimeoutSeconds: 10, batchDelayMs: 500 });

/** What the recipes are pointed at: OTLP over TLS with this CA, and Milvus's login as a token. */
export interface Target {
  ca?: TestCa;
  /** MILVUS_TOKEN, `user:password`. */
  milvusToken?: string;
}

/**
 * A collection by the recipe's name before it runs, so that its tutorial takes the drop path too.
 * Made by an untraced client: nothing of it is in the recipe's trace.
 */
async function leaveCollection(name: string, token: string | undefined): Promise<void> {
  const client = new MilvusClient({ address: ENDPOINTS.milvus, token, telemetry: { enabled: false }, logLevel: "error" });
  try {
    const made = await client.createCollection({
      collection_name: name,
      fields: [
        { name: "id", data_type: DataType.Int64, is_primary_key: true, autoID: false },
        { name: "vector", data_type: DataType.FloatVector, dim: 8 },
      ],
    });
    assert.equal(made.error_code, "Success", `collection ${name} made before the recipe runs: ${made.reason}`);
  } finally {
    await client.closeConnection();
  }
}

/** The environment a user sets from the stack's outputs (examples/clients/README.md). */
export function stackEnv(target: Target): NodeJS.ProcessEnv {
  const { ca, milvusToken } = target;
  return {
    ...process.env,
    MILVUS_ADDRESS: ENDPOINTS.milvus,
    OTEL_EXPORTER_OTLP_ENDPOINT: `${ca ? "https" : "http"}://${ENDPOINTS.otlp}`,
    ...(ca ? { OTEL_EXPORTER_OTLP_CERTIFICATE: ca.caFile } : {}),
    ...(milvusToken ? { MILVUS_TOKEN: milvusToken } : {}),
  };
}

/** Spans per service, e.g. "milvus-client-go 9, standalone 61". */
function spansPerService(trace: JaegerTrace): string {
  const counts = new Map<string, number>();
  for (const span of trace.spans) counts.set(serviceOf(trace, span), (counts.get(serviceOf(trace, span)) ?? 0) + 1);
  return [...counts].map(([service, count]) => `${service} ${count}`).join(", ");
}

/**
 * The token's secret forms: the password, and `user:password` as the authorization header carries
 * it (base64). None may show in what the recipe prints or in the spans it sends.
 */
function secretForms(token: string): string[] {
  const password = token.slice(token.indexOf(":") + 1);
  return [password, Buffer.from(token).toString("base64")];
}

function assertNoSecret(token: string | undefined, where: string, text: string): void {
  if (!token) return;
  for (const secret of secretForms(token)) assert.ok(!text.includes(secret), `${where} holds the Milvus login`);
}

/** Runs the recipe and judges its printed trace with verify's checks. */
export async function runRecipe(recipe: Recipe, target: Target): Promise<void> {
  await leaveCollection(recipe.collection, target.milvusToken);
  const [command, ...args] = recipe.command;
  assert.ok(command);
  const started = performance.now();
  const { stdout, stderr } = await run(command, args, { cwd: REPO, env: stackEnv(target), timeout: 180_000 });
  const ranMs = performance.now() - started;
  const traceId = /^([0-9a-f]{32})$/m.exec(stdout)?.[1];
  assert.ok(traceId, `${recipe.language} printed its trace id on a line of its own; stdout: ${stdout}; stderr: ${stderr}`);
  assert.match(stderr, /search: 3 hits/, `${recipe.language} searched and found rows`);
  assertNoSecret(target.milvusToken, `${recipe.language}'s output`, stdout + stderr);

  const services = { client: recipe.service, milvus: MILVUS_STANDALONE_SPAN_SERVICES };
  const calls = recipe.rpcs.map((rpc) => ({ step: rpc, rpc, ms: 0 }));
  const waitStarted = performance.now();
  const found = await waitForTrace(new JaegerQuery(ENDPOINTS.jaegerQuery), { traceId, calls, totalMs: ranMs }, services, waitStarted + TRACE_WAIT_MS, () => undefined);
  const checks = traceChecks(found.analysis, calls, found.completeAt - waitStarted, services.milvus.server);
  const { trace, analysis } = found;
  const report = [`${recipe.language}: trace ${traceId}, ran in ${(ranMs / 1000).toFixed(1)} s`, ...checks.map((check) => `${check.passed ? "✔" : "✘"} ${check.name}: ${check.detail}`)];
  if (trace) report.push(`spans per service: ${spansPerService(trace)}`);
  if (analysis) report.push(`client RPC spans: ${[...analysis.clientSpansByRpc].map(([rpc, count]) => `${rpc} ${count}`).join(", ")}`);
  process.stdout.write(`# ${report.join("\n#   ")}\n`);

  assert.deepEqual(
    checks.filter((check) => !check.passed).map((check) => `${check.name}: ${check.detail}`),
    [],
    `verify's trace checks pass for the ${recipe.language} recipe`,
  );
  assert.ok(analysis);
  assert.equal(analysis.clientSpansWithServerChild, analysis.clientRpcSpans, "every client RPC span has Milvus server spans below it");
  if (trace) assertNoSecret(target.milvusToken, `${recipe.language}'s trace in Jaeger`, JSON.stringify(trace));
}
