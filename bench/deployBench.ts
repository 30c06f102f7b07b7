import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { dockerHealthCheck } from "../components/platforms/docker/dockerHealthCheck";
import { portId, type ServiceDescription } from "../components/services/serviceDescription";
import { describeServices, SERVICE_TABLE } from "../components/services/serviceTable";
import { orderByStartsAfter, startingAfter } from "../components/services/startOrder";
import { validateSettings } from "../components/settings/validateSettings";
import { docker, runCommand, ThrowawayStack } from "../test/e2e/pulumiStack";
import { deployPhases, parseEngineEvents, type DeployPhases, type TimedService } from "./engineEvents";
import { percentile } from "./percentiles";
import { parsePulumiTrace, pulumiStartPhases } from "./pulumiTracePhases";
import { scratchDir } from "../test/scratch";

/**
 * bench:deploy, in one run: `pulumi up` of a Docker stack until Milvus is healthy, against
 * `docker compose up --wait` of the seed's layout (Jaeger + Milvus standalone, same images, same
 * health checks, same files), alternating which goes first, each phase timed from the engine's
 * events; then one traced `pulumi up` for the phases before its first engine call; then verify's
 * wall time on the deployed stack.
 */
const ROUNDS = 3;
const images = { milvusImage: process.env.LAB_MILVUS_IMAGE ?? "", jaegerImage: process.env.LAB_JAEGER_IMAGE ?? "" };
/** In start order, each after the service it waits for, as the program's services start. */
const SERVICES: TimedService[] = orderByStartsAfter(describeServices(SERVICE_TABLE, validateSettings(images), undefined)).map((service) => ({
  name: service.name,
  after: service.startsAfter.at(-1),
}));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The seed's compose layout, written from the same service descriptions the program deploys. */
function composeFile(dir: string): string {
  const settings = validateSettings({ ...images, milvusPort: 25530, milvusHealthPort: 25091, jaegerUiPort: 25686, otlpGrpcPort: 25317, otlpHttpPort: 25318, jaegerMetricsPort: 25888 });
  const descriptions = describeServices(SERVICE_TABLE, settings, undefined);
  const service = (description: ServiceDescription) => {
    const mounts = description.files.map((file, index) => {
      const local = join(dir, `${description.name}-${index}`);
      if (typeof file.content !== "string") throw new Error(`${file.path} is not plain text: the benchmark runs without TLS`);
      writeFileSync(local, file.content);
      return `${local}:${file.path}:ro`;
    });
    const check = dockerHealthCheck(description, startingAfter(descriptions, description.name));
    return {
      image: description.image,
      command: description.args,
      environment: description.env,
      ports: description.ports.flatMap((port) => {
        const hostPort = settings.docker.hostPorts[portId(description, port)];
        return hostPort === undefined ? [] : [`127.0.0.1:${hostPort}:${port.containerPort}`];
      }),
      volumes: [...mounts, ...description.volumes.map((volume) => `${description.name}-${volume.name}:${volume.mountPath}`)],
      security_opt: description.needsRelaxedSyscallFilter ? ["seccomp:unconfined"] : [],
      ...(check ? { healthcheck: { test: check.tests, interval: check.interval, timeout: check.timeout, start_period: check.startPeriod, retries: check.retries } } : {}),
      depends_on: Object.fromEntries(description.startsAfter.map((name) => [name, { condition: "service_healthy" }])),
    };
  };
  const file = join(dir, "compose.yaml");
  // A volume of its own per service and name, as the Docker platform makes them.
  const ordered = orderByStartsAfter(descriptions);
  const volumes = Object.fromEntries(ordered.flatMap((description) => description.volumes.map((volume) => [`${description.name}-${volume.name}`, {}])));
  writeFileSync(file, stringify({ services: Object.fromEntries(ordered.map((description) => [description.name, service(description)])), volumes }));
  return file;
}

interface TimedRun {
  ms: number;
  phases: DeployPhases;
}

/** Runs a deploy and reads where its time went from the engine's events during it. */
async function timedDeploy(action: () => Promise<{ code: number; output: string }>): Promise<TimedRun> {
  const startMs = Date.now();
  const started = performance.now();
  const result = await action();
  const ms = performance.now() - started;
  if (result.code !== 0) throw new Error(result.output);
  const endMs = startMs + ms;
  const since = (startMs / 1000).toFixed(3);
  const until = ((endMs + 1000) / 1000).toFixed(3);
  const events = parseEngineEvents(await docker(["events", "--since", since, "--until", until, "--format", "{{json .}}"]));
  return { ms, phases: deployPhases(events, { startMs, endMs }, SERVICES) };
}

