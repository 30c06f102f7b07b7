/** Milliseconds as verify prints every duration: "1.23 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
