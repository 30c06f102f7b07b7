import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeServers, parseJaegerVersion, withImages } from "./serverVersions";

describe("parseJaegerVersion", () => {
  it("reads gitVersion from the JAEGER_VERSION the query service writes into its index page", () => {
    const page = '<pre>\nJAEGER_CONFIG = DEFAULT_CONFIG;\n\nJAEGER_VERSION = {"gitCommit":"63b27e18","gitVersion":"v2.13.0","buildDate":"2025-12-03T16:07:08Z"};\n</pre>';
    assert.equal(parseJaegerVersion(page), "v2.13.0");
  });

  it("gives nothing for a page the query service did not fill in, or a build without version flags", () => {
    assert.equal(parseJaegerVersion("JAEGER_VERSION = DEFAULT_VERSION;"), undefined);
    assert.equal(parseJaegerVersion('JAEGER_VERSION = {"gitCommit":"","gitVersion":"","buildDate":""};'), undefined);
    assert.equal(parseJaegerVersion("<html>404</html>"), undefined);
  });
});

describe("describeServers", () => {
  const versions = { milvus: { version: "v2.3.5", unknown: undefined }, jaeger: { version: undefined, unknown: "http://j/: fetch failed" } };

  it("says plainly when a lab image stands in for the configured one", () => {
    const [milvus, jaeger] = describeServers(
      withImages(versions, {
        milvus: { configured: "milvusdb/milvus:v2.6.15", deployed: "milvus-tracing-lab/milvus:2.3.5" },
        jaeger: { configured: "jaegertracing/jaeger:2.20.0", deployed: "jaegertracing/jaeger:2.20.0" },
      }),
    );
    assert.equal(milvus, "  Running: Milvus v2.3.5 (image milvus-tracing-lab/milvus:2.3.5: a LAB SUBSTITUTE standing in for the configured milvusdb/milvus:v2.6.15)");
    assert.equal(jaeger, "           Jaeger version unknown (http://j/: fetch failed) (image jaegertracing/jaeger:2.20.0)");
  });

  it("gives the versions alone when verify was pointed at addresses rather than a stack", () => {
    assert.deepEqual(describeServers(withImages(versions, undefined)), ["  Running: Milvus v2.3.5", "           Jaeger version unknown (http://j/: fetch failed)"]);
  });
});
