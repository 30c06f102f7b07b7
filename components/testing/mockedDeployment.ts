import * as pulumi from "@pulumi/pulumi";
import type { ServiceEntry } from "../services/serviceTable";
import { forwardSecretsFrom } from "../services/forwardSecrets";
import type { SuppliedTls } from "../settings/loadSettings";
import { validateSettings, type RawSettings } from "../settings/validateSettings";
import { TracingStack } from "../tracingStack";
import type { MilvusDirectOutputs, StackOutputs } from "../stackOutputs";

/** A resource as the engine would have received it: resolved inputs plus the options that matter here. */
export interface RegisteredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  dependsOn: string[];
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  /** Dotted paths of the inputs that reached the engine as secrets ("uploads.0.content"). */
  secretInputs: string[];
  /** The URN a real engine gives it: the types of its ancestors, from the top component down, and its name. */
  urn: string;
  /** The provider reference (`<urn>::<id>`) the engine was told to use; undefined for the default provider. */
  provider: string | undefined;
}

export interface MockedDeployment {
  resources: RegisteredResource[];
  /** Jaeger's endpoints are absent under milvus-direct. */
  outputs: pulumi.Unwrap<MilvusDirectOutputs> & Partial<pulumi.Unwrap<StackOutputs>>;
  caCertificate: string | undefined;
  /** The credentials output and whether it is a secret; undefined when the stack asks for none. */
  credentials: { value: Record<string, { username: string; password: string }>; secret: boolean } | undefined;
  /** The URN of every resource of the component, itself and its components included, as a real engine names them. */
  urns: string[];
  /** Every registration the engine saw, components and providers made outside the component included. */
  engineSaw: { type: string; name: string; provider: string | undefined }[];
  ofType(type: string): RegisteredResource[];
  named(type: string, name: string): RegisteredResource;
}

/** The node address the mocked cluster reports for NodePorts. */
export const MOCK_NODE_ADDRESS = "192.0.2.10";

const inputsByUrnName = new Map<string, Record<string, unknown>>();
const secretInputsByUrnName = new Map<string, string[]>();
const providerByUrnName = new Map<string, string | undefined>();
const engineSaw: MockedDeployment["engineSaw"] = [];

/** Generated certificates and keys need values the mocks make up, marked so tests can recognise them. */
function mockedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type === "tls:index/privateKey:PrivateKey") return { ...inputs, privateKeyPem: `mock private key ${name}`, publicKeyPem: `mock public key ${name}` };
  if (type === "tls:index/selfSignedCert:SelfSignedCert" || type === "tls:index/locallySignedCert:LocallySignedCert") {
    return { ...inputs, certPem: `mock certificate ${name}` };
  }
  if (type === "tls:index/certRequest:CertRequest") return { ...inputs, certRequestPem: `mock request ${name}` };
  if (type === "kubernetes:core/v1:Service") return withAllocatedNodePorts(inputs);
  // A dynamic resource's provider never runs under mocks: GeneratedPassword gets what create would give.
  if (type === "pulumi-nodejs:dynamic:Resource" && name.endsWith("-password")) return { ...inputs, value: `mock password ${name}` };
  if (type.startsWith("kubernetes:")) return withAutoName(name, inputs);
  return inputs;
}

/** Objects without a name get the resource's name, as Pulumi's auto-naming would give a prefix of it. */
function withAutoName(name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
  return metadata.name === undefined ? { ...inputs, metadata: { ...metadata, name } } : inputs;
}

/** The documentation address (RFC 5737) a mocked load balancer reports as its ingress. */
export const MOCK_LOAD_BALANCER_ADDRESS = "198.51.100.7";

/**
 * What the cluster adds to a NodePort Service: a node port for each of its ports; and to a
 * LoadBalancer Service, its ingress (the provider waits for it before it reports the Service).
 */
