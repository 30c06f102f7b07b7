import { OWNER_LABEL } from "./stackOwner";

/** An object with a fixed name that a stack is about to create (or finds again on an update). */
export interface PlannedObject {
  /** Lower-case kind as the platform's CLI says it: namespace, deployment, container, volume, ... */
  kind: string;
  name: string;
  /** Kubernetes objects inside a namespace. */
  namespace?: string;
  /** What the user can change so the stack plans another name, e.g. "set namespace to another name". */
  otherName: string;
}

/** An object that already exists under a planned name, with the labels it carries. */
export interface ExistingObject {
  kind: string;
  name: string;
  namespace?: string;
  labels: Readonly<Record<string, string>>;
}

/** `kind/name` or `kind/namespace/name`: how a refusal and the adoptObjects setting name an object. */
export function objectRef(object: Pick<PlannedObject, "kind" | "name" | "namespace">): string {
  return object.namespace === undefined ? `${object.kind}/${object.name}` : `${object.kind}/${object.namespace}/${object.name}`;
}

/**
 * Which existing objects the stack may not take over, each as a message that names the object and
 * says how to go on. An object is the stack's own when its owner label carries the stack's value:
 * that is how a stack finds its own objects on an update, and the claims retainData kept after a
 * destroy. An object with no owner label at all is taken over only when the stack names it in
 * adoptObjects (objects of this program from before ownership labels); one labelled for another
 * stack never is.
 */
export function ownershipRefusals(
  planned: readonly PlannedObject[],
  existing: readonly ExistingObject[],
  ownerValue: string,
  adopt: ReadonlySet<string>,
): string[] {
  const found = new Map(existing.map((object) => [objectRef(object), object]));
  return planned.flatMap((object) => {
    const ref = objectRef(object);
    const current = found.get(ref);
    if (current === undefined) return [];
    const owner = current.labels[OWNER_LABEL];
    if (owner === ownerValue) return [];
    if (owner === undefined && adopt.has(ref)) return [];
    const whose = owner === undefined ? `has no ${OWNER_LABEL} label` : `belongs to stack ${owner} (${OWNER_LABEL}=${owner})`;
    const adoptHint =
      owner === undefined
        ? `; or, if it is this stack's own from before ownership labels, take it over once with: pulumi config set adoptObjects ${ref}`
        : "";
    return [`${ref} exists and ${whose}: this stack did not create it and will not change or delete it. ${capitalised(object.otherName)}, or remove it${adoptHint}`];
  });
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
