import * as pulumi from "@pulumi/pulumi";
import { loadSettings } from "./components/settings/loadSettings";
import type { ExportedOutputs } from "./components/stackOutputs";
import { TracingStack } from "./components/tracingStack";

const { settings, suppliedTls } = loadSettings();
const stack = new TracingStack("milvus-tracing", {
  settings,
  suppliedTls,
  namePrefix: `milvus-tracing-${pulumi.getStack()}`,
});

// Outputs that do not apply to this stack (kubernetes on Docker, the CA when plaintext) are left
// out rather than exported as undefined, which Pulumi would warn about on every update.
const { kubernetes, ...always } = stack.outputs;
const exported: ExportedOutputs = {
  ...always,
  ...(kubernetes ? { kubernetes } : {}),
  ...(stack.caCertificate ? { caCertificate: stack.caCertificate } : {}),
};
export = exported;
