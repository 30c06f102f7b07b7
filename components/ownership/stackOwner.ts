import { createHash } from "node:crypto";

/** The stack that creates and owns a deployment's objects. */
export interface StackOwner {
  project: string;
  stack: string;
}

/** Label key naming the stack that created an object; the ownership check reads it back. */
export const OWNER_LABEL = "milvus-tracing/stack";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

/**
 * `<project>.<stack>` as a label value (Kubernetes allows 63 characters of [A-Za-z0-9._-], starting
 * and ending alphanumeric). A longer or odd name keeps a readable prefix and gains a hash of the
 * whole, so two stacks never share a value.
 */
export function ownerLabelValue(owner: StackOwner): string {
  const id = `${owner.project}.${owner.stack}`;
  if (/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(id)) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 12);
  const readable = id.replace(/[^-A-Za-z0-9_.]/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63 - hash.length - 1);
  return `${readable}${readable === "" ? "" : "-"}${hash}`;
}

/** The labels every object a stack creates carries, on Kubernetes and Docker alike. */
export function ownerLabels(owner: StackOwner): Record<string, string> {
  return { [MANAGED_BY_LABEL]: "pulumi", [OWNER_LABEL]: ownerLabelValue(owner) };
}

/**
 * The namespace a stack gets when it names none: one per stack, so two stacks of one project on
 * one cluster never share (and so never fight over) their objects.
 */
export function defaultNamespace(stack: string): string {
  const base = `milvus-tracing-${stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}`.replace(/-+$/, "");
  if (base.length <= 63 && base === `milvus-tracing-${stack}`) return base;
  // A stack name that is not a DNS label as it is: keep it readable and tell such stacks apart.
  const hash = createHash("sha256").update(stack).digest("hex").slice(0, 8);
  return `${base.slice(0, 63 - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
