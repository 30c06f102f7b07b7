import * as pulumi from "@pulumi/pulumi";
import { plannedDockerObjects } from "../platforms/docker/objectNames";
import { plannedKubernetesObjects } from "../platforms/kubernetes/objectNames";
import type { ServiceDescription } from "../services/serviceDescription";
import type { Settings } from "../settings/settings";
import { dockerEndpoint, existingDockerObjects } from "./dockerExisting";
import { clusterSettings, messageOf } from "./clusterRead";
import { readClusterForCheck } from "./clusterReader";
import { ownershipRefusals, type ExistingObject, type PlannedObject } from "./ownershipDecision";
import { ownerLabelValue, type StackOwner } from "./stackOwner";

export interface OwnershipCheck {
  settings: Settings;
  /** What the stack will deploy; only the names matter here. */
  services: readonly ServiceDescription[];
  owner: StackOwner;
  /** Prefix of every Docker object name. */
  namePrefix: string;
  /** The config namespace that settings problems are named under. */
  configNamespace: string;
  /** How a settings problem names what to change; `<configNamespace>:<key>` unless given (MilvusTracing names its arg). */
  describeProblem?: (problem: string) => string;
}

/** What stops a deployment before anything exists: settings that only the platform can judge, and foreign objects. */
export interface OwnershipProblems {
  settings: string[];
  refusals: string[];
  /** Where the check could not look: no answer is no proof that nothing stands there. */
  unreadable: string[];
}

/**
 * Reads the cluster or engine for every fixed-name object the stack would create and refuses, at
 * preview as at update, to take over any that it did not create: server-side apply (and Docker's
 * volume create) would otherwise adopt them silently, and a later destroy would delete them.
 */
export async function ownershipProblems(check: OwnershipCheck): Promise<OwnershipProblems> {
  const judge = (planned: PlannedObject[], existing: ExistingObject[]) =>
    ownershipRefusals(planned, existing, ownerLabelValue(check.owner), new Set(check.settings.adoptObjects));
  return check.settings.target === "docker" ? dockerProblems(check, judge) : kubernetesProblems(check, judge);
}

type Judge = (planned: PlannedObject[], existing: ExistingObject[]) => string[];
const NONE: OwnershipProblems = { settings: [], refusals: [], unreadable: [] };

async function dockerProblems(check: OwnershipCheck, judge: Judge): Promise<OwnershipProblems> {
  const planned = plannedDockerObjects(check.services, check.namePrefix);
  try {
    return { ...NONE, refusals: judge(planned, await existingDockerObjects(dockerEndpoint(process.env.DOCKER_HOST), planned)) };
  } catch (error) {
    // Not a setting of this program: the docker provider reads the engine from DOCKER_HOST too.
    return { ...NONE, unreadable: [`the Docker engine (DOCKER_HOST=${process.env.DOCKER_HOST ?? "unset"}): ${messageOf(error)}`] };
  }
}

async function kubernetesProblems(check: OwnershipCheck, judge: Judge): Promise<OwnershipProblems> {
  const { kubernetes } = check.settings;
  const planned = plannedKubernetesObjects(check.services, kubernetes.namespace, kubernetes.serviceType, kubernetes.externalPorts, kubernetes.createNamespace);
  const { read } = await readClusterForCheck({ kubeconfig: kubernetes.kubeconfig, context: kubernetes.context, planned, storageClass: kubernetes.storageClass });
  if (read.kind === "unusable") return { ...NONE, settings: [read.problem] };
  if (read.kind === "unreadable") return { ...NONE, settings: [`${clusterSettings(kubernetes.kubeconfig)}: the cluster could not be read (${read.message})`] };
  const settings: string[] = [];
  if (kubernetes.storageClass !== undefined && read.storageClass !== undefined && !read.storageClass.exists) {
    settings.push(`storageClass = ${JSON.stringify(kubernetes.storageClass)} is not allowed: the cluster has no such storage class; it has ${read.storageClass.known.join(", ") || "none"}`);
  }
  return { ...NONE, settings, refusals: judge(planned, read.existing) };
}

/** Throws one RunError listing every problem, so Pulumi prints them alone and nothing is registered. */
export async function refuseForeignObjects(check: OwnershipCheck): Promise<void> {
  const problems = await ownershipProblems(check);
  const section = (title: string, lines: string[]) => (lines.length === 0 ? [] : [`${title} (nothing was deployed):\n${lines.map((line) => `  - ${line}`).join("\n")}`]);
  const parts = [
    ...section("Invalid stack configuration", problems.settings.map(check.describeProblem ?? ((problem) => `${check.configNamespace}:${problem}`))),
    ...section("Objects this stack did not create stand where it would deploy", problems.refusals),
    ...section("Could not check what already exists", problems.unreadable),
  ];
  if (parts.length > 0) throw new pulumi.RunError(parts.join("\n"));
}
