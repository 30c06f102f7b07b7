import * as pulumi from "@pulumi/pulumi";
import { refuseForeignObjects } from "./components/ownership/checkOwnership";
import { loadSettings } from "./components/settings/loadSettings";
import type { ExportedDirectOutputs, ExportedOutputs } from "./components/stackOutputs";
import { describeServices, SERVICE_TABLE } from "./components/services/serviceTable";
import { TracingStack } from "./components/tracingStack";

export = async (): Promise<ExportedOutputs | ExportedDirectOutputs> => {
  const { settings, suppliedTls, forwardSecrets } = loadSettings();
  const owner = { project: pulumi.getProject(), stack: pulumi.getStack() };
  const namePrefix = `milvus-tracing-${owner.stack}`;
  // Before any resource is registered: a refusal leaves the cluster or engine, and the state, as they were.
  await refuseForeignObjects({ settings, services: describeServices(SERVICE_TABLE, settings, undefined, undefined, forwardSecrets), owner, namePrefix, configNamespace: owner.project });
  const stack = new TracingStack("milvus-tracing", { settings, suppliedTls, forwardSecrets, namePrefix, owner });

  // Outputs that do not apply to this stack (kubernetes on Docker, the CA when plaintext, Jaeger's
  // endpoints under milvus-direct) are left out rather than exported as undefined, which Pulumi
  // would warn about on every update.
  const { kubernetes, ...always } = stack.outputs;
  return {
    ...always,
    ...(kubernetes ? { kubernetes } : {}),
    ...(stack.caCertificate ? { caCertificate: stack.caCertificate } : {}),
    ...(stack.credentials ? { credentials: stack.credentials } : {}),
  };
};
