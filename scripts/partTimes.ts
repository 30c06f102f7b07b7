/**
 * How long each part of `npm start` took, printed at the end so that a person sees where the
 * minutes of a first run went. Parts are listed in the order they started; a part timed inside
 * another is indented under it.
 */
export class PartTimes {
  private readonly parts: { label: string; depth: number; seconds: number | undefined }[] = [];
  private readonly started: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  /** Runs `run` as the part `label`; its time is recorded whether it succeeds or fails. */
  async time<T>(label: string, run: () => Promise<T>, depth = 0): Promise<T> {
    const part = { label, depth, seconds: undefined as number | undefined };
    this.parts.push(part);
    const started = this.now();
    try {
      return await run();
    } finally {
      part.seconds = (this.now() - started) / 1000;
    }
  }

  /** One line per part, then the wall time since this object was made. */
  lines(): string[] {
    const rows = this.parts.map((part) => [`${"  ".repeat(part.depth)}${part.label}`, part.seconds === undefined ? "unfinished" : seconds(part.seconds)]);
    const total = (this.now() - this.started) / 1000;
    rows.push(["total", `${seconds(total)}${total >= 60 ? ` (${Math.floor(total / 60)} min ${Math.round(total % 60)} s)` : ""}`]);
    const width = Math.max(...rows.map(([label]) => label?.length ?? 0));
    return rows.map(([label, value]) => `${(label ?? "").padEnd(width)}  ${value ?? ""}`);
  }
}

function seconds(value: number): string {
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} s`;
}
