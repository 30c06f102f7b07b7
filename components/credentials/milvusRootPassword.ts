import { setTimeout as sleep } from "node:timers/promises";
import type { MilvusClient } from "@zilliz/milvus2-sdk-node";

/** Every Milvus creates its root user with this password unless told otherwise (2.4.7+: common.security.defaultRootPassword). */
export const MILVUS_DEFAULT_ROOT_PASSWORD = "Milvus";

export interface RootPasswordTarget {
  /** Milvus gRPC, host:port, as the deployer reaches it. */
  address: string;
  password: string;
  /** Bound on the whole exchange: Milvus may still be opening its proxy when its health says ready. */
  timeoutSeconds: number;
}

/**
 * Makes Milvus's root user answer to `password` and to nothing else. Milvus 2.6 took it from
 * user.yaml on its first start (common.security.defaultRootPassword), so there it is only checked.
 * Milvus 2.3 has no such setting: its root starts with the default password, changed here through
 * the API (UpdateCredential). So is a data volume kept from before authorization was on.
 */
export async function ensureRootPassword(target: RootPasswordTarget): Promise<"already set" | "changed"> {
  const deadline = Date.now() + target.timeoutSeconds * 1000;
  let lastProblem = "no attempt";
  while (Date.now() < deadline) {
    const current = await rootAnswersTo(target.address, target.password);
    if (current.ok) return "already set";
    const fromDefault = await rootAnswersTo(target.address, MILVUS_DEFAULT_ROOT_PASSWORD);
    if (fromDefault.ok) {
      await changeRootPassword(target.address, target.password);
      const changed = await rootAnswersTo(target.address, target.password);
      if (changed.ok) return "changed";
      lastProblem = `the new password was set but is refused: ${changed.problem}`;
    } else {
      lastProblem = `the generated password: ${current.problem}; the default one: ${fromDefault.problem}`;
    }
    await sleep(2000);
  }
  throw new Error(
    `Milvus at ${target.address} accepted neither its generated root password nor the default one within ${target.timeoutSeconds} s (${lastProblem}). ` +
      "If its root password was changed by hand, set it back to the stack's (pulumi stack output credentials --show-secrets) with UpdateCredential.",
  );
}

type Answer = { ok: true } | { ok: false; problem: string };

/**
 * A client that reports a refused login on the call that needs it: the SDK connects (an RPC that
 * Milvus authenticates) as soon as the client is made, and that promise would otherwise reject
 * unheard.
 */
export function milvusClientAs(address: string, credentials: { username: string; password: string } | undefined): MilvusClient {
  // Loaded here, when a client is made (in the dynamic provider, once Milvus is up), not when the
  // program loads: the SDK and what it pulls in (gRPC loaders, winston, parquet, the AWS S3
  // client) took 0.4 to 1.5 s of every program start, Kubernetes or Docker, login or not. A
  // require inside the function is what Pulumi's closure serialization leaves to the provider's
  // own require (a captured module would be serialized as one too).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MilvusClient } = require("@zilliz/milvus2-sdk-node") as typeof import("@zilliz/milvus2-sdk-node");
  const client = new MilvusClient({ address, ...credentials, timeout: 10_000, maxRetries: 0, logLevel: "error", telemetry: { enabled: false } });
  client.connectPromise.catch(() => undefined);
  return client;
}

/** A call only an authenticated user may make: ListCredUsers. */
async function rootAnswersTo(address: string, password: string): Promise<Answer> {
  const client = milvusClientAs(address, { username: "root", password });
  try {
    const result = await client.listUsers();
    const status = result.status;
    const success = status.error_code === "Success" && (status.code === undefined || status.code === 0);
    return success ? { ok: true } : { ok: false, problem: status.reason || String(status.error_code) };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}

async function changeRootPassword(address: string, password: string): Promise<void> {
  const client = milvusClientAs(address, { username: "root", password: MILVUS_DEFAULT_ROOT_PASSWORD });
  try {
    const status = await client.updateUser({ username: "root", oldPassword: MILVUS_DEFAULT_ROOT_PASSWORD, newPassword: password });
    if (status.error_code !== "Success") throw new Error(`UpdateCredential for root failed: ${status.reason || String(status.error_code)}`);
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}
