import { imageKey, labImageKey } from "./serviceSettingKeys";
import type { ServiceEntry } from "../services/serviceTable";
import type { Settings } from "./settings";

/** The first release whose tracer reads trace.otlp.headers (pkg/tracer in 2.6.0; 2.5.15's has no such key). */
export const MILVUS_HEADERS_SINCE = { major: 2, minor: 6 } as const;

export interface MilvusVersion {
  major: number;
  minor: number;
}

/**
 * The version an image's tag names: `milvusdb/milvus:v2.6.15`, `...:2.3.5`, `...:v2.6.0-gpu`.
 * Undefined when it names none (`latest`, a branch build, a digest alone).
 */
export function milvusVersionOf(image: string): MilvusVersion | undefined {
  const name = image.split("@")[0] ?? "";
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon <= lastSlash) return undefined;
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?$/.exec(name.slice(colon + 1));
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

function atLeast(version: MilvusVersion, since: MilvusVersion): boolean {
  return version.major > since.major || (version.major === since.major && version.minor >= since.minor);
}

/**
 * Under milvus-direct Milvus sends to the team's backend itself and there is no Jaeger: settings
 * that only Jaeger reads would do nothing, and a Milvus without trace.otlp.headers would send
 * without the backend's credentials. Each such setting is named, with the reason.
 */
export function milvusDirectProblems(
  settings: Pick<Settings, "forward" | "images" | "configuredImages" | "tracing" | "sampling">,
  suppliedTlsKeys: readonly string[],
  table: readonly ServiceEntry[],
): string[] {
  if (settings.forward?.mode !== "milvus-direct") return [];
  const problems: string[] = [];
  const milvus = table.find((service) => service.name === "milvus");
  if (milvus) {
    const configured = settings.configuredImages[milvus.name] ?? "";
    const deployed = settings.images[milvus.name] ?? "";
    const checked: [string, string][] = [[imageKey(milvus), configured]];
    // A lab build in its place is what runs, so it must read the key too.
    if (deployed !== configured) checked.push([labImageKey(milvus), deployed]);
    for (const [key, image] of checked) {
      if (image !== "") problems.push(...imageProblems(key, image));
    }
  }
  if (settings.tracing.secure) {
    problems.push(
      'secure = true is not allowed with forwardMode = "milvus-direct": expected false. secure is TLS to the stack\'s own Jaeger, which this mode does not run; ' +
        "TLS to the team's backend follows forwardInsecure and forwardCa",
    );
  }
  if (suppliedTlsKeys.length > 0) {
    problems.push(
      `${suppliedTlsKeys.join(" and ")} ${suppliedTlsKeys.length > 1 ? "are" : "is"} set with forwardMode = "milvus-direct": expected none of them. ` +
        "They are the certificate of Jaeger's receivers, which this mode does not run; forwardCa is the backend's CA",
    );
  }
  if (settings.sampling.mode === "tail") {
    problems.push(
      'samplingMode = "tail" is not allowed with forwardMode = "milvus-direct": expected head. Tail sampling happens in Jaeger\'s collector, which this mode does not run; ' +
        "Milvus samples by sampleFraction",
    );
  }
  return problems;
}

function imageProblems(key: string, image: string): string[] {
  const version = milvusVersionOf(image);
  const since = `${MILVUS_HEADERS_SINCE.major}.${MILVUS_HEADERS_SINCE.minor}`;
  if (version === undefined) {
    return [
      `${key} = ${JSON.stringify(image)} is not allowed with forwardMode = "milvus-direct": expected an image whose tag names Milvus ${since} or later, such as milvusdb/milvus:v2.6.15. ` +
        `No version can be read from this tag, and Milvus reads trace.otlp.headers only since ${since}`,
    ];
  }
  if (atLeast(version, MILVUS_HEADERS_SINCE)) return [];
  return [
    `${key} = ${JSON.stringify(image)} is not allowed with forwardMode = "milvus-direct": expected Milvus ${since} or later. ` +
      `Milvus ${version.major}.${version.minor} does not read trace.otlp.headers (first read in ${since}.0), the key this mode gives Milvus the backend's headers with`,
  ];
}
