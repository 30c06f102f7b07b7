import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { describeJaeger } from "../components/services/jaegerService";
import { describeMilvus } from "../components/services/milvusService";
import { dockerHealthCheck } from "../components/platforms/docker/dockerHealthCheck";
import { portId, type ServiceDescription } from "../components/services/serviceDescription";
import { validateSettings } from "../components/settings/validateSettings";
import { docker, runCommand, ThrowawayStack } from "../test/e2e/pulumiStack";
import { percentile } from "./percentiles";

/**
 * bench:deploy, in one run: `pulumi up` of a Docker stack until Milvus is healthy, against
 * `docker compose up --wait` of the seed's layout (Jaeger + Milvus standalone, same images, same
 * health checks, same files), alternating which goes first. Then verify's wall time.
 */
const ROUNDS = 3;
const images = { milvusImage: process.env.LAB_MILVUS_IMAGE ?? "", jaegerImage: process.env.LAB_JAEGER_IMAGE ?? "" };
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The seed's compose layout, written from the same service descriptions the program deploys. */
function composeFile(dir: string): string {
  const settings = validateSettings({ ...images, milvusPort: 45530, milvusHealthPort: 45091, jaegerUiPort: 45686, otlpGrpcPort: 45317, otlpHttpPort: 45318 });
  const service = (description: ServiceDescription) => {
    const mounts = description.files.map((file, index) => {
      const local = join(dir, `${description.name}-${index}`);
      if (typeof file.content !== "string") throw new Error(`${file.path} is not plain text: the benchmark runs without TLS`);
      writeFileSync(local, file.content);
      return `${local}:${file.path}:ro`;
    });
    const check = dockerHealthCheck(description.health);
    return {
      image: description.image,
      command: description.args,
      environment: description.env,
      ports: description.ports.flatMap((port) => {
        const hostPort = settings.docker.hostPorts[portId(description, port) as keyof typeof settings.docker.hostPorts] as number | undefined;
        return hostPort === undefined ? [] : [`127.0.0.1:${hostPort}:${port.containerPort}`];
      }),
      volumes: [...mounts, ...description.volumes.map((volume) => `${volume.name}:${volume.mountPath}`)],
      security_opt: description.needsRelaxedSyscallFilter ? ["seccomp:unconfined"] : [],
      ...(check ? { healthcheck: { test: check.tests, interval: check.interval, timeout: check.timeout, start_period: check.startPeriod, retries: check.retries } } : {}),
      depends_on: Object.fromEntries(description.startsAfter.map((name) => [name, { condition: "service_healthy" }])),
    };
  };
  const jaeger = describeJaeger(settings, undefined);
  const milvus = describeMilvus(settings, undefined);
  const file = join(dir, "compose.yaml");
  writeFileSync(file, stringify({ services: { jaeger: service(jaeger), milvus: service(milvus) }, volumes: { data: {} } }));
  return file;
}

async function timed(action: () => Promise<{ code: number; output: string }>): Promise<number> {
  const started = performance.now();
  const result = await action();
  if (result.code !== 0) throw new Error(result.output);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "milvus-tracing-bench-deploy-"));
  const compose = composeFile(dir);
  const composeArgs = ["compose", "-p", "milvus-tracing-bench-compose", "-f", compose];
  const stack = await ThrowawayStack.create("bench", { target: "docker", retainData: false, ...images, milvusPort: 44530, milvusHealthPort: 44091, jaegerUiPort: 44686, otlpGrpcPort: 44317, otlpHttpPort: 44318 });
  const pulumiTimes: number[] = [];
  const composeTimes: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const pulumiUp = async () => pulumiTimes.push(await timed(() => stack.up()));
      const composeUp = async () => composeTimes.push(await timed(() => runCommand("docker", [...composeArgs, "up", "-d", "--wait"], process.env)));
      if (round % 2 === 0) await pulumiUp().then(composeUp);
      else await composeUp().then(pulumiUp);
      process.stderr.write(`[bench] round ${round + 1}: pulumi up ${seconds(pulumiTimes.at(-1) ?? 0)}, compose up --wait ${seconds(composeTimes.at(-1) ?? 0)}\n`);
      if (round < ROUNDS - 1) {
        await stack.destroy();
        await runCommand("docker", [...composeArgs, "down", "-v"], process.env);
      }
    }
    const verifyStarted = performance.now();
    const verified = await stack.verify();
    const verifyMs = performance.now() - verifyStarted;
    const pulumiMedian = percentile(pulumiTimes, 50);
    const composeMedian = percentile(composeTimes, 50);
    process.stdout.write(
      [
        "bench:deploy (one run, this machine, lab images, containers created from scratch each round)",
        `  pulumi up until Milvus healthy:     ${pulumiTimes.map(seconds).join(", ")}   median ${seconds(pulumiMedian)}`,
        `  docker compose up --wait:           ${composeTimes.map(seconds).join(", ")}   median ${seconds(composeMedian)}`,
        `  pulumi / compose (medians):         ${(pulumiMedian / composeMedian).toFixed(2)}   (target <= 1.2)`,
        `  verify on the deployed stack:       ${seconds(verifyMs)} (exit ${verified.code})`,
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
