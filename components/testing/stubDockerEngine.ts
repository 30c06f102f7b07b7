import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `run` with DOCKER_HOST at a stand-in Docker engine on a unix socket (no network): it answers
 * an inspect path from `objects` (path to labels), 404 otherwise, as the ownership check reads it.
 */
export async function withStubDockerEngine<T>(objects: Readonly<Record<string, Record<string, string>>>, run: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "milvus-tracing-engine-"));
  const socket = join(dir, "docker.sock");
  const server = createServer((request, response) => {
    const labels = objects[request.url ?? ""];
    response.statusCode = labels === undefined ? 404 : 200;
    response.end(JSON.stringify(labels === undefined ? { message: "no such object" } : { Labels: labels, Config: { Labels: labels } }));
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const previous = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = `unix://${socket}`;
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = previous;
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    rmSync(dir, { recursive: true, force: true });
  }
}
