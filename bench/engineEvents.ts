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

/** A service as it starts: after the one it waits to be healthy, if any. */
export interface TimedService {
  name: string;
  after: string | undefined;
}

export interface ServicePhases {
  service: string;
  /**
   * Until the container started: from its create, or from the service it starts after turning
   * healthy (the tool's notice, the create, the file uploads).
   */
  toStartMs: number;
  /** Started until the engine's health check first passed: the service's own start. */
  startToHealthyMs: number;
}

export interface DeployPhases {
  /** The tool's start until its first call on the engine (the network's create). */
  untilFirstEngineCallMs: number;
  /** The network's create until the first container's create. */
  networkMs: number;
  services: ServicePhases[];
  /** The last service to turn healthy until the tool exited. */
  lastHealthyToExitMs: number;
}

/** `<prefix>-<service>` as the program names containers, `<project>-<service>-<n>` as Compose does. */
function isContainerOf(containerName: string, service: string): boolean {
  return containerName.replace(/-\d+$/, "").endsWith(`-${service}`);
}

/**
 * Where a deploy's time went, from the engine's own event times, alike for any tool: `services`
 * in start order, each matched to the container named after it. Compose creates every container
 * up front and starts each once what it starts after is healthy; the program creates each then;
 * so a service's wait is counted up to its start.
 */
export function deployPhases(events: readonly EngineEvent[], window: { startMs: number; endMs: number }, services: readonly TimedService[]): DeployPhases {
  const at = (type: string, action: string, name?: string): number => {
    const event = events.find((candidate) => candidate.type === type && candidate.action === action && (name === undefined || isContainerOf(candidate.name, name)));
    if (!event) throw new Error(`no ${type} ${action}${name ? ` of ${name}` : ""} among the engine's events`);
    return event.timeMs;
  };
  const networkCreated = at("network", "create");
  if (services.length === 0) throw new Error("no services to time");
  const healthy = (service: string): number => at("container", "health_status: healthy", service);
  const created = (service: string): number => at("container", "create", service);
  return {
    untilFirstEngineCallMs: networkCreated - window.startMs,
    networkMs: Math.min(...services.map((service) => created(service.name))) - networkCreated,
    services: services.map(({ name, after }) => {
      const started = at("container", "start", name);
      return { service: name, toStartMs: started - (after === undefined ? created(name) : healthy(after)), startToHealthyMs: healthy(name) - started };
    }),
    lastHealthyToExitMs: window.endMs - Math.max(...services.map((service) => healthy(service.name))),
  };
}
