import { request } from "node:http";
import type { ExistingObject, PlannedObject } from "./ownershipDecision";

/** Where the Docker API answers, read from DOCKER_HOST as the docker provider reads it. */
export type DockerEndpoint = { socketPath: string } | { host: string; port: number };

export function dockerEndpoint(dockerHost: string | undefined): DockerEndpoint {
  if (dockerHost === undefined || dockerHost === "") return { socketPath: "/var/run/docker.sock" };
  if (dockerHost.startsWith("unix://")) return { socketPath: dockerHost.slice("unix://".length) };
  const tcp = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(dockerHost);
  if (tcp?.[1] !== undefined && tcp[2] !== undefined) return { host: tcp[1], port: Number(tcp[2]) };
  throw new Error(`DOCKER_HOST=${dockerHost}: the ownership check reads the engine over unix:// or plain tcp:// only`);
}

interface Labelled {
  Labels?: Record<string, string> | null;
}

/** The planned objects that exist on the engine, with their labels; absent ones are left out. */
export async function existingDockerObjects(endpoint: DockerEndpoint, planned: readonly PlannedObject[]): Promise<ExistingObject[]> {
  const found = await Promise.all(
    planned.map(async (object): Promise<ExistingObject | undefined> => {
      const current = await getJson<Labelled & { Config?: Labelled }>(endpoint, inspectPath(object.kind, object.name));
      if (current === undefined) return undefined;
      // A container's labels sit under Config; volumes and networks carry them at the top.
      const labels = object.kind === "container" ? current.Config?.Labels : current.Labels;
      return { kind: object.kind, name: object.name, labels: labels ?? {} };
    }),
  );
  return found.filter((object) => object !== undefined);
}

function inspectPath(kind: string, name: string): string {
  const encoded = encodeURIComponent(name);
  if (kind === "container") return `/containers/${encoded}/json`;
  if (kind === "network") return `/networks/${encoded}`;
  if (kind === "volume") return `/volumes/${encoded}`;
  throw new Error(`no Docker API known for kind ${kind}`);
}

/** GET a Docker API path: the parsed body, or undefined for 404. */
function getJson<T>(endpoint: DockerEndpoint, path: string): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const req = request({ ...endpoint, path, method: "GET", timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode === 404) resolve(undefined);
        else if (res.statusCode === 200) resolve(JSON.parse(body) as T);
        else reject(new Error(`the Docker engine answered ${res.statusCode} to GET ${path}: ${body.trim()}`));
      });
    });
    req.on("timeout", () => req.destroy(new Error(`the Docker engine did not answer GET ${path} within 10 s`)));
    req.on("error", reject);
    req.end();
  });
}
