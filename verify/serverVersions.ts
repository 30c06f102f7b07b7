import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import type { MilvusClient } from "@zilliz/milvus2-sdk-node";
import { basicAuthorization, type Login } from "./login";
import type { DeployedImages } from "../components/stackOutputs";

/** What actually runs, as each server reports itself, beside the image the stack deployed. */
export interface ServerVersion {
  /** The server's own answer; undefined when it gave none (`unknown` says why). */
  version: string | undefined;
  unknown: string | undefined;
  /** From the stack outputs; undefined when verify was pointed at addresses instead of a stack. */
  image: DeployedImages[keyof DeployedImages] | undefined;
}

export interface ServerVersions {
  milvus: ServerVersion;
  jaeger: ServerVersion;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Milvus's GetVersion RPC, outside the traced workload so that it adds no span to the checks. */
export async function milvusVersion(client: MilvusClient): Promise<Pick<ServerVersion, "version" | "unknown">> {
  try {
    const { version } = await context.with(suppressTracing(context.active()), () => client.getVersion());
    return version ? { version, unknown: undefined } : { version: undefined, unknown: "GetVersion answered with no version" };
  } catch (error) {
    return { version: undefined, unknown: `GetVersion failed: ${reasonOf(error)}` };
  }
}

/**
 * Jaeger v2's query service writes its build (`JAEGER_VERSION = {"gitVersion": ...}`) into the UI's
 * index page, the placeholder page of a build without UI assets included; no API carries it.
 */
export function parseJaegerVersion(indexHtml: string): string | undefined {
  const match = /JAEGER_VERSION\s*=\s*(\{[^;]*\});/.exec(indexHtml);
  if (!match?.[1]) return undefined;
  try {
    const { gitVersion } = JSON.parse(match[1]) as { gitVersion?: unknown };
    return typeof gitVersion === "string" && gitVersion !== "" ? gitVersion : undefined;
  } catch {
    return undefined;
  }
}

export async function jaegerVersion(jaegerUiUrl: string, timeoutMs: number, login?: Login): Promise<Pick<ServerVersion, "version" | "unknown">> {
  const url = `${jaegerUiUrl.replace(/\/+$/, "")}/`;
  try {
    const headers = login ? { authorization: basicAuthorization(login) } : undefined;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const version = parseJaegerVersion(await response.text());
    return version ? { version, unknown: undefined } : { version: undefined, unknown: `${url} (HTTP ${response.status}) carries no JAEGER_VERSION` };
  } catch (error) {
    return { version: undefined, unknown: `${url}: ${reasonOf(error)}` };
  }
}

export function withImages(
  versions: Record<keyof ServerVersions, Pick<ServerVersion, "version" | "unknown">>,
  images: DeployedImages | undefined,
): ServerVersions {
  return {
    milvus: { ...versions.milvus, image: images?.milvus },
    jaeger: { ...versions.jaeger, image: images?.jaeger },
  };
}

/** One line per server for the text report; a lab substitute is named as one, with what it replaces. */
export function describeServers(servers: ServerVersions): string[] {
  const line = (name: string, server: ServerVersion): string => {
    const version = server.version ?? `version unknown (${server.unknown ?? "no answer"})`;
    const image = server.image;
    if (!image) return `${name} ${version}`;
    if (image.deployed === image.configured) return `${name} ${version} (image ${image.deployed})`;
    return `${name} ${version} (image ${image.deployed}: a LAB SUBSTITUTE standing in for the configured ${image.configured})`;
  };
  return [`  Running: ${line("Milvus", servers.milvus)}`, `           ${line("Jaeger", servers.jaeger)}`];
}
