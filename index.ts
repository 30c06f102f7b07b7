import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./components/settings/loadSettings";
import { TracingStack } from "./components/tracingStack";

const { settings, suppliedTls } = loadSettings();
const stack = new TracingStack("milvus-tracing", {
  settings,
  suppliedTls,
  namePrefix: `milvus-tracing-${pulumi.getStack()}`,
});

export const {
  target,
  milvusAddress,
  jaegerUiUrl,
  jaegerQueryUrl,
  otlpEndpoint,
  sampleFraction,
  secure,
  traceOverlay,
  kubernetes,
} = stack.outputs;
export const caCertificate = stack.caCertificate;
