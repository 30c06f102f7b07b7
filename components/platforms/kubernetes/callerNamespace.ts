import * as pulumi from "@pulumi/pulumi";

/**
 * The caller's namespace (createNamespace false) as an output that carries the component's
 * dependsOn: every object the platform puts in the namespace names it there, and so waits for
 * what the caller listed, its Namespace first of all. Pulumi does not pass a component's dependsOn
 * on to the component's children, and without the wait they would race the namespace at the first
 * `up` and fail with `namespaces "<name>" not found`.
 */
export function callerNamespace(name: string, dependsOn: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Output<string> {
  if (dependsOn === undefined) return pulumi.output(name);
  // pulumi.output resolves the Outputs and Promises around the resources and keeps each Resource as it is.
  const resolved = pulumi.output(dependsOn as pulumi.Input<unknown>) as pulumi.Output<unknown>;
  return resolved.apply((value) => {
    const resources = (Array.isArray(value) ? (value as unknown[]) : [value]).filter((item): item is pulumi.Resource => pulumi.Resource.isInstance(item));
    // An apply that returns an output takes on that output's resources: here, the caller's.
    return pulumi.all(resources.map((resource) => resource.urn)).apply(() => name);
  });
}
