import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { labImagesByService } from "./provisioningSteps";

describe("labImagesByService", () => {
  it("names each lab image by the service it stands in for, whatever services the lab builds", () => {
    const summary = [
      "milvus-tracing-lab/base:bookworm\tabc\t120 MB",
      "milvus-tracing-lab/milvus:2.3.5\tdef\t900 MB",
      "milvus-tracing-lab/jaeger:2.13.0\t123\t80 MB",
      "milvus-tracing-lab/vector-store:1\t456\t10 MB",
      "",
    ].join("\n");
    assert.deepEqual(labImagesByService(summary), {
      base: "milvus-tracing-lab/base:bookworm",
      milvus: "milvus-tracing-lab/milvus:2.3.5",
      jaeger: "milvus-tracing-lab/jaeger:2.13.0",
      "vector-store": "milvus-tracing-lab/vector-store:1",
    });
  });
});