function withAllocatedNodePorts(inputs: Record<string, unknown>): Record<string, unknown> {
  const spec = inputs.spec as { type?: string; ports?: Record<string, unknown>[] } | undefined;
  if (spec?.type === "LoadBalancer") return { ...inputs, status: { loadBalancer: { ingress: [{ ip: MOCK_LOAD_BALANCER_ADDRESS }] } } };
  if (spec?.type !== "NodePort") return inputs;
  return { ...inputs, spec: { ...spec, ports: (spec.ports ?? []).map((port, index) => ({ ...port, nodePort: 30000 + index })) } };
}

void pulumi.runtime.setMocks(
  {
    newResource: (args: pulumi.runtime.MockResourceArgs) => {
      const inputs = args.inputs as Record<string, unknown>;
      inputsByUrnName.set(`${args.type}::${args.name}`, withoutSecretEnvelopes(inputs) as Record<string, unknown>);
      secretInputsByUrnName.set(`${args.type}::${args.name}`, secretPaths(inputs, []));
      providerByUrnName.set(`${args.type}::${args.name}`, args.provider === "" ? undefined : args.provider);
      engineSaw.push({ type: args.type, name: args.name, provider: args.provider === "" ? undefined : args.provider });
      return { id: `${args.name}-id`, state: mockedState(args.type, args.name, inputs) };
    },
    call: (args: pulumi.runtime.MockCallArgs) => args.inputs as Record<string, unknown>,
  },
  "milvus-tracing",
  "test",
  false,
);

export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((value) => { resolve(value as T); }));
}

let previous: Promise<unknown> = Promise.resolve();

/**
 * Builds the whole program for `raw` stack config under Pulumi's mocks and waits for every resource,
 * with the table's services or `services`. Deployments run one at a time: they share the mocks'
 * record of what was registered.
 */
export function deployWithMocks(raw: RawSettings, suppliedTls?: SuppliedTls, services?: readonly ServiceEntry[], secrets: Readonly<Record<string, string>> = {}): Promise<MockedDeployment> {
  const next = previous.then(() => deployNow(raw, suppliedTls, services, secrets));
  previous = next.catch(() => undefined);
  return next;
}

/** `secrets`: config the stack stores encrypted, such as forwardHeaders, handed over as Pulumi secrets as loadSettings does. */
function deployNow(
  raw: RawSettings,
  suppliedTls: SuppliedTls | undefined,
  services: readonly ServiceEntry[] | undefined,
  secrets: Readonly<Record<string, string>>,
): Promise<MockedDeployment> {
  return recordDeployment(
    (opts) =>
      new TracingStack(
        "milvus-tracing",
        {
          settings: validateSettings({ ...raw, ...secrets }, "milvus-tracing", new Set(Object.keys(secrets)), "test", services),
          suppliedTls,
          forwardSecrets: forwardSecretsFrom((key) => (secrets[key] === undefined ? undefined : pulumi.secret(secrets[key]))),
          namePrefix: "milvus-tracing-test",
          owner: { project: "milvus-tracing", stack: "test" },
          lookUpNodeAddress: () => Promise.resolve(MOCK_NODE_ADDRESS),
          services,
        },
        opts,
      ),
  );
}

/**
 * Builds what `build` makes under the mocks, one deployment at a time like deployWithMocks: `build`
 * gets the options that record every resource of the component and must pass them on.
 */
export function deployComponentWithMocks(build: (opts: pulumi.ComponentResourceOptions) => TracingStack): Promise<MockedDeployment> {
  const next = previous.then(() => recordDeployment(build));
  previous = next.catch(() => undefined);
  return next;
}

