import { parseArgs } from "node:util";

export const MODES = ["head", "tail"] as const;
export type Mode = (typeof MODES)[number];

export interface LoadOptions {
  /** Calls per second, one run each per mode, lowest first. */
  rates: number[];
  /** Each run's length (cut to whole pairs of blocks). */
  runSeconds: number;
  blockSeconds: number;
  /** The fault round's rate, and the modes that have one. */
  faultRate: number;
  faultModes: Mode[];
  /** How long Jaeger stays dead. */
  downSeconds: number;
}

export const LOAD_USAGE = `usage: npm run bench:load -- [--rates 10,50,100] [--seconds 20] [--block-seconds 1] [--fault-rate 50] [--fault-modes head,tail|tail|head|none] [--down-seconds 10]`;

const positive = (name: string, text: string, max: number): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`--${name} ${text}: expected a number above 0, at most ${max}\n${LOAD_USAGE}`);
  return value;
};

export function parseLoadOptions(args: readonly string[]): LoadOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      rates: { type: "string", default: "10,50,100" },
      seconds: { type: "string", default: "20" },
      "block-seconds": { type: "string", default: "1" },
      "fault-rate": { type: "string", default: "50" },
      "fault-modes": { type: "string", default: "head,tail" },
      "down-seconds": { type: "string", default: "10" },
    },
    strict: true,
  });
  // Bounded so that one run stays a bounded load on a shared machine.
  const rates = [...new Set(values.rates.split(",").map((rate) => positive("rates", rate.trim(), 1000)))].sort((a, b) => a - b);
  const runSeconds = positive("seconds", values.seconds, 300);
  const blockSeconds = positive("block-seconds", values["block-seconds"], 60);
  if (runSeconds < 4 * blockSeconds) throw new Error(`--seconds ${runSeconds} holds fewer than two pairs of ${blockSeconds} s blocks\n${LOAD_USAGE}`);
  const faultModes = values["fault-modes"] === "none" ? [] : values["fault-modes"].split(",").map((mode) => mode.trim());
  for (const mode of faultModes) if (!(MODES as readonly string[]).includes(mode)) throw new Error(`--fault-modes ${values["fault-modes"]}: expected head, tail, head,tail or none\n${LOAD_USAGE}`);
  return {
    rates,
    runSeconds,
    blockSeconds,
    faultRate: positive("fault-rate", values["fault-rate"], 1000),
    faultModes: MODES.filter((mode) => faultModes.includes(mode)),
    downSeconds: positive("down-seconds", values["down-seconds"], 120),
  };
}
