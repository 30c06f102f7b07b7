import { descriptionProblems, type ServiceDescription } from "./serviceDescription";

/**
 * Orders services so that each comes after the ones it starts after; platforms create them in this
 * order and make each depend on its predecessors' health.
 */
export function orderByStartsAfter(services: readonly ServiceDescription[]): ServiceDescription[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  if (byName.size !== services.length) throw new Error("Service names must be unique.");
  const problems = services.flatMap(descriptionProblems);
  if (problems.length > 0) throw new Error(`Services no platform can run:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  const ordered: ServiceDescription[] = [];
  const state = new Map<string, "visiting" | "done">();

  const visit = (service: ServiceDescription, path: string[]): void => {
    if (state.get(service.name) === "done") return;
    if (state.get(service.name) === "visiting") {
      throw new Error(`Services start after each other in a cycle: ${[...path, service.name].join(" -> ")}`);
    }
    state.set(service.name, "visiting");
    for (const before of service.startsAfter) {
      const dependency = byName.get(before);
      if (!dependency) throw new Error(`Service ${service.name} starts after ${before}, which is not deployed.`);
      if (!dependency.health) {
        throw new Error(`Service ${service.name} starts after ${before}, which has no health check: nothing could tell when it is up.`);
      }
      visit(dependency, [...path, service.name]);
    }
    state.set(service.name, "done");
    ordered.push(service);
  };

  for (const service of services) visit(service, []);
  return ordered;
}

/** The services that start after `name`, which a platform must be able to tell when it is up. */
export function startingAfter(services: readonly ServiceDescription[], name: string): string[] {
  return services.filter((service) => service.startsAfter.includes(name)).map((service) => service.name);
}

/**
 * Creates one platform object per service in start order, handing each the objects of the services
 * it starts after, so that a platform only says how to create one service.
 */
export function createInStartOrder<T>(
  services: readonly ServiceDescription[],
  create: (service: ServiceDescription, after: T[]) => T,
): Map<string, T> {
  const created = new Map<string, T>();
  for (const service of orderByStartsAfter(services)) {
    const after = service.startsAfter.flatMap((before) => {
      const dependency = created.get(before);
      return dependency === undefined ? [] : [dependency];
    });
    created.set(service.name, create(service, after));
  }
  return created;
}
