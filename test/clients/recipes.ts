import { join } from "node:path";
import { REPO } from "../verifyProcess";

/** One client recipe of examples/clients, as the tier runs it. */
export interface Recipe {
  language: string;
  /** The service name the recipe gives its spans. */
  service: string;
  /** The collection its tutorial drops and makes again. */
  collection: string;
  /** The MilvusService RPCs its tutorial makes, one per call: each must have its client span. */
  rpcs: string[];
  command: string[];
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tier with npm run test:clients`);
  return value;
};
const examples = join(REPO, "examples", "clients");

/**
 * The tutorial's steps, has/drop, create, insert, search, and the index and load a search needs
 * (Python and Java: inside create_collection, given index parameters). `has` is the RPC the SDK
 * answers has-collection with: pymilvus, the Go and the Node SDK ask DescribeCollection.
 */
const tutorial = (has: "HasCollection" | "DescribeCollection"): string[] => [has, "DropCollection", "CreateCollection", "CreateIndex", "LoadCollection", "Insert", "Search"];

export function recipes(): Recipe[] {
  const javaTarget = required("CLIENT_JAVA_TARGET");
  return [
    {
      language: "python",
      service: "milvus-client-python",
      collection: "tracing_demo_python",
      rpcs: tutorial("DescribeCollection"),
      command: [required("CLIENT_PYTHON"), join(examples, "python", "tutorial.py")],
    },
    {
      language: "java",
      service: "milvus-client-java",
      collection: "tracing_demo_java",
      rpcs: tutorial("HasCollection"),
      command: ["java", `-javaagent:${join(javaTarget, "opentelemetry-javaagent.jar")}`, `-Dotel.javaagent.configuration-file=${join(examples, "java", "agent.properties")}`, "-jar", join(javaTarget, "milvus-client-java.jar")],
    },
    {
      language: "go",
      service: "milvus-client-go",
      collection: "tracing_demo_go",
      rpcs: tutorial("DescribeCollection"),
      command: [required("CLIENT_GO_BIN")],
    },
    {
      language: "node",
      service: "milvus-client-node",
      collection: "tracing_demo_node",
      rpcs: tutorial("DescribeCollection"),
      command: [process.execPath, "--import", "tsx", join(examples, "node", "tutorial.ts")],
    },
  ];
}