async function recordDeployment(build: (opts: pulumi.ComponentResourceOptions) => TracingStack): Promise<MockedDeployment> {
  inputsByUrnName.clear();
  secretInputsByUrnName.clear();
  providerByUrnName.clear();
  engineSaw.length = 0;
  const created: { resource: pulumi.Resource; type: string; name: string; opts: pulumi.ResourceOptions }[] = [];
  const stack = build({
    transformations: [
      (args) => {
        created.push({ resource: args.resource, type: args.type, name: args.name, opts: args.opts });
        return undefined;
      },
    ],
  });
  await Promise.all(created.map((entry) => valueOf(entry.resource.urn)));
  const caCertificate = stack.caCertificate ? await valueOf(stack.caCertificate) : undefined;

  const nameOf = new Map(created.map((entry) => [entry.resource, entry.name]));
  const entryOf = new Map(created.map((entry) => [entry.resource, entry]));
  // The root stack's type is no part of a URN; the mocks' own URNs keep only the parent's type.
  const typeChain = (entry: (typeof created)[number]): string => {
    const parent = entry.opts.parent ? entryOf.get(entry.opts.parent) : undefined;
    return parent ? `${typeChain(parent)}$${entry.type}` : entry.type;
  };
  const urnOf = (entry: (typeof created)[number]): string => `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${typeChain(entry)}::${entry.name}`;
  const resources = created
    .filter((entry) => inputsByUrnName.has(`${entry.type}::${entry.name}`))
    .map((entry): RegisteredResource => {
      const dependsOn = entry.opts.dependsOn;
      const dependencies = (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) as pulumi.Resource[];
      return {
        type: entry.type,
        name: entry.name,
        inputs: inputsByUrnName.get(`${entry.type}::${entry.name}`) ?? {},
        dependsOn: dependencies.map((resource) => nameOf.get(resource) ?? "?"),
        retainOnDelete: entry.opts.retainOnDelete === true,
        deleteBeforeReplace: (entry.opts as pulumi.CustomResourceOptions).deleteBeforeReplace === true,
        secretInputs: secretInputsByUrnName.get(`${entry.type}::${entry.name}`) ?? [],
        urn: urnOf(entry),
        provider: providerByUrnName.get(`${entry.type}::${entry.name}`),
      };
    });

  return {
    resources,
    outputs: await valueOf(pulumi.output(stack.outputs)),
    caCertificate,
    credentials: stack.credentials ? { value: await valueOf(stack.credentials), secret: await pulumi.isSecret(stack.credentials) } : undefined,
    urns: created.map(urnOf),
    engineSaw: [...engineSaw],
    ofType: (type) => resources.filter((resource) => resource.type === type),
    named: (type, name) => {
      const found = resources.find((resource) => resource.type === type && resource.name === name);
      if (!found) throw new Error(`No ${type} named ${name}; have ${resources.map((r) => `${r.type}::${r.name}`).join(", ")}`);
      return found;
    },
  };
}

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function secretPaths(value: unknown, path: string[]): string[] {
  if (typeof value !== "object" || value === null) return [];
  if (SECRET_SIGNATURE in value) return [path.join(".")];
  return Object.entries(value).flatMap(([key, inner]) => secretPaths(inner, [...path, key]));
}

/** Secret inputs reach the mocks wrapped in Pulumi's secret envelope, at any depth; tests read what is inside. */
function withoutSecretEnvelopes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretEnvelopes);
  if (typeof value !== "object" || value === null) return value;
  if (SECRET_SIGNATURE in value) return withoutSecretEnvelopes((value as Record<string, unknown>).value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutSecretEnvelopes(inner)]));
}

/** Every resource's inputs outside the secret envelopes, as JSON: where a credential must never be. */
export function plainInputs(d: MockedDeployment): string {
  const strip = (value: unknown, path: string[], secretPaths: readonly string[]): unknown => {
    if (secretPaths.includes(path.join("."))) return "[secret]";
    if (Array.isArray(value)) return value.map((inner, index) => strip(inner, [...path, String(index)], secretPaths));
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, strip(inner, [...path, key], secretPaths)]));
  };
  return JSON.stringify(d.resources.map((resource) => strip(resource.inputs, [], resource.secretInputs)));
}
