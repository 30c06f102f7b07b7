import type { ServiceImages } from "../components/settings/settings";

/**
 * What `npm start` provisions and from where, decided here apart from how each step runs, so that
 * every branch is tested with fakes. The official path comes first: the pinned Pulumi CLI through
 * its npm launcher's download, plugins through Pulumi's own acquisition, images from their
 * registry. The lab (lab/) builds what could not be downloaded, in a Pulumi home of its own.
 */

/** The result of one bounded attempt to download something. */
export type Attempt = { ok: true } | { ok: false; reason: string };

export interface PulumiHomes {
  /** The user's own Pulumi home ($PULUMI_HOME or ~/.pulumi): where the official path installs. */
  user: string;
  /** The project's home under its cache: the only place the lab installs into. */
  lab: string;
}

export interface PluginVersion {
  name: string;
  version: string;
}

export interface PulumiEffects {
  /** Runs the npm launcher with `home`; it downloads the pinned CLI into it when missing. */
  officialCli(home: string): Promise<Attempt>;
  /** Pulumi's own plugin acquisition (`pulumi plugin install`) into `home`. */
  officialPlugin(home: string, plugin: PluginVersion): Promise<Attempt>;
  /** Builds (or reuses the cached builds of) the CLI and these plugins into the lab's home. */
  labPulumi(home: string, plugins: readonly PluginVersion[]): Promise<void>;
}

export interface ImageEffects {
  /** The image is on the engine already, or a pull from its registry succeeded. */
  pullImage(image: string): Promise<Attempt>;
  /** Builds the lab's images (cached) and names them, by service. */
  labImages(): Promise<ServiceImages>;
}

export interface LabPrerequisites {
  /** Go builds every lab part that no registry ships (the Pulumi CLI and plugins, Jaeger). */
  goAvailable(): Promise<boolean>;
  say(line: string): void;
}

export interface PulumiChoice {
  home: string;
  source: "official" | "lab";
}

/** Per service: the image the stack names and the lab image that stands in for it, if any. */
export type ImageChoice = Record<string, { configured: string; labSubstitute: string | undefined }>;

export class ProvisioningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProvisioningError";
  }
}

const LAB_TIME = "the first lab build takes about 20 minutes on two cores, later runs seconds";

/** The official CLI and plugins in the user's home, or else the lab's builds in the lab's home. */
export async function provisionPulumi(homes: PulumiHomes, plugins: readonly PluginVersion[], effects: PulumiEffects & LabPrerequisites): Promise<PulumiChoice> {
  const missing = await firstOfficialFailure(homes.user, plugins, effects);
  if (missing === undefined) return { home: homes.user, source: "official" };
  await mustHaveGo(missing, effects);
  effects.say(`could not download ${missing}: building it through the lab into ${homes.lab} instead (${LAB_TIME})`);
  await effects.labPulumi(homes.lab, plugins);
  return { home: homes.lab, source: "lab" };
}

async function firstOfficialFailure(home: string, plugins: readonly PluginVersion[], effects: PulumiEffects): Promise<string | undefined> {
  const cli = await effects.officialCli(home);
  if (!cli.ok) return `the Pulumi CLI (${cli.reason})`;
  for (const plugin of plugins) {
    const installed = await effects.officialPlugin(home, plugin);
    if (!installed.ok) return `the Pulumi ${plugin.name} ${plugin.version} plugin (${installed.reason})`;
  }
  return undefined;
}

/** The configured images where a registry provides them; the lab's builds stand in for the rest. */
export async function provisionImages(configured: ServiceImages, effects: ImageEffects & LabPrerequisites): Promise<ImageChoice> {
  const services = Object.entries(configured);
  const attempts = await Promise.all(services.map(([, image]) => effects.pullImage(image)));
  const failed = services.filter((_, index) => !attempts[index]?.ok);
  const choice: ImageChoice = Object.fromEntries(services.map(([service, image]) => [service, { configured: image, labSubstitute: undefined }]));
  if (failed.length === 0) return choice;

  const missing = failed
    .map(([service, image]) => {
      const attempt = attempts[services.findIndex(([candidate]) => candidate === service)];
      return `${image}${attempt && !attempt.ok ? ` (${attempt.reason})` : ""}`;
    })
    .join(", ");
  await mustHaveGo(missing, effects);
  effects.say(`could not pull ${missing}: building the lab's images instead (${LAB_TIME})`);
  const lab = await effects.labImages();
  for (const [service, image] of failed) {
    const substitute = lab[service];
    if (substitute === undefined) throw new ProvisioningError(`could not pull ${image}, and the lab builds no ${service} image to run in its place`);
    choice[service] = { configured: image, labSubstitute: substitute };
  }
  return choice;
}

async function mustHaveGo(missing: string, effects: LabPrerequisites): Promise<void> {
  if (await effects.goAvailable()) return;
  throw new ProvisioningError(
    `could not download ${missing}, and Go is not installed, which the lab needs to build it instead. ` +
      "Either let this machine reach Pulumi's and the image registries' downloads, or install Go 1.25.11 or newer " +
      "(your distribution's golang package or the official tarball) so that `go` is on PATH, and run npm start again.",
  );
}
