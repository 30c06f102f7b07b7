/** One line of `docker events --format '{{json .}}'`, reduced to what the deploy phases need. */
export interface EngineEvent {
  type: string;
  action: string;
  name: string;
  timeMs: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { Attributes?: { name?: string } };
  timeNano?: number;
}

export function parseEngineEvents(text: string): EngineEvent[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RawEvent)
    .map((event) => ({ type: event.Type ?? "", action: event.Action ?? "", name: event.Actor?.Attributes?.name ?? "", timeMs: (event.timeNano ?? 0) / 1e6 }));
}

export interface ServicePhases {
  service: string;
  /** Container created until started (the config files are uploaded in between). */
  createToStartMs: number;
  /** Started until the engine's health check first passed: the service's own start. */
  startToHealthyMs: number;
  /** Healthy until the tool acted on it: the next container's create, or the tool's exit. */
  healthyToNextMs: number;
}

export interface DeployPhases {
  /** The tool's start until its first call on the engine (the network's create). */
  untilFirstEngineCallMs: number;
  /** The network's create until the first container's create. */
  networkMs: number;
  services: ServicePhases[];
}

/** `<prefix>-<service>` as the program names containers, `<project>-<service>-<n>` as Compose does. */
function isContainerOf(containerName: string, service: string): boolean {
  return containerName.replace(/-\d+$/, "").endsWith(`-${service}`);
}

/**
 * Where a deploy's time went, from the engine's own event times, alike for any tool: `services`
 * in start order, each matched to the container named after it.
 */
export function deployPhases(events: readonly EngineEvent[], window: { startMs: number; endMs: number }, services: readonly string[]): DeployPhases {
  const at = (type: string, action: string, name?: string): number => {
    const event = events.find((candidate) => candidate.type === type && candidate.action === action && (name === undefined || isContainerOf(candidate.name, name)));
    if (!event) throw new Error(`no ${type} ${action}${name ? ` of ${name}` : ""} among the engine's events`);
    return event.timeMs;
  };
  const networkCreated = at("network", "create");
  const firstService = services[0];
  if (firstService === undefined) throw new Error("no services to time");
  return {
    untilFirstEngineCallMs: networkCreated - window.startMs,
    networkMs: at("container", "create", firstService) - networkCreated,
    services: services.map((service, index) => {
      const next = services[index + 1];
      const healthy = at("container", "health_status: healthy", service);
      return {
        service,
        createToStartMs: at("container", "start", service) - at("container", "create", service),
        startToHealthyMs: healthy - at("container", "start", service),
        healthyToNextMs: (next === undefined ? window.endMs : at("container", "create", next)) - healthy,
      };
    }),
  };
}
