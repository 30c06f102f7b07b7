import { readFileSync } from "node:fs";

/**
 * A process's CPU time and memory as the kernel accounts them (/proc/PID/stat and status), so that
 * a benchmark charges each server its own work whoever else shares the cores.
 */

/** USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** utime + stime in seconds, from the text of /proc/PID/stat (all threads). */
export function parseCpuSeconds(statText: string): number {
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
  const fields = statText.slice(statText.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no utime/stime in /proc stat text: ${statText.slice(0, 80)}`);
  return (utime + stime) / TICKS_PER_SECOND;
}

export type MemoryField = "VmRSS" | "VmHWM";

/** A memory line of /proc/PID/status in bytes (VmRSS: resident now; VmHWM: the resident peak). */
export function parseStatusBytes(statusText: string, field: MemoryField): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(statusText);
  if (!match) throw new Error(`no ${field} in /proc status text`);
  return Number(match[1]) * 1024;
}

export const processCpuSeconds = (pid: number): number => parseCpuSeconds(readFileSync(`/proc/${pid}/stat`, "utf8"));
export const processMemoryBytes = (pid: number, field: MemoryField): number => parseStatusBytes(readFileSync(`/proc/${pid}/status`, "utf8"), field);
