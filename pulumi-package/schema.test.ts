import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { ARG_KINDS } from "../components/library/argKinds";
import { MilvusTracing } from "./index";

const TYPE = "milvus-tracing:index:MilvusTracing";
const SCHEMA_TYPE = { string: "string", number: "number", boolean: "boolean", secret: "string" } as const;

interface SchemaProperty {
  type?: string;
  $ref?: string;
  description?: string;
}
interface PackageSchema {
  name: string;
  resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, SchemaProperty>; properties: Record<string, SchemaProperty> }>;
}

/** The schema `pulumi package add` gets: Pulumi's own component provider analyzes this folder's source, as the CLI's plugin run does. */
async function packageSchema(): Promise<PackageSchema> {
  const provider = new ComponentProvider({ name: "milvus-tracing", dirname: __dirname, components: [MilvusTracing] });
  return JSON.parse(await provider.getSchema()) as PackageSchema;
}

describe("the component package's schema, from Pulumi's analyzer", () => {
  it("has MilvusTracing as a component whose inputs are every arg, optional, each with its own type (none Any)", async () => {
    const schema = await packageSchema();
    assert.equal(schema.name, "milvus-tracing");
    const component = schema.resources[TYPE];
    assert.ok(component, `no ${TYPE} in ${Object.keys(schema.resources).join(", ")}`);
    assert.equal(component.isComponent, true);
    const inputs = Object.fromEntries(Object.entries(component.inputProperties).map(([name, property]) => [name, property.type ?? property.$ref]));
    const expected = Object.fromEntries(Object.entries(ARG_KINDS).map(([name, kind]) => [name, SCHEMA_TYPE[kind]]));
    assert.deepEqual(inputs, expected);
    assert.deepEqual(
      Object.fromEntries(Object.entries(component.properties).map(([name, property]) => [name, property.type])),
      { milvusAddress: "string", jaegerQueryUrl: "string", jaegerUiUrl: "string", otlpEndpoint: "string", caCertificate: "string", stackOutputsJson: "string" },
    );
    for (const [name, property] of Object.entries(component.properties)) assert.ok(property.description, `output ${name} has no description`);
  });
});
