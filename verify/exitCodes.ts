/**
 * verify's exit codes. A usage error has a code of its own so that a script can tell "called
 * wrongly" from "the stack is unreachable"; 64 is EX_USAGE of sysexits.h.
 */
export const EXIT = { pass: 0, fail: 1, error: 2, usage: 64 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
