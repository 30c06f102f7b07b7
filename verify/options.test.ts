import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOptions, USAGE, UsageError } from "./options";

describe("parseOptions", () => {
  it("defaults to the selected stack, 60 s and the milvus-verify service", () => {
    const options = parseOptions([], {});
    assert.notEqual(options, "help");
    if (options === "help") return;
    assert.equal(options.stack, undefined);
    assert.equal(options.milvusAddress, undefined);
    assert.equal(options.timeoutSeconds, 60);
    assert.equal(options.serviceName, "milvus-verify");
    assert.equal(options.sampling, 0);
    assert.equal(options.secure, undefined);
  });
  it("takes endpoints from flags, falling back to VERIFY_* variables", () => {
    const options = parseOptions(["--milvus", "m:1", "--secure", "--sampling", "50"], {
      VERIFY_JAEGER_QUERY_URL: "http://j:16686",
      VERIFY_OTLP_ENDPOINT: "j:4317",
      VERIFY_MILVUS_ADDRESS: "ignored:2",
      VERIFY_SAMPLE_FRACTION: "0.25",
    });
    assert.ok(options !== "help");
    assert.equal(options.milvusAddress, "m:1");
    assert.equal(options.jaegerQueryUrl, "http://j:16686");
    assert.equal(options.otlpEndpoint, "j:4317");
    assert.equal(options.secure, true);
    assert.equal(options.sampling, 50);
    assert.equal(options.sampleFraction, 0.25);
    const plain = parseOptions(["--no-secure"], { VERIFY_SECURE: "true" });
    assert.ok(plain !== "help" && plain.secure === false);
  });
  it("rejects bad numbers and unknown flags with the allowed values", () => {
    assert.throws(() => parseOptions(["--timeout", "0"], {}), (e: unknown) => e instanceof UsageError && /--timeout = "0" is not allowed: expected a number from 1 to 3600/.test(e.message));
    assert.throws(() => parseOptions(["--sampling", "2.5"], {}), /--sampling = "2.5" is not allowed: expected a whole number/);
    assert.throws(() => parseOptions([], { VERIFY_SECURE: "yes" }), /VERIFY_SECURE = "yes" is not allowed: expected true or false/);
    assert.throws(() => parseOptions(["--frobnicate"], {}), (e: unknown) => e instanceof UsageError && /Unknown option '--frobnicate'/.test(e.message));
  });
  it("takes --show with a trace id of 16 or 32 hex digits only", () => {
    const options = parseOptions(["--show", "D75B3E79B9A8B295D116177F326C64B5"], {});
    assert.ok(options !== "help");
    assert.equal(options.showTraceId, "d75b3e79b9a8b295d116177f326c64b5");
    assert.throws(() => parseOptions(["--show", "not-a-trace"], {}), (e: unknown) => e instanceof UsageError && /--show = "not-a-trace" is not allowed: expected a trace id of 16 or 32 hex digits/.test(e.message));
  });
  it("takes --find with its filters and bounded defaults: Milvus's service, the last hour, 20 traces", () => {
    const plain = parseOptions(["--find"], {});
    assert.ok(plain !== "help");
    assert.deepEqual(plain.find, { service: undefined, operation: undefined, minDurationUs: undefined, sinceUs: 3_600_000_000, since: "1h", limit: 20 });
    const verifying = parseOptions([], {});
    assert.ok(verifying !== "help" && verifying.find === undefined);
    const filtered = parseOptions(["--find", "--service", "milvus-verify", "--operation", "Proxy-Search", "--min-duration", "1.5s", "--since", "15m", "--limit", "200"], {});
    assert.ok(filtered !== "help");
    assert.deepEqual(filtered.find, { service: "milvus-verify", operation: "Proxy-Search", minDurationUs: 1_500_000, sinceUs: 900_000_000, since: "15m", limit: 200 });
  });
  it("refuses bad --find values naming the option and what it takes, and its filters without --find", () => {
    const refused = (argv: string[], message: RegExp): void => {
      assert.throws(() => parseOptions(argv, {}), (e: unknown) => e instanceof UsageError && message.test(e.message));
    };
    refused(["--find", "--min-duration", "200"], /^--min-duration = "200" is not allowed: expected a duration with a unit \(us, ms, s, m, h\), e\.g\. 200ms or 1\.5s, from 1us to 24h$/);
    refused(["--find", "--min-duration=-1s"], /--min-duration = "-1s" is not allowed/);
    refused(["--find", "--since", "90"], /^--since = "90" is not allowed: expected a duration with a unit \(s, m, h, d\), e\.g\. 15m or 1h, from 1s to 30d$/);
    refused(["--find", "--since", "45d"], /--since = "45d" is not allowed/);
    refused(["--find", "--limit", "0"], /^--limit = "0" is not allowed: expected a whole number from 1 to 200$/);
    refused(["--find", "--limit", "201"], /--limit = "201" is not allowed/);
    refused(["--find", "--service", ""], /--service = "" is not allowed: expected a name as Jaeger lists it/);
    refused(["--since", "1h"], /^--since is not allowed without --find/);
    refused(["--find", "--show", "0123456789abcdef"], /--find and --show are not allowed together/);
  });
  it("reads the backend as Jaeger's JSON by default, or as OTLP JSON with --backend-api otlp-json", () => {
    const jaeger = parseOptions(["--backend-query", "http://b:16686"], {});
    assert.ok(jaeger !== "help" && jaeger.backendApi === "jaeger");
    const otlp = parseOptions(["--backend-query", "http://b:16686/api/v3/traces"], { VERIFY_BACKEND_API: "otlp-json" });
    assert.ok(otlp !== "help" && otlp.backendApi === "otlp-json");
    const refused = (argv: string[], message: RegExp): void => {
      assert.throws(() => parseOptions(argv, {}), (e: unknown) => e instanceof UsageError && message.test(e.message));
    };
    refused(["--backend-query", "http://b", "--backend-api", "tempo"], /^--backend-api = "tempo" is not allowed: expected jaeger or otlp-json$/);
    refused(["--backend-api", "otlp-json"], /^--backend-api needs --backend-query URL/);
    refused(["--backend-query", "http://b", "--backend-api", "otlp-json", "--forward-only", "--sampling", "10"], /--sampling with --forward-only needs --backend-api jaeger/);
    assert.match(USAGE, /--backend-api FORM\s+jaeger \(default\)[\s\S]*otlp-json[\s\S]*\/api\/v2\/traces[\s\S]*\/api\/v3\/traces \[VERIFY_BACKEND_API\]/);
  });
  it("documents the exit codes, usage errors apart, and the sampling check's 99.9% bound", () => {
    assert.match(USAGE, /0 every check passed, 1 a check failed .*\n2 something was unreachable or misconfigured, 64 usage error/);
    assert.match(USAGE, /exact \(Clopper-Pearson\) 99\.9%\s+interval/);
    assert.match(USAGE, /at most one\s+run in a thousand; 200 calls tell 0\.1 from 0\.5/);
  });
  it("answers --help", () => {
    assert.equal(parseOptions(["--help"], {}), "help");
  });
});
