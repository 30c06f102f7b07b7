import * as pulumi from "@pulumi/pulumi";
import { argsFromConfig } from "./components/library/argsFromConfig";
import { MilvusTracing } from "./components/library/milvusTracing";
import { loadSettings } from "./components/settings/loadSettings";
import type { ExportedDirectOutputs, ExportedOutputs } from "./components/stackOutputs";

/** The stack's config as MilvusTracing's args, through the path a library user takes. */
export = async (): Promise<ExportedOutputs | ExportedDirectOutputs> => {
  const project = pulumi.getProject();
  // First as stack config, so that a bad value, a stray key or a secret in plain text is named as
  // the key to `pulumi config set`, as it always has been.
  loadSettings();
  const component = await MilvusTracing.create("milvus-tracing", argsFromConfig(project), undefined, {
    describeProblem: (problem) => `${project}:${problem}`,
  });
  return component.stackOutputs;
};