function phaseRows(label: string, runs: readonly TimedRun[]): string[] {
  const med = (pick: (phases: DeployPhases) => number): string => seconds(percentile(runs.map((run) => pick(run.phases)), 50)).padStart(7);
  const row = (name: string, pick: (phases: DeployPhases) => number): string => `    ${name.padEnd(38)}${med(pick)}`;
  const service = (index: number) => (phases: DeployPhases) => phases.services[index] ?? { service: "", toStartMs: NaN, startToHealthyMs: NaN };
  const rows = [row("until the first engine call", (p) => p.untilFirstEngineCallMs), row("network, until the first container", (p) => p.networkMs)];
  for (const [index, { name, after }] of SERVICES.entries()) {
    rows.push(row(after === undefined ? `${name}: created to started` : `${after} healthy to ${name} started`, (p) => service(index)(p).toStartMs));
    rows.push(row(`${name}: started to healthy`, (p) => service(index)(p).startToHealthyMs));
  }
  rows.push(row("last healthy to the tool's exit", (p) => p.lastHealthyToExitMs));
  return [`  ${label} (medians of the rounds, from the engine's event times)`, ...rows];
}

async function main(): Promise<void> {
  const dir = scratchDir("bench-deploy");
  const compose = composeFile(dir);
  const composeArgs = ["compose", "-p", "milvus-tracing-bench-compose", "-f", compose];
  const stack = await ThrowawayStack.create("bench", { target: "docker", retainData: false, traceBatchDelayMs: 500, ...images, milvusPort: 24530, milvusHealthPort: 24091, jaegerUiPort: 24686, otlpGrpcPort: 24317, otlpHttpPort: 24318, jaegerMetricsPort: 24888 });
  const pulumiRuns: TimedRun[] = [];
  const composeRuns: TimedRun[] = [];
  const reset = async () => {
    await stack.destroy();
    await runCommand("docker", [...composeArgs, "down", "-v"], process.env);
  };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const pulumiUp = async () => pulumiRuns.push(await timedDeploy(() => stack.up()));
      const composeUp = async () => composeRuns.push(await timedDeploy(() => runCommand("docker", [...composeArgs, "up", "-d", "--wait"], process.env)));
      if (round % 2 === 0) await pulumiUp().then(composeUp);
      else await composeUp().then(pulumiUp);
      process.stderr.write(`[bench] round ${round + 1}: pulumi up ${seconds(pulumiRuns.at(-1)?.ms ?? 0)}, compose up --wait ${seconds(composeRuns.at(-1)?.ms ?? 0)}\n`);
      await reset();
    }
    // One more pulumi up, with the CLI writing its own OpenTelemetry trace: it splits the time
    // before the first engine call. Kept out of the medians above, since writing it costs time.
    const traceFile = join(dir, "pulumi-up-trace.json");
    const profiled = await timedDeploy(() => stack.up("--otel-traces", `file://${traceFile}`));
    const start = pulumiStartPhases(parsePulumiTrace(readFileSync(traceFile, "utf8")));

    const verifyStarted = performance.now();
    const verified = await stack.verify();
    const verifyMs = performance.now() - verifyStarted;
    const pulumiMedian = percentile(pulumiRuns.map((run) => run.ms), 50);
    const composeMedian = percentile(composeRuns.map((run) => run.ms), 50);
    process.stdout.write(
      [
        "bench:deploy (one run, this machine, lab images, containers created from scratch each round)",
        `  pulumi up until Milvus healthy:     ${pulumiRuns.map((run) => seconds(run.ms)).join(", ")}   median ${seconds(pulumiMedian)}`,
        `  docker compose up --wait:           ${composeRuns.map((run) => seconds(run.ms)).join(", ")}   median ${seconds(composeMedian)}`,
        `  pulumi / compose (medians):         ${(pulumiMedian / composeMedian).toFixed(2)}   (target <= 1.2)`,
        ...phaseRows("pulumi up", pulumiRuns),
        ...phaseRows("docker compose up --wait", composeRuns),
        `  pulumi up's start, from its own trace (one extra, traced up: ${seconds(profiled.ms)}; first engine call after ${seconds(profiled.phases.untilFirstEngineCallMs)}):`,
        `    CLI and engine start, state read     ${seconds(start.cliAndEngineMs).padStart(7)}`,
        `    language host and program            ${seconds(start.programMs).padStart(7)}`,
        `    docker provider start                ${seconds(start.providerStartMs).padStart(7)}`,
        `  verify on the deployed stack:       ${seconds(verifyMs)} (exit ${verified.code}; traceBatchDelayMs 500, as Pulumi.dev.yaml)`,
      ].join("\n") + "\n",
    );
  } finally {
    await stack.destroy();
    await stack.remove();
    await runCommand("docker", [...composeArgs, "down", "-v"], process.env);
    await docker(["volume", "prune", "-f", "--filter", "label=com.docker.compose.project=milvus-tracing-bench-compose"]).catch(() => "");
  }
}

void main();
