import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { traceChecks } from "./checks";
import { JaegerQuery } from "./jaegerQuery";
import { MILVUS_STANDALONE_SPAN_SERVICES } from "../components/services/milvusSpanServices";
import { waitForTrace } from "./waitForJaeger";

/** A query API on loopback that never has the trace, as Jaeger answers then: 404. */
let server: Server;
let baseUrl: string;
before(async () => {
  server = createServer((_request, response) => {
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: null, errors: [{ code: 404, msg: "trace not found" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => {
  server.close(() => {
    resolve();
  });
}));

describe("waitForTrace", () => {
  it("when the trace never arrives, reports the whole wait, not 0.00 s", async () => {
    const started = performance.now();
    const workload = { traceId: "0123456789abcdef0123456789abcdef", calls: [{ step: "search", rpc: "Search", ms: 1 }], totalMs: 1 };
    const found = await waitForTrace(new JaegerQuery(baseUrl), workload, { client: "milvus-verify", milvus: MILVUS_STANDALONE_SPAN_SERVICES }, started + 1500, () => undefined);
    assert.equal(found.trace, undefined);
    const waited = found.completeAt - started;
    assert.ok(waited >= 1500 && waited < 2500, String(waited));
    const [check] = traceChecks(found.analysis, workload.calls, waited, "standalone");
    assert.match(check?.detail ?? "", /^not found within (1\.[5-9]|2\.[0-4])\d s$/);
  });
});
