export { MilvusTracing, type CreateOptions } from "./library/milvusTracing";
export { ARG_KINDS, type MilvusTracingArgs } from "./library/argKinds";
export type { ApplicationOtlp, DeployedImages, ExportedDirectOutputs, ExportedOutputs, KubernetesOutputs } from "./stackOutputs";
