/** A port published on every interface is reached through loopback from the deployer's own machine. */
export function deployerHost(bindAddress: string | undefined): string {
  return bindAddress === undefined || bindAddress === "0.0.0.0" ? "127.0.0.1" : bindAddress;
}
